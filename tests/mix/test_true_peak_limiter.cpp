// The true-peak limiter and its detector: transparent below the ceiling, never above it
// by an independent measurement, and smooth when it acts.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/peak_oversampler.hpp"
#include "mix/reference_true_peak.hpp"
#include "mix/true_peak_limiter.hpp"
#include "support/alloc_counter.hpp"
#include "support/band_limit.hpp"

namespace tingle::mix {
namespace {

constexpr double kRate = 48000.0;
constexpr double kCeilingDb = -1.0;

struct Limited {
  std::vector<float> left;
  std::vector<float> right;
  std::vector<float> gains;  // the gain applied to each output frame
  double min_gain = 1.0;
};

// Runs the signal (a whole number of blocks) through a limiter and returns the output
// aligned with the input: the first latency_frames() outputs are dropped and as many
// frames of silence are fed after the end.
Limited RunLimiter(const std::vector<float>& left, const std::vector<float>& right,
                   double ceiling_db = kCeilingDb) {
  TruePeakLimiter limiter;
  limiter.Prepare(kRate, ceiling_db);
  const auto latency = static_cast<std::size_t>(limiter.latency_frames());
  std::vector<float> in_left = left, in_right = right;
  in_left.resize(left.size() + latency, 0.0f);
  in_right.resize(right.size() + latency, 0.0f);
  Limited out;
  for (std::size_t b = 0; b < in_left.size(); b += kBlockFrames) {
    float block_left[kBlockFrames], block_right[kBlockFrames];
    std::copy_n(in_left.begin() + static_cast<long>(b), kBlockFrames, block_left);
    std::copy_n(in_right.begin() + static_cast<long>(b), kBlockFrames, block_right);
    limiter.Process(block_left, block_right);
    for (int i = 0; i < kBlockFrames; ++i) {
      if (b + static_cast<std::size_t>(i) < latency) continue;
      out.left.push_back(block_left[i]);
      out.right.push_back(block_right[i]);
      out.gains.push_back(limiter.gains()[static_cast<std::size_t>(i)]);
    }
  }
  out.min_gain = limiter.min_gain();
  return out;
}

std::vector<float> Sine(double frequency, double amplitude, double seconds, double phase = 0.0) {
  std::vector<float> x(static_cast<std::size_t>(seconds * kRate));
  for (std::size_t n = 0; n < x.size(); ++n) {
    x[n] = static_cast<float>(amplitude * std::sin(kTwoPi * frequency * static_cast<double>(n) / kRate + phase));
  }
  return x;
}

// White noise band-limited as the master band-limits what reaches its limiter.
void BandLimitedNoise(double rms, double seconds, std::vector<float>& left, std::vector<float>& right) {
  const auto frames = static_cast<std::size_t>(seconds * kRate);
  left.assign(frames, 0.0f);
  right.assign(frames, 0.0f);
  Pcg32 random(StreamSeed(9, "limiter test noise"));
  const double scale = rms * std::sqrt(12.0);
  for (std::size_t n = 0; n < frames; ++n) {
    left[n] = static_cast<float>(scale * (random.UnitDouble() - 0.5));
    right[n] = static_cast<float>(scale * (random.UnitDouble() - 0.5));
  }
  test::BandLimit(left, right);
}

double Db(double linear) { return 20.0 * std::log10(linear); }

// The third difference: a high-pass that a smooth signal hardly passes (a sine of angular
// frequency w comes out w^3 smaller) but that shows any step or kink as a spike.
double LargestThirdDifference(const std::vector<float>& x, std::size_t from, std::size_t to) {
  double largest = 0.0;
  for (std::size_t n = std::max<std::size_t>(from, 3); n < to; ++n) {
    const double d3 = static_cast<double>(x[n]) - 3.0 * x[n - 1] + 3.0 * x[n - 2] - x[n - 3];
    largest = std::max(largest, std::fabs(d3));
  }
  return largest;
}

}  // namespace

TEST_SUITE("mix") {

TEST_CASE("PeakOversampler: finds the peak of a sine at fs/4 between its samples") {
  // sin(pi n / 2 + pi / 4): every sample is +-0.707, the peaks (1.0) lie halfway between.
  const auto x = Sine(kRate / 4.0, 1.0, 0.1, kPi / 4.0);
  dsp::PeakOversampler oversampler;
  float peaks[kBlockFrames];
  double largest = 0.0, largest_sample = 0.0;
  // Away from the abrupt start and end (their ringing is another matter).
  for (std::size_t b = 0; b + kBlockFrames <= x.size(); b += kBlockFrames) {
    oversampler.Process(&x[b], &x[b], 0.0f, peaks);
    if (b < 4 * kBlockFrames || b + 4 * kBlockFrames > x.size()) continue;
    for (int i = 0; i < kBlockFrames; ++i) largest = std::max(largest, static_cast<double>(peaks[i]));
    for (int i = 0; i < kBlockFrames; ++i) largest_sample = std::max(largest_sample, std::fabs(static_cast<double>(x[b + i])));
  }
  CHECK(Db(largest_sample) == doctest::Approx(-3.01).epsilon(0.01));
  CHECK(std::fabs(Db(largest)) < 0.02);
}

TEST_CASE("PeakOversampler: agrees with a 256-tap reference within 0.05 dB up to 21 kHz") {
  std::vector<std::vector<float>> signals;
  for (double frequency : {997.0, 7001.0, 12007.0, 15013.0, 19997.0, 21011.0}) {
    // Tapered in and out over 10 ms: an abrupt start rings differently in each filter.
    std::vector<float> x = Sine(frequency, 0.5, 0.1, 0.3);
    const double taper = 0.01 * kRate;
    for (std::size_t n = 0; n < x.size(); ++n) {
      const double edge = std::min(static_cast<double>(n), static_cast<double>(x.size() - 1 - n));
      if (edge < taper) x[n] *= static_cast<float>(0.5 - 0.5 * std::cos(kPi * edge / taper));
    }
    signals.push_back(x);
  }
  std::vector<float> noise_left, noise_right;
  BandLimitedNoise(0.1, 0.5, noise_left, noise_right);
  signals.push_back(noise_left);
  signals.push_back(noise_right);
  for (std::size_t s = 0; s < signals.size(); ++s) {
    INFO("signal " << s);
    std::vector<float> x = signals[s];
    x.resize((x.size() / kBlockFrames + 1) * kBlockFrames + kBlockFrames, 0.0f);
    dsp::PeakOversampler oversampler;
    float peaks[kBlockFrames];
    double ours = 0.0;
    const std::vector<float> silence(x.size(), 0.0f);
    for (std::size_t b = 0; b + kBlockFrames <= x.size(); b += kBlockFrames) {
      oversampler.Process(&x[b], &silence[b], 0.0f, peaks);
      for (float peak : peaks) ours = std::max(ours, static_cast<double>(peak));
    }
    const double reference = test::ReferenceTruePeak(x, silence, 4);
    CHECK(std::fabs(Db(ours) - Db(reference)) < 0.05);
  }
}

TEST_CASE("PeakOversampler: skips only the groups of frames that cannot exceed the level") {
  // Quiet noise with short loud bursts: most eight-frame groups are far from the bursts.
  Pcg32 random(7);
  const std::size_t frames = 64 * kBlockFrames;
  std::vector<float> left(frames), right(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    const bool burst = n % 700 < 6;
    left[n] = (burst ? 0.9f : 0.01f) * random.SignedFloat();
    right[n] = (burst ? 0.8f : 0.01f) * random.SignedFloat();
  }
  const float level = 0.5f;
  dsp::PeakOversampler every, skipping;
  std::size_t skipped = 0, above = 0, computed_blocks = 0;
  for (std::size_t b = 0; b < frames; b += kBlockFrames) {
    float all[kBlockFrames], some[kBlockFrames];
    every.Process(&left[b], &right[b], -1.0f, all);
    computed_blocks += skipping.Process(&left[b], &right[b], level, some) ? 1 : 0;
    for (int i = 0; i < kBlockFrames; ++i) {
      if (all[i] > level) {
        ++above;
        CHECK(some[i] == all[i]);
      } else {
        CHECK((some[i] == all[i] || some[i] == 0.0f));
      }
      if (some[i] == 0.0f && all[i] != 0.0f) ++skipped;
    }
  }
  CHECK(above > 0);
  // The reach is exact: a lone impulse anywhere in a block must be seen by every frame
  // whose interpolation weighs it, down to the farthest tap.
  for (std::size_t position = 0; position < 2 * kBlockFrames; ++position) {
    std::vector<float> impulse(4 * kBlockFrames, 0.0f);
    impulse[kBlockFrames + position] = 1.0f;
    dsp::PeakOversampler reference, tight;
    for (std::size_t b = 0; b < impulse.size(); b += kBlockFrames) {
      float all[kBlockFrames], some[kBlockFrames];
      reference.Process(&impulse[b], &impulse[b], -1.0f, all);
      tight.Process(&impulse[b], &impulse[b], 1e-12f, some);
      for (int i = 0; i < kBlockFrames; ++i) {
        if (all[i] > 1e-12f) REQUIRE(some[i] == all[i]);
      }
    }
  }
  // The bursts' groups and their neighbours within the interpolation's reach are computed
  // (about 6 of each 88 groups); the rest are skipped.
  CHECK(skipped > frames * 3 / 4);
  CHECK(computed_blocks > 0);
}

TEST_CASE("PeakOversampler: the central taps' bound skips dense material the first bound cannot") {
  // Dense noise whose samples reach 0.3: times the taps' whole sum of magnitudes (2.54)
  // every group may exceed 0.5, so the first bound skips nothing; its points' central
  // sums plus the outer taps' share stay under 0.5 almost everywhere. A few louder frames
  // must still come out exact.
  Pcg32 random(23);
  const std::size_t frames = 64 * kBlockFrames;
  std::vector<float> left(frames), right(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    const float scale = n % 1000 == 500 ? 0.9f : 0.3f;
    left[n] = scale * random.SignedFloat();
    right[n] = scale * random.SignedFloat();
  }
  const float level = 0.5f;
  dsp::PeakOversampler every, skipping;
  std::size_t skipped = 0, above = 0, computed_blocks = 0;
  for (std::size_t b = 0; b < frames; b += kBlockFrames) {
    float all[kBlockFrames], some[kBlockFrames];
    every.Process(&left[b], &right[b], -1.0f, all);
    computed_blocks += skipping.Process(&left[b], &right[b], level, some) ? 1 : 0;
    for (int i = 0; i < kBlockFrames; ++i) {
      if (all[i] > level) {
        ++above;
        CHECK(some[i] == all[i]);
      } else {
        CHECK((some[i] == all[i] || some[i] == 0.0f));
      }
      if (some[i] == 0.0f && all[i] != 0.0f) ++skipped;
    }
  }
  CHECK(above > 0);
  // Every block passes the first bound; most frames are skipped by the second.
  CHECK(computed_blocks == frames / kBlockFrames);
  CHECK(skipped > frames * 3 / 4);
}

TEST_CASE("PeakOversampler: a block holding a NaN or an infinity is never skipped") {
  // The bounds compare magnitudes as integers: a NaN's bits must rank above every level,
  // or a quiet block with a NaN would pass as quiet (a float max drops a NaN or keeps it
  // depending on the side it comes from).
  for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    std::vector<float> left(kBlockFrames, 0.001f), right(kBlockFrames, -0.001f);
    right[50] = bad;  // within the next block's history (its last 32 frames)
    dsp::PeakOversampler oversampler;
    float peaks[kBlockFrames];
    CHECK(oversampler.Process(left.data(), right.data(), 0.5f, peaks));
    // And the next, quiet block still sees it in its history.
    std::fill(right.begin(), right.end(), -0.001f);
    CHECK(oversampler.Process(left.data(), right.data(), 0.5f, peaks));
    // Two quiet blocks on, it is gone.
    CHECK_FALSE(oversampler.Process(left.data(), right.data(), 0.5f, peaks));
  }
}

TEST_CASE("PeakOversampler: the portable, AVX2 and AVX-512 builds give the same bits") {
  using Build = dsp::PeakOversampler::Build;
  // Wide-band noise over many magnitudes, with the level skipping some groups (and some
  // one group of an AVX-512 pair but not the other).
  Pcg32 random(19);
  const std::size_t frames = 32 * kBlockFrames;
  std::vector<float> left(frames), right(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    const float scale = n % 500 < 100 ? 0.9f : 0.02f;
    left[n] = scale * random.SignedFloat();
    right[n] = scale * random.SignedFloat() * random.UnitFloat();
  }
  std::vector<Build> builds = {Build::kPortable};
  if (dsp::CpuHasAvx2()) builds.push_back(Build::kAvx2);
  if (dsp::CpuHasAvx512()) builds.push_back(Build::kAvx512);
  if (builds.size() < 3) MESSAGE("this CPU runs " << builds.size() << " of the 3 builds; compared those");
  for (Build build : builds) {
    INFO("build " << static_cast<int>(build));
    dsp::PeakOversampler tried, portable;
    tried.UseBuild(build);
    portable.UseBuild(Build::kPortable);
    int partly_computed_pairs = 0;
    for (std::size_t b = 0; b < frames; b += kBlockFrames) {
      float from_tried[kBlockFrames], from_portable[kBlockFrames];
      const bool tried_computed = tried.Process(&left[b], &right[b], 0.3f, from_tried);
      const bool portable_computed = portable.Process(&left[b], &right[b], 0.3f, from_portable);
      CHECK(tried_computed == portable_computed);
      CHECK(std::memcmp(from_tried, from_portable, sizeof from_tried) == 0);
      for (int pair = 0; pair < kBlockFrames; pair += 16) {
        const auto positive = [](float p) { return p > 0.0f; };
        const bool first = std::any_of(from_portable + pair, from_portable + pair + 8, positive);
        const bool second = std::any_of(from_portable + pair + 8, from_portable + pair + 16, positive);
        partly_computed_pairs += first != second;
      }
    }
    CHECK(partly_computed_pairs > 0);
  }
}

TEST_CASE("TruePeakLimiter: a -20 dBFS sine comes out bit-exact, with no delay") {
  const auto left = Sine(1000.0, 0.1, 2.0);
  const auto right = Sine(1000.0, 0.1, 2.0, 1.0);
  const Limited out = RunLimiter(left, right);
  REQUIRE(out.left.size() == left.size());
  CHECK(out.left == left);
  CHECK(out.right == right);
  CHECK(out.min_gain == 1.0);
  CHECK(std::all_of(out.gains.begin(), out.gains.end(), [](float g) { return g == 1.0f; }));
}

TEST_CASE("TruePeakLimiter: a +12 dB overload stays under the ceiling by an independent 4x meter") {
  const double ceiling = DbToGain(kCeilingDb);
  const double over = DbToGain(12.0);
  struct Case {
    const char* name;
    std::vector<float> left, right;
  };
  std::vector<Case> cases;
  cases.push_back({"1 kHz sine", Sine(1000.0, ceiling * over, 1.0), Sine(1000.0, ceiling * over, 1.0, 2.0)});
  // At fs/4 and 45 degrees the samples read 3 dB under the true peak: a sample-peak
  // limiter would let this through 9 dB over.
  cases.push_back({"fs/4 sine, peaks between samples", Sine(kRate / 4.0, ceiling * over, 1.0, kPi / 4.0),
                   Sine(kRate / 4.0, ceiling * over, 1.0, kPi / 4.0)});
  Case noise{"band-limited white noise", {}, {}};
  // RMS at the ceiling: noise peaks about 12 dB over its RMS.
  BandLimitedNoise(ceiling, 1.0, noise.left, noise.right);
  cases.push_back(noise);
  for (const Case& c : cases) {
    const std::string name = c.name;
    const double input_peak = test::ReferenceTruePeak(c.left, c.right, 4);
    CHECK(Db(input_peak) > kCeilingDb + 9.0);  // the case really overloads
    const Limited out = RunLimiter(c.left, c.right);
    const double output_peak = test::ReferenceTruePeak(out.left, out.right, 4);
    INFO(name << ": true peak in " << Db(input_peak) << " dBTP, out " << Db(output_peak) << " dBTP");
    CHECK(Db(output_peak) <= kCeilingDb);
    // ...and it is held near the ceiling, not far below it.
    CHECK(Db(output_peak) > kCeilingDb - TruePeakLimiter::kSafetyMarginDb - 0.3);
  }
}

TEST_CASE("TruePeakLimiter: the gain moves smoothly and the output has no clicks") {
  // A 100 Hz tone swells smoothly (20 ms raised cosine) from -20 dBFS to 12 dB over the
  // ceiling, holds, and falls back: any step in the gain would be a click.
  const double ceiling = DbToGain(kCeilingDb);
  const std::size_t frames = static_cast<std::size_t>(2.0 * kRate);
  const double ramp = 0.02 * kRate;
  std::vector<float> x(frames);
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n);
    const auto swell = [&](double start) {
      const double u = std::clamp((t - start) / ramp, 0.0, 1.0);
      return 0.5 - 0.5 * std::cos(kPi * u);
    };
    const double envelope = 0.1 + (ceiling * DbToGain(12.0) - 0.1) * (swell(0.5 * kRate) - swell(1.5 * kRate));
    x[n] = static_cast<float>(envelope * std::sin(kTwoPi * 100.0 * t / kRate));
  }
  const Limited out = RunLimiter(x, x);
  REQUIRE(out.min_gain < DbToGain(-11.0));

  // The steepest the gain may move: its whole change spread over one millisecond.
  double steepest = 0.0;
  for (std::size_t n = 1; n < out.gains.size(); ++n) {
    steepest = std::max(steepest, static_cast<double>(std::fabs(out.gains[n] - out.gains[n - 1])));
  }
  CHECK(steepest <= (1.0 - out.min_gain) / (0.001 * kRate) + 1e-6);

  // The output's third difference stays at the level of a smooth tone: for the held
  // ceiling-level 100 Hz tone it is 9e-6 (A w^3); a gain step of 1 % would show 0.02.
  constexpr double kClickThreshold = 1e-3;
  const double residual = LargestThirdDifference(out.left, 0, out.left.size());
  INFO("largest third difference " << residual);
  CHECK(residual < kClickThreshold);
  // The measure does catch a limiter without look-ahead and smoothing: the gain it would
  // need frame by frame (ceiling / |x|) clicks at every peak.
  std::vector<float> naive(x.size());
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double magnitude = std::fabs(static_cast<double>(x[n]));
    naive[n] = static_cast<float>(x[n] * std::min(1.0, ceiling / std::max(magnitude, 1e-12)));
  }
  CHECK(LargestThirdDifference(naive, 0, naive.size()) > kClickThreshold);
}

