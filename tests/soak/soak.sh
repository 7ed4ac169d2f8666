#!/usr/bin/env bash
# Soak test, never run by ctest: renders the 8-hour sleep recipe and checks that the file
# reads back with the exact frame count, that resident memory stays flat while it renders
# (sampled from /proc), and that the sound never drops out (no run of exact zeros over
# 10 ms). It builds nothing, and deletes its render when it exits.
#
# usage: tests/soak/soak.sh [TINGLE [DURATION]]
#   TINGLE    the built binary (default: build/tingle)
#   DURATION  replaces the recipe's 8h, e.g. 10m (default: the whole recipe)
# environment:
#   SOAK_DIR           where the render goes (default: a new folder under TMPDIR or /tmp);
#                      the whole 8 h take 11 GB there
#   SOAK_RSS_INTERVAL  seconds between RSS samples (default 0.1)
#   SOAK_RSS_LOG       a file to keep the RSS samples in ("EPOCH_SECONDS RSS_KIB" lines)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
recipe=$source_dir/recipes/sleep-bed-8h.toml
tingle=${1:-build/tingle}
duration=${2:-}
python=/usr/bin/python3
interval=${SOAK_RSS_INTERVAL:-0.1}
# A dropout: this long a run of exact zeros. The recipe has sound from its first frame to
# its last: the surf layer spans the whole track, and the master's fades are sine curves,
# zero only at their very ends, so no run is excused.
max_zero_ms=10
# Flat: the last half's largest RSS at most this far above the first quarter's (after a
# warm-up). Every buffer is allocated before the first block: a render holds one level
# per pass, the writing pass 184 KiB above the measuring one (its sink). For a steady leak
# the two windows' largest samples lie 3/4 of the run apart: in the 8-hour render (two
# passes of 21.6 million 64-frame blocks) a byte every 30 blocks adds 1 MiB there.
max_rss_growth_kib=1024
# Output: 32-bit float WAV (RF64 past 4 GiB). Float is not dithered, so silence stays
# exact zeros; in 16 or 24 bits the dither would hide a dropout.
bytes_per_frame=8

die() { echo "soak: $*" >&2; exit 2; }

[[ -x $tingle ]] || die "no tingle binary at $tingle (build it, or pass its path)"
[[ -x $python ]] || die "needs $python"

# The length in seconds and frames, as tingle computes them (llround(seconds x rate)).
read -r seconds frames < <("$python" - "$recipe" "$duration" <<'PY'
import math, re, sys, tomllib
recipe = tomllib.load(open(sys.argv[1], "rb"))
text = sys.argv[2] or str(recipe["duration"])
if re.fullmatch(r"\d+(\.\d*)?", text):
    seconds = float(text)
else:
    parts = re.fullmatch(r"(?:([\d.]+)h)?(?:([\d.]+)m(?!s))?(?:([\d.]+)s)?(?:([\d.]+)ms)?", text)
    if not parts or not any(parts.groups()):
        sys.exit(f"soak: cannot read the duration {text!r}")
    seconds = sum(float(v) * unit for v, unit in zip(parts.groups(), (3600, 60, 1, 1e-3)) if v)
frames = math.floor(seconds * recipe["sample_rate"] + 0.5)
print(seconds, frames)
PY
)
[[ ${frames:-} =~ ^[0-9]+$ ]] || die "cannot work out the render's length"

if [[ -n ${SOAK_DIR:-} ]]; then
  mkdir -p "$SOAK_DIR"
  work=$(mktemp -d "$SOAK_DIR/tingle-soak.XXXXXX")
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/tingle-soak.XXXXXX")
fi
pid=
cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap runs

# The render is written to a temporary name and renamed: it needs its size once, plus room.
need=$(( frames * bytes_per_frame + (1 << 30) ))
free=$(df -P -B1 "$work" | awk 'NR == 2 { print $4 }')
if (( free < need )); then
  die "needs $(( need >> 30 )) GiB free in $work, has $(( free >> 30 )) GiB (set SOAK_DIR)"
fi

out=$work/soak.wav
rss_log=$work/rss.log
echo "soak: rendering $(basename "$recipe"): $seconds s, $frames frames, to $out"
start=$EPOCHREALTIME
"$tingle" render "$recipe" ${duration:+--duration "$duration"} --bits float -o "$out" --quiet &
pid=$!
# VmRSS from /proc/PID/status, read whole by the shell itself (no process per sample: a
# line-by-line `read` seeks back after each line, and the kernel regenerates the file
# between reads, so a line can come out torn). An exited process, a zombie until waited
# for, has no VmRSS line.
while [[ -r /proc/$pid/status ]]; do
  mapfile -t lines < "/proc/$pid/status" || true
  rss=
  state=
  for line in "${lines[@]}"; do
    case $line in
      State:*) state=$line ;;
      VmRSS:*) rss=${line//[^0-9]/} ;;
    esac
  done
  [[ $state == *zombie* || $state == *dead* ]] && break
  [[ -n $rss ]] && echo "$EPOCHREALTIME $rss" >> "$rss_log"
  sleep "$interval"
done
status=0
wait "$pid" || status=$?
pid=
end=$EPOCHREALTIME
[[ -n ${SOAK_RSS_LOG:-} ]] && cp "$rss_log" "$SOAK_RSS_LOG"

failed=0
if (( status != 0 )); then
  echo "FAIL: tingle render exited with $status"
  exit 1
fi
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
speed=$(awk -v s="$seconds" -v w="$wall" 'BEGIN { printf "%.0f", s / w }')
echo "render: $seconds s of audio in $wall s, $speed x real time;" \
     "$(( $(stat -c %s "$out") >> 20 )) MiB written"
if command -v soxi > /dev/null; then
  soxi_frames=$(soxi -s "$out" 2> /dev/null || echo "unreadable")
  echo "soxi: $soxi_frames frames"
  if [[ $soxi_frames != "$frames" ]]; then
    echo "FAIL: soxi reads $soxi_frames frames, expected $frames"
    failed=1
  fi
fi
"$python" "$here/scan_wav.py" "$out" --frames "$frames" --max-zero-ms "$max_zero_ms" || failed=1
"$python" "$here/rss_flat.py" "$rss_log" --max-growth-kib "$max_rss_growth_kib" \
  --run-seconds "$wall" || failed=1
if (( failed )); then echo "soak: FAIL"; exit 1; fi
echo "soak: PASS"
