// Loudness measurement and normalisation, and the DC blocker at the head of the master.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/dc_blocker.hpp"
#include "dsp/k_weighting.hpp"
#include "core/random.hpp"
#include "mix/loudness_meter.hpp"
#include "mix/reference_loudness.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"
#include "support/memory_sink.hpp"

namespace tingle::mix {
namespace {

constexpr double kRate = 48000.0;

double MeasurePlanar(const std::vector<float>& left, const std::vector<float>& right,
                     double sample_rate = kRate) {
  LoudnessMeter meter(sample_rate);
  // In blocks, as the renderer feeds it.
  for (std::size_t frame = 0; frame < left.size(); frame += kBlockFrames) {
    const auto frames = static_cast<int>(std::min<std::size_t>(kBlockFrames, left.size() - frame));
    meter.Add(left.data() + frame, right.data() + frame, frames);
  }
  return meter.integrated_lufs();
}

double Measure(const std::vector<float>& interleaved) {
  std::vector<float> left(interleaved.size() / 2), right(interleaved.size() / 2);
  for (std::size_t n = 0; n < left.size(); ++n) {
    left[n] = interleaved[2 * n];
    right[n] = interleaved[2 * n + 1];
  }
  return MeasurePlanar(left, right);
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

TEST_CASE("LoudnessMeter: agrees with libebur128 within 0.01 LU at 44.1, 48 and 96 kHz") {
  // Signals that exercise each part: the K-weighting's shelf and high-pass (a low rumble,
  // a bright hiss), the absolute gate (silent gaps), the relative gate (quiet stretches
  // 15 dB down), unequal channels, and a length that ends inside a 100 ms step.
  for (const double rate : {44100.0, 48000.0, 96000.0}) {
    const auto frames = static_cast<std::size_t>(12.37 * rate);
    std::vector<float> left(frames), right(frames);
    Pcg32 random(StreamSeed(5, "loudness reference"));
    float low = 0.0f;
    for (std::size_t n = 0; n < frames; ++n) {
      const double seconds = static_cast<double>(n) / rate;
      const double section = std::fmod(seconds, 3.0);
      // 0-1 s loud, 1-2 s 15 dB down, 2-2.5 s silence, 2.5-3 s loud again.
      const float level = section < 1.0 ? 0.3f : section < 2.0 ? 0.053f : section < 2.5 ? 0.0f : 0.3f;
      low += 0.01f * (random.SignedFloat() - low);  // brown-ish rumble
      const float hiss = random.SignedFloat();
      left[n] = level * (0.7f * hiss + 4.0f * low);
      right[n] = level * 0.5f * static_cast<float>(std::sin(kTwoPi * 60.0 * seconds)) + 0.2f * level * hiss;
    }
    const double ours = MeasurePlanar(left, right, rate);
    const double reference = test::ReferenceLoudness(left, right, rate);
    INFO("rate " << rate << ": ours " << ours << ", libebur128 " << reference);
    CHECK(std::fabs(ours - reference) <= 0.01);
  }
}

TEST_CASE("KWeighting: two frames a step match a double-precision filter run frame by frame") {
  // Bass-heavy noise: the high-pass's state is then far larger than its output, where the
  // two-frame form cancels most (in float it read 0.002 LU off). Calls of odd and even
  // sizes, so the pairs straddle calls and lone frames take the one-frame step.
  const double rate = kRate;
  const double k_shelf = std::tan(kPi * 1681.974450955533 / rate);
  const double vh = std::pow(10.0, 3.999843853973347 / 20.0);
  const double vb = std::pow(vh, 0.4996667741545416);
  const double q_shelf = 0.7071752369554196;
  const double a0_shelf = 1.0 + k_shelf / q_shelf + k_shelf * k_shelf;
  const double k_pass = std::tan(kPi * 38.13547087602444 / rate);
  const double q_pass = 0.5003270373238773;
  const double a0_pass = 1.0 + k_pass / q_pass + k_pass * k_pass;
  struct Biquad {
    double b0, b1, b2, a1, a2, s1 = 0.0, s2 = 0.0;
    double Step(double x) {
      const double y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
      return y;
    }
  };
  const Biquad shelf{(vh + vb * k_shelf / q_shelf + k_shelf * k_shelf) / a0_shelf,
                     2.0 * (k_shelf * k_shelf - vh) / a0_shelf,
                     (vh - vb * k_shelf / q_shelf + k_shelf * k_shelf) / a0_shelf,
                     2.0 * (k_shelf * k_shelf - 1.0) / a0_shelf,
                     (1.0 - k_shelf / q_shelf + k_shelf * k_shelf) / a0_shelf};
  const Biquad pass{1.0, -2.0, 1.0, 2.0 * (k_pass * k_pass - 1.0) / a0_pass,
                    (1.0 - k_pass / q_pass + k_pass * k_pass) / a0_pass};
  Biquad shelves[2] = {shelf, shelf}, passes[2] = {pass, pass};
  dsp::KWeighting weighting;
  weighting.Init(rate);

  Pcg32 random(StreamSeed(9, "k-weighting pairs"));
  float rumble[2] = {0.0f, 0.0f};
  const int sizes[] = {1, 2, 3, 7, 64, 129, 4800};
  std::vector<float> left, right;
  for (int call = 0; call < 140; ++call) {
    const int size = sizes[call % 7];
    left.resize(static_cast<std::size_t>(size));
    right.resize(static_cast<std::size_t>(size));
    double expected[2] = {0.0, 0.0};
    for (int n = 0; n < size; ++n) {
      for (int c = 0; c < 2; ++c) {
        rumble[c] = 0.99f * rumble[c] + 0.05f * random.SignedFloat();
        const float x = rumble[c] + 0.01f * random.SignedFloat();
        (c == 0 ? left : right)[static_cast<std::size_t>(n)] = x;
        const double z = passes[c].Step(shelves[c].Step(x));
        expected[c] += z * z;
      }
    }
    double energy[2] = {0.0, 0.0};
    weighting.Accumulate(left.data(), right.data(), size, energy[0], energy[1]);
    for (int c = 0; c < 2; ++c) {
      INFO("call " << call << " (" << size << " frames), channel " << c);
      CHECK(energy[c] == doctest::Approx(expected[c]).epsilon(1e-9));
    }
  }
}

TEST_CASE("KWeighting: the portable and the AVX2 builds give the same bits") {
  // Calls of every small size and some long ones: the AVX2 build takes two pairs or more.
  dsp::KWeighting best, portable;
  best.Init(kRate);
  portable.Init(kRate);
  portable.UsePortableBuild();
  Pcg32 random(StreamSeed(3, "k-weighting builds"));
  std::vector<float> left, right;
  for (int call = 0; call < 200; ++call) {
    const int size = call < 100 ? call % 11 : 1 + call * 37 % 4800;
    left.resize(static_cast<std::size_t>(size));
    right.resize(static_cast<std::size_t>(size));
    for (int n = 0; n < size; ++n) {
      left[static_cast<std::size_t>(n)] = random.SignedFloat();
      right[static_cast<std::size_t>(n)] = 0.3f * random.SignedFloat();
    }
    double from_best[2] = {0.5, 0.25}, from_portable[2] = {0.5, 0.25};
    best.Accumulate(left.data(), right.data(), size, from_best[0], from_best[1]);
    portable.Accumulate(left.data(), right.data(), size, from_portable[0], from_portable[1]);
    INFO("call " << call << " (" << size << " frames)");
    CHECK(std::memcmp(from_best, from_portable, sizeof from_best) == 0);
  }
}

TEST_CASE("LoudnessMeter: a full-scale 997 Hz sine in one channel reads -3.01 LUFS") {
  // BS.1770-4's calibration: a 0 dBFS 997 Hz sine in one front channel is -3.01 LKFS.
  const auto frames = static_cast<std::size_t>(5 * kRate);
  std::vector<float> left(frames), right(frames, 0.0f);
  for (std::size_t n = 0; n < frames; ++n) {
    left[n] = static_cast<float>(std::sin(kTwoPi * 997.0 * static_cast<double>(n) / kRate));
  }
  CHECK(MeasurePlanar(left, right) == doctest::Approx(-3.01).epsilon(0.003));  // +-0.01 LU
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