TEST_CASE("TruePeakLimiter: after an overload the gain returns to exactly 1 and the output to bit-exact") {
  std::vector<float> x = Sine(440.0, 0.1, 3.0);
  for (std::size_t n = 24000; n < 48000; ++n) x[n] *= 40.0f;  // half a second, 31 dB up
  const Limited out = RunLimiter(x, x);
  CHECK(out.min_gain < 0.5);
  // 1.5 s after the burst (about 19 release time constants) nothing is left of it.
  const std::size_t settled = 48000 + 72000;
  CHECK(std::all_of(out.gains.begin() + static_cast<long>(settled), out.gains.end(),
                    [](float g) { return g == 1.0f; }));
  CHECK(std::equal(out.left.begin() + static_cast<long>(settled), out.left.end(),
                   x.begin() + static_cast<long>(settled)));
}

TEST_CASE("TruePeakLimiter: a few milliseconds of look-ahead, in whole blocks") {
  for (double rate : {44100.0, 48000.0, 96000.0}) {
    INFO("rate " << rate);
    TruePeakLimiter limiter;
    limiter.Prepare(rate, -1.0);
    CHECK(limiter.latency_frames() % kBlockFrames == 0);
    CHECK(limiter.latency_frames() / rate >= 0.002);
    CHECK(limiter.latency_frames() / rate <= 0.003);
  }
}

TEST_CASE("TruePeakLimiter: allocates nothing while processing") {
  TruePeakLimiter limiter;
  limiter.Prepare(kRate, -1.0);
  const auto quiet = Sine(1000.0, 0.1, 0.5);
  const auto loud = Sine(1000.0, 4.0, 0.5);
  float left[kBlockFrames], right[kBlockFrames];
  test::AllocCounter counter;
  for (const auto* x : {&quiet, &loud, &quiet}) {
    for (std::size_t b = 0; b + kBlockFrames <= x->size(); b += kBlockFrames) {
      std::copy_n(x->begin() + static_cast<long>(b), kBlockFrames, left);
      std::copy_n(x->begin() + static_cast<long>(b), kBlockFrames, right);
      limiter.Process(left, right);
    }
  }
  CHECK(counter.count() == 0);
  CHECK(limiter.min_gain() < 0.5);  // it did work
}

}
}  // namespace tingle::mix
