// Grain envelopes (Hann, Tukey, expodec, rexpodec) tabulated once, read by a 32-bit phase.
//
// Every shape starts and ends at zero with zero slope, so no grain clicks on or off:
// Hann and Tukey by construction; the exponential decays (Roads, "Microsound", 2001,
// ch. 3: "expodec", and its reverse) get a raised-cosine attack and release of their own
// instead of the jump a bare exponential would start or end with. The table covers the
// grain once; a grain of L frames reads it with a phase step of 2^32 / L and linear
// interpolation (error < 1e-6 with 4096 points: far below the 1 % overlap-add tolerance).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/units.hpp"

namespace tingle::synth {

enum class WindowShape { kHann, kTukey, kExpodec, kRexpodec };

class GrainWindow {
 public:
  static constexpr int kBits = 12;
  static constexpr int kSize = 1 << kBits;  // table points over one grain
  static constexpr int kFractionBits = 32 - kBits;
  // Tukey: share of the grain in its two cosine tapers (Harris 1978 calls it alpha); the
  // middle half is flat.
  static constexpr double kTukeyTaperShare = 0.5;
  // Expodec: attack and release as shares of the grain, and the decay in between (-40 dB
  // over the grain: the tail is still audible, as in a struck sound).
  static constexpr double kExpodecAttackShare = 0.04;
  static constexpr double kExpodecReleaseShare = 0.1;
  static constexpr double kExpodecDecayNepers = 4.605170185988091;  // ln(100): -40 dB

  void Prepare(WindowShape shape) {
    double square_sum = 0.0;
    float previous = static_cast<float>(Shape(shape, 0.0));
    for (int i = 0; i < kSize; ++i) {
      const double next = Shape(shape, static_cast<double>(i + 1) / kSize);
      const auto next_value = static_cast<float>(next);
      pairs_[static_cast<std::size_t>(2 * i)] = previous;
      pairs_[static_cast<std::size_t>(2 * i + 1)] = next_value - previous;
      square_sum += static_cast<double>(previous) * static_cast<double>(previous);
      previous = next_value;
    }
    mean_square_ = square_sum / kSize;
  }

  // The window at x in [0, 1].
  static double Shape(WindowShape shape, double x) {
    switch (shape) {
      case WindowShape::kHann:
        return 0.5 - 0.5 * std::cos(kTwoPi * x);
      case WindowShape::kTukey: {
        const double edge = 0.5 * kTukeyTaperShare;
        const double distance = std::min(x, 1.0 - x);  // from the nearer end
        return distance >= edge ? 1.0 : 0.5 - 0.5 * std::cos(kPi * distance / edge);
      }
      case WindowShape::kExpodec:
        return Expodec(x);
      case WindowShape::kRexpodec:
        return Expodec(1.0 - x);
    }
    return 0.0;
  }

  // Phase step for a grain of `frames` frames (>= 2): rounded down, so the last frame's
  // phase stays below 2^32.
  static std::uint32_t PhaseStep(int frames) {
    return static_cast<std::uint32_t>(4294967296.0 / frames);
  }

  // The window at a phase (0 = start, 2^32 = end).
  float At(std::uint32_t phase) const { return Lookup(pairs(), phase); }

  // The same from a pairs() pointer, for inner loops that hold it in a local.
  static float Lookup(const float* __restrict pairs, std::uint32_t phase) {
    const float* pair = pairs + 2 * (phase >> kFractionBits);
    return pair[0] + Fraction(phase) * pair[1];
  }

  // The phase's position between two table points, in [0, 1).
  static float Fraction(std::uint32_t phase) {
    return static_cast<float>(static_cast<std::int32_t>(phase & kFractionMask)) * kFractionScale;
  }

  // Point i of the table and the step to point i + 1, side by side (one 8-byte read per
  // lookup): 2 × kSize floats.
  const float* pairs() const { return pairs_.data(); }

  static constexpr std::uint32_t kFractionMask = (1u << kFractionBits) - 1;
  static constexpr float kFractionScale = 1.0f / (1 << kFractionBits);

  // Mean of the squared window over the grain (Hann: 3/8): a grain's energy share.
  double mean_square() const { return mean_square_; }

 private:
  static double Expodec(double x) {
    double value = std::exp(-kExpodecDecayNepers * x);
    if (x < kExpodecAttackShare) value *= 0.5 - 0.5 * std::cos(kPi * x / kExpodecAttackShare);
    const double release_start = 1.0 - kExpodecReleaseShare;
    if (x > release_start) {
      value *= 0.5 + 0.5 * std::cos(kPi * (x - release_start) / kExpodecReleaseShare);
    }
    return value;
  }

  std::array<float, 2 * kSize> pairs_{};
  double mean_square_ = 0.0;
};

}  // namespace tingle::synth
