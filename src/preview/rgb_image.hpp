// An 8-bit RGB picture in memory, rows top to bottom, and the few drawing operations the
// spectrogram's axes need.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tingle::preview {

using Rgb = std::array<std::uint8_t, 3>;

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3

  RgbImage(int w, int h, Rgb fill) : width(w), height(h), rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3) {
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
      rgb[i] = fill[0];
      rgb[i + 1] = fill[1];
      rgb[i + 2] = fill[2];
    }
  }

  Rgb at(int x, int y) const {
    const std::size_t i = Index(x, y);
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }

  // Pixels outside the picture are ignored, so labels near an edge need no clipping.
  void Set(int x, int y, Rgb colour) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const std::size_t i = Index(x, y);
    rgb[i] = colour[0];
    rgb[i + 1] = colour[1];
    rgb[i + 2] = colour[2];
  }

  void FillRect(int x, int y, int w, int h, Rgb colour) {
    for (int row = y; row < y + h; ++row) {
      for (int column = x; column < x + w; ++column) Set(column, row, colour);
    }
  }

 private:
  std::size_t Index(int x, int y) const {
    return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
  }
};

}  // namespace tingle::preview
