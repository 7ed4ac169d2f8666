// A 5 x 7 pixel font for axis labels: digits and the few letters they need ("1k", "30s",
// "2m", "1h", "0.5s"). Each glyph row is five bits, the leftmost pixel in bit 4.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "preview/rgb_image.hpp"

namespace tingle::preview {

inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;
inline constexpr int kGlyphAdvance = kGlyphWidth + 1;  // one pixel between characters

struct Glyph {
  char character;
  std::array<std::uint8_t, kGlyphHeight> rows;
};

inline constexpr std::array<Glyph, 15> kGlyphs = {{
    {'0', {0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110}},
    {'1', {0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110}},
    {'2', {0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111}},
    {'3', {0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110}},
    {'4', {0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010}},
    {'5', {0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110}},
    {'6', {0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110}},
    {'7', {0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000}},
    {'8', {0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110}},
    {'9', {0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100}},
    {'.', {0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100}},
    {'k', {0b10000, 0b10000, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010}},
    {'s', {0b00000, 0b00000, 0b01110, 0b10000, 0b01110, 0b00001, 0b11110}},
    {'m', {0b00000, 0b00000, 0b11010, 0b10101, 0b10101, 0b10001, 0b10001}},
    {'h', {0b10000, 0b10000, 0b10110, 0b11001, 0b10001, 0b10001, 0b10001}},
}};

// Width in pixels of `text` drawn by DrawText.
inline int TextWidth(std::string_view text) {
  return text.empty() ? 0 : static_cast<int>(text.size()) * kGlyphAdvance - 1;
}

// Draws `text` with its top-left corner at (x, y). A character without a glyph is left
// as a blank, so a missing glyph shows in the picture rather than failing.
inline void DrawText(RgbImage& image, int x, int y, std::string_view text, Rgb colour) {
  for (const char c : text) {
    for (const Glyph& glyph : kGlyphs) {
      if (glyph.character != c) continue;
      for (int row = 0; row < kGlyphHeight; ++row) {
        for (int column = 0; column < kGlyphWidth; ++column) {
          if (glyph.rows[static_cast<std::size_t>(row)] & (1u << (kGlyphWidth - 1 - column))) {
            image.Set(x + column, y + row, colour);
          }
        }
      }
    }
    x += kGlyphAdvance;
  }
}

}  // namespace tingle::preview
