// Turns a stretch of audio into a seamless loop, so grains may read across its end.
//
// The last `fade` frames are cross-faded into the first ones with equal-power (sine /
// cosine) gains, the usual splice for uncorrelated material such as noise and most
// recordings (a correlated source may swell or dip by up to 3 dB for the fade's length).
// Reading on from the loop's last frame lands on material that followed it in the
// original, so no grain crossing the seam sees a jump. The length is cut to a multiple
// of kLengthMultiple, so every octave level (source_levels.hpp) holds a whole loop.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/units.hpp"

namespace tingle::synth {

class SourceLoop {
 public:
  // Octave levels halve the length three times.
  static constexpr std::size_t kLengthMultiple = 8;
  // Shorter clips are repeated up to this many frames first (a clip of a few
  // milliseconds loops as what it is: a periodic sound).
  static constexpr std::size_t kMinFrames = 1024;

  // A loop made from `audio` (non-empty), whose fade is at most `max_fade` frames and at
  // most a quarter of the audio.
  static std::vector<float> Make(std::vector<float> audio, std::size_t max_fade) {
    const std::size_t original = audio.size();
    while (audio.size() < kMinFrames) {
      audio.insert(audio.end(), audio.begin(), audio.begin() + static_cast<long>(original));
    }
    const std::size_t fade = std::max<std::size_t>(std::min(max_fade, audio.size() / 4), 1);
    const std::size_t length = (audio.size() - fade) / kLengthMultiple * kLengthMultiple;
    // In place (the tail read lies past the loop's end, never overwritten): a long
    // source is held once, not twice.
    for (std::size_t n = 0; n < fade; ++n) {
      const double angle = 0.5 * kPi * (static_cast<double>(n) + 0.5) / static_cast<double>(fade);
      audio[n] = static_cast<float>(std::sin(angle) * static_cast<double>(audio[n]) +
                                    std::cos(angle) * static_cast<double>(audio[length + n]));
    }
    audio.resize(length);
    return audio;
  }
};

}  // namespace tingle::synth
