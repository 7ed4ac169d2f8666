#!/usr/bin/env bash
# End-to-end tests of libraries: variations, --outdir, --jobs, skip-if-complete, --json,
# --shard (with GNU parallel when installed), check --json. Short renders: well under a minute.
# usage: batch.sh TINGLE SOURCE_DIR      (ctest runs it as the test "e2e_batch")
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TINGLE=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# shellcheck source=checks.sh
source "$HERE/checks.sh"

# same_audio DIR_A DIR_B: the same audio files, byte for byte (sidecars hold timings: skipped).
same_audio() {
  local a=$1 b=$2 names_a names_b file
  names_a=$(cd "$a" && ls -- *.wav | sort)
  names_b=$(cd "$b" && ls -- *.wav | sort)
  [ "$names_a" = "$names_b" ] || { echo "  files differ: $names_a / $names_b"; return 1; }
  for file in $names_a; do cmp -s "$a/$file" "$b/$file" || { echo "  $file differs"; return 1; }; done
}

# facts DIR: "name seed varied" of every sidecar, sorted: what each item was rendered with.
facts() {
  python3 - "$1" <<'PY'
import json, pathlib, sys
for sidecar in sorted(pathlib.Path(sys.argv[1]).glob("*.wav.json")):
    record = json.loads(sidecar.read_text())
    print(sidecar.name, record["seed"], json.dumps(record["varied"], sort_keys=True))
PY
}

# json_field FILE FIELD: that field of each JSON line (items only), one per line.
json_field() {
  python3 - "$1" "$2" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    record = json.loads(line)
    if "summary" not in record:
        print(record[sys.argv[2]])
PY
}

cat > taps.toml <<'TOML'
title = "taps"
duration = "1s"
seed = 11
[variations]
count = 6
[[layer]]
name = "tap"
texture = "tapping"
[[layer]]
name = "bed"
texture = "noise"
gain = -30
[[vary]]
key = "tap.rate"
range = [1.0, 6.0]
[[vary]]
key = "tap.material"
choices = ["wood", "glass", "plastic"]
TOML
cat > bed.toml <<'TOML'
duration = "1s"
seed = 4
[[layer]]
name = "bed"
texture = "noise"
TOML

# --- a library of 7 items (6 variations + 1), with 1 and 2 jobs -------------------------
"$TINGLE" render taps.toml bed.toml --outdir jobs1 --jobs 1 --json >jobs1.json 2>jobs1.err
check "a library renders (exit 0)" [ $? = 0 ]
check "names follow {stem}-{index:03}" \
  [ "$(cd jobs1 && ls -- *.wav | tr '\n' ' ')" = "bed-000.wav taps-000.wav taps-001.wav taps-002.wav taps-003.wav taps-004.wav taps-005.wav " ]
check "every item has a sidecar" [ "$(ls jobs1/*.wav.json | wc -l)" = 7 ]
check "stderr has one line per item and a summary" [ "$(grep -c '^tingle: wrote jobs1/' jobs1.err)" = 7 ]
"$TINGLE" render taps.toml bed.toml --outdir jobs2 --jobs 2 --quiet
check "--jobs 2 writes the bytes of --jobs 1" same_audio jobs1 jobs2
check "--jobs 2 renders the same seeds and draws as --jobs 1" [ "$(facts jobs1)" = "$(facts jobs2)" ]
check "variations differ from each other" bash -c "! cmp -s jobs1/taps-000.wav jobs1/taps-001.wav"
"$TINGLE" render bed.toml -o single.wav --quiet
check "a recipe without variations in a library is the bytes of a single render" cmp -s single.wav jobs1/bed-000.wav

"$TINGLE" render --set bed.gain=-20 taps.toml bed.toml --outdir setfirst --quiet
check "--set before the recipes takes one value: both recipes render" [ "$(ls setfirst/*.wav | wc -l)" = 7 ]
expect_error "a --set that fits one recipe of two names the other" 2 \
  '--set tap.rate=2: error: bed.toml: no layer named "tap"' \
  "$TINGLE" render --set tap.rate=2 taps.toml bed.toml --outdir setfirst2

