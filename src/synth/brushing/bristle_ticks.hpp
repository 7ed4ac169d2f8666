// Bristle micro-impacts: a Poisson stream of ticks whose rate follows the brush, written
// as signed impulses into a block's excitation.
//
// A bristle tip catches on an asperity and slips free: one tick (SDT's scraping model
// fires such micro-impacts at a density set by grain and speed; Conan et al., Computer
// Music Journal 38(4), 2014, model rubbing and scratching as impact series). The rate
// (ticks per second) is given at both ends of the block and runs linearly between; tick
// times come from unit-mean exponential gaps in operational time (the integral of the
// rate), the exact way to draw an inhomogeneous Poisson process, so a tick lands on any
// frame and the count over a stretch is the rate's integral whatever the blocks.
// Amplitudes are skewed (u³: mostly faint, now and then a sharp one) with a random sign,
// so the stream has no DC.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/block.hpp"
#include "core/random.hpp"

namespace tingle::synth {

class BristleTicks {
 public:
  // E[(u³)²] = 1/7 for u uniform in [0, 1): mean power of a unit tick.
  static constexpr double kMeanSquare = 1.0 / 7.0;
  // At most this many ticks in one block (about 100 000 ticks/s at 48 kHz); past it the
  // stream is thinned, far beyond what any brush reaches.
  static constexpr int kMaxTicksPerBlock = 128;

  void Prepare(std::uint64_t seed) {
    draws_.Seed(seed);
    to_next_ = draws_.Exponential(1.0);
  }

  // Adds this block's ticks into out (kBlockFrames). rate_start/rate_end in ticks/s,
  // sample_rate in Hz; amplitude is the largest tick's.
  void Render(float* out, double rate_start, double rate_end, double amplitude,
              double sample_rate) noexcept {
    const double seconds = kBlockFrames / sample_rate;
    // Operational time over the block: Λ(t) = seconds (r0 t + (r1 - r0) t² / 2), t in [0, 1].
    const double b = rate_start * seconds;
    const double a = 0.5 * (rate_end - rate_start) * seconds;
    const double total = a + b;
    if (!(total > 0.0)) return;
    double used = 0.0;
    int count = 0;
    while (to_next_ <= total - used && count < kMaxTicksPerBlock) {
      used += to_next_;
      // Solve a t² + b t = used for t in [0, 1] (the root that is stable when a → 0).
      const double t = 2.0 * used / (b + std::sqrt(std::max(b * b + 4.0 * a * used, 0.0)));
      const int frame = std::min(static_cast<int>(t * kBlockFrames), kBlockFrames - 1);
      // 24 bits for the size, one for the sign.
      const std::uint32_t bits = draws_.Next();
      const float u = static_cast<float>(bits >> 8) * (1.0f / 16777216.0f);
      const float sign = (bits & 1u) ? 1.0f : -1.0f;
      out[frame] += sign * static_cast<float>(amplitude) * u * u * u;
      to_next_ = draws_.Exponential(1.0);
      ++count;
    }
    to_next_ -= total - used;
    if (count == kMaxTicksPerBlock) to_next_ = draws_.Exponential(1.0);
  }

 private:
  Pcg32 draws_;
  double to_next_ = 1.0;  // operational time until the next tick
};

}  // namespace tingle::synth
