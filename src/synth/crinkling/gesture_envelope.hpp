// How hard the hand is working the sheet, 0..1, as a function of gesture phase.
//
// Crumpling noise is made by the hand: a squeeze builds a dense burst of snaps, the
// release lets the sheet spring back with a few more, then the hand rests; handling is
// irregular grabs and pauses; steady crumpling keeps a near-constant pace. The envelope
// scales the rate of avalanche onsets (crumple_process.hpp) and the rustle level.
//
// On top of the slow gesture, fingers regrip and shift several times a second: a
// multiplicative flutter in absolute time (not in cycles: its pace is the hand's, not
// the gesture's), which gives crumpling its 1–8 Hz unevenness.
//
// `phase` counts gesture cycles (phase 2.5 = half-way through the third cycle); the
// texture advances it by block duration / gesture_period, so an automated period
// changes the pace smoothly. Each cycle's shape varies a little, drawn counter-based
// from (seed, cycle), so the value at any phase is a pure function: random access in
// time, whatever the render chunking (DESIGN §9).
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace tingle::synth {

enum class Gesture { kSqueeze, kSteady, kHandle };

class GestureEnvelope {
 public:
  void Prepare(Gesture gesture, std::uint64_t seed) {
    gesture_ = gesture;
    seed_ = seed;
    flutter_seed_ = StreamSeed(seed, "flutter");
  }

  // Regrip flutter in [1 - kFlutterDepth, 1] at `seconds` (>= 0); multiplies At().
  double Flutter(double seconds) const noexcept {
    return 1.0 - kFlutterDepth + kFlutterDepth * ValueNoise(flutter_seed_, kFlutterHz * seconds);
  }

  // Activity in [0, 1] at `phase` (>= 0) gesture cycles.
  double At(double phase) const noexcept {
    switch (gesture_) {
      case Gesture::kSqueeze:
        return Squeeze(phase);
      case Gesture::kSteady:
        return kSteadyLevel +
               kSteadyDrift * (ValueNoise(seed_, kSteadyKnotsPerCycle * phase) - 0.5);
      case Gesture::kHandle:
        return Handle(phase);
    }
    return 0.0;
  }

 private:
  // Flutter: about five regrips a second, each changing the pace by up to 70 %.
  static constexpr double kFlutterHz = 8.0;
  static constexpr double kFlutterDepth = 0.85;
  // Steady: a constant pace with a gentle drift (4 knots per cycle), never quite still.
  static constexpr double kSteadyLevel = 0.8;
  static constexpr double kSteadyDrift = 0.3;
  static constexpr double kSteadyKnotsPerCycle = 4.0;
  // Squeeze: the hand closes over about 40 % of the cycle, opens over the next ~25 %,
  // then rests. Activity between squeezes is not zero: fingers still shift a little.
  static constexpr double kRestLevel = 0.25;
  static constexpr double kSqueezeEnd = 0.4;
  static constexpr double kReleaseLength = 0.25;
  static constexpr double kShapeJitter = 0.1;  // ± fraction of a cycle, per cycle
  // Handle: three grabs per cycle with a slower gate that makes pauses.
  static constexpr double kGrabsPerCycle = 3.0;
  static constexpr double kGatesPerCycle = 0.8;

  static double SmoothStep(double x) { return x * x * (3.0 - 2.0 * x); }

  // Smooth value noise in [0, 1]: counter-based knots one unit apart, eased between.
  static double ValueNoise(std::uint64_t seed, double position) {
    const double knot = std::floor(position);
    const auto k = static_cast<std::uint64_t>(static_cast<std::int64_t>(knot));
    const double a = EventUnit(seed, k, 0);
    const double b = EventUnit(seed, k + 1, 0);
    return a + (b - a) * SmoothStep(position - knot);
  }

  double Squeeze(double phase) const noexcept {
    const double cycle = std::floor(phase);
    const double x = phase - cycle;
    const auto c = static_cast<std::uint64_t>(static_cast<std::int64_t>(cycle));
    const double peak = 0.7 + 0.3 * EventUnit(seed_, c, 0);
    const double squeeze_end = kSqueezeEnd + kShapeJitter * (EventUnit(seed_, c, 1) - 0.5);
    const double release_end =
        squeeze_end + kReleaseLength + kShapeJitter * (EventUnit(seed_, c, 2) - 0.5);
    if (x < squeeze_end) {
      // Closing hand: crumpling builds up and is fastest as the sheet compacts.
      const double rise = x / squeeze_end;
      return kRestLevel + (peak - kRestLevel) * rise * rise * (3.0 - 2.0 * rise);
    }
    if (x < release_end) {
      // Opening hand: the sheet springs back with fewer, scattered snaps.
      const double fall = 1.0 - (x - squeeze_end) / (release_end - squeeze_end);
      return kRestLevel + (peak - kRestLevel) * fall * fall;
    }
    return kRestLevel;
  }

  double Handle(double phase) const noexcept {
    const double grab = ValueNoise(seed_, kGrabsPerCycle * phase);
    const double gate = ValueNoise(StreamSeed(seed_, "gate"), kGatesPerCycle * phase);
    // The gate closes (a pause: the hand holds still) about a third of the time; even
    // then the fingers shift a little.
    const double open = SmoothStep(std::fmin(std::fmax((gate - 0.25) / 0.3, 0.0), 1.0));
    return kRestLevel + (1.0 - kRestLevel) * grab * open;
  }

  Gesture gesture_ = Gesture::kSqueeze;
  std::uint64_t seed_ = 0;
  std::uint64_t flutter_seed_ = 0;
};

}  // namespace tingle::synth
