#!/usr/bin/env bash
# End-to-end tests of the built binary: exit codes, exact stderr lines, files left behind.
# usage: e2e.sh TINGLE SOURCE_DIR      (ctest runs it as the test "e2e")
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TINGLE=$(realpath "$1")
SOURCE=$(realpath "$2")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# shellcheck source=checks.sh
source "$HERE/checks.sh"

frames_of() { soxi -s "$1" 2>/dev/null; }

cat > short.toml <<'TOML'
title = "e2e"
duration = "2s"
seed = 3
[[layer]]
name = "bed"
texture = "noise"
gain = -6
[[layer]]
name = "hiss"
texture = "noise"
color = "white"
gain = -30
start = "0.5s"
TOML

# --- informational commands -------------------------------------------------------------
check "--version prints the version" [ "$("$TINGLE" --version)" = "tingle 0.1.0" ]
check "textures lists noise" grep -q '^noise ' <("$TINGLE" textures)
check "describe noise shows its keys" grep -q 'low_cut' <("$TINGLE" describe noise)
expect_error "describe of an unknown texture" 2 \
  'tingle describe: error: unknown texture "nosie" (did you mean "noise"?)' "$TINGLE" describe nosie
"$TINGLE" new noise > starter.toml
check "new prints a recipe that checks clean" "$TINGLE" check starter.toml
check "the starter recipe renders as is" "$TINGLE" render starter.toml -o starter.wav --quiet
check "the starter render is 60 s" [ "$(frames_of starter.wav)" = "2880000" ]
expect_error "new with an unknown texture" 2 \
  'tingle new: error: unknown texture "xyzzy" (see `tingle textures`)' "$TINGLE" new xyzzy

# --- formats ----------------------------------------------------------------------------
"$TINGLE" render short.toml -o out.wav --quiet
check "WAV has 2 s of frames" [ "$(frames_of out.wav)" = "96000" ]
check "WAV is stereo 48 kHz" [ "$(soxi -c out.wav) $(soxi -r out.wav)" = "2 48000" ]
"$TINGLE" render short.toml -o out24.wav --bits 24 --quiet
check "--bits 24 gives 24-bit" [ "$(soxi -b out24.wav)" = "24" ]
"$TINGLE" render short.toml -o outf.wav --bits float --quiet
check "--bits float gives 32-bit float" [ "$(soxi -e outf.wav)" = "Floating Point PCM" ]
"$TINGLE" render short.toml -o out.flac --quiet
check "FLAC decodes to 2 s" [ "$(frames_of out.flac)" = "96000" ]
check "FLAC carries the title" grep -q 'title=e2e' <(soxi -a out.flac)
check "FLAC carries the seed and recipe hash" grep -q 'comment=seed=3 recipe=fnv1a64:' <(soxi -a out.flac)
"$TINGLE" render short.toml -o out.ogg --quiet
check "OGG decodes" [ "$(soxi -c out.ogg)" = "2" ]
"$TINGLE" render short.toml -o out.raw --quiet
check "raw is 2 s of s16le stereo" [ "$(stat -c %s out.raw)" = "384000" ]
"$TINGLE" render short.toml --format flac -o named.audio --quiet
check "--format wins over the extension" [ "$(head -c 4 named.audio)" = "fLaC" ]
(cd "$WORK" && "$TINGLE" render short.toml --quiet)
check "without -o the output is the recipe's stem" [ -f short.wav ]

# --- pipes ------------------------------------------------------------------------------
"$TINGLE" render short.toml -o - --quiet > piped.wav 2> piped.err
check "nothing but audio on stdout" [ "$(head -c 4 piped.wav)" = "RIFF" ]
check "-o - writes exact WAV sizes" [ "$(stat -c %s piped.wav)" = "$((44 + 96000 * 4))" ]
check "sox reads the stream from a pipe" \
  [ "$("$TINGLE" render short.toml -o - --quiet | sox -t wav - -t raw - 2>/dev/null | wc -c)" = "384000" ]
if command -v ffmpeg >/dev/null; then
  check "ffmpeg reads the stream from a pipe" \
    bash -c "'$TINGLE' render short.toml -o - --quiet | ffmpeg -v error -f wav -i - -f null - "
fi
sox out.wav -t raw file.raw
sox piped.wav -t raw pipe.raw
check "-o - samples equal the file's samples" cmp -s file.raw pipe.raw
check "raw to stdout equals the raw file" \
  cmp -s out.raw <("$TINGLE" render short.toml -o - --format raw --quiet)
