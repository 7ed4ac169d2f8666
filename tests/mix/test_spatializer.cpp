#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "dsp/head_shadow.hpp"
#include "mix/hrtf_set.hpp"
#include "mix/spatializer.hpp"
#include "support/alloc_counter.hpp"
#include "support/signal_stats.hpp"

namespace tingle::mix {
namespace {

constexpr double kPiValue = 3.14159265358979323846;
constexpr double kHeadTime = dsp::kHeadRadiusMetres / dsp::kSpeedOfSoundMetresPerSecond;

struct Stereo {
  std::vector<float> left;
  std::vector<float> right;
};

Stereo Place(const Placement& placement, const std::vector<float>& mono, double sample_rate,
             std::shared_ptr<const HrtfSet> hrtf = nullptr) {
  auto spatializer_owner = MakeSpatializer(placement, std::move(hrtf));
  Spatializer& spatializer = *spatializer_owner;
  spatializer.Prepare(sample_rate);
  Stereo out{std::vector<float>(mono.size()), std::vector<float>(mono.size())};
  for (std::size_t start = 0; start + kBlockFrames <= mono.size(); start += kBlockFrames) {
    spatializer.Process({static_cast<std::int64_t>(start)}, mono.data() + start, mono.data() + start,
                        {out.left.data() + start, out.right.data() + start, kBlockFrames});
  }
  return out;
}

std::vector<float> WhiteNoise(std::size_t frames, std::uint64_t seed) {
  Pcg32 rng(seed);
  std::vector<float> noise(frames);
  for (float& x : noise) x = 0.25f * rng.SignedFloat();
  return noise;
}

Placement Fixed(double azimuth, double distance = 1.0) {
  Placement placement;
  placement.binaural = true;
  placement.azimuth_degrees = Control::Constant(azimuth);
  placement.distance_metres = Control::Constant(distance);
  return placement;
}

// Arrival time of a click, in samples: the parabola through the largest sample and its
// neighbours.
double ArrivalSamples(const std::vector<float>& x) {
  std::size_t peak = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (std::fabs(x[i]) > std::fabs(x[peak])) peak = i;
  }
  const double a = std::fabs(x[peak - 1]), b = std::fabs(x[peak]), c = std::fabs(x[peak + 1]);
  return static_cast<double>(peak) + 0.5 * (a - c) / (a - 2.0 * b + c);
}

double LevelDb(const std::vector<float>& x, std::size_t from, std::size_t to) {
  double sum = 0.0;
  for (std::size_t i = from; i < to; ++i) sum += static_cast<double>(x[i]) * x[i];
  return 10.0 * std::log10(sum / static_cast<double>(to - from) + 1e-30);
}

}  // namespace

