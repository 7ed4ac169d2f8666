// Source sound files: where names are looked for, each way a file can be bad (one exact
// line each), and resampling to the render rate.
#include <doctest/doctest.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "core/units.hpp"
#include "io/resample.hpp"
#include "io/sample_file.hpp"
#include "support/temp_dir.hpp"
#include "support/write_sound.hpp"

namespace tingle::io {
namespace {

using test::WriteSound;


std::vector<float> Noise(std::size_t count, std::uint64_t seed) {
  Pcg32 random(seed);
  std::vector<float> x(count);
  for (float& v : x) v = 0.5f * random.SignedFloat();
  return x;
}

// The SampleFileError's message, or "(no error)".
std::string ReadError(const std::filesystem::path& path, double max_seconds = 60.0) {
  try {
    ReadSampleFile(path, max_seconds);
  } catch (const SampleFileError& error) {
    return error.what();
  }
  return "(no error)";
}

std::string FindError(const std::string& name, const std::vector<std::filesystem::path>& folders) {
  try {
    FindSampleFile(name, folders);
  } catch (const SampleFileError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("io") {
  TEST_CASE(
      "SampleFile: a relative name is found next to the recipe first, then in the samples "
      "folders") {
    test::TempDir dir;
    const std::filesystem::path recipes = dir.path() / "recipes";
    const std::filesystem::path samples = dir.path() / "samples";
    std::filesystem::create_directories(recipes);
    std::filesystem::create_directories(samples);
    const std::vector<float> clip = Noise(4800, 1);
    WriteSound(samples / "hair.flac", 48000, 1, clip, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    const std::vector<std::filesystem::path> folders{recipes, samples};

    CHECK(FindSampleFile("hair.flac", folders) == samples / "hair.flac");
    // "samples/x" inside a samples folder is x: a recipe anywhere may name the clip so.
    CHECK(FindSampleFile("samples/hair.flac", folders) == samples / "hair.flac");
    // Next to the recipe wins.
    WriteSound(recipes / "hair.flac", 48000, 1, clip, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    CHECK(FindSampleFile("hair.flac", folders) == recipes / "hair.flac");
    // A folder below the recipe's is relative to it.
    std::filesystem::create_directories(recipes / "clips");
    WriteSound(recipes / "clips" / "a.wav", 48000, 1, clip, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    CHECK(FindSampleFile("clips/a.wav", folders) == recipes / "clips" / "a.wav");
    // Absolute names are taken as they are.
    CHECK(FindSampleFile((samples / "hair.flac").string(), folders) == samples / "hair.flac");
    // The decoded clip is the one written (16-bit FLAC: libsndfile writes x × 32767 and
    // reads n / 32768, so within a step and a half of 1 / 32768).
    const SampleFile read = ReadSampleFile(samples / "hair.flac", 60.0);
    CHECK(read.sample_rate == 48000);
    CHECK(read.channels == 1);
    REQUIRE(read.samples.size() == clip.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < clip.size(); ++i) {
      worst = std::max(worst, std::fabs(static_cast<double>(read.samples[i]) - clip[i]));
    }
    CHECK(worst <= 1.5 / 32768.0);
  }

  TEST_CASE("SampleFile: SampleFolders starts at the recipe's folder, absolute and normalised") {
    test::TempDir dir;
    const auto folders = SampleFolders(dir.path() / "a" / ".." / "recipes" / "");
    REQUIRE_FALSE(folders.empty());
    CHECK(folders.front() == dir.path() / "recipes");
    // A recipe named without a folder is in the current one.
    CHECK(SampleFolders("").front() == std::filesystem::current_path());
  }

  TEST_CASE("SampleFile: a missing file names the folders it was looked for in") {
    test::TempDir dir;
    const std::vector<std::filesystem::path> one{dir.path() / "a"};
    const std::vector<std::filesystem::path> two{dir.path() / "a", dir.path() / "b"};
    const std::vector<std::filesystem::path> three{dir.path() / "a", dir.path() / "b",
                                                   dir.path() / "c"};
    const std::string a = (dir.path() / "a").string(), b = (dir.path() / "b").string(),
                      c = (dir.path() / "c").string();
    CHECK(FindError("x.flac", one) == "no such file (looked in " + a + ")");
    CHECK(FindError("samples/x.flac", two) == "no such file (looked in " + a + " and " + b + ")");
    CHECK(FindError("x.flac", three) ==
          "no such file (looked in " + a + ", " + b + " and " + c + ")");
    CHECK(FindError("/nonexistent/x.flac", two) == "no such file");
  }

  TEST_CASE(
      "SampleFile: empty, not-audio, truncated and other bad files each give one exact line") {
    test::TempDir dir;
    const auto path = [&](const std::string& name) { return dir.path() / name; };

    std::ofstream(path("empty.flac")).close();
    CHECK(ReadError(path("empty.flac")) == "empty file (0 bytes)");

    std::ofstream(path("text.flac")) << "not audio at all\n";
    CHECK(ReadError(path("text.flac")) == "not a sound file (format not recognised)");

    std::filesystem::create_directories(path("folder.wav"));
    CHECK(ReadError(path("folder.wav")) == "is a folder, not a sound file");

    WriteSound(path("silent.wav"), 48000, 1, {}, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    CHECK(ReadError(path("silent.wav")) == "has no audio (0 frames)");

    // A FLAC stream cut to a third. How many frames decode before the cut depends on
    // libFLAC's frame sizes, so the count is checked apart.
    WriteSound(path("whole.flac"), 48000, 1, Noise(96000, 2), SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    const auto bytes = std::filesystem::file_size(path("whole.flac"));
    std::filesystem::copy_file(path("whole.flac"), path("cut.flac"));
    std::filesystem::resize_file(path("cut.flac"), bytes / 3);
    const std::string cut = ReadError(path("cut.flac"));
    const std::string head = "truncated or corrupt (decoded ";
    const std::string tail = " of 96000 frames)";
    INFO("cut: " << cut);
    REQUIRE(cut.size() > head.size() + tail.size());
    CHECK(cut.substr(0, head.size()) == head);
    CHECK(cut.substr(cut.size() - tail.size()) == tail);
    const long decoded = std::stol(cut.substr(head.size()));
    CHECK(decoded > 0);
    CHECK(decoded < 96000);
    CHECK(ReadError(path("whole.flac")) == "(no error)");

    WriteSound(path("nine.wav"), 48000, 9, std::vector<float>(9 * 100, 0.0f),
               SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    CHECK(ReadError(path("nine.wav")) == "unsupported: 9 channels (at most 8)");

    WriteSound(path("slow.wav"), 4000, 1, Noise(400, 3), SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    CHECK(ReadError(path("slow.wav")) == "unsupported: sample rate 4000 Hz (8000 to 384000 Hz)");

    WriteSound(path("long.wav"), 8000, 1, Noise(8000 * 3, 4), SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    CHECK(ReadError(path("long.wav"), 2.0) == "too long (3s; at most 2s)");
    CHECK(ReadError(path("long.wav"), 3.0) == "(no error)");

    // Not readable: root reads anything, so only an ordinary user can see this one.
    WriteSound(path("locked.wav"), 48000, 1, Noise(100, 5), SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    ::chmod(path("locked.wav").c_str(), 0);
    if (::geteuid() != 0) {
      CHECK(ReadError(path("locked.wav")) == "cannot read: Permission denied");
    }
  }

  TEST_CASE("Resample: 44.1 kHz to 48 kHz keeps a sine's frequency") {
    constexpr double kIn = 44100.0, kOut = 48000.0, kHz = 1000.0;
    std::vector<float> sine(static_cast<std::size_t>(kIn));  // one second
    for (std::size_t i = 0; i < sine.size(); ++i) {
      sine[i] = static_cast<float>(0.5 * std::sin(kTwoPi * kHz * static_cast<double>(i) / kIn));
    }
    const std::vector<float> out = Resample(sine, kIn, kOut);
    CHECK(out.size() == 48000);
    // Against the best-fitting 1 kHz sine at 48 kHz, away from the ends: the residual is
    // the converter's error; a wrong rate (even by 0.01 %) or a delay would leave a large
    // one. Amplitude kept too.
    double sin_sum = 0.0, cos_sum = 0.0;
    const std::size_t begin = 4800, end = out.size() - 4800;
    for (std::size_t i = begin; i < end; ++i) {
      const double phase = kTwoPi * kHz * static_cast<double>(i) / kOut;
      sin_sum += out[i] * std::sin(phase);
      cos_sum += out[i] * std::cos(phase);
    }
    const double scale = 2.0 / static_cast<double>(end - begin);
    const double a = sin_sum * scale, b = cos_sum * scale;
    double residual = 0.0, power = 0.0;
    for (std::size_t i = begin; i < end; ++i) {
      const double phase = kTwoPi * kHz * static_cast<double>(i) / kOut;
      const double fit = a * std::sin(phase) + b * std::cos(phase);
      residual += (out[i] - fit) * (out[i] - fit);
      power += fit * fit;
    }
    CHECK(std::hypot(a, b) == doctest::Approx(0.5).epsilon(1e-3));
    CHECK(std::fabs(b) < 1e-3);  // no delay: in phase with the input's sine
    CHECK(10.0 * std::log10(residual / power) < -100.0);
  }

}  // TEST_SUITE

}  // namespace tingle::io