expect_error "a closed pipe is an error" 1 "tingle render: error: cannot write to standard output: Broken pipe" \
  bash -c "'$TINGLE' render short.toml -o - --duration 60 --quiet 2>stderr.txt | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}"
expect_error "a full disk is an error" 1 "tingle render: error: cannot write to standard output: No space left on device" \
  bash -c "'$TINGLE' render short.toml -o - --quiet > /dev/full"

# --- determinism --------------------------------------------------------------------------
"$TINGLE" render short.toml -o again.wav --quiet
check "the same recipe renders the same bytes" cmp -s out.wav again.wav
"$TINGLE" render short.toml -o chunk1.wav --chunk-frames 1 --quiet
"$TINGLE" render short.toml -o chunk777.wav --chunk-frames 777 --quiet
check "chunk size 1 gives the same bytes" cmp -s out.wav chunk1.wav
check "chunk size 777 gives the same bytes" cmp -s out.wav chunk777.wav
cat > layers.toml <<'RECIPE'
duration = 4
[master]
loudness = -18
[[layer]]
name = "taps"
texture = "tapping"
position = { motion = "orbit", period = "3s" }
[[layer]]
name = "rain"
texture = "rain"
[[layer]]
name = "brush"
texture = "brushing"
position = { motion = "ear-to-ear", period = "2s" }
RECIPE
for jobs in 1 2 5; do "$TINGLE" render layers.toml -o "jobs$jobs.wav" --jobs "$jobs" --quiet; done
check "--jobs 2 gives the bytes of --jobs 1" cmp -s jobs1.wav jobs2.wav
check "--jobs 5 (more than layers) gives the bytes of --jobs 1" cmp -s jobs1.wav jobs5.wav
# Where the CPU has AVX2, the portable build runs its block functions' AVX2 builds; held to
# its baseline code (as on an older CPU), it renders the same bytes.
"$TINGLE" render "$SOURCE/tests/bench/five-layers.toml" --duration 2s -o widest.wav --quiet
TINGLE_BASELINE_ONLY=1 "$TINGLE" render "$SOURCE/tests/bench/five-layers.toml" --duration 2s \
  -o baseline.wav --quiet
check "the baseline code renders the bytes of the CPU's widest" cmp -s widest.wav baseline.wav
expect_error "--jobs 0" 2 "tingle: error: --jobs: Value 0 not in range 1 to 256 (see tingle --help)" \
  "$TINGLE" render short.toml --jobs 0
"$TINGLE" render short.toml -o a.ogg --quiet
"$TINGLE" render short.toml -o b.ogg --chunk-frames 777 --quiet
check "OGG bytes are the same across runs and chunk sizes" cmp -s a.ogg b.ogg
"$TINGLE" render short.toml -o a.flac --chunk-frames 333 --quiet
check "FLAC bytes are the same across chunk sizes" cmp -s a.flac out.flac
"$TINGLE" render short.toml -o seed4.wav --seed 4 --quiet
check "--seed changes the audio" bash -c "! cmp -s out.wav seed4.wav"
"$TINGLE" render short.toml -o set.wav --set bed.color=brown --quiet
check "--set changes the audio" bash -c "! cmp -s out.wav set.wav"
"$TINGLE" render short.toml -o long.wav --duration 3s --quiet
check "--duration overrides the recipe" [ "$(frames_of long.wav)" = "144000" ]

