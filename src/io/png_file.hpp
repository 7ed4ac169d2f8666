// PNG files (libpng, used only here): 8-bit RGB images with text fields, in and out.
//
// The preview's spectrograms are written with WritePng and read back for their text
// fields (what the picture was drawn from, so an up-to-date one is not drawn again).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tingle::io {

struct PngImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;            // rows top to bottom, R G B per pixel
  std::map<std::string, std::string> text;  // tEXt fields: keyword (1-79 Latin-1
                                            // characters) -> Latin-1 text
};

// Writes `image` (rgb.size() == width * height * 3) under a temporary name beside `path`
// and renames it (io/staged_file.hpp), so a reader never sees half a picture. A picture
// of at most 256 colours is stored with a palette (lossless, a third of the size before
// compression: a spectrogram drawn from a 256-step colour map). Throws
// IoError `cannot create "<path>": <reason>` / `cannot write "<path>": <reason>`.
void WritePng(const std::string& path, const PngImage& image);

// Reads any PNG as 8-bit RGB (palette, grey, alpha and 16-bit are converted; alpha is
// dropped) with its text fields. Throws IoError `cannot read "<path>": <reason>`, for
// instance `not a PNG file` or libpng's words for a corrupt one.
PngImage ReadPng(const std::string& path);

}  // namespace tingle::io
