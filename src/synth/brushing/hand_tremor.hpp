// Physiological tremor of the hand holding the brush: a small, irregular 8–12 Hz wobble
// of its speed and of the force on the bristles.
//
// Every steady hand trembles at 8–12 Hz with sub-millimetre amplitude (Elble & Koller,
// "Tremor", Johns Hopkins 1990; Lakie, "The influence of muscle tremor on shooting
// performance", Exp. Physiol. 95, 2010). For a brush it matters twice: the tips never
// quite stop (even resting at a turn, they rub a little), and the force they press with
// wobbles, so a stroke's friction flutters rather than swelling perfectly smoothly.
// Value noise at kTremorHz knots per second (a band centred near 10 Hz), counter-based in
// time: defined at any time, whatever the blocks.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace tingle::synth {

class HandTremor {
 public:
  // Knots per second of the value noise; its energy sits around half this rate.
  static constexpr double kTremorHz = 20.0;
  // Speed of the tips from the tremor alone: ~0.2 mm at 10 Hz is ~1 cm/s.
  static constexpr double kTremorSpeed = 0.01;  // m/s

  void Prepare(std::uint64_t seed) { seed_ = seed; }

  // Tremor displacement at `seconds`, in about [-1, 1], mean 0.
  double At(double seconds) const noexcept {
    const double position = seconds * kTremorHz;
    const double knot = std::floor(position);
    const auto k = static_cast<std::uint64_t>(static_cast<std::int64_t>(knot));
    const double a = 2.0 * EventUnit(seed_, k, 0) - 1.0;
    const double b = 2.0 * EventUnit(seed_, k + 1, 0) - 1.0;
    const double x = position - knot;
    return a + (b - a) * x * x * (3.0 - 2.0 * x);
  }

 private:
  std::uint64_t seed_ = 0;
};

}  // namespace tingle::synth