# --- bad input: exit codes, one line, nothing left behind ---------------------------------
for bad in "$SOURCE"/tests/data/recipes/bad/*.toml; do
  name=$(basename "$bad")
  cp "$bad" "$name"
  expected=$(head -n 1 "$bad" | sed 's/^# expect: //')
  expect_error "bad recipe $name" 2 "$expected" "$TINGLE" render "$name" -o "bad-$name.wav"
  check "no output left for $name" [ ! -e "bad-$name.wav" ]
done
echo "keep me" > existing.wav
cp "$SOURCE/tests/data/recipes/bad/out-of-range.toml" .
"$TINGLE" render out-of-range.toml -o existing.wav 2>/dev/null
check "an existing target survives a failed render" [ "$(cat existing.wav)" = "keep me" ]
expect_error "a missing recipe" 2 "nope.toml: error: cannot read recipe: No such file or directory" \
  "$TINGLE" render nope.toml
expect_error "an unknown option" 2 "tingle: error: The following argument was not expected: --bogus (see tingle --help)" \
  "$TINGLE" render short.toml --bogus
expect_error "no subcommand" 2 "tingle: error: A subcommand is required (see tingle --help)" "$TINGLE"
expect_error "an unknown extension" 2 \
  'tingle render: error: -o: cannot tell the format of "x.mp3" (use .wav, .flac, .ogg or .raw, or --format)' \
  "$TINGLE" render short.toml -o x.mp3
expect_error "FLAC with float samples" 2 "tingle render: error: FLAC stores integers only: use --bits 16 or 24" \
  "$TINGLE" render short.toml -o x.flac --bits float
check "no file left for FLAC float" [ ! -e x.flac ]
expect_error "a bad --bits" 2 'tingle render: error: --bits: "8" is not one of 16, 24, float' \
  "$TINGLE" render short.toml --bits 8 -o x.wav
expect_error "a negative --seed" 2 \
  'tingle render: error: --seed: "-1" is not a whole number from 0 to 18446744073709551615' \
  "$TINGLE" render short.toml --seed -1 -o x.wav
expect_error "a bad --duration" 2 \
  'tingle render: error: --duration: "10y" is not a duration between 0s and 100h00m00s (write "45s", "10m", "1h30m" or seconds)' \
  "$TINGLE" render short.toml --duration 10y -o x.wav
expect_error "a bad --set" 2 '--set bed.color=teal: error: layer "bed": color = "teal" is not one of white, pink, brown' \
  "$TINGLE" render short.toml --set bed.color=teal -o x.wav
expect_error "a missing output folder" 1 'tingle render: error: cannot create "nowhere/x.wav": No such file or directory' \
  "$TINGLE" render short.toml -o nowhere/x.wav
check "no file left in a failed render's folder" [ -z "$(ls -A | grep -E '\.part$|^x\.')" ]
check "check passes a good recipe" "$TINGLE" check short.toml
expect_error "check reports a bad one with exit 2" 2 \
  "$(head -n 1 "$SOURCE/tests/data/recipes/bad/out-of-range.toml" | sed 's/^# expect: //')" \
  "$TINGLE" check out-of-range.toml

# --- interrupts -----------------------------------------------------------------------------
for signal in INT TERM; do
  "$TINGLE" render short.toml --duration 10h -o interrupted.wav --quiet 2>signal.err &
  pid=$!
  sleep 1
  kill -s "$signal" "$pid"
  wait "$pid"
  rc=$?
  check "SIG$signal exits 130 (got $rc)" [ "$rc" = "130" ]
  check "SIG$signal says so on stderr" grep -q "interrupted; no output written" signal.err
  check "SIG$signal leaves no file" [ -z "$(ls -A | grep -E 'interrupted|\.part$')" ]
done

# --- constant memory: a 2-hour render peaks no higher than a 1-minute one (within 10 %) ------
if [ -x /usr/bin/time ]; then
  peak_kb() { /usr/bin/time -f %M "$TINGLE" render short.toml --duration "$1" -o - --format raw --quiet 2>&1 >/dev/null | tail -n 1; }
  short_kb=$(peak_kb 1m)
  long_kb=$(peak_kb 2h)
  echo "peak RSS: 1 minute ${short_kb} kB, 2 hours ${long_kb} kB"
  check "peak RSS of 2 h is within 10 % of 1 min" [ $((long_kb * 10)) -le $((short_kb * 11)) ]
else
  fail "GNU time (/usr/bin/time) is needed for the memory check: apt-get install time"
fi

# --- every example recipe renders (short) --------------------------------------------------
for recipe in "$SOURCE"/recipes/*.toml; do
  name=$(basename "$recipe" .toml)
  check "recipe $name checks" "$TINGLE" check "$recipe"
  check "recipe $name renders" "$TINGLE" render "$recipe" --duration 3s -o "recipe-$name.wav" --quiet
done

# --- master chain: loudness and true peak, checked by an independent meter (ffmpeg) -------
# ffmpeg's ebur128 filter prints I (LUFS) and the 4x true peak (dBFS) to 0.1: a printed
# -1.0 may be up to -0.95, so the ceiling check also holds tingle to its own 0.1 dB margin.
if command -v ffmpeg >/dev/null; then
  ebur128_of() {  # FILE -> "I TP"
    ffmpeg -nostats -hide_banner -i "$1" -af ebur128=peak=true -f null - 2>&1 |
      awk '/^ *I: /{i=$2} /^ *Peak: /{p=$2} END{print i, p}'
  }
  within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if (d<0) d=-d; exit !(d<=t)}'; }
  at_most() { awk -v a="$1" -v b="$2" 'BEGIN{exit !(a<=b)}'; }
  for recipe in "$SOURCE"/recipes/*.toml; do
    name=$(basename "$recipe" .toml)
    # A sleep level, and one loud enough that the peakiest textures need the limiter.
    for target in -27 -16; do
      out="loud-$name$target.wav"
      "$TINGLE" render "$recipe" --duration 20s --set master.loudness=$target -o "$out" 2>loud.err
      read -r lufs peak < <(ebur128_of "$out")
      echo "master: $name at $target LUFS: ffmpeg I $lufs LUFS, TP $peak dBTP; tingle:$(sed 's/.*real time;//' loud.err)"
      check "$name normalised to $target LUFS is within 0.5 LU by ffmpeg ($lufs)" within "$lufs" "$target" 0.5
      check "$name at $target LUFS keeps the -1 dBTP ceiling by ffmpeg ($peak)" at_most "$peak" -1.0
      reported=$(sed -n 's/.*real time; \(-[0-9.]*\) LUFS.*/\1/p' loud.err)
      check "$name at $target LUFS: the summary's loudness ($reported) matches ffmpeg's" within "${reported:-99}" "$lufs" 0.15
    done
    # Far louder than the ceiling allows: the limiter works hard, the ceiling still holds.
    "$TINGLE" render "$recipe" --duration 20s --set master.loudness=-10 -o "hard-$name.wav" --quiet
    read -r lufs peak < <(ebur128_of "hard-$name.wav")
    echo "master: $name at -10 LUFS: ffmpeg I $lufs LUFS, TP $peak dBTP"
    check "$name pushed to -10 LUFS keeps the -1 dBTP ceiling by ffmpeg ($peak)" at_most "$peak" -1.0
  done
  "$TINGLE" render short.toml -o ceiling.wav --set master.loudness=-12 --set master.true_peak=-3 --quiet
  read -r lufs peak < <(ebur128_of ceiling.wav)
  check "master.true_peak = -3 holds by ffmpeg ($peak)" at_most "$peak" -3.0
  "$TINGLE" render short.toml -o plain.wav 2>plain.err
  read -r lufs peak < <(ebur128_of plain.wav)
  check "without a target the summary reports loudness and true peak" \
    grep -Eq 'real time; -[0-9.]+ LUFS, -[0-9.]+ dBTP$' plain.err
  check "without a target the level is left alone (ffmpeg $lufs LUFS)" \
    within "$lufs" "$(sed -n 's/.*real time; \(-[0-9.]*\) LUFS.*/\1/p' plain.err)" 0.15
