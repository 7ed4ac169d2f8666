// When grains start: a Poisson stream (asynchronous) or a regular one (synchronous),
// drawn block by block from counters, so any block's grains are known without the ones
// before.
//
// Asynchronous: the rate is constant inside a 64-frame block (controls move once per
// block), so the count in block b is Poisson with mean density × kBlockFrames / fs, drawn
// by CDF inversion from EventUnit(seed, b, 0), and grain j of the block takes its frame
// and its own draws from the stream (seed, b, j): a piecewise-constant-rate Poisson
// process, whose count over any span has mean Σ rate × time and variance equal to it
// (Roads, "Microsound", 2001, ch. 3: asynchronous granular synthesis).
//
// Synchronous: grain k starts where the integral of density over time (its phase, in
// grains) reaches k, rounded to the nearest frame: one grain every 1 / density seconds,
// gliding when density moves. Grain k draws from the stream (seed, k).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/block.hpp"
#include "core/random.hpp"

namespace tingle::synth {

struct GrainStart {
  int offset = 0;            // frame inside its block, [0, kBlockFrames)
  std::uint64_t stream = 0;  // the grain's own draws: Unit(k)

  // Draw k of this grain, uniform in [0, 1). Draw 0 is the clock's.
  double Unit(std::uint64_t k) const { return EventUnit(stream, k, 0); }
};

class GrainClock {
 public:
  // More grains than this in one block are not started. At the top density (2000/s) and
  // 44.1 kHz the mean is 2.9 per block: P(N > 24) < 1e-14.
  static constexpr int kMaxPerBlock = 24;

  void Prepare(std::uint64_t seed) {
    count_seed_ = StreamSeed(seed, "grains:count");
    async_seed_ = StreamSeed(seed, "grains:async");
    sync_seed_ = StreamSeed(seed, "grains:sync");
  }

  // Calls emit(const GrainStart&) for each grain of block `block` in frame order;
  // grains_per_block is the mean count (density × kBlockFrames / sample rate).
  template <class Emit>
  void Asynchronous(std::int64_t block, double grains_per_block, Emit&& emit) const {
    if (grains_per_block <= 0.0) return;
    const auto b = static_cast<std::uint64_t>(block);
    const int count = PoissonFromUnit(EventUnit(count_seed_, b, 0), grains_per_block);
    if (count == 0) return;
    const std::uint64_t block_stream = StreamSeed(async_seed_, b);
    std::array<GrainStart, kMaxPerBlock> grains;
    for (int j = 0; j < count; ++j) {
      GrainStart& grain = grains[static_cast<std::size_t>(j)];
      grain.stream = StreamSeed(block_stream, static_cast<std::uint64_t>(j));
      grain.offset = std::min(static_cast<int>(grain.Unit(0) * kBlockFrames), kBlockFrames - 1);
    }
    // Insertion sort by frame (a handful at most); ties keep draw order.
    for (int j = 1; j < count; ++j) {
      const GrainStart moving = grains[static_cast<std::size_t>(j)];
      int k = j;
      for (; k > 0 && grains[static_cast<std::size_t>(k - 1)].offset > moving.offset; --k) {
        grains[static_cast<std::size_t>(k)] = grains[static_cast<std::size_t>(k - 1)];
      }
      grains[static_cast<std::size_t>(k)] = moving;
    }
    for (int j = 0; j < count; ++j)
      emit(static_cast<const GrainStart&>(grains[static_cast<std::size_t>(j)]));
  }

  // Calls emit for each grain k with phase_start <= k < phase_end, the phase (grains
  // started so far, fractional) at the block's start and end.
  template <class Emit>
  void Synchronous(double phase_start, double phase_end, Emit&& emit) const {
    if (phase_end <= phase_start) return;
    const double frames_per_grain = kBlockFrames / (phase_end - phase_start);
    for (auto k = static_cast<std::int64_t>(std::ceil(phase_start));
         static_cast<double>(k) < phase_end; ++k) {
      GrainStart grain;
      grain.stream = StreamSeed(sync_seed_, static_cast<std::uint64_t>(k));
      const double frame = (static_cast<double>(k) - phase_start) * frames_per_grain;
      grain.offset = std::min(static_cast<int>(std::lround(frame)), kBlockFrames - 1);
      emit(static_cast<const GrainStart&>(grain));
    }
  }

  // N for a uniform draw u in [0, 1) and a Poisson mean, by CDF inversion.
  static int PoissonFromUnit(double u, double mean) {
    double term = std::exp(-mean);
    double cdf = term;
    int n = 0;
    while (u >= cdf && n < kMaxPerBlock) {
      ++n;
      term *= mean / n;
      cdf += term;
      if (term <= 0.0) break;
    }
    return n;
  }

 private:
  std::uint64_t count_seed_ = 0;
  std::uint64_t async_seed_ = 0;
  std::uint64_t sync_seed_ = 0;
};

}  // namespace tingle::synth
