// When near drops land, how big they are and where: a Poisson process drawn block by
// block from counters, so any block's drops are known without replaying the ones before.
//
// The rate is constant inside each 64-frame block (controls move once per block), so
// the number of drops in block b is Poisson with mean rate_b × kBlockFrames / fs, drawn
// by inverting its CDF with the uniform EventUnit(seed, b, 0); drop j of the block takes
// its frame, size and place from EventUnit on a stream of (seed, b). A piecewise
// constant-rate Poisson process is exactly the inhomogeneous Poisson process of that
// rate, so over any span the count has mean Σ rate_b × block length and variance equal
// to its mean (the test of `NearDropsPerSecond`).
//
// Sizes: D = D̄ (kSmallestShare + (1 - kSmallestShare) E), E exponential with mean 1:
// the exponential tail of Marshall & Palmer (1948) above a floor (drops far below the
// mean are the bed's). The rare drops past kLargestShare × D̄ (one in twenty) are held
// there, and none exceeds kLargestDropMm (rain_rates.hpp): a handful of giant drops
// would otherwise stand 15-20 dB over the patter (their sound grows as D^1.5 v).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/block.hpp"
#include "core/random.hpp"
#include "synth/rain/rain_rates.hpp"

namespace tingle::synth {

// One near drop.
struct Drop {
  int offset = 0;             // frame inside its block, [0, kBlockFrames)
  double diameter_mm = 2.0;   // D
  double position = 0.0;      // -1 (left) .. 1 (right)
  std::uint64_t stream = 0;   // for the drop's further draws: Unit(k)

  // Draw k (k >= kFirstFreeDraw) of this drop, uniform in [0, 1).
  double Unit(std::uint64_t k) const { return EventUnit(stream, k, 0); }
};

class DropProcess {
 public:
  // Draws taken by the process itself; a drop's sound uses draws from here on.
  static constexpr std::uint64_t kFirstFreeDraw = 3;
  // Smallest and largest drops, as shares of the mean diameter.
  static constexpr double kSmallestShare = 0.4;
  static constexpr double kLargestShare = 2.2;
  // More than this many drops in one block is dropped (at 490 drops/s and 44.1 kHz the
  // mean is 0.7 per block: P(N > 16) < 1e-20).
  static constexpr int kMaxDropsPerBlock = 16;

  void Prepare(std::uint64_t seed) {
    count_seed_ = StreamSeed(seed, "drops:count");
    drop_seed_ = StreamSeed(seed, "drops:each");
  }

  // N for a uniform draw u in [0, 1) and a Poisson mean, by CDF inversion.
  static int PoissonFromUnit(double u, double mean) {
    double term = std::exp(-mean);
    double cdf = term;
    int n = 0;
    while (u >= cdf && n < kMaxDropsPerBlock) {
      ++n;
      term *= mean / n;
      cdf += term;
      if (term <= 0.0) break;
    }
    return n;
  }

  // Calls emit(const Drop&) for each drop of block `block_index` in frame order.
  // drops_per_block: the mean count (rate × kBlockFrames / sample rate);
  // mean_diameter_mm: D̄ for these drops.
  template <class Emit>
  void Block(std::int64_t block_index, double drops_per_block, double mean_diameter_mm,
             Emit&& emit) const {
    if (drops_per_block <= 0.0) return;
    const auto b = static_cast<std::uint64_t>(block_index);
    const int count = PoissonFromUnit(EventUnit(count_seed_, b, 0), drops_per_block);
    if (count == 0) return;
    const std::uint64_t block_stream = StreamSeed(drop_seed_, b);
    std::array<Drop, kMaxDropsPerBlock> drops;
    for (int j = 0; j < count; ++j) {
      Drop& drop = drops[j];
      drop.stream = StreamSeed(block_stream, static_cast<std::uint64_t>(j));
      drop.offset = std::min(static_cast<int>(drop.Unit(0) * kBlockFrames), kBlockFrames - 1);
      const double exponential = -std::log(1.0 - drop.Unit(1));
      const double share =
          std::min(kSmallestShare + (1.0 - kSmallestShare) * exponential, kLargestShare);
      drop.diameter_mm = std::min(mean_diameter_mm * share, kLargestDropMm);
      drop.position = 2.0 * drop.Unit(2) - 1.0;
    }
    // Insertion sort by frame (a handful of drops at most); ties keep draw order.
    for (int j = 1; j < count; ++j) {
      const Drop moving = drops[j];
      int k = j;
      for (; k > 0 && drops[k - 1].offset > moving.offset; --k) drops[k] = drops[k - 1];
      drops[k] = moving;
    }
    for (int j = 0; j < count; ++j) emit(static_cast<const Drop&>(drops[j]));
  }

 private:
  std::uint64_t count_seed_ = 0;
  std::uint64_t drop_seed_ = 0;
};

}  // namespace tingle::synth