TEST_SUITE("mix") {

TEST_CASE("Spatializer: a click at +60 degrees reaches the right ear first, by the Woodworth ITD") {
  const double rate = 96000.0;
  std::vector<float> click(6400, 0.0f);
  click[3000] = 1.0f;
  const Stereo out = Place(Fixed(60.0), click, rate);
  const double itd_seconds = (ArrivalSamples(out.left) - ArrivalSamples(out.right)) / rate;
  const double woodworth = kHeadTime * (kPiValue / 3.0 + std::sin(kPiValue / 3.0));
  INFO("measured " << itd_seconds * 1e6 << " us, Woodworth " << woodworth * 1e6 << " us");
  CHECK(std::abs(itd_seconds - woodworth) < 20e-6);
}

TEST_CASE("Spatializer: the near ear is louder at high frequencies, and the gap grows with frequency") {
  const double rate = 48000.0;
  const Stereo out = Place(Fixed(60.0), WhiteNoise(48000 * 4, 1), rate);
  const auto left = test::PowerSpectrum(out.left, 4096);
  const auto right = test::PowerSpectrum(out.right, 4096);
  auto ild = [&](double low, double high) {
    return 10.0 * std::log10(test::BandPower(right, rate, low, high) / test::BandPower(left, rate, low, high));
  };
  CHECK(ild(100.0, 300.0) < 3.0);     // low frequencies bend round the head
  CHECK(ild(6000.0, 12000.0) > 8.0);  // high ones are shadowed
  CHECK(ild(6000.0, 12000.0) > ild(1000.0, 2000.0));
}

TEST_CASE("Spatializer: straight ahead the two ears get identical samples") {
  const Stereo out = Place(Fixed(0.0), WhiteNoise(48000, 2), 48000.0);
  CHECK(out.left == out.right);
  const Stereo behind = Place(Fixed(180.0), WhiteNoise(48000, 2), 48000.0);
  CHECK(behind.left == behind.right);
}

TEST_CASE("Spatializer: ear-to-ear with period P swings the level difference through a full cycle every P") {
  const double rate = 48000.0;
  const double period = 5.0;
  Placement placement = Fixed(0.0);
  placement.motion = Motion::kEarToEar;
  placement.period_seconds = period;
  for (bool measured : {false, true}) {
  INFO(std::string(measured ? "HRTF" : "spherical head"));
  const Stereo out = Place(placement, WhiteNoise(static_cast<std::size_t>(rate * 21), 3), rate,
                           measured ? HrtfSet::Load(kDefaultSofaPath, rate) : nullptr);
  // Level difference in 20 ms windows; its upward zero crossings mark one cycle each.
  const std::size_t window = 960;
  std::vector<double> crossings;
  double previous = 0.0;
  for (std::size_t start = 0; start + window <= out.left.size(); start += window) {
    const double ild = LevelDb(out.right, start, start + window) - LevelDb(out.left, start, start + window);
    if (start > 0 && previous < 0.0 && ild >= 0.0) crossings.push_back(static_cast<double>(start) / rate);
    previous = ild;
  }
  REQUIRE(crossings.size() >= 4);
  const double cycle = (crossings.back() - crossings.front()) / static_cast<double>(crossings.size() - 1);
  INFO("measured period " << cycle << " s");
  CHECK(std::abs(cycle - period) < 0.02 * period);
  }
}

TEST_CASE("Spatializer: moving from 1 m to 10 cm raises the level difference and the lows") {
  const double rate = 48000.0;
  const auto noise = WhiteNoise(48000 * 4, 4);
  const Stereo far = Place(Fixed(60.0, 1.0), noise, rate);
  const Stereo near = Place(Fixed(60.0, 0.1), noise, rate);
  const std::size_t n = noise.size();
  const double far_ild = LevelDb(far.right, 0, n) - LevelDb(far.left, 0, n);
  const double near_ild = LevelDb(near.right, 0, n) - LevelDb(near.left, 0, n);
  CHECK(near_ild > far_ild + 6.0);
  auto low_level = [&](const Stereo& s) {
    const auto spectrum = test::PowerSpectrum(s.left, 8192);
    const auto spectrum_right = test::PowerSpectrum(s.right, 8192);
    return 10.0 * std::log10(test::BandPower(spectrum, rate, 40.0, 150.0) +
                             test::BandPower(spectrum_right, rate, 40.0, 150.0));
  };
  auto mid_level = [&](const Stereo& s) {
    const auto spectrum = test::PowerSpectrum(s.left, 8192);
    const auto spectrum_right = test::PowerSpectrum(s.right, 8192);
    return 10.0 * std::log10(test::BandPower(spectrum, rate, 1000.0, 2000.0) +
                             test::BandPower(spectrum_right, rate, 1000.0, 2000.0));
  };
  // The lows rise more than the mids do: the proximity lift.
  CHECK(low_level(near) - low_level(far) > mid_level(near) - mid_level(far) + 3.0);
}

TEST_CASE("Spatializer: far away the level drops and the highs soften") {
  const double rate = 48000.0;
  const auto noise = WhiteNoise(48000 * 2, 5);
  const Stereo one = Place(Fixed(0.0, 1.0), noise, rate);
  const Stereo five = Place(Fixed(0.0, 5.0), noise, rate);
  CHECK(LevelDb(five.left, 0, noise.size()) < LevelDb(one.left, 0, noise.size()) - 12.0);
  const double one_centroid = test::SpectralCentroid(test::PowerSpectrum(one.left, 4096), rate);
  const double five_centroid = test::SpectralCentroid(test::PowerSpectrum(five.left, 4096), rate);
  CHECK(five_centroid < 0.8 * one_centroid);  // measured 0.72: an 8 kHz one-pole at 5 m
}

TEST_CASE("Spatializer: an orbit keeps moving and never clicks") {
  const double rate = 48000.0;
  Placement placement = Fixed(0.0);
  placement.motion = Motion::kOrbit;
  placement.period_seconds = 2.0;
  std::vector<float> tone(48000 * 4);
  for (std::size_t i = 0; i < tone.size(); ++i) tone[i] = 0.5f * static_cast<float>(std::sin(2.0 * kPiValue * 500.0 * static_cast<double>(i) / rate));
  for (bool measured : {false, true}) {
  INFO(std::string(measured ? "HRTF" : "spherical head"));
  const Stereo out = Place(placement, tone, rate, measured ? HrtfSet::Load(kDefaultSofaPath, rate) : nullptr);
  // A click is a jump far larger than a 500 Hz tone can make from one sample to the next.
  const double largest_tone_step = 0.5 * 2.0 * kPiValue * 500.0 / rate * 2.5;  // with the +6 dB ear boost
  double largest_step = 0.0;
  for (std::size_t i = 4800; i < out.left.size(); ++i) {
    largest_step = std::max({largest_step, static_cast<double>(std::fabs(out.left[i] - out.left[i - 1])),
                             static_cast<double>(std::fabs(out.right[i] - out.right[i - 1]))});
  }
  CHECK(largest_step < largest_tone_step);
  }
}

TEST_CASE("Spatializer: Process allocates nothing") {
  Placement placement = Fixed(30.0, 0.3);
  placement.motion = Motion::kWander;
  placement.wander_seed = 9;
  placement.FinishWander();
  for (bool measured : {false, true}) {
    auto spatializer = MakeSpatializer(placement, measured ? HrtfSet::Load(kDefaultSofaPath, 48000.0) : nullptr);
    spatializer->Prepare(48000.0);
    std::vector<float> mono(kBlockFrames, 0.1f), left(kBlockFrames), right(kBlockFrames);
    std::int64_t allocations = 0;
    {
      test::AllocCounter counter;
      for (int b = 0; b < 1000; ++b) {
        spatializer->Process({b * kBlockFrames}, mono.data(), mono.data(), {left.data(), right.data(), kBlockFrames});
      }
      allocations = counter.count();
    }
    INFO(std::string(measured ? "HRTF" : "spherical head"));
    CHECK(allocations == 0);
  }
}

TEST_CASE("HRTF: a source at +60 degrees reaches the right ear first and louder at high frequencies") {
  const double rate = 48000.0;
  const auto hrtf = HrtfSet::Load(kDefaultSofaPath, rate);
  std::vector<float> click(6400, 0.0f);
  click[3000] = 1.0f;
  const Stereo out = Place(Fixed(60.0), click, rate, hrtf);
  CHECK(ArrivalSamples(out.right) < ArrivalSamples(out.left) - 10.0);  // KEMAR: ~0.5 ms
  const Stereo noise = Place(Fixed(60.0), WhiteNoise(48000 * 4, 6), rate, hrtf);
  const auto left = test::PowerSpectrum(noise.left, 4096);
  const auto right = test::PowerSpectrum(noise.right, 4096);
  CHECK(10.0 * std::log10(test::BandPower(right, rate, 4000.0, 10000.0) /
                          test::BandPower(left, rate, 4000.0, 10000.0)) > 8.0);
  const Stereo front = Place(Fixed(0.0), WhiteNoise(48000 * 2, 7), rate, hrtf);
  CHECK(std::abs(LevelDb(front.left, 0, front.left.size()) - LevelDb(front.right, 0, front.right.size())) < 1.0);
}

TEST_CASE("HRTF: a fixed source answers a click the same wherever it falls, across history slides") {
  // Each ear's history slides back every 16 blocks; clicks whose responses straddle the
  // first and second slide must give, sample for sample, the response of an early one.
  const double rate = 48000.0;
  const auto hrtf = HrtfSet::Load(kDefaultSofaPath, rate);
  constexpr std::size_t kSpan = 256;
  for (const std::size_t late : {std::size_t{16 * kBlockFrames - 40}, std::size_t{32 * kBlockFrames - 7},
                                 std::size_t{45 * kBlockFrames + 3}}) {
    INFO("click at frame " << late);
    std::vector<float> clicks(50 * kBlockFrames, 0.0f);
    const std::size_t early = 100;
    clicks[early] = 1.0f;
    clicks[late] = 1.0f;
    const Stereo out = Place(Fixed(-35.0), clicks, rate, hrtf);
    for (const auto* ear : {&out.left, &out.right}) {
      const std::vector<float> first(ear->begin() + early, ear->begin() + early + kSpan);
      const std::vector<float> second(ear->begin() + late, ear->begin() + late + kSpan);
      CHECK(first == second);
      CHECK(*std::max_element(first.begin(), first.end()) > 0.05f);
    }
  }
}

TEST_CASE("HRTF: a missing set is one clear error that names the package") {
  try {
    HrtfSet::Load("/nonexistent/kemar.sofa", 48000.0);
    FAIL("expected an error");
  } catch (const HrtfError& error) {
    CHECK(std::string(error.what()).find("install Debian's libmysofa1") != std::string::npos);
  }
}

}
}  // namespace tingle::mix
