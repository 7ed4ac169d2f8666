// Output containers by name and extension; the combinations CheckOutputSpec refuses.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/output_spec.hpp"
#include "io/sink.hpp"

namespace tingle::io {
namespace {

namespace fs = std::filesystem;

OutputSpec Spec(Container container, SampleFormat format, int rate = 48000,
                const std::string& path = "out") {
  OutputSpec spec;
  spec.path = path;
  spec.container = container;
  spec.sample_format = format;
  spec.sample_rate = rate;
  spec.total_frames = 480;
  return spec;
}

}  // namespace

TEST_SUITE("io") {

TEST_CASE("ContainerFromName: the four names in any case, nothing else") {
  CHECK(ContainerFromName("wav") == Container::kWav);
  CHECK(ContainerFromName("FLAC") == Container::kFlac);
  CHECK(ContainerFromName("Ogg") == Container::kOgg);
  CHECK(ContainerFromName("raw") == Container::kRaw);
  CHECK_FALSE(ContainerFromName("mp3").has_value());
  CHECK_FALSE(ContainerFromName("").has_value());
  CHECK_FALSE(ContainerFromName("wave").has_value());
}

TEST_CASE("ContainerFromPath: the extension decides, case-insensitively") {
  CHECK(ContainerFromPath("night.wav") == Container::kWav);
  CHECK(ContainerFromPath("out/Night.WAV") == Container::kWav);
  CHECK(ContainerFromPath("long.rf64") == Container::kWav);
  CHECK(ContainerFromPath("a/b.c/night.flac") == Container::kFlac);
  CHECK(ContainerFromPath("night.ogg") == Container::kOgg);
  CHECK(ContainerFromPath("night.OGA") == Container::kOgg);
  CHECK(ContainerFromPath("night.raw") == Container::kRaw);
  CHECK_FALSE(ContainerFromPath("night.mp3").has_value());
  CHECK_FALSE(ContainerFromPath("night").has_value());
  CHECK_FALSE(ContainerFromPath("wav").has_value());
  CHECK_FALSE(ContainerFromPath("flac.d/night").has_value());
  CHECK_FALSE(ContainerFromPath("-").has_value());
}

TEST_CASE("CheckOutputSpec: refuses what cannot be written, one line each") {
  CHECK_THROWS_WITH_AS(CheckOutputSpec(Spec(Container::kFlac, SampleFormat::kFloat), true),
                       "FLAC stores integers only: use --bits 16 or 24", OutputError);
  CHECK_THROWS_WITH_AS(CheckOutputSpec(Spec(Container::kOgg, SampleFormat::kPcm24), true),
                       "OGG Vorbis is lossy and has no bit depth: leave out --bits", OutputError);
  CHECK_THROWS_WITH_AS(CheckOutputSpec(Spec(Container::kWav, SampleFormat::kPcm16, 22050), false),
                       "sample rate 22050 Hz is not supported: use 44100, 48000 or 96000",
                       OutputError);
  CHECK_THROWS_WITH_AS(CheckOutputSpec(Spec(Container::kFlac, SampleFormat::kPcm24, 192000), false),
                       "sample rate 192000 Hz is not supported: use 44100, 48000 or 96000",
                       OutputError);
  CHECK_THROWS_WITH_AS(
      CheckOutputSpec(Spec(Container::kFlac, SampleFormat::kPcm16, 48000, "-"), false),
      "FLAC cannot be written to standard output: use --format wav or raw, or a file name",
      OutputError);
  CHECK_THROWS_WITH_AS(
      CheckOutputSpec(Spec(Container::kOgg, SampleFormat::kPcm16, 48000, "-"), false),
      "OGG cannot be written to standard output: use --format wav or raw, or a file name",
      OutputError);
  CHECK_THROWS_WITH_AS(CheckOutputSpec(Spec(Container::kWav, SampleFormat::kPcm16, 48000, ""), false),
                       "the output path is empty", OutputError);
}

TEST_CASE("CheckOutputSpec: accepts the documented combinations") {
  for (const int rate : {44100, 48000, 96000}) {
    INFO("rate: " << rate);
    for (const SampleFormat format :
         {SampleFormat::kPcm16, SampleFormat::kPcm24, SampleFormat::kFloat}) {
      CHECK_NOTHROW(CheckOutputSpec(Spec(Container::kWav, format, rate), true));
      CHECK_NOTHROW(CheckOutputSpec(Spec(Container::kRaw, format, rate, "-"), true));
      CHECK_NOTHROW(CheckOutputSpec(Spec(Container::kWav, format, rate, "-"), true));
    }
    CHECK_NOTHROW(CheckOutputSpec(Spec(Container::kFlac, SampleFormat::kPcm16, rate), true));
    CHECK_NOTHROW(CheckOutputSpec(Spec(Container::kFlac, SampleFormat::kPcm24, rate), true));
    // The default sample format is not the user's choice: OGG ignores it.
    CHECK_NOTHROW(CheckOutputSpec(Spec(Container::kOgg, SampleFormat::kPcm16, rate), false));
  }
}

TEST_CASE("CheckOutputSpec: every combination it accepts opens and writes a file") {
  // The DEPS §4 trap: sf_format_check passes combinations sf_open then refuses. Anything
  // CheckOutputSpec lets through must really open, here through OpenSink.
  std::string pattern = (fs::temp_directory_path() / "tingle-io-test-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const fs::path dir = pattern;
  const std::vector<float> silence(2 * 480, 0.0f);
  int opened = 0;
  for (const Container container :
       {Container::kWav, Container::kFlac, Container::kOgg, Container::kRaw}) {
    for (const SampleFormat format :
         {SampleFormat::kPcm16, SampleFormat::kPcm24, SampleFormat::kFloat}) {
      for (const int rate : {44100, 48000, 96000}) {
        OutputSpec spec = Spec(container, format, rate, (dir / "out").string());
        const bool bits_given = container != Container::kOgg;
        bool accepted = true;
        try {
          CheckOutputSpec(spec, bits_given);
        } catch (const OutputError&) {
          accepted = false;
        }
        if (!accepted) continue;
        INFO("container " << static_cast<int>(container) << " format "
                          << static_cast<int>(format) << " rate " << rate);
        CHECK_NOTHROW([&] {
          auto sink = OpenSink(spec);
          sink->Write(silence.data(), 480);
          sink->Commit();
        }());
        ++opened;
      }
    }
  }
  // WAV 3×3, FLAC 2×3, OGG 3×3 (its sample format is ignored), raw 3×3.
  CHECK(opened == 9 + 6 + 9 + 9);
  fs::remove_all(dir);
}

}  // TEST_SUITE("io")
}  // namespace tingle::io
