# The assertions the end-to-end scripts share; sourced, never run. Counts go to `passed`
# and `failed`, which each script reports at its end.
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check NAME CONDITION...: a named assertion
check() { local name=$1; shift; if "$@"; then pass; else fail "$name"; fi; }
# equal NAME ACTUAL EXPECTED
equal() { if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', expected '$3'"; fi; }

# expect_error NAME EXIT_CODE "FIRST STDERR LINE" COMMAND...: exit code and first stderr line.
expect_error() {
  local name=$1 code=$2 line=$3; shift 3
  "$@" >stdout.txt 2>stderr.txt
  local rc=$?
  local first; first=$(head -n 1 stderr.txt)
  if [ "$rc" != "$code" ]; then fail "$name: exit $rc, expected $code ($first)"; return; fi
  if [ "$first" != "$line" ]; then fail "$name: stderr '$first', expected '$line'"; return; fi
  pass
}
