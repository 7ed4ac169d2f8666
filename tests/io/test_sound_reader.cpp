#include <doctest/doctest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/sound_reader.hpp"
#include "support/temp_dir.hpp"
#include "support/write_sound.hpp"

namespace tingle::io {
namespace {

// A ramp: sample i of channel c is (i * channels + c) / 2^20, so positions can be checked.
std::vector<float> Ramp(int frames, int channels) {
  std::vector<float> samples(static_cast<std::size_t>(frames * channels));
  for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = static_cast<float>(i) / 1048576.0f;
  return samples;
}

}  // namespace

TEST_SUITE("io") {
  TEST_CASE("SoundReader: reads a file in pieces, skips ahead, stops at the end") {
    test::TempDir dir;
    for (const int format : {SF_FORMAT_WAV | SF_FORMAT_FLOAT, SF_FORMAT_FLAC | SF_FORMAT_PCM_24}) {
      INFO("format: " << format);
      const std::string path = dir.File("ramp.audio");
      const std::vector<float> ramp = Ramp(10000, 2);
      test::WriteSound(path, 44100, 2, ramp, format);
      SoundReader reader(path);
      CHECK(reader.sample_rate() == 44100);
      CHECK(reader.channels() == 2);
      CHECK(reader.frames() == 10000);
      std::vector<float> piece(2 * 3000);
      CHECK(reader.Read(piece.data(), 1000) == 1000);
      CHECK(piece[2 * 999 + 1] == doctest::Approx(ramp[2 * 999 + 1]).epsilon(1e-6));
      reader.Skip(5000);  // now at frame 6000
      CHECK(reader.Read(piece.data(), 3000) == 3000);
      CHECK(piece[0] == doctest::Approx(ramp[2 * 6000]).epsilon(1e-6));
      // Only 1000 frames are left, and then none; a skip past the end stops there.
      CHECK(reader.Read(piece.data(), 3000) == 1000);
      CHECK(piece[2 * 999] == doctest::Approx(ramp[2 * 9999]).epsilon(1e-6));
      reader.Skip(100);
      CHECK(reader.Read(piece.data(), 3000) == 0);
    }
  }

  TEST_CASE("SoundReader: the title and comment tingle writes are read back") {
    test::TempDir dir;
    const std::string path = dir.File("tagged.wav");
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    REQUIRE(file != nullptr);
    sf_set_string(file, SF_STR_TITLE, "Rain, whispers");
    sf_set_string(file, SF_STR_COMMENT, "seed=42 recipe=fnv1a64:0123456789abcdef");
    const std::vector<float> silence(480, 0.0f);
    sf_writef_float(file, silence.data(), 480);
    sf_close(file);
    const SoundReader reader(path);
    CHECK(reader.title() == "Rain, whispers");
    CHECK(reader.comment() == "seed=42 recipe=fnv1a64:0123456789abcdef");
    CHECK(reader.frames() == 480);
  }

  TEST_CASE("SoundReader: files that are not sound, or not whole, are one-line errors") {
    test::TempDir dir;
    const std::string text = dir.File("notes.wav");
    std::ofstream(text) << "not audio at all, just some words in a file";
    CHECK_THROWS_WITH_AS(SoundReader{text}, "not a sound file (format not recognised)", SoundFileError);
    const std::string empty = dir.File("empty.wav");
    std::ofstream{empty};
    CHECK_THROWS_WITH_AS(SoundReader{empty}, "empty file (0 bytes)", SoundFileError);
    CHECK_THROWS_WITH_AS(SoundReader{dir.path()}, "is a folder, not a sound file", SoundFileError);
    CHECK_THROWS_WITH_AS(SoundReader{dir.File("missing.wav")}, "cannot read: No such file or directory",
                         SoundFileError);
    // A FLAC stream cut short fails when its end is read.
    const std::string cut = dir.File("cut.flac");
    std::vector<float> noise(2 * 48000);
    for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = 0.5f * std::sin(0.37f * static_cast<float>(i * i % 1000));
    test::WriteSound(cut, 48000, 2, noise, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
    SoundReader reader(cut);
    std::vector<float> all(noise.size());
    CHECK_THROWS_WITH_AS(reader.Read(all.data(), 48000), "corrupt (flac decoder lost sync)", SoundFileError);
  }
}

}  // namespace tingle::io
