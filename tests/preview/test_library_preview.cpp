#include <doctest/doctest.h>
#include <sndfile.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/units.hpp"
#include "io/item_record.hpp"
#include "io/png_file.hpp"
#include "preview/library_preview.hpp"
#include "preview/spectrogram_picture.hpp"
#include "support/temp_dir.hpp"
#include "support/write_sound.hpp"

namespace tingle::preview {
namespace {

constexpr int kRate = 48000;

// `seconds` of a sine at `hz`, amplitude `amplitude`, on every channel.
std::vector<float> Sine(double hz, double amplitude, double seconds, int channels) {
  const auto frames = static_cast<std::size_t>(seconds * kRate);
  std::vector<float> samples(frames * static_cast<std::size_t>(channels));
  for (std::size_t n = 0; n < frames; ++n) {
    const auto value = static_cast<float>(amplitude * std::sin(kTwoPi * hz * static_cast<double>(n) / kRate));
    for (int c = 0; c < channels; ++c) samples[n * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = value;
  }
  return samples;
}

void WriteTagged(const std::filesystem::path& path, const std::vector<float>& stereo, const char* comment) {
  SF_INFO info{};
  info.samplerate = kRate;
  info.channels = 2;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  REQUIRE(file != nullptr);
  sf_set_string(file, SF_STR_COMMENT, comment);
  sf_writef_float(file, stereo.data(), static_cast<sf_count_t>(stereo.size() / 2));
  sf_close(file);
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int Count(const std::string& text, const std::string& part) {
  int count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

void WriteMatchingSidecar(const std::filesystem::path& audio, std::uint64_t seed, double lufs) {
  io::ItemRecord record;
  record.path = audio.string();
  record.recipe = "recipes/rain.toml";
  record.seed = seed;
  record.integrated_lufs = lufs;
  record.true_peak_dbtp = -6.25;
  record.bytes = std::filesystem::file_size(audio);
  record.layers = {{"bed", "rain", {{"surface", "window"}}}};
  io::WriteSidecar(record);
}

double TextNumber(const io::PngImage& image, const char* key) {
  REQUIRE(image.text.count(key) == 1);
  return std::strtod(image.text.at(key).c_str(), nullptr);
}

}  // namespace

TEST_SUITE("preview") {
  TEST_CASE("Preview: a card per file, each picture drawn once, the same page when run again") {
    test::TempDir dir;
    const std::filesystem::path lib = dir.path() / "lib";
    std::filesystem::create_directories(lib / "sub");
    test::WriteSound((lib / "a.wav").string(), kRate, 2, Sine(1000.0, 0.1, 1.0, 2));
    test::WriteSound((lib / "b.flac").string(), kRate, 2, Sine(300.0, 0.1, 0.5, 2), SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    test::WriteSound((lib / "sub" / "c.wav").string(), kRate, 1, Sine(5000.0, 0.1, 0.25, 1));
    WriteMatchingSidecar(lib / "sub" / "c.wav", 9, -31.5);

    const PreviewReport first = WriteLibraryPreview(lib);
    CHECK(first.page == lib / "index.html");
    CHECK(first.files == 3);
    CHECK(first.drawn == 3);
    CHECK(first.problems.empty());
    const std::string page = ReadText(lib / "index.html");
    CHECK(Count(page, "<article class=\"card\"") == 3);
    // In name order, with pictures under .preview/ mirroring the files.
    CHECK(page.find("<h2>a.wav</h2>") < page.find("<h2>b.flac</h2>"));
    CHECK(page.find("<h2>b.flac</h2>") < page.find("<h2>sub/c.wav</h2>"));
    CHECK(page.find("src=\".preview/sub/c.wav.png\"") != std::string::npos);
    const io::PngImage picture = io::ReadPng((lib / ".preview" / "sub" / "c.wav.png").string());
    CHECK(picture.width == SpectrogramPicture::kWidth);
    CHECK(picture.height == SpectrogramPicture::kHeight);
    const auto drawn_at = std::filesystem::last_write_time(lib / ".preview" / "a.wav.png");

    const PreviewReport second = WriteLibraryPreview(lib);
    CHECK(second.files == 3);
    CHECK(second.drawn == 0);
    CHECK(ReadText(lib / "index.html") == page);
    CHECK(std::filesystem::last_write_time(lib / ".preview" / "a.wav.png") == drawn_at);
  }

  TEST_CASE("Preview: a changed file is drawn again, a removed one loses its picture") {
    test::TempDir dir;
    const std::filesystem::path lib = dir.path();
    test::WriteSound((lib / "a.wav").string(), kRate, 2, Sine(1000.0, 0.1, 1.0, 2));
    test::WriteSound((lib / "b.wav").string(), kRate, 2, Sine(500.0, 0.1, 1.0, 2));
    CHECK(WriteLibraryPreview(lib).drawn == 2);
    test::WriteSound((lib / "a.wav").string(), kRate, 2, Sine(2000.0, 0.1, 2.0, 2));
    std::filesystem::remove(lib / "b.wav");
    const PreviewReport report = WriteLibraryPreview(lib);
    CHECK(report.files == 1);
    CHECK(report.drawn == 1);
    CHECK(std::filesystem::exists(lib / ".preview" / "a.wav.png"));
    CHECK_FALSE(std::filesystem::exists(lib / ".preview" / "b.wav.png"));
    // A picture drawn over with another version's is redrawn too.
    io::PngImage old = io::ReadPng((lib / ".preview" / "a.wav.png").string());
    old.text["tingle-drawing"] = "0";
    io::WritePng((lib / ".preview" / "a.wav.png").string(), old);
    CHECK(WriteLibraryPreview(lib).drawn == 1);
  }

  TEST_CASE("Preview: without a sidecar the file is measured: loudness, true peak, seed, spectrum") {
    test::TempDir dir;
    // A 1 kHz sine at amplitude 0.1 on both channels is -20 LUFS (BS.1770's calibration:
    // 0 dBFS at 1 kHz reads -3.01 LUFS on one channel) and -20 dBTP; on one channel of a
    // mono file, -23 LUFS.
    WriteTagged(dir.path() / "stereo.wav", Sine(1000.0, 0.1, 3.0, 2), "seed=42 recipe=fnv1a64:0123456789abcdef");
    test::WriteSound((dir.path() / "mono.wav").string(), kRate, 1, Sine(1000.0, 0.1, 3.0, 1));
    const PreviewReport report = WriteLibraryPreview(dir.path());
    REQUIRE(report.files == 2);
    const io::PngImage stereo = io::ReadPng((dir.path() / ".preview" / "stereo.wav.png").string());
    CHECK(TextNumber(stereo, "tingle-loudness-lufs") == doctest::Approx(-20.0).epsilon(0.005));
    CHECK(TextNumber(stereo, "tingle-true-peak-dbtp") == doctest::Approx(-20.0).epsilon(0.005));
    const io::PngImage mono = io::ReadPng((dir.path() / ".preview" / "mono.wav.png").string());
    CHECK(TextNumber(mono, "tingle-loudness-lufs") == doctest::Approx(-23.01).epsilon(0.005));
    const std::string page = ReadText(dir.path() / "index.html");
    CHECK(page.find("<dd>-20.0 LUFS</dd>") != std::string::npos);
    CHECK(page.find("<dd>-20.0 dBTP</dd>") != std::string::npos);
    CHECK(page.find("<dt>seed</dt><dd>42</dd>") != std::string::npos);
    CHECK(page.find("No sidecar (mono.wav.json)") != std::string::npos);
    // The picture's brightest pixel in the middle column is on 1 kHz's row.
    const int x = SpectrogramPicture::kPlotLeft + SpectrogramPicture::kPlotWidth / 2;
    int brightest_y = 0, brightest = -1;
    for (int y = SpectrogramPicture::kPlotTop; y < SpectrogramPicture::kPlotTop + SpectrogramPicture::kPlotHeight; ++y) {
      const std::size_t i = (static_cast<std::size_t>(y) * SpectrogramPicture::kWidth + static_cast<std::size_t>(x)) * 3;
      const int sum = stereo.rgb[i] + stereo.rgb[i + 1] + stereo.rgb[i + 2];
      if (sum > brightest) {
        brightest = sum;
        brightest_y = y;
      }
    }
    const int row = SpectrogramPicture::kPlotTop + SpectrogramPicture::kPlotHeight - 1 - brightest_y;
    // Rows of equal width in log frequency from 40 Hz to 24 kHz.
    const int expected = static_cast<int>(SpectrogramPicture::kPlotHeight * std::log(1000.0 / 40.0) / std::log(600.0));
    CHECK(std::abs(row - expected) <= 1);
  }

  TEST_CASE("Preview: a sidecar's facts are shown when it describes this file") {
    test::TempDir dir;
    test::WriteSound((dir.path() / "a.wav").string(), kRate, 2, Sine(1000.0, 0.1, 0.5, 2));
    test::WriteSound((dir.path() / "b.wav").string(), kRate, 2, Sine(1000.0, 0.1, 0.5, 2));
    WriteMatchingSidecar(dir.path() / "a.wav", 9, -31.5);
    WriteMatchingSidecar(dir.path() / "b.wav", 10, -32.5);
    // b.wav rendered again (longer) without its sidecar: the old one no longer applies.
    test::WriteSound((dir.path() / "b.wav").string(), kRate, 2, Sine(1000.0, 0.1, 1.0, 2));
    WriteLibraryPreview(dir.path());
    const std::string page = ReadText(dir.path() / "index.html");
    CHECK(page.find("<dd>-31.5 LUFS</dd>") != std::string::npos);
    CHECK(page.find("<dd>-6.2 dBTP</dd>") != std::string::npos);
    CHECK(page.find("<dt>seed</dt><dd>9</dd>") != std::string::npos);
    CHECK(page.find("<td>bed</td><td>rain</td>") != std::string::npos);
    CHECK(page.find("-32.5 LUFS") == std::string::npos);
    CHECK(page.find("No sidecar (b.wav.json)") != std::string::npos);
    // The sidecar's file needed no measuring: its picture records no levels.
    const io::PngImage a = io::ReadPng((dir.path() / ".preview" / "a.wav.png").string());
    CHECK(a.text.count("tingle-loudness-lufs") == 0);
  }

  TEST_CASE("Preview: a missing folder, a file, a folder without audio are errors naming them") {
    test::TempDir dir;
    const std::filesystem::path missing = dir.path() / "missing";
    CHECK_THROWS_WITH_AS(WriteLibraryPreview(missing), ("\"" + missing.string() + "\": no such folder").c_str(),
                         PreviewError);
    std::ofstream(dir.path() / "notes.txt") << "x";
    CHECK_THROWS_WITH_AS(WriteLibraryPreview(dir.path() / "notes.txt"),
                         ("\"" + (dir.path() / "notes.txt").string() + "\": not a folder").c_str(), PreviewError);
    CHECK_THROWS_WITH_AS(
        WriteLibraryPreview(dir.path()),
        ("\"" + dir.path().string() + "\": no audio files (.wav .rf64 .flac .ogg .oga .aif .aiff)").c_str(),
        PreviewError);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "index.html"));
  }

  TEST_CASE("Preview: a file that cannot be read gets a card and a problem line, the rest still show") {
    test::TempDir dir;
    test::WriteSound((dir.path() / "good.wav").string(), kRate, 2, Sine(1000.0, 0.1, 0.5, 2));
    std::ofstream(dir.path() / "bad.wav") << "not a sound file, only words";
    const PreviewReport report = WriteLibraryPreview(dir.path());
    CHECK(report.files == 2);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0] == "\"" + (dir.path() / "bad.wav").string() + "\": not a sound file (format not recognised)");
    const std::string page = ReadText(dir.path() / "index.html");
    CHECK(page.find("Cannot be read: not a sound file (format not recognised)") != std::string::npos);
    CHECK(Count(page, "<img src=") == 1);
  }

  TEST_CASE("Preview: an interrupt stops it before the page is written") {
    test::TempDir dir;
    test::WriteSound((dir.path() / "a.wav").string(), kRate, 2, Sine(1000.0, 0.1, 0.5, 2));
    const std::atomic<bool> interrupt{true};
    // While drawing, and between files whose pictures are up to date (nothing decoded).
    CHECK_THROWS_AS(WriteLibraryPreview(dir.path(), {.interrupt = &interrupt}), PreviewInterrupted);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "index.html"));
    WriteLibraryPreview(dir.path());
    std::filesystem::remove(dir.path() / "index.html");
    CHECK_THROWS_AS(WriteLibraryPreview(dir.path(), {.interrupt = &interrupt}), PreviewInterrupted);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "index.html"));
  }
}

}  // namespace tingle::preview
