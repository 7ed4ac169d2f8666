// The whole master chain: level-transparent below the ceiling, under it above, and the
// band limiter that keeps every meter's reading of the ceiling the same.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/block.hpp"
#include "core/units.hpp"
#include "mix/master.hpp"
#include "mix/reference_true_peak.hpp"
#include "support/alloc_counter.hpp"
#include "support/band_limit.hpp"
#include "support/same_bits.hpp"

namespace tingle::mix {
namespace {

constexpr double kRate = 48000.0;

struct Output {
  std::vector<float> left;
  std::vector<float> right;
};

// Runs a mono signal (both channels) through a prepared master, `blocks_a_call` blocks a
// Process call, compensating its latency as the renderer does: output frame n is input
// frame n.
Output RunMaster(Master& master, const std::vector<float>& x, int blocks_a_call = 1) {
  const auto total = static_cast<std::int64_t>(x.size());
  master.Prepare(kRate, total);
  const int latency = master.latency_frames();
  const int span = blocks_a_call * kBlockFrames;
  std::vector<float> left(static_cast<std::size_t>(span)), right(static_cast<std::size_t>(span));
  Output out;
  for (std::int64_t frame = 0; frame - latency < total; frame += span) {
    for (int i = 0; i < span; ++i) {
      const auto at = static_cast<std::size_t>(i);
      left[at] = right[at] = frame + i < total ? x[static_cast<std::size_t>(frame + i)] : 0.0f;
    }
    master.Process({frame}, {left.data(), right.data(), span});
    for (int i = 0; i < span; ++i) {
      const std::int64_t out_frame = frame - latency + i;
      if (out_frame < 0 || out_frame >= total) continue;
      out.left.push_back(left[static_cast<std::size_t>(i)]);
      out.right.push_back(right[static_cast<std::size_t>(i)]);
    }
  }
  return out;
}

std::vector<float> Sine(double frequency, double amplitude, double seconds) {
  std::vector<float> x(static_cast<std::size_t>(seconds * kRate));
  for (std::size_t n = 0; n < x.size(); ++n) {
    x[n] = static_cast<float>(amplitude * std::sin(kTwoPi * frequency * static_cast<double>(n) / kRate));
  }
  return x;
}

double RmsDb(const std::vector<float>& x, std::size_t from, std::size_t to) {
  double sum = 0.0;
  for (std::size_t n = from; n < to; ++n) sum += static_cast<double>(x[n]) * x[n];
  return 10.0 * std::log10(sum / static_cast<double>(to - from));
}

// Level of a sine through the band limiter, dB.
double BandLimiterGainDb(double frequency) {
  auto left = Sine(frequency, 0.5, 0.5);
  auto right = left;
  test::BandLimit(left, right);
  const auto input = Sine(frequency, 0.5, 0.5);
  return RmsDb(left, left.size() / 2, left.size()) - RmsDb(input, input.size() / 2, input.size());
}

}  // namespace

TEST_SUITE("mix") {

TEST_CASE("Master: a -20 dBFS sine keeps its level exactly, and its timing") {
  const auto x = Sine(1000.0, 0.1, 2.0);
  Master master{MasterSettings{}};
  const Output out = RunMaster(master, x);
  REQUIRE(out.left.size() == x.size());
  CHECK(master.limiter().min_gain() == 1.0);  // the limiter never moved
  // DC blocker and band limiter together change 1 kHz by under 0.001 dB (measured over
  // whole cycles, before the track's last block, whose gain ramps to 0 at the end).
  CHECK(std::fabs(RmsDb(out.left, 48000, 91200) - RmsDb(x, 48000, 91200)) < 0.001);
  // Output frame n is input frame n: the limiter's look-ahead is compensated, and what
  // is left is the band limiter's group delay, under two frames. A click lands where it
  // went in (the best-matching shift of the output against the input is 0, 1 or 2 frames).
  std::vector<float> click(4800, 0.0f);
  click[2400] = 0.5f;
  Master again{MasterSettings{}};
  const Output clicked = RunMaster(again, click);
  const auto loudest = std::max_element(clicked.left.begin(), clicked.left.end(),
                                        [](float a, float b) { return std::fabs(a) < std::fabs(b); });
  const auto at = loudest - clicked.left.begin();
  CHECK(at >= 2400);
  CHECK(at <= 2402);
}

TEST_CASE("Master: +12 dB of gain on a full-scale mix stays under the ceiling") {
  for (double ceiling_db : {-1.0, -3.0}) {
    INFO("ceiling " << ceiling_db);
    MasterSettings settings;
    settings.gain_db = Control::Constant(12.0);
    settings.true_peak_dbtp = ceiling_db;
    settings.fade_out_seconds = 0.2;
    Master master(settings);
    std::vector<float> x = Sine(3000.0, 0.9, 1.0);
    // A click at full scale in the middle: the worst transient a mix can hold.
    x[24000] = 1.0f;
    x[24001] = -1.0f;
    const Output out = RunMaster(master, x);
    const double peak = test::ReferenceTruePeak(out.left, out.right, 4);
    INFO("true peak " << GainToDb(peak));
    CHECK(GainToDb(peak) <= ceiling_db);
    CHECK(GainToDb(peak) > ceiling_db - 0.5);
  }
}

TEST_CASE("Master: the same bits whatever the number of blocks a call") {
  // Everything at work: level automation, the limiter well past the ceiling, both fades.
  MasterSettings settings;
  settings.gain_db = Control::Constant(9.0);
  settings.fade_in_seconds = 0.05;
  settings.fade_out_seconds = 0.3;
  std::vector<float> x = Sine(2500.0, 0.7, 1.3);
  for (std::size_t n = 0; n < x.size(); n += 9000) x[n] = 1.0f;
  Master one_block(settings);
  const Output reference = RunMaster(one_block, x, 1);
  REQUIRE(reference.left.size() == x.size());
  CHECK(one_block.limiter().min_gain() < 0.5);
  for (int blocks : {Master::kSpanBlocks, 5, 32}) {
    INFO(blocks << " blocks a call");
    Master master(settings);
    const Output out = RunMaster(master, x, blocks);
    CHECK(test::SameBits(out.left, reference.left));
    CHECK(test::SameBits(out.right, reference.right));
  }
}

TEST_CASE("Master: allocates nothing while processing") {
  MasterSettings settings;
  settings.gain_db = Control::Constant(20.0);
  settings.fade_in_seconds = 0.1;
  Master master(settings);
  master.Prepare(kRate, 48000);
  float left[kBlockFrames], right[kBlockFrames];
  test::AllocCounter counter;
  for (std::int64_t frame = 0; frame < 48000; frame += kBlockFrames) {
    for (int i = 0; i < kBlockFrames; ++i) left[i] = right[i] = (i % 7 == 0) ? 0.9f : -0.3f;
    master.Process({frame}, {left, right, kBlockFrames});
  }
  CHECK(counter.count() == 0);
}

TEST_CASE("BandLimiter: flat to 20 kHz, and nothing left near Nyquist") {
  CHECK(std::fabs(BandLimiterGainDb(1000.0)) < 0.001);
  CHECK(std::fabs(BandLimiterGainDb(20000.0)) < 0.05);
  CHECK(BandLimiterGainDb(22500.0) < -20.0);
  CHECK(BandLimiterGainDb(23500.0) < -50.0);
}

}
}  // namespace tingle::mix
