// The master's cascade of four second-order sections: the skewed pipeline gives the bits of
// the sections run one after another, in both builds, across the edges of calls of any
// length; and the master's sections do what they are for.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/dc_blocker.hpp"
#include "dsp/stereo_biquad_cascade.hpp"
#include "mix/master.hpp"
#include "support/same_bits.hpp"

namespace tingle::dsp {
namespace {

using test::SameBits;
using Sections = std::array<BiquadSection, StereoBiquadCascade::kSections>;

constexpr double kRate = 48000.0;

// Each section over the whole signal in turn, frame by frame, in the documented form.
std::vector<float> Reference(const Sections& sections, std::vector<float> x) {
  for (const BiquadSection& c : sections) {
    float x1 = 0.0f, x2 = 0.0f, y1 = 0.0f, y2 = 0.0f;
    for (float& sample : x) {
      const float y = TINGLE_BIQUAD_OUTPUT(c.b0, c.b1, c.b2, c.a1, c.a2, x1, x2, y1, y2, sample);
      x2 = x1;
      x1 = sample;
      y2 = y1;
      y1 = y;
      sample = y;
    }
  }
  return x;
}

// Noise with magnitudes over a wide range, so a change in the order of operations shows.
std::vector<float> Noise(std::uint64_t seed, std::size_t frames) {
  Pcg32 random(seed);
  std::vector<float> x(frames);
  for (float& sample : x) sample = random.SignedFloat() * (random.UnitFloat() < 0.1f ? 4.0f : 0.01f);
  return x;
}

using Build = void (*)(StereoBiquadCascade::Lanes&, float*, float*, int);

// Calls of these lengths in turn (the last cut short, or lengthened to at least
// kMinFrames), so every length the renderer and the bench use, the shortest allowed and
// odd ones meet each other's edges.
template <typename Call>
void InCalls(std::size_t frames, Call call) {
  constexpr std::size_t kMin = StereoBiquadCascade::kMinFrames;
  constexpr std::array<std::size_t, 6> kLengths = {kBlockFrames, kMin, 1024, kMin + 1, 13, 3 * kBlockFrames};
  std::size_t at = 0;
  for (std::size_t i = 0; at < frames; ++i) {
    std::size_t length = std::min(kLengths[i % kLengths.size()], frames - at);
    if (frames - at - length < kMin) length = frames - at;
    call(at, static_cast<int>(length));
    at += length;
  }
}

// Both channels through one build.
void RunBuild(Build build, const Sections& sections, std::vector<float>& left, std::vector<float>& right) {
  StereoBiquadCascade cascade;
  cascade.Init(sections);
  InCalls(left.size(), [&](std::size_t at, int frames) { build(cascade.lanes(), &left[at], &right[at], frames); });
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("StereoBiquadCascade: the bits of the sections run one after another, in both builds, in calls of any length") {
    const std::size_t frames = 40 * kBlockFrames;
    const std::vector<float> left = Noise(41, frames), right = Noise(42, frames);
    const Sections sections = mix::Master::FilterSections(kRate);
    const std::vector<float> expected_left = Reference(sections, left);
    const std::vector<float> expected_right = Reference(sections, right);

    StereoBiquadCascade cascade;
    cascade.Init(sections);
    std::vector<float> out_left = left, out_right = right;
    InCalls(frames, [&](std::size_t at, int length) { cascade.Process(&out_left[at], &out_right[at], length); });
    CHECK(SameBits(out_left, expected_left));
    CHECK(SameBits(out_right, expected_right));

    std::vector<float> portable_left = left, portable_right = right;
    RunBuild(BiquadCascadePortable, sections, portable_left, portable_right);
    CHECK(SameBits(portable_left, expected_left));
    CHECK(SameBits(portable_right, expected_right));
    if (CpuHasAvx2()) {
      std::vector<float> avx2_left = left, avx2_right = right;
      RunBuild(BiquadCascadeAvx2, sections, avx2_left, avx2_right);
      CHECK(SameBits(avx2_left, expected_left));
      CHECK(SameBits(avx2_right, expected_right));
    }
  }

  TEST_CASE("StereoBiquadCascade: sections of a one-pole recursion stack up exactly") {
    // y = x + y[-1] / 2 has the impulse response 2^-n; four of them in a row give
    // C(n + 3, 3) 2^-n, exact in floats while the sums fit in 24 bits (n < 40 here). An
    // impulse on the left at frame 62 crosses a block edge.
    BiquadSection halving;
    halving.a1 = -0.5f;
    StereoBiquadCascade cascade;
    cascade.Init({halving, halving, halving, halving});
    std::vector<float> left(3 * kBlockFrames, 0.0f), right(3 * kBlockFrames, 0.0f);
    const int at = kBlockFrames - 2;
    left[static_cast<std::size_t>(at)] = 1.0f;
    for (std::size_t b = 0; b < left.size(); b += kBlockFrames) cascade.Process(&left[b], &right[b], kBlockFrames);
    for (int n = 0; n < at; ++n) CHECK(left[static_cast<std::size_t>(n)] == 0.0f);
    for (int n = 0; n < 40; ++n) {
      const double binomial = (n + 1.0) * (n + 2.0) * (n + 3.0) / 6.0;
      CHECK(left[static_cast<std::size_t>(at + n)] == static_cast<float>(binomial * std::ldexp(1.0, -n)));
    }
    for (float sample : right) CHECK(sample == 0.0f);
  }

  TEST_CASE("StereoBiquadCascade: the DC blocker cancels a constant exactly, leaving its own decay") {
    // With x = x1 the feed-forward part g x - g x1 is exactly 0, so from the second frame
    // of a constant on, each output is the last one times R, rounded once.
    const Sections sections = {DcBlockerSection(3.0, kRate), BiquadSection{}, BiquadSection{},
                               BiquadSection{}};
    const float pole = -sections[0].a1;
    StereoBiquadCascade cascade;
    cascade.Init(sections);
    std::vector<float> left(3 * kBlockFrames, 0.3f), right(3 * kBlockFrames, -0.7f);
    for (std::size_t b = 0; b < left.size(); b += kBlockFrames) cascade.Process(&left[b], &right[b], kBlockFrames);
    CHECK(left[0] == sections[0].b0 * 0.3f);
    CHECK(right[0] == sections[0].b0 * -0.7f);
    for (std::size_t n = 1; n < left.size(); ++n) {
      CHECK(left[n] == pole * left[n - 1]);
      CHECK(right[n] == pole * right[n - 1]);
    }
  }

  TEST_CASE("StereoBiquadCascade: the master's sections remove DC within a second and pass 1 kHz") {
    StereoBiquadCascade cascade;
    cascade.Init(mix::Master::FilterSections(kRate));
    const auto frames = static_cast<std::size_t>(2 * kRate);
    std::vector<float> left(frames, 0.5f), right(frames);
    for (std::size_t n = 0; n < frames; ++n) {
      right[n] = static_cast<float>(0.5 * std::sin(kTwoPi * 1000.0 * static_cast<double>(n) / kRate));
    }
    for (std::size_t b = 0; b < frames; b += kBlockFrames) cascade.Process(&left[b], &right[b], kBlockFrames);
    const auto second = static_cast<std::size_t>(kRate);
    double mean_left = 0.0, power_right = 0.0;
    for (std::size_t n = second; n < frames; ++n) {
      mean_left += left[n];
      power_right += static_cast<double>(right[n]) * right[n];
    }
    mean_left /= static_cast<double>(second);
    power_right /= static_cast<double>(second);
    CHECK(GainToDb(std::fabs(mean_left) + 1e-30) < -80.0);
    CHECK(std::fabs(10.0 * std::log10(power_right / 0.125)) < 0.01);  // a 0.5 sine has power 0.125
  }
}
}  // namespace tingle::dsp
