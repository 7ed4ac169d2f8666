#!/bin/sh
# Regenerates the source clips in samples/ by rendering samples/src/NAME.toml with tingle.
#
#   samples/make_samples.sh [TINGLE]      (default: build/tingle, built from this tree)
#
# Each clip is written straight by tingle (48 kHz, 16-bit FLAC, its own seeded dither):
# the same tingle and recipe give the same bytes. The recipes render mono (width = 0,
# so both channels hold the same signal up to their dither, and FLAC stores little more
# than one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tingle=${1:-$here/../build/tingle}
for name in hair whisper tapping crinkling; do
  "$tingle" render "$here/src/$name.toml" -o "$here/$name.flac" --bits 16 --quiet
  echo "samples/$name.flac: $(wc -c < "$here/$name.flac") bytes"
done
