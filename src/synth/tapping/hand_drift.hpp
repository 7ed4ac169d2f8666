// A hand's slow drifts: force, tempo and place wander over seconds, smooth and unrepeating.
//
// A person tapping does not hold one force, tempo or spot: all three wander on a scale of
// seconds (the slow, 1/f-like drift of self-paced tapping: Gilden, Thornton & Mallon,
// "1/f noise in human cognition", Science 1995; Madison, "Fractal modeling of human
// isochronous serial interval production", Biol. Cybern. 2004). Two octaves of value
// noise on absolute time, counter-based, so a drift at hour 7 needs no history.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace tingle::synth {

class HandDrift {
 public:
  // seconds_per_knot > 0: the drift's time scale.
  void Prepare(std::uint64_t seed, double seconds_per_knot) {
    seed_ = seed;
    knots_per_second_ = 1.0 / seconds_per_knot;
  }

  // The drift at an absolute time, in [-1, 1].
  double At(double seconds) const {
    const double position = seconds * knots_per_second_;
    // The fine octave is offset so its knots never line up with the coarse ones.
    return kCoarse * ValueNoise(seed_, position) +
           kFine * ValueNoise(seed_ ^ kFineSalt, 2.0 * position + 0.5);
  }

 private:
  static constexpr double kCoarse = 2.0 / 3.0;
  static constexpr double kFine = 1.0 / 3.0;
  static constexpr std::uint64_t kFineSalt = 0x5bd1e9955bd1e995ULL;

  // Random knots in [-1, 1] one unit apart, eased with a zero-slope cubic between.
  static double ValueNoise(std::uint64_t seed, double position) {
    const double knot = std::floor(position);
    const auto k = static_cast<std::uint64_t>(static_cast<std::int64_t>(knot));
    const double a = 2.0 * EventUnit(seed, k, 0) - 1.0;
    const double b = 2.0 * EventUnit(seed, k + 1, 0) - 1.0;
    const double x = position - knot;
    return a + (b - a) * x * x * (3.0 - 2.0 * x);
  }

  std::uint64_t seed_ = 0;
  double knots_per_second_ = 1.0;
};

}  // namespace tingle::synth