# --- --json: one object per item, then a summary; sha256 as sha256sum sees it ---------------
check "--json prints 7 items and a summary" [ "$(wc -l < jobs1.json)" = 8 ]
all_parse=true
while IFS= read -r line; do
  python3 -c 'import json, sys; json.loads(sys.argv[1])' "$line" || all_parse=false
done < jobs1.json
check "every --json line parses" $all_parse
check "the last line is the summary" python3 -c '
import json, sys
s = json.loads(open("jobs1.json").read().splitlines()[-1])
sys.exit(not (s["summary"] and s["items"] == 7 and s["selected"] == 7 and s["rendered"] == 7 and s["skipped"] == 0 and s["failed"] == 0))'
check "each line has the fields a library needs" python3 -c '
import json, sys
need = {"path", "recipe", "index", "seed", "frames", "sample_rate", "format", "loudness_lufs", "true_peak_dbtp", "sha256", "seconds", "skipped"}
lines = [json.loads(l) for l in open("jobs1.json")][:-1]
sys.exit(not all(need <= set(l) and l["frames"] == 48000 and l["sample_rate"] == 48000 and l["format"] == "wav" for l in lines))'
python3 -c '
import json
for l in open("jobs1.json"):
    r = json.loads(l)
    if "path" in r: print(r["sha256"] + "  " + r["path"])' > jobs1.sha256
check "each sha256 matches sha256sum" sha256sum --quiet -c jobs1.sha256
check "items are listed in order" [ "$(json_field jobs1.json path | tr '\n' ' ')" = "jobs1/taps-000.wav jobs1/taps-001.wav jobs1/taps-002.wav jobs1/taps-003.wav jobs1/taps-004.wav jobs1/taps-005.wav jobs1/bed-000.wav " ]

