#!/usr/bin/env bash
# `tingle preview` in a real browser (headless Chromium, Debian's chromium package): the
# page loads with no console message at all, shows one card per file, every spectrogram
# loads, and the filter (from the address: index.html#filter=...) hides the cards that do
# not match. Two broken copies of the page prove the checks can fail.
# usage: preview_browser.sh TINGLE SOURCE_DIR      (ctest runs it as "preview_browser")
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TINGLE=$(realpath "$1")
CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "FAIL: '$CHROMIUM' not found: the preview's browser test needs Debian's chromium package"
  echo "      (apt-get install -y chromium; the README's test command and .ci/run install it)"
  exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# shellcheck source=checks.sh
source "$HERE/checks.sh"

# browse URL NAME: loads the page, leaves the DOM after its scripts ran in NAME.html and
# Chromium's log (console messages included) in NAME.log. Virtual time runs the page to
# completion (load event included) without waiting in real time.
browse() {
  timeout 60 "$CHROMIUM" --headless --disable-gpu --no-sandbox --disable-dev-shm-usage --no-first-run \
    --no-default-browser-check --disable-extensions --user-data-dir="$WORK/profile" \
    --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "$1" >"$2.html" 2>"$2.log"
}

# Console messages (errors, warnings, logs, CSP violations, uncaught exceptions) of a run.
console_messages() { grep -E ':CONSOLE[(:]' "$1.log"; }

# The <article> start tags of a dumped page, one a line, attribute values removed (a value
# cannot hold '"', so the pattern also survives a '>' inside one).
article_tags() {
  grep -Pzo '<article(\s+[\w-]+(="[^"]*")?)*\s*>' "$1.html" | tr '\n\0' ' \n' | sed 's/="[^"]*"//g'
}
cards_in() { article_tags "$1" | grep -c .; }
visible_cards_in() { article_tags "$1" | grep -cvw hidden; }
body_attribute() { grep -o "<body[^>]*" "$1.html" | grep -o "$2=\"[^\"]*\"" | cut -d'"' -f2; }

# --- a small library ---------------------------------------------------------------------
# Two tapping files with sidecars written here (so this test does not depend on batch
# rendering), a rain file and a noise bed in a subfolder without, and a file that is not
# audio. Names carry characters HTML and URLs treat specially.
"$TINGLE" new tapping > tap.toml
"$TINGLE" new rain > rain.toml
"$TINGLE" new noise > noise.toml
mkdir -p lib/sub
glass="glass <tap> & 'one' \"#1\"?.wav"
"$TINGLE" render tap.toml --duration 2s --set tapping.material=glass -o "lib/$glass" --quiet
"$TINGLE" render tap.toml --duration 2s --set tapping.material=wood -o lib/wood-tap.flac --quiet
"$TINGLE" render rain.toml --duration 2s -o lib/rain.ogg --quiet
"$TINGLE" render noise.toml --duration 2s -o "lib/sub/noise bed.wav" --quiet
echo "not audio" > lib/broken.wav

# sidecar FILE MATERIAL SEED: what a batch render records (io/item_record.hpp).
sidecar() {
  local bytes; bytes=$(stat -c %s "lib/$1")
  printf '{"path":"lib/%s","recipe":"tap.toml","index":%d,"seed":%d,"frames":96000,"sample_rate":48000,"format":"wav","sample_format":"16","loudness_lufs":-30.5,"true_peak_dbtp":-9.25,"bytes":%d,"title":"Taps","layers":[{"name":"tapping","texture":"tapping","params":{"material":"%s","rate":"3.5"}}],"varied":{"tapping.rate":"3.5"}}\n' \
    "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')" "$3" "$3" "$bytes" "$2" > "lib/$1.json"
}
sidecar "$glass" glass 7
sidecar wood-tap.flac wood 8

"$TINGLE" preview lib 2>preview.err
equal "preview exits 1 when a file cannot be read" "$?" 1
check "the unreadable file is named on stderr" \
  grep -qx 'tingle preview: error: "lib/broken.wav": not a sound file (format not recognised)' preview.err
check "the summary counts every card" grep -qx 'tingle: wrote lib/index.html (5 files, 4 spectrograms drawn)' preview.err
page="file://$WORK/lib/index.html"

# --- the whole page ----------------------------------------------------------------------
browse "$page" all
messages=$(console_messages all)
check "no console messages on load" [ -z "$messages" ]
[ -n "$messages" ] && echo "$messages"
equal "one card per file" "$(cards_in all)" 5
equal "every card visible without a filter" "$(visible_cards_in all)" 5
equal "one picture per readable file" "$(grep -o '<img ' all.html | wc -l)" 4
equal "every picture loaded" "$(body_attribute all data-images-loaded)" all
equal "the page counts what it shows" "$(body_attribute all data-shown)" 5
check "the hostile name is shown as text" grep -qF "<h2>glass &lt;tap&gt; &amp; 'one' \"#1\"?.wav</h2>" all.html

# The players can load their files (WAV, FLAC, OGG; the page itself preloads nothing):
# a copy that preloads their metadata and counts the players ready.
sed 's/preload="none"/preload="metadata"/' lib/index.html > lib/players.html
cat >> lib/players.html <<'HTML'
<script>
window.addEventListener('load', () => setTimeout(() => {
  const ready = Array.from(document.querySelectorAll('audio')).filter((audio) => audio.readyState >= 1 && !audio.error);
  document.body.dataset.playable = String(ready.length);
}, 2000));
</script>
HTML
browse "file://$WORK/lib/players.html" players
equal "every player loads its file" "$(body_attribute players data-playable)" 4
check "players: no console messages" [ -z "$(console_messages players)" ]

# --- the filter ----------------------------------------------------------------------------
# filter NAME FRAGMENT EXPECTED_VISIBLE: load with the filter in the address.
filter() {
  browse "$page#filter=$2" "$1"
  local messages; messages=$(console_messages "$1")
  check "$1: no console messages" [ -z "$messages" ]
  equal "$1: cards in the page" "$(cards_in "$1")" 5
  equal "$1: cards visible" "$(visible_cards_in "$1")" "$3"
  equal "$1: the page's own count" "$(body_attribute "$1" data-shown)" "$3"
}
filter word glass 1                       # a word: in the name, the parameters
filter texture texture%3Dtapping 2        # key=value on the textures
filter parameter material%3Dwood 1        # key=value on a parameter
filter layer_key tapping.rate%3D3.5 2     # layer.key=value
filter two_words tap+wood 1               # every word must match
filter folder sub%2F 1                    # part of a path
filter nothing zzz-no-such-thing 0
check "nothing: the 'no match' note shows" grep -q '<p id="none" class="note">' nothing.html

# --- the checks can fail -----------------------------------------------------------------
# A picture that does not exist: the page's own check reports it.
sed '0,/src="\.preview\/[^"]*\.png"/s//src=".preview\/missing.png"/' lib/index.html > lib/missing.html
browse "file://$WORK/lib/missing.html" missing
equal "a missing picture is detected" "$(body_attribute missing data-images-loaded)" "1 of 4 missing"
# A script error: Chromium logs it as a console message.
sed "s/^'use strict';\$/'use strict'; noSuchFunction();/" lib/index.html > lib/error.html
check "the script error is in the broken copy" grep -q noSuchFunction lib/error.html
browse "file://$WORK/lib/error.html" error
check "a script error is a console message" grep -q 'noSuchFunction is not defined' <(console_messages error)

echo "preview_browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
