// Where a layer sits around the listener's head, and how it moves.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/control.hpp"
#include "core/units.hpp"
#include "dsp/turn_trig.hpp"

namespace tingle::mix {

enum class Motion {
  kFixed,     // `position` is an angle (a constant, automation or wander)
  kEarToEar,  // smooth back-and-forth between -span and +span (the ears at span 90)
  kOrbit,     // full circles, clockwise seen from above: front, right, behind, left
  kWander,    // a seeded slow random path within +-span of the front
};

struct Placement {
  bool binaural = false;  // false: the texture's own stereo, untouched
  Motion motion = Motion::kFixed;
  Control azimuth_degrees = Control::Constant(0.0);  // -90 left ear, 0 front, +90 right ear
  double period_seconds = 12.0;                      // one full cycle of a motion
  double span_degrees = 90.0;                        // ear-to-ear and wander half-range
  Control distance_metres = Control::Constant(1.0);
  std::uint64_t wander_seed = 0;

  // The source's azimuth in degrees at `seconds`.
  double AzimuthAt(double seconds) const {
    const double phase = seconds / period_seconds;
    switch (motion) {
      case Motion::kFixed:
        return azimuth_degrees.At(seconds);
      case Motion::kEarToEar:
        // Starts at the left ear, reaches the right one half a period later.
        return -span_degrees * dsp::CosTurns(phase);
      case Motion::kOrbit:
        return 360.0 * (phase - std::floor(phase));
      case Motion::kWander:
        return wander_path_.At(seconds);
    }
    return 0.0;
  }

  // Builds the wander path once the period, span and seed are known.
  void FinishWander() { wander_path_ = Control::Wander(0.0, span_degrees, period_seconds, wander_seed); }

 private:
  Control wander_path_;
};

}  // namespace tingle::mix
