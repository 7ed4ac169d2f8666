#!/usr/bin/env bash
# Two builds of tingle (e.g. TINGLE_ISA=portable and avx2) render the same bytes: every
# example recipe and the benchmark's five layers, 10 s each, as float WAV, on one thread
# and on two, and with the HRTF placement. CI runs it on the portable and the AVX2 build,
# once as they are and once with TINGLE_BASELINE_ONLY=1 in the environment, which holds
# the portable build to its baseline code (as on a CPU without AVX2; dsp/cpu_features.hpp).
# usage: builds_agree.sh TINGLE_A TINGLE_B SOURCE_DIR
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
A=$(realpath "$1")
B=$(realpath "$2")
SOURCE=$(realpath "$3")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# shellcheck source=checks.sh
source "$HERE/checks.sh"

# agree NAME RECIPE ARGS...: both builds render RECIPE with ARGS to the same bytes.
agree() {
  local name=$1 recipe=$2; shift 2
  if ! "$A" render "$recipe" --duration 10s --bits float -q -o a.wav "$@" 2>a.err; then
    fail "$name: $(head -n 1 a.err)"; return
  fi
  if ! "$B" render "$recipe" --duration 10s --bits float -q -o b.wav "$@" 2>b.err; then
    fail "$name: $(head -n 1 b.err)"; return
  fi
  check "$name" cmp -s a.wav b.wav
}

for recipe in "$SOURCE"/recipes/*.toml "$SOURCE"/tests/bench/five-layers.toml; do
  name=$(basename "$recipe" .toml)
  agree "$name" "$recipe" --jobs 1
  agree "$name, two threads" "$recipe" --jobs 2
done
agree "five-layers, HRTF" "$SOURCE/tests/bench/five-layers.toml" --set master.spatial=hrtf

echo "builds_agree: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
