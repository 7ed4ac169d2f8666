#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/block.hpp"
#include "dsp/damped_sine_pool.hpp"
#include "support/signal_stats.hpp"

namespace tingle::dsp {
namespace {

constexpr double kSampleRate = 48000.0;

struct Stereo {
  std::vector<float> left;
  std::vector<float> right;
};

// Renders `blocks` blocks of a pool after starting `sine` at frame `start` (which must
// fall inside the first block).
template <class Pool>
Stereo RenderOne(Pool& pool, const DampedSine& sine, int start, int blocks) {
  Stereo out{std::vector<float>(static_cast<std::size_t>(blocks) * kBlockFrames),
             std::vector<float>(static_cast<std::size_t>(blocks) * kBlockFrames)};
  for (int b = 0; b < blocks; ++b) {
    float* left = out.left.data() + b * kBlockFrames;
    float* right = out.right.data() + b * kBlockFrames;
    if (b == 0) {
      pool.Process(0, start);
      pool.Start(sine, start);
      pool.Process(start, kBlockFrames);
    } else {
      pool.Process(0, kBlockFrames);
    }
    pool.Finish(left, right, static_cast<std::int64_t>(b + 1) * kBlockFrames);
  }
  return out;
}

// Frequency from the mean spacing of upward zero crossings in [from, to).
double CrossingFrequency(const std::vector<float>& x, std::size_t from, std::size_t to) {
  std::size_t first = 0, last = 0;
  int count = 0;
  for (std::size_t n = from + 1; n < to; ++n) {
    if (x[n - 1] < 0.0f && x[n] >= 0.0f) {
      if (count == 0) first = n;
      last = n;
      ++count;
    }
  }
  return (count - 1) * kSampleRate / static_cast<double>(last - first);
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("DampedSinePool: a sine starts on its frame at its amplitude, rings at its frequency") {
    DampedSinePool<8> pool;
    pool.Prepare(kSampleRate);
    DampedSine sine;
    sine.frequency_hz = 2000.0;
    sine.t60_s = 0.2;
    sine.amplitude = 0.5;
    sine.left_gain = 1.0;
    sine.right_gain = 0.25;
    const Stereo out = RenderOne(pool, sine, 23, 100);
    for (int n = 0; n < 23; ++n) CHECK(out.left[n] == 0.0f);
    // Zero-area start: close to a cosine, so the first sample is near the amplitude.
    CHECK(out.left[23] == doctest::Approx(0.5).epsilon(0.05));
    double peak = 0.0;
    for (int n = 23; n < 23 + 24; ++n) {
      peak = std::max(peak, std::fabs(static_cast<double>(out.left[n])));
    }
    CHECK(peak == doctest::Approx(0.5).epsilon(0.02));
    CHECK(CrossingFrequency(out.left, 23, 23 + 2400) == doctest::Approx(2000.0).epsilon(0.002));
    // Panned: the right channel is the left times right_gain / left_gain.
    for (int n = 23; n < 500; ++n) {
      CHECK(out.right[n] == doctest::Approx(0.25 * out.left[n]).epsilon(1e-4));
    }
  }

  TEST_CASE("DampedSinePool: a sine falls 60 dB in its T60 and leaves no DC") {
    DampedSinePool<4> pool;
    pool.Prepare(kSampleRate);
    DampedSine sine;
    sine.frequency_hz = 150.0;  // low: a sine-phase start would leave a large DC area
    sine.t60_s = 0.1;
    sine.amplitude = 0.8;
    const int blocks = 48000 / kBlockFrames;
    const Stereo out = RenderOne(pool, sine, 0, blocks);
    // Envelope over one period at the start and after one T60.
    const auto envelope = [&](std::size_t from) {
      double peak = 0.0;
      for (std::size_t n = from; n < from + 320; ++n) {
        peak = std::max(peak, std::fabs(static_cast<double>(out.left[n])));
      }
      return peak;
    };
    const double drop_db = 20.0 * std::log10(envelope(4800) / envelope(0));
    CHECK(drop_db == doctest::Approx(-60.0).epsilon(0.03));
    double area = 0.0;
    for (float y : out.left) area += y;
    // The sine-phase start leaves A / w = 8.5e-4 s·FS here; the zero-area start ~nothing.
    CHECK(std::fabs(area / kSampleRate) < 1e-6);
  }

  TEST_CASE("DampedSinePool: a lane is released at its deadline, and the pool stays dense") {
    DampedSinePool<8> pool;
    pool.Prepare(kSampleRate);
    DampedSine short_sine;
    short_sine.frequency_hz = 3000.0;
    short_sine.t60_s = 0.01;
    short_sine.amplitude = 0.1;
    DampedSine long_sine = short_sine;
    long_sine.t60_s = 1.0;
    float left[kBlockFrames], right[kBlockFrames];
    pool.Start(short_sine, 0);
    pool.Start(long_sine, 0);
    CHECK(pool.active() == 2);
    // The short one falls from 0.1 to 3e-4 (-50 dB) in 50 / 60 × 10 ms ≈ 8.4 ms.
    for (int b = 0; b < 10; ++b) {
      std::fill(left, left + kBlockFrames, 0.0f);
      std::fill(right, right + kBlockFrames, 0.0f);
      pool.Process(0, kBlockFrames);
      pool.Finish(left, right, static_cast<std::int64_t>(b + 1) * kBlockFrames);
    }
    CHECK(pool.active() == 1);
    // Silent and too-high sines take no lane.
    DampedSine silent = short_sine;
    silent.amplitude = 1e-6;
    pool.Start(silent, 640);
    DampedSine too_high = short_sine;
    too_high.frequency_hz = 30000.0;
    pool.Start(too_high, 640);
    CHECK(pool.active() == 1);
  }

  TEST_CASE("DampedSinePool: when full, the lane nearest its deadline is taken over") {
    DampedSinePool<4> pool;
    pool.Prepare(kSampleRate);
    DampedSine sine;
    sine.frequency_hz = 1000.0;
    sine.amplitude = 0.5;
    for (double t60 : {1.0, 0.05, 2.0, 3.0}) {
      sine.t60_s = t60;
      pool.Start(sine, 0);
    }
    CHECK(pool.active() == 4);
    sine.t60_s = 4.0;
    pool.Start(sine, 0);
    CHECK(pool.active() == 4);
    // The 50 ms sine was replaced: after 0.2 s the pool still holds four lanes.
    float left[kBlockFrames], right[kBlockFrames];
    for (int b = 0; b < 150; ++b) {
      pool.Process(0, kBlockFrames);
      pool.Finish(left, right, static_cast<std::int64_t>(b + 1) * kBlockFrames);
    }
    CHECK(pool.active() == 4);
  }

  TEST_CASE("DampedSinePool: a gliding sine rises as f0 (1 + g t), then holds at its ceiling") {
    DampedSinePool<4, true> pool;
    pool.Prepare(kSampleRate);
    DampedSine sine;
    sine.frequency_hz = 1000.0;
    sine.t60_s = 5.0;
    sine.amplitude = 0.5;
    sine.glide_per_s = 2.0;  // +2000 Hz per second
    sine.glide_ceiling = 1.5;
    const Stereo out = RenderOne(pool, sine, 0, 48000 / kBlockFrames);
    // Around 0.1 s: f = 1200 Hz; the ceiling (1500 Hz) is reached at 0.25 s.
    CHECK(CrossingFrequency(out.left, 4320, 5280) == doctest::Approx(1200.0).epsilon(0.02));
    CHECK(CrossingFrequency(out.left, 14400, 24000) == doctest::Approx(1500.0).epsilon(0.02));
  }

  TEST_CASE("DampedSinePool: many sines, each in its own lane, sum as the sines alone") {
    // Six sines over two groups: the pool's output equals the sum of six one-sine pools.
    const double frequencies[] = {300.0, 700.0, 1100.0, 2300.0, 4100.0, 9000.0};
    DampedSinePool<8> together;
    together.Prepare(kSampleRate);
    std::vector<float> sum(48 * kBlockFrames, 0.0f);
    for (double f : frequencies) {
      DampedSinePool<4> alone;
      alone.Prepare(kSampleRate);
      DampedSine sine;
      sine.frequency_hz = f;
      sine.t60_s = 0.3;
      sine.amplitude = 0.1;
      const Stereo one = RenderOne(alone, sine, 10, 48);
      for (std::size_t n = 0; n < sum.size(); ++n) sum[n] += one.left[n];
    }
    std::vector<float> left(sum.size()), right(sum.size());
    for (int b = 0; b < 48; ++b) {
      if (b == 0) {
        together.Process(0, 10);
        for (double f : frequencies) {
          DampedSine sine;
          sine.frequency_hz = f;
          sine.t60_s = 0.3;
          sine.amplitude = 0.1;
          together.Start(sine, 10);
        }
        together.Process(10, kBlockFrames);
      } else {
        together.Process(0, kBlockFrames);
      }
      std::fill(left.begin() + b * kBlockFrames, left.begin() + (b + 1) * kBlockFrames, 0.0f);
      together.Finish(left.data() + b * kBlockFrames, right.data() + b * kBlockFrames,
                      static_cast<std::int64_t>(b + 1) * kBlockFrames);
    }
    for (std::size_t n = 0; n < sum.size(); ++n) {
      INFO("frame " << n);
      CHECK(left[n] == doctest::Approx(sum[n]).epsilon(1e-4).scale(1.0));
    }
  }

}  // TEST_SUITE
}  // namespace tingle::dsp
