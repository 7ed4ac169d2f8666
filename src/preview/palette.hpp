// The spectrogram's colour map: matplotlib's "inferno" (van der Walt and Smith, 2015),
// perceptually uniform and readable in grey scale, from black (silence) through purple
// and orange to pale yellow (loudest), as ten evenly spaced stops interpolated linearly.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>

#include "preview/rgb_image.hpp"

namespace tingle::preview {

// Colour for t in [0, 1] (clamped): 0 is the floor, 1 the top of the scale.
inline Rgb PaletteColour(double t) {
  static constexpr std::array<Rgb, 10> kStops = {{
      {0x00, 0x00, 0x04}, {0x1b, 0x0c, 0x42}, {0x4b, 0x0c, 0x6b}, {0x78, 0x1c, 0x6d}, {0xa5, 0x2c, 0x60},
      {0xcf, 0x44, 0x46}, {0xed, 0x69, 0x25}, {0xfb, 0x9a, 0x06}, {0xf7, 0xd0, 0x3c}, {0xfc, 0xff, 0xa4},
  }};
  const double position = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
  const auto below = std::min(static_cast<std::size_t>(position), kStops.size() - 2);
  const double fraction = position - static_cast<double>(below);
  Rgb colour{};
  for (std::size_t i = 0; i < 3; ++i) {
    const double low = kStops[below][i];
    const double high = kStops[below + 1][i];
    colour[i] = static_cast<std::uint8_t>(std::lround(low + fraction * (high - low)));
  }
  return colour;
}

}  // namespace tingle::preview