# --- skip if complete; a truncated file alone is rendered again; --force ---------------------
"$TINGLE" render taps.toml bed.toml --outdir jobs1 --json >again.json 2>again.err
check "a second run renders nothing" [ "$(json_field again.json skipped | sort -u)" = "True" ]
check "a second run says so on stderr" [ "$(grep -c '^tingle: skipped ' again.err)" = 7 ]
check "a second run's sha256 are the first's" [ "$(json_field again.json sha256)" = "$(json_field jobs1.json sha256)" ]
before=$(stat -c %Y.%s jobs1/*.wav | tr '\n' ' ')
truncate -s 1000 jobs1/taps-003.wav
"$TINGLE" render taps.toml bed.toml --outdir jobs1 --json >truncated.json 2>/dev/null
check "a truncated file is rendered again, and only that one" \
  [ "$(json_field truncated.json skipped | tr '\n' ' ')" = "True True True False True True True " ]
check "the re-rendered file has its bytes back" cmp -s jobs1/taps-003.wav jobs2/taps-003.wav
rm jobs1/taps-004.wav.json
"$TINGLE" render taps.toml bed.toml --outdir jobs1 --quiet --json >nosidecar.json
check "a file without its sidecar is rendered again" \
  [ "$(json_field nosidecar.json skipped | tr '\n' ' ')" = "True True True True False True True " ]
"$TINGLE" render taps.toml bed.toml --outdir jobs1 --quiet --force --json >forced.json
check "--force renders everything again" [ "$(json_field forced.json skipped | sort -u)" = "False" ]
check "--force writes the same bytes" same_audio jobs1 jobs2
"$TINGLE" render taps.toml bed.toml --outdir jobs1 --quiet --seed 12 --json >reseeded.json
check "another --seed is another item: rendered, not skipped" [ "$(json_field reseeded.json skipped | sort -u)" = "False" ]

# --- shards: the union of 3 shards is the unsharded library ----------------------------------
if command -v parallel >/dev/null; then
  parallel --will-cite "'$TINGLE'" render taps.toml bed.toml --outdir shards --shard {}/3 --quiet ::: 1 2 3
  check "GNU parallel ran 3 shards" [ $? = 0 ]
else
  for k in 1 2 3; do "$TINGLE" render taps.toml bed.toml --outdir shards --shard "$k/3" --quiet; done
fi
check "3 shards make the unsharded library, byte for byte" same_audio jobs2 shards
check "3 shards render the same seeds and draws" [ "$(facts jobs2)" = "$(facts shards)" ]
"$TINGLE" render taps.toml bed.toml --outdir shard2 --shard 2/3 --json >shard2.json 2>/dev/null
check "--shard 2/3 takes items 1 and 4" \
  [ "$(json_field shard2.json path | tr '\n' ' ')" = "shard2/taps-001.wav shard2/taps-004.wav " ]
check "the summary counts the shard" python3 -c '
import json, sys
s = json.loads(open("shard2.json").read().splitlines()[-1])
sys.exit(not (s["items"] == 7 and s["selected"] == 2 and s["shard"] == "2/3"))'
"$TINGLE" render taps.toml --outdir more --variations 9 --quiet
check "--variations 9 keeps the first 6 items as they were" \
  bash -c "for i in 0 1 2 3 4 5; do cmp -s jobs2/taps-00\$i.wav more/taps-00\$i.wav || exit 1; done"
check "--variations 9 makes 9 items" [ "$(ls more/*.wav | wc -l)" = 9 ]

# --- usage errors: exact lines, exit 2, nothing written ----------------------------------------
expect_error "--json with -o -" 2 \
  "tingle render: error: --json: with -o - standard output carries the audio; write to a file or use --outdir" \
  "$TINGLE" render bed.toml -o - --json
check "--json with -o - writes nothing to stdout" [ ! -s stdout.txt ]
expect_error "--shard 3/2" 2 'tingle render: error: --shard: "3/2": K must be from 1 to 2' \
  "$TINGLE" render taps.toml --outdir x --shard 3/2
expect_error "--shard 0/2" 2 'tingle render: error: --shard: "0/2": K must be from 1 to 2' \
  "$TINGLE" render taps.toml --outdir x --shard 0/2
expect_error "--shard x" 2 'tingle render: error: --shard: "x" is not K/N (shard K of N, e.g. 2/4)' \
  "$TINGLE" render taps.toml --outdir x --shard x
expect_error "-o with several items" 2 \
  "tingle render: error: -o: the recipes make 6 items and -o names one file: use --outdir DIR" \
  "$TINGLE" render taps.toml -o one.wav
expect_error "an unknown placeholder" 2 \
  "tingle render: error: --name: unknown placeholder {idx} (use {stem}, {index}, {index:03}, {seed})" \
  "$TINGLE" render taps.toml --outdir x --name '{stem}-{idx}'
expect_error "two items with one name" 2 \
  'tingle render: error: --name: two items would both be written to "x/taps.wav": taps.toml variation 0 and taps.toml variation 1 (put {index} or {seed} in --name, or rename a recipe)' \
  "$TINGLE" render taps.toml --outdir x --name '{stem}'
expect_error "a recipe given twice" 2 "tingle render: error: ./taps.toml is given twice" \
  "$TINGLE" render taps.toml ./taps.toml --outdir x
check "no output folder after usage errors" [ ! -e x -a ! -e one.wav ]
cat > badvary.toml <<'TOML'
duration = 1
[variations]
count = 3
[[layer]]
name = "tap"
texture = "tapping"
[[vary]]
key = "tap.rate"
range = [0.01, 2]
TOML
expect_error "a bad [[vary]] among good recipes" 2 \
  'badvary.toml:9:10: error: vary: "tap.rate" range = 0.01 is outside [0.1, 20]' \
  "$TINGLE" render taps.toml badvary.toml --outdir bad
check "one bad recipe: nothing written" [ ! -e bad ]
"$TINGLE" render --name '{stem}_s{seed}' taps.toml --outdir named --quiet --variations 2
check "--name {seed} names by seed" [ "$(ls named/taps_s*.wav | wc -l)" = 2 ]
echo "a file" > notafolder
expect_error "--outdir that is a file" 1 'tingle render: error: --outdir: cannot create "notafolder": Not a directory' \
  "$TINGLE" render taps.toml --outdir notafolder

# --- an I/O failure stops the library (exit 1); finished items stay; a re-run resumes ----------
mkdir -p broken/taps-003.wav   # a folder where item 3's file should go
expect_error "an I/O failure mid-library" 1 'tingle render: error: cannot create "broken/taps-003.wav": Is a directory' \
  "$TINGLE" render taps.toml --outdir broken --jobs 1 --quiet
check "items before the failure keep their files and sidecars" \
  [ "$(cd broken && ls -- *.wav.json | tr '\n' ' ')" = "taps-000.wav.json taps-001.wav.json taps-002.wav.json " ]
check "items after the failure were not started" [ ! -e broken/taps-004.wav ]
rmdir broken/taps-003.wav
"$TINGLE" render taps.toml --outdir broken --json --quiet >resume.json
check "a re-run renders only what is missing" \
  [ "$(json_field resume.json skipped | tr '\n' ' ')" = "True True True False False False " ]
check "the resumed library is the whole library" \
  bash -c "for i in 0 1 2 3 4 5; do cmp -s jobs2/taps-00\$i.wav broken/taps-00\$i.wav || exit 1; done"

# --- an interrupt stops the library; nothing partial; a re-run resumes ------------------------
"$TINGLE" render taps.toml --outdir stopped --variations 40 --duration 4s --jobs 1 2>stopped.err &
pid=$!
for _ in $(seq 300); do [ -e stopped/taps-000.wav.json ] && break; sleep 0.1; done
kill -s INT "$pid"
wait "$pid"
rc=$?
check "SIGINT stops a library with exit 130 (got $rc)" [ "$rc" = 130 ]
check "SIGINT says how far it got" grep -q '^tingle render: interrupted; [0-9]* of 40 items written' stopped.err
check "SIGINT leaves no partial file" [ -z "$(ls -A stopped | grep '\.part$')" ]
check "every audio file left has its sidecar" \
  bash -c 'cd stopped && for f in *.wav; do [ -e "$f.json" ] || exit 1; done'
done_before=$(ls stopped/*.wav | wc -l)
"$TINGLE" render taps.toml --outdir stopped --variations 40 --duration 4s --shard 1/10 --json >resumed.json 2>/dev/null
check "the interrupted run finished some items ($done_before)" [ "$done_before" -ge 1 ]
check "a re-run skips what the interrupted run finished" [ "$(json_field resumed.json skipped | sed -n 1p)" = "True" ]

# --- check --json --------------------------------------------------------------------------
"$TINGLE" check --json badvary.toml taps.toml >check.json
rc=$?
check "check --json exits 2 on a bad recipe" [ "$rc" = 2 ]
check "check --json prints each problem as file, line, column, message" python3 -c '
import json, sys
lines = [json.loads(l) for l in open("check.json")]
sys.exit(not (len(lines) == 1 and lines[0] == {"file": "badvary.toml", "line": 9, "column": 10,
              "message": "vary: \"tap.rate\" range = 0.01 is outside [0.1, 20]"}))'
check "check --json of good recipes prints nothing, exit 0" \
  bash -c "[ -z \"\$('$TINGLE' check --json taps.toml bed.toml)\" ]"
check "check counts the variations" \
  [ "$("$TINGLE" check taps.toml)" = "taps.toml: ok (2 layers, 1s, 48000 Hz, 6 variations)" ]

echo "e2e batch: $passed passed, $failed failed"
[ "$failed" = 0 ]
