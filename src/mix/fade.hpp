// Equal-power fade gains over a span of frames.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/units.hpp"

namespace tingle::mix {

// Gain of a fade-in and fade-out envelope at `frame` of a span [0, length): sin(pi/2 x)
// rises over fade_in frames and falls over the last fade_out frames. Equal power, so two
// uncorrelated layers cross-faded this way keep a constant loudness.
inline double FadeGain(std::int64_t frame, std::int64_t length, std::int64_t fade_in,
                       std::int64_t fade_out) {
  if (frame < 0 || frame >= length) return 0.0;
  double gain = 1.0;
  if (fade_in > 0 && frame < fade_in) {
    gain *= std::sin(0.5 * kPi * static_cast<double>(frame) / static_cast<double>(fade_in));
  }
  const std::int64_t to_end = length - frame;
  if (fade_out > 0 && to_end <= fade_out) {
    gain *= std::sin(0.5 * kPi * static_cast<double>(to_end - 1) / static_cast<double>(fade_out));
  }
  return gain;
}

// Fades longer than the span shrink in proportion so both fit.
inline void FitFades(std::int64_t length, std::int64_t& fade_in, std::int64_t& fade_out) {
  const std::int64_t total = fade_in + fade_out;
  if (total <= length || total == 0) return;
  fade_in = fade_in * length / total;
  fade_out = length - fade_in;
}

}  // namespace tingle::mix
