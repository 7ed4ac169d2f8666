// Loudness measurement and normalisation, and the DC blocker at the head of the master.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/dc_blocker.hpp"
#include "mix/loudness_meter.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"
#include "support/memory_sink.hpp"

namespace tingle::mix {
namespace {

constexpr double kRate = 48000.0;

double Measure(const std::vector<float>& interleaved) {
  LoudnessMeter meter(kRate);
  meter.Add(interleaved.data(), static_cast<int>(interleaved.size() / 2));
  return meter.integrated_lufs();
}

struct Normalised {
  render::RenderReport report;
  std::vector<float> samples;
};

Normalised RenderNormalised(const std::string& recipe_text, double target_lufs) {
  recipe::Recipe recipe = recipe::ParseRecipe(recipe_text, "test.toml");
  recipe.master.loudness_lufs = target_lufs;
  test::MemorySink sink;
  const render::RenderReport report =
      render::RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, {});
  return {report, sink.samples};
}

// A soft noise bed (no limiting at any of the targets below).
constexpr char kBed[] = R"(duration = 8
seed = 3
[master]
fade_in = "1s"
fade_out = "2s"
[[layer]]
name = "bed"
texture = "noise"
color = "pink"
gain = -12
)";

// Nail taps on glass: 20 dB of crest factor, so at -14 LUFS the limiter works hard.
constexpr char kTaps[] = R"(duration = 8
seed = 11
[[layer]]
name = "jar"
texture = "tapping"
material = "glass"
striker = "nail"
)";

}  // namespace

TEST_SUITE("mix") {

TEST_CASE("LoudnessMeter: a 1 kHz sine at -20 dBFS in both channels reads -20 LUFS") {
  // BS.1770: K-weighting is 0 dB at 1 kHz; a full-scale sine in one channel is -3.01 LUFS,
  // so -20 dBFS in two reads -20.0 (libebur128 gives -19.993, DEPS §5).
  std::vector<float> x(static_cast<std::size_t>(2 * 10 * kRate));
  for (std::size_t n = 0; n < x.size() / 2; ++n) {
    const auto value = static_cast<float>(0.1 * std::sin(kTwoPi * 1000.0 * static_cast<double>(n) / kRate));
    x[2 * n] = value;
    x[2 * n + 1] = value;
  }
  CHECK(Measure(x) == doctest::Approx(-20.0).epsilon(0.0025));  // +-0.05 LU
}

TEST_CASE("LoudnessMeter: digital silence reads minus infinity") {
  const std::vector<float> silence(static_cast<std::size_t>(2 * 5 * kRate), 0.0f);
  const double lufs = Measure(silence);
  CHECK(std::isinf(lufs));
  CHECK(lufs < 0.0);
}

TEST_CASE("Loudness: a recipe normalised to -27 and -14 LUFS lands within 0.1 LU") {
  for (const char* text : {kBed, kTaps}) {
    for (double target : {-27.0, -14.0}) {
      INFO("recipe " << (text == kBed ? "bed" : "taps") << ", target " << target);
      const Normalised out = RenderNormalised(text, target);
      CHECK(std::fabs(out.report.integrated_lufs - target) <= 0.1);
      // Our meter on what the sink received says the same as the report.
      CHECK(std::fabs(Measure(out.samples) - target) <= 0.1);
      CHECK(out.report.true_peak_dbtp <= -1.0);
      CHECK(out.report.passes >= 2);
    }
  }
}

TEST_CASE("Loudness: the limiter's loss is measured and made up") {
  // At -14 LUFS the taps need their peaks limited: a first measuring pass alone would
  // fall short; the extra measuring passes bring it back.
  const Normalised out = RenderNormalised(kTaps, -14.0);
  CHECK(out.report.passes > 2);
  CHECK(out.report.limiter_gain_db < -0.3);
  CHECK(std::fabs(out.report.integrated_lufs - -14.0) <= 0.1);
}

TEST_CASE("Loudness: silence stays silence, and the report says so") {
  const Normalised out = RenderNormalised(
      "duration = 3\n[[layer]]\nname = \"bed\"\ntexture = \"noise\"\nmute = true\n", -23.0);
  CHECK(out.report.silent);
  CHECK(out.report.normalization_gain_db == 0.0);
  CHECK(std::isinf(out.report.integrated_lufs));
  REQUIRE(out.samples.size() == static_cast<std::size_t>(2 * 3 * kRate));
  CHECK(std::all_of(out.samples.begin(), out.samples.end(), [](float x) { return x == 0.0f; }));
}

TEST_CASE("DcBlocker: removes a DC offset within a second and passes 100 Hz within 0.1 dB") {
  dsp::DcBlocker blocker;
  blocker.Init(3.0, kRate);
  const auto frames = static_cast<std::size_t>(2 * kRate);
  std::vector<float> left(frames), right(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / kRate;
    left[n] = 0.5f;                                                           // pure DC
    right[n] = static_cast<float>(0.25 + 0.5 * std::sin(kTwoPi * 100.0 * t));  // a tone on DC
  }
  for (std::size_t b = 0; b < frames; b += kBlockFrames) blocker.Process(&left[b], &right[b], kBlockFrames);
  // After 1 s: the mean of each channel over the second second.
  double mean_left = 0.0, mean_right = 0.0, power = 0.0;
  const auto second = static_cast<std::size_t>(kRate);
  for (std::size_t n = second; n < frames; ++n) {
    mean_left += left[n];
    mean_right += right[n];
    power += static_cast<double>(right[n]) * right[n];
  }
  mean_left /= static_cast<double>(second);
  mean_right /= static_cast<double>(second);
  power /= static_cast<double>(second);
  CHECK(GainToDb(std::fabs(mean_left) + 1e-30) < -80.0);
  CHECK(GainToDb(std::fabs(mean_right) + 1e-30) < -80.0);
  // A 0.5-amplitude tone has power 0.125.
  CHECK(std::fabs(10.0 * std::log10(power / 0.125)) < 0.1);
}

}
}  // namespace tingle::mix
