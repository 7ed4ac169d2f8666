// Slow wind gusts: a smooth, bounded, never-periodic strength, a pure function of time.
//
// Two octaves of value noise: random knot values every kKnotSeconds (and every
// kKnotSeconds × kSecondOctaveRatio for the faster octave, an irrational ratio so the
// two grids never line up), each knot u² (calm most of the time, a strong gust now and
// then), joined by smoothstep. Knot k's value is EventUnit(seed, k): the strength at
// any time is known without replaying what came before (a layer starting at hour 7
// gets the wind it would have had). Gusts in the atmospheric surface layer last from
// seconds to tens of seconds (Panofsky & Dutton, "Atmospheric Turbulence", 1984), hence
// the knot spacing.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace tingle::synth {

class WindGusts {
 public:
  static constexpr double kKnotSeconds = 7.0;
  static constexpr double kSecondOctaveRatio = 0.381966;  // 1 / φ²
  static constexpr double kSecondOctaveWeight = 0.4;
  // E[u²] for u uniform: the mean of every knot, hence of the strength.
  static constexpr double kMeanKnot = 1.0 / 3.0;

  void Prepare(std::uint64_t seed) {
    slow_seed_ = StreamSeed(seed, "gusts:slow");
    fast_seed_ = StreamSeed(seed, "gusts:fast");
  }

  // Gust strength relative to its mean, at `seconds`: mean 0, in [-1, 2].
  double Strength(double seconds) const {
    const double slow = Octave(slow_seed_, seconds / kKnotSeconds);
    const double fast = Octave(fast_seed_, seconds / (kKnotSeconds * kSecondOctaveRatio));
    const double mixed = (1.0 - kSecondOctaveWeight) * slow + kSecondOctaveWeight * fast;
    return mixed / kMeanKnot - 1.0;
  }

 private:
  static double Knot(std::uint64_t seed, double index) {
    const double u = EventUnit(seed, static_cast<std::uint64_t>(index), 0);
    return u * u;
  }

  static double Octave(std::uint64_t seed, double position) {
    const double index = std::floor(position);
    const double t = position - index;
    const double smooth = t * t * (3.0 - 2.0 * t);
    const double a = Knot(seed, index);
    const double b = Knot(seed, index + 1.0);
    return a + (b - a) * smooth;
  }

  std::uint64_t slow_seed_ = 0;
  std::uint64_t fast_seed_ = 0;
};

}  // namespace tingle::synth
