#!/usr/bin/env bash
# tingle side by side with what a user would otherwise reach for: the Csound and SoX
# stand-ins of ../shared/bench-anchors (or ANCHORS), timed in the same run on the same
# machine, then tingle rendering the matching sounds the same way (48 kHz stereo 16-bit
# WAV in a scratch folder, one render thread, median wall time of RUNS after a warm-up).
#
#   tests/bench/anchors.sh [TINGLE] [SECONDS] [RUNS]     (defaults: build/tingle 120 5)
#
# Needs csound, sox, bc and python3 for the stand-ins (apt-get install -y csound sox bc);
# without csound only tingle's rows print. Never run as a test: it times things.
set -euo pipefail
SOURCE=$(cd "$(dirname "$0")/../.." && pwd)
TINGLE=$(realpath "${1:-$SOURCE/build/tingle}")
SECS=${2:-120}
RUNS=${3:-5}
ANCHORS=${ANCHORS:-$SOURCE/../shared/bench-anchors}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

median_wall() {  # runs "$@" RUNS times after one warm-up, prints the median wall seconds
  "$@" >/dev/null 2>&1 </dev/null
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s.%N); "$@" >/dev/null 2>&1 </dev/null; end=$(date +%s.%N)
    echo "$end - $start" | bc -l
  done | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

declare -A anchor_speed
if command -v csound >/dev/null && command -v sox >/dev/null && [ -x "$ANCHORS/run.sh" ]; then
  echo "== stand-ins ($ANCHORS/run.sh $SECS $RUNS)"
  while IFS= read -r line; do
    echo "$line"
    name=$(echo "$line" | sed -E 's/ +[0-9.]+ s +[0-9.]+x$//')
    speed=$(echo "$line" | sed -nE 's/.* ([0-9.]+)x$/\1/p')
    [ -n "$speed" ] && anchor_speed[$name]=$speed
  done < <("$ANCHORS/run.sh" "$SECS" "$RUNS")
else
  echo "== stand-ins skipped: needs csound and sox (apt-get install -y csound sox bc) and $ANCHORS"
fi

# tingle_row NAME ANCHOR RECIPE: times one render; prints x real time and the ratio to the
# stand-in named ANCHOR when it was timed.
tingle_row() {
  local name=$1 anchor=$2 recipe=$3 wall speed
  wall=$(median_wall "$TINGLE" render "$recipe" --duration "${SECS}s" --jobs 1 --bits 16 \
    -o "$SCRATCH/t.wav" --quiet)
  speed=$(echo "$SECS / $wall" | bc -l)
  if [ -n "${anchor_speed[$anchor]:-}" ]; then
    printf '%-34s %8.3f s  %8.1fx  %6.1f times "%s"\n' "$name" "$wall" "$speed" \
      "$(echo "$speed / ${anchor_speed[$anchor]}" | bc -l)" "$anchor"
  else
    printf '%-34s %8.3f s  %8.1fx\n' "$name" "$wall" "$speed"
  fi
}

echo "== tingle ($TINGLE, $SECS s of audio, $RUNS runs)"
for texture in crinkling brushing tapping rain whisper noise; do
  "$TINGLE" new "$texture" > "$SCRATCH/$texture.toml"
done
cat > "$SCRATCH/granular-1000.toml" <<'TOML'
duration = "1m"
[[layer]]
name = "grains"
texture = "granular"
source = "noise:pink"
density = 1000
grain_ms = 30
TOML
tingle_row "tingle crinkling" "csound crunch (ksmps 32)" "$SCRATCH/crinkling.toml"
tingle_row "tingle brushing" "csound sandpaper (ksmps 32)" "$SCRATCH/brushing.toml"
tingle_row "tingle tapping" "csound tap_mode (ksmps 32)" "$SCRATCH/tapping.toml"
tingle_row "tingle rain" "csound rain (ksmps 32)" "$SCRATCH/rain.toml"
tingle_row "tingle whisper" "csound whisper (ksmps 32)" "$SCRATCH/whisper.toml"
tingle_row "tingle noise (pink)" "sox pinknoise (stereo)" "$SCRATCH/noise.toml"
tingle_row "tingle granular 1000 grains/s" "csound partikkel 1000 grains/s" "$SCRATCH/granular-1000.toml"
tingle_row "tingle five layers (placed)" "csound mix5 (ksmps 32)" "$SOURCE/tests/bench/five-layers.toml"
