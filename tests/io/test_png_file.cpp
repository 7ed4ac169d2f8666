#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/output_spec.hpp"
#include "io/png_file.hpp"
#include "support/temp_dir.hpp"

namespace tingle::io {
namespace {

std::vector<std::uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::uint32_t BigEndian(const std::vector<std::uint8_t>& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

PngImage Gradient(int width, int height) {
  PngImage image;
  image.width = width;
  image.height = height;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.rgb.push_back(static_cast<std::uint8_t>(x));
      image.rgb.push_back(static_cast<std::uint8_t>(y));
      image.rgb.push_back(static_cast<std::uint8_t>(x ^ y));
    }
  }
  image.text = {{"Software", "tingle"}, {"tingle-source", "bytes=12 mtime_ns=34"}};
  return image;
}

}  // namespace

TEST_SUITE("io") {
  TEST_CASE("PngFile: the file is a PNG of the right size, and reads back the same") {
    test::TempDir dir;
    const std::string path = dir.File("picture.png");
    const PngImage written = Gradient(300, 70);
    WritePng(path, written);
    const std::vector<std::uint8_t> bytes = ReadBytes(path);
    REQUIRE(bytes.size() > 33);
    // The signature, then IHDR first: width, height, bit depth 8, colour type 2 (RGB).
    CHECK(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 8) ==
          std::vector<std::uint8_t>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    CHECK(std::string(bytes.begin() + 12, bytes.begin() + 16) == "IHDR");
    CHECK(BigEndian(bytes, 16) == 300);
    CHECK(BigEndian(bytes, 20) == 70);
    CHECK(bytes[24] == 8);
    CHECK(bytes[25] == 2);
    const PngImage read = ReadPng(path);
    CHECK(read.width == 300);
    CHECK(read.height == 70);
    CHECK(read.rgb == written.rgb);
    CHECK(read.text == written.text);
    // Nothing but the picture is left in the folder.
    CHECK(dir.Entries() == std::vector<std::string>{"picture.png"});
  }

  TEST_CASE("PngFile: what is not a readable PNG is an error naming the file") {
    test::TempDir dir;
    const std::string text = dir.File("notes.png");
    std::ofstream(text) << "hello, not a picture";
    CHECK_THROWS_WITH_AS(ReadPng(text), ("cannot read \"" + text + "\": not a PNG file").c_str(), IoError);
    const std::string missing = dir.File("missing.png");
    CHECK_THROWS_WITH_AS(ReadPng(missing), ("cannot read \"" + missing + "\": No such file or directory").c_str(),
                         IoError);
    // Cut short inside the pixels: libpng's own words follow the name.
    const std::string cut = dir.File("cut.png");
    WritePng(cut, Gradient(300, 70));
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
    CHECK_THROWS_AS(ReadPng(cut), IoError);
  }

  TEST_CASE("PngFile: an unwritable destination is an error, and nothing is left behind") {
    test::TempDir dir;
    const std::string path = dir.File("no/such/folder/p.png");
    CHECK_THROWS_WITH_AS(WritePng(path, Gradient(4, 4)),
                         ("cannot create \"" + path + "\": No such file or directory").c_str(), IoError);
    CHECK(dir.Entries().empty());
  }
}

}  // namespace tingle::io
