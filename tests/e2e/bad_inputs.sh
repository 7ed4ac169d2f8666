#!/usr/bin/env bash
# The bad-input catalogue (issue 8): every case in tests/data/bad/GROUP/CASE/ is one bad
# input, run in a fresh scratch folder and held to DESIGN §11: the documented exit code,
# the exact first stderr line, no new or changed file in the scratch folder (no *.part, no
# output) and every pre-existing target byte-identical, same inode.
#
# usage: bad_inputs.sh TINGLE SOURCE_DIR [CASE_DIR...]   (ctest runs it as "bad_inputs";
#        CASE_DIRs run just those cases, e.g. tests/data/bad/cli/shard-k-above-n)
#
# A case folder holds case.txt and its input files (recipes, sample files), which are
# copied into the scratch folder; tingle runs there. case.txt is "key: value" lines
# (# starts a comment line):
#   run: ARGS           tingle's arguments, quoted as in a shell (no expansion)   required
#   exit: CODE          0 ok, 1 render or I/O failure, 2 bad recipe or usage      required
#   stderr: LINE        the exact first line on stderr                            required
#   copy: PATH          also copy PATH into the scratch folder (repeatable)
#   mkdir: DIR          make an (empty) folder in the scratch folder (repeatable)
#   existing: PATH      before the run, PATH holds known bytes; afterwards it must hold
#                       the same bytes in the same inode (repeatable)
#   tmpfs: DIR SIZE     a tmpfs of SIZE (e.g. 64k) mounted at DIR: a small filesystem
#   readonly: DIR       DIR (made if missing) is a read-only bind mount during the run
#   chmod: MODE PATH    chmod before the run; tingle then runs without CAP_DAC_OVERRIDE
#                       and CAP_DAC_READ_SEARCH, so that permission bits bind root too
#   ulimit-f: BLOCKS    run under `ulimit -f BLOCKS` (1024-byte blocks)
#   stdout: PATH        tingle's standard output goes to PATH (e.g. /dev/full), or
#                       "closed"; by default to a file outside the scratch folder
#   bug: TEXT           a known bug, reported to the team: the case must still fail
#                       (reported, not counted as a failure) and fails the run once it
#                       passes, so the line gets removed with the fix
# In run, stderr, copy and stdout, {scratch} is the scratch folder (physical path) and
# {source} the source tree. Mounts are made in a private mount namespace (root only);
# cases that need one, or need dropped capabilities, are skipped with the reason printed
# where that is impossible.
set -u
if [ $# -lt 2 ]; then
  echo "usage: $0 TINGLE SOURCE_DIR [CASE_DIR...]" >&2
  exit 2
fi
TINGLE=$(realpath "$1")
SOURCE=$(realpath "$2")
shift 2
SELF=$(realpath "$0")

# Mounts stay private to this script and vanish with it, whatever happens to it.
if [ -z "${TINGLE_BAD_INPUTS_NAMESPACE:-}" ] && [ "$(id -u)" = 0 ] &&
  unshare --mount --propagation private true 2>/dev/null; then
  TINGLE_BAD_INPUTS_NAMESPACE=1 exec unshare --mount --propagation private \
    bash "$SELF" "$TINGLE" "$SOURCE" "$@"
fi

DATA="$SOURCE/tests/data/bad"
WORK=$(mktemp -d)
WORK=$(cd "$WORK" && pwd -P)
MOUNTED=()  # mount points to unmount, innermost last
cleanup() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount "${MOUNTED[i]}" 2>/dev/null; done
  chmod -R u+rwX "$WORK" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# What this machine allows: the reasons a case must be skipped, empty when it can run.
no_mounts=""
if [ "${TINGLE_BAD_INPUTS_NAMESPACE:-}" != 1 ]; then
  no_mounts="no private mount namespace (needs root and unshare --mount)"
else
  mkdir "$WORK/probe"
  if mount -t tmpfs -o size=16k tmpfs "$WORK/probe" 2>"$WORK/probe.err"; then
    umount "$WORK/probe"
  else
    no_mounts="cannot mount a tmpfs: $(head -n 1 "$WORK/probe.err")"
  fi
  rmdir "$WORK/probe"
fi
UNPRIVILEGED=()  # the command prefix that makes permission bits bind
no_permissions=""
if [ "$(id -u)" = 0 ]; then
  UNPRIVILEGED=(setpriv --bounding-set "-dac_override,-dac_read_search")
  echo secret >"$WORK/probe"
  chmod 000 "$WORK/probe"
  if ! command -v setpriv >/dev/null; then
    no_permissions="root ignores permission bits and setpriv (util-linux) is missing"
  elif ! "${UNPRIVILEGED[@]}" true 2>"$WORK/probe.err"; then
    no_permissions="root ignores permission bits and cannot drop CAP_DAC_OVERRIDE: $(head -n 1 "$WORK/probe.err")"
  elif "${UNPRIVILEGED[@]}" cat "$WORK/probe" >/dev/null 2>&1; then
    no_permissions="root reads a mode-000 file here even under ${UNPRIVILEGED[*]}"
  fi
  rm -f "$WORK/probe"
fi

passed=0
failed=0
skipped=0
known=0
cases=0

# substitute TEXT: the placeholders filled in.
substitute() {
  local text=$1
  text=${text//\{scratch\}/$scratch}
  text=${text//\{source\}/$SOURCE}
  printf '%s' "$text"
}

# listing: every entry under the current folder with its size and time (not folders'
# times: a staged file that comes and goes changes its folder's time, and that is fine).
listing() {
  find . -mindepth 1 \( -type d -printf '%P/\n' \) -o -printf '%P %y %s %T@\n' | LC_ALL=C sort
}

# run_case DIR: one case; counts it and prints a line unless it passed.
run_case() {
  local dir=${1%/} name
  name=${dir#"$DATA"/}
  cases=$((cases + 1))
  if [ ! -f "$dir/case.txt" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: no case.txt"
    return
  fi

  # --- read case.txt ---
  local run="" code="" line="" bug="" ulimit_f="" stdout="" raw key value
  local copies=() folders=() existing=() tmpfs=() readonly=() chmods=() problems=()
  while IFS= read -r raw || [ -n "$raw" ]; do
    case $raw in '#'* | '') continue ;; esac
    key=${raw%%:*}
    value=${raw#*: }
    [ "$key" = "$raw" ] && { problems+=("not key: value: '$raw'"); continue; }
    case $key in
      run) run=$value ;;
      exit) code=$value ;;
      stderr) line=$value ;;
      bug) bug=$value ;;
      ulimit-f) ulimit_f=$value ;;
      stdout) stdout=$value ;;
      copy) copies+=("$value") ;;
      mkdir) folders+=("$value") ;;
      existing) existing+=("$value") ;;
      tmpfs) tmpfs+=("$value") ;;
      readonly) readonly+=("$value") ;;
      chmod) chmods+=("$value") ;;
      *) problems+=("unknown key '$key'") ;;
    esac
  done <"$dir/case.txt"
  [ -n "$run" ] || problems+=("no run:")
  [[ $code =~ ^[0-9]+$ ]] || problems+=("no exit: CODE")
  [ -n "$line" ] || problems+=("no stderr:")
  if [ ${#problems[@]} -gt 0 ]; then
    failed=$((failed + 1))
    echo "FAIL $name: case.txt: ${problems[*]}"
    return
  fi

  # --- skip what this machine cannot do, saying why ---
  local reason=""
  if [ $((${#tmpfs[@]} + ${#readonly[@]})) -gt 0 ] && [ -n "$no_mounts" ]; then reason=$no_mounts; fi
  if [ ${#chmods[@]} -gt 0 ] && [ -n "$no_permissions" ]; then reason=$no_permissions; fi
  if [ -n "$reason" ]; then
    skipped=$((skipped + 1))
    echo "SKIP $name: $reason"
    return
  fi

  # --- the scratch folder: inputs, mounts, existing files, read-only folders ---
  scratch=$(mktemp -d "$WORK/case.XXXXXX")
  scratch=$(cd "$scratch" && pwd -P)
  local results="$scratch.out" mounts_before=${#MOUNTED[@]} entry path size i
  mkdir "$results"
  (shopt -s dotglob nullglob; for entry in "$dir"/*; do
    [ "$(basename "$entry")" = case.txt ] || cp -a "$entry" "$scratch/"
  done)
  for entry in "${copies[@]}"; do cp -a "$(substitute "$entry")" "$scratch/"; done
  for entry in "${folders[@]}"; do mkdir -p "$scratch/$entry"; done
  local setup_ok=true
  for entry in "${tmpfs[@]}"; do
    read -r path size <<<"$entry"
    mkdir -p "$scratch/$path"
    if mount -t tmpfs -o "size=$size" tmpfs "$scratch/$path"; then
      MOUNTED+=("$scratch/$path")
    else
      setup_ok=false
    fi
  done
  for i in "${!existing[@]}"; do
    printf 'tingle bad-input catalogue: %s must keep these bytes\n' "$name" >"$scratch/${existing[i]}" ||
      setup_ok=false
    cp "$scratch/${existing[i]}" "$results/existing.$i"
    stat -c %i "$scratch/${existing[i]}" >"$results/inode.$i"
  done
  for entry in "${readonly[@]}"; do
    mkdir -p "$scratch/$entry"
    if mount --bind "$scratch/$entry" "$scratch/$entry"; then
      MOUNTED+=("$scratch/$entry")
      mount -o remount,bind,ro "$scratch/$entry" || setup_ok=false
    else
      setup_ok=false
    fi
  done
  local prefix=()
  for entry in "${chmods[@]}"; do
    chmod "${entry%% *}" "$scratch/${entry#* }" || setup_ok=false
    prefix=("${UNPRIVILEGED[@]}")
  done

  # --- the run ---
  local args=() rc
  mapfile -d '' -t args < <(printf '%s\n' "$run" | xargs printf '%s\0')
  for i in "${!args[@]}"; do args[i]=$(substitute "${args[i]}"); done
  (cd "$scratch" && listing) >"$results/before"
  # Not exec'd: this subshell, not the script, reports a death by signal, into "shell".
  (
    cd "$scratch" || exit 99
    [ -z "$ulimit_f" ] || ulimit -f "$ulimit_f"
    case $stdout in
      "") "${prefix[@]}" timeout 60 "$TINGLE" "${args[@]}" >"$results/stdout" 2>"$results/stderr" ;;
      closed) "${prefix[@]}" timeout 60 "$TINGLE" "${args[@]}" >&- 2>"$results/stderr" ;;
      *) "${prefix[@]}" timeout 60 "$TINGLE" "${args[@]}" >"$(substitute "$stdout")" 2>"$results/stderr" ;;
    esac
    status=$?
    exit "$status"
  ) 2>"$results/shell"
  rc=$?
  (cd "$scratch" && listing) >"$results/after"

  # --- the checks ---
  local wrong=() first expected
  first=$(head -n 1 "$results/stderr")
  expected=$(substitute "$line")
  $setup_ok || wrong+=("setup failed (see above)")
  [ "$rc" = "$code" ] || wrong+=("exit $rc, expected $code")
  [ ! -s "$results/shell" ] || wrong+=("shell: $(tail -n 1 "$results/shell" | sed 's/^.*line [0-9]*: //')")
  [ "$first" = "$expected" ] || wrong+=("stderr '$first', expected '$expected'")
  if ! cmp -s "$results/before" "$results/after"; then
    wrong+=("files changed: $(diff "$results/before" "$results/after" | grep '^[<>]' | tr '\n' ' ')")
  fi
  for i in "${!existing[@]}"; do
    if ! cmp -s "$results/existing.$i" "$scratch/${existing[i]}"; then
      wrong+=("${existing[i]} lost its bytes")
    elif [ "$(stat -c %i "$scratch/${existing[i]}")" != "$(cat "$results/inode.$i")" ]; then
      wrong+=("${existing[i]} was replaced (another inode)")
    fi
  done

  # --- undo the setup ---
  for ((i = ${#MOUNTED[@]} - 1; i >= mounts_before; i--)); do umount "${MOUNTED[i]}"; done
  MOUNTED=("${MOUNTED[@]:0:mounts_before}")
  chmod -R u+rwX "$scratch" 2>/dev/null

  if [ -n "$bug" ]; then
    if [ ${#wrong[@]} -gt 0 ]; then
      known=$((known + 1))
      echo "KNOWN BUG $name: $bug"
      printf '    %s\n' "${wrong[@]}"
    else
      failed=$((failed + 1))
      echo "FAIL $name: passes now: remove its 'bug:' line ($bug)"
    fi
  elif [ ${#wrong[@]} -gt 0 ]; then
    failed=$((failed + 1))
    echo "FAIL $name: tingle ${args[*]}"
    printf '    %s\n' "${wrong[@]}"
  else
    passed=$((passed + 1))
  fi
  rm -rf "$scratch" "$results"
}

if [ $# -gt 0 ]; then
  for dir in "$@"; do run_case "$(realpath "$dir")"; done
else
  # Every GROUP/CASE folder; shared/ holds inputs that cases copy.
  while IFS= read -r dir; do run_case "$dir"; done < <(
    find "$DATA" -mindepth 2 -maxdepth 2 -type d -not -path "$DATA/shared/*" | LC_ALL=C sort)
fi

echo "bad inputs: $cases cases, $passed passed, $failed failed, $skipped skipped, $known known bugs"
[ "$failed" = 0 ] && [ "$cases" -gt 0 ]