else
  fail "ffmpeg is needed for the loudness and true-peak checks: apt-get install ffmpeg"
fi
"$TINGLE" render short.toml -o norm.wav --set master.loudness=-20 --quiet
"$TINGLE" render short.toml -o norm777.wav --set master.loudness=-20 --chunk-frames 777 --quiet
check "a normalised render is the same bytes across chunk sizes" cmp -s norm.wav norm777.wav
if [ -x /usr/bin/time ]; then
  # Normalising renders the track twice; memory stays what one pass needs.
  norm_kb() { /usr/bin/time -f %M "$TINGLE" render short.toml --duration "$1" --set master.loudness=-20 -o - --format raw --quiet 2>&1 >/dev/null | tail -n 1; }
  short_kb=$(norm_kb 1m)
  long_kb=$(norm_kb 10m)
  echo "peak RSS normalised: 1 minute ${short_kb} kB, 10 minutes ${long_kb} kB"
  check "peak RSS of a normalised 10 min is within 10 % of 1 min" [ $((long_kb * 10)) -le $((short_kb * 11)) ]
fi
cat > silent.toml <<'TOML'
duration = "2s"
[master]
loudness = -23.0
[[layer]]
name = "bed"
texture = "noise"
mute = true
TOML
"$TINGLE" render silent.toml -o silent.wav --bits float 2>silent.err
check "a silent track is left at 0 dB and the summary says why" grep -q 'silent, so master.loudness was not applied' silent.err
check "a silent track stays silent" [ "$(sox silent.wav -n stat 2>&1 | awk '/Maximum amplitude/{print $3}')" = "0.000000" ]

echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
