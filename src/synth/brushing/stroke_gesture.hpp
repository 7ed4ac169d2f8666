// The hand: strokes with a bell-shaped (minimum-jerk) speed profile, back and forth, in
// circles or at random, humanised.
//
// Time runs in strokes: a phase advances by stroke_rate per second (the texture
// integrates it block by block, so an automated rate bends the strokes smoothly). One
// stroke is one swell of speed, whatever the pattern, so the loudness envelope swells
// once per stroke and its dominant modulation is at stroke_rate:
// - back-and-forth: a stroke is one sweep in one direction; out and back is two strokes.
//   The brush pauses briefly at each end, where it turns.
// - circles: a stroke is half a turn; one revolution is two strokes. The hand traces an
//   ellipse (long axis left–right) in harmonic motion, which obeys the two-thirds power
//   law of drawing movements (Lacquaniti, Terzuolo & Viviani, Acta Psychologica 54,
//   1983): fastest across the long sides, slowest (never still) round the ends.
// - random: each stroke sets off from where the last ended towards a new random place,
//   over a random length, after a pause of random length.
// Within a back-and-forth or random stroke, position follows the minimum-jerk profile
// x(τ) = 10τ³ − 15τ⁴ + 6τ⁵ (Flash & Hogan, "The coordination of arm movements",
// J. Neurosci. 5, 1985), whose speed 30τ²(1 − τ)² is the bell-shaped profile of a
// point-to-point hand movement, peaking at 1.875 × the mean speed.
//
// Humanising: stroke durations vary around one stroke with the coefficient of variation
// of an unpaced hand (a few %: Wing & Kristofferson, Percept. Psychophys. 14, 1973, as in
// tapping's rhythm), and each stroke starts where the last ended, so timing
// is a random walk (no metronome: the rhythm drifts, the mean rate stays exact); reach,
// pressure and pauses vary too. Each stroke's draws are counter-based in its index, and
// the walk is a cheap loop over strokes, so a late start replays it exactly.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/random.hpp"
#include "core/units.hpp"

namespace tingle::synth {

enum class StrokePattern { kBackAndForth, kCircles, kRandom };

// What the brush does at one instant.
struct BrushMotion {
  // "Long ago" for since_turn_s when the brush has not turned (circles) or not set off.
  static constexpr double kLongAgo = 1.0e3;

  double speed_mps = 0.0;          // along the surface
  double peak_speed_mps = 0.0;     // the current stroke's highest speed
  double pan = 0.0;                // -1 left .. +1 right: where the brush is in its swing
  double surface_m = 0.0;          // where on the surface the tips are (for its profile)
  double since_turn_s = kLongAgo;  // time since the brush set off in a new direction
  double pressure = 1.0;           // this moment's humanised pressure factor (1: as set)
  double touch = 1.0;              // 1 on the surface, 0 lifted (a stroke made in the air)
  int direction = 0;               // +1 moving right, -1 moving left, 0 still
};

class StrokeGesture {
 public:
  // Timing spread (coefficient of variation of stroke durations) at humanize 1; none at
  // humanize 0 (mechanical). The default 0.4 gives 4 %, a steady unpaced hand (Wing &
  // Kristofferson's tappers: 2–5 %).
  static constexpr double kHumanCv = 0.1;
  // Random strokes are irregular on purpose: the spread at humanize 0 and the extra at 1.
  static constexpr double kRandomCv = 0.08;
  static constexpr double kRandomHumanCv = 0.12;
  // Fraction of a back-and-forth stroke the brush rests at the turn (half at each end),
  // and how much of it humanize may add or take away. A hand reverses in ~50–100 ms at
  // 1–2 strokes/s.
  static constexpr double kTurnPause = 0.12;
  static constexpr double kTurnPauseJitter = 0.5;
  // Random strokes: a pause of kTurnPause plus up to kRandomPause, and a length between
  // kRandomShortest and kRandomLongest times stroke_length.
  static constexpr double kRandomPause = 0.35;
  static constexpr double kRandomShortest = 0.4;
  static constexpr double kRandomLongest = 1.3;
  // Circles: the ellipse's short axis over its long axis (a loosely drawn circle).
  static constexpr double kCircleAspect = 0.55;
  // At humanize 1 the reach of a stroke end varies by up to this fraction of the swing,
  // and the pressure by up to ± this fraction.
  static constexpr double kReachJitter = 0.3;
  static constexpr double kPressureJitter = 0.4;
  // At humanize 1, this share of back-and-forth strokes is made in the air (the hand
  // lifts the brush on the way back, as often when brushing one way).
  static constexpr double kLiftChance = 0.15;
  // Stroke durations stay within 1 ± this (a symmetric clamp keeps the mean at 1).
  static constexpr double kLongestDeviation = 0.6;
  // Random strokes start at a random place along this much surface.
  static constexpr double kRandomSurfaceSpanM = 1.0;

  void Prepare(StrokePattern pattern, std::uint64_t seed) {
    pattern_ = pattern;
    seed_ = seed;
  }

  // Back to the first stroke at phase 0; humanize in [0, 1].
  void Reset(double humanize) noexcept {
    current_ =
        MakeStroke(0, 0.0, BoundaryPan(0, humanize), BoundaryPressure(0, humanize), humanize);
  }

  // Moves on to the stroke holding `phase` (strokes since the start, never decreasing
  // between calls). Strokes begun here take `humanize` (0..1).
  void AdvanceTo(double phase, double humanize) noexcept {
    while (phase >= current_.end) {
      current_ = MakeStroke(current_.index + 1, current_.end, current_.to_pan, current_.to_pressure,
                            humanize);
    }
  }

  std::int64_t stroke_index() const { return current_.index; }
  double stroke_start() const { return current_.start; }
  double stroke_end() const { return current_.end; }

  // The motion at `phase`, inside the current stroke (call AdvanceTo(phase) first), with
  // the stroke rate in strokes/s (> 0) and the nominal stroke length in metres.
  BrushMotion At(double phase, double stroke_rate, double length_m) const noexcept {
    const Stroke& k = current_;
    const double span = k.end - k.start;
    const double s = std::clamp((phase - k.start) / span, 0.0, 1.0);
    const double stroke_s = span / stroke_rate;  // this stroke's duration, seconds
    const double swing = k.to_pan - k.from_pan;
    BrushMotion m;
    if (pattern_ == StrokePattern::kCircles) {
      // Half a turn of x = a cos θ, y = b sin θ at constant dθ/dt: the pan follows x.
      const double theta = kPi * s;
      const double along = 0.5 * (1.0 - std::cos(theta));
      const double a = 0.5 * length_m * k.length_factor;
      const double b = kCircleAspect * a;
      const double sine = std::sin(theta);
      const double cosine = std::cos(theta);
      const double angular_speed = kPi / stroke_s;
      m.speed_mps = angular_speed * std::sqrt(a * a * sine * sine + b * b * cosine * cosine);
      m.peak_speed_mps = angular_speed * a;
      m.pan = k.from_pan + swing * along;
      m.pressure = k.from_pressure + (k.to_pressure - k.from_pressure) * along;
      // Each circle lands a little further along the surface: the path never retraces.
      m.surface_m = (static_cast<double>(k.index) + along) * length_m;
      m.direction = swing > 0.0 ? 1 : -1;
      return m;
    }
    // Minimum jerk between two pauses (half of k.pause at each end).
    const double moving = 1.0 - k.pause;
    const double tau = std::clamp((s - 0.5 * k.pause) / moving, 0.0, 1.0);
    const double x = tau * tau * tau * (10.0 + tau * (-15.0 + 6.0 * tau));
    const double rise = tau * (1.0 - tau);
    const double length = length_m * k.length_factor;
    const double moving_s = moving * stroke_s;
    m.speed_mps = length * kMinimumJerkShape * rise * rise / moving_s;
    m.peak_speed_mps = length * kMinimumJerkPeak / moving_s;
    m.pan = k.from_pan + swing * x;
    m.pressure = k.from_pressure + (k.to_pressure - k.from_pressure) * x;
    m.direction = (tau > 0.0 && tau < 1.0) ? (swing >= 0.0 ? 1 : -1) : 0;
    if (k.lifted) {
      // Off the surface at the turn (where the brush is still and silent but for the
      // tremor), back on at the next one: eased over each half-pause, never a step.
      const double edge = std::min(s, 1.0 - s) / (0.5 * k.pause);
      const double up = std::clamp(edge, 0.0, 1.0);
      m.touch = 1.0 - up * up * (3.0 - 2.0 * up);
    }
    if (s >= 0.5 * k.pause) m.since_turn_s = (s - 0.5 * k.pause) * stroke_s;
    if (pattern_ == StrokePattern::kBackAndForth) {
      // One track, swept both ways: the same bumps under the tips on every pass.
      m.surface_m = 0.5 * length_m * m.pan;
    } else {
      m.surface_m = k.surface_offset_m + length * x;
    }
    return m;
  }

 private:
  // Minimum-jerk speed 30 τ²(1 − τ)² and its peak at τ = 1/2 (30/16).
  static constexpr double kMinimumJerkShape = 30.0;
  static constexpr double kMinimumJerkPeak = 1.875;

  struct Stroke {
    std::int64_t index = 0;
    double start = 0.0;  // phase, strokes
    double end = 1.0;
    double pause = 0.0;  // fraction of the stroke spent still (half at each end)
    double from_pan = -1.0;
    double to_pan = 1.0;
    double from_pressure = 1.0;
    double to_pressure = 1.0;
    double length_factor = 1.0;  // this stroke's length over stroke_length
    double surface_offset_m = 0.0;
    bool lifted = false;
  };

  // Draw numbers of a stroke's counter-based values.
  enum Draw : std::uint64_t {
    kDuration0 = 0,  // four draws: 0..3
    kPause = 4,
    kLength = 5,
    kSurface = 6,
    kBoundaryReach = 7,
    kBoundaryPressure = 8,
    kLift = 9,
  };

  double Unit(std::int64_t k, std::uint64_t draw) const {
    return EventUnit(seed_, static_cast<std::uint64_t>(k), draw);
  }

  // Where stroke k starts (and stroke k - 1 ends), -1 left .. +1 right.
  double BoundaryPan(std::int64_t k, double humanize) const {
    const double u = Unit(k, kBoundaryReach);
    if (pattern_ == StrokePattern::kRandom) return 2.0 * u - 1.0;
    // Even boundaries on the left: stroke 0 sweeps left to right.
    const double side = (k % 2 == 0) ? -1.0 : 1.0;
    return side * (1.0 - humanize * kReachJitter * u);
  }

  double BoundaryPressure(std::int64_t k, double humanize) const {
    return 1.0 + humanize * kPressureJitter * (2.0 * Unit(k, kBoundaryPressure) - 1.0);
  }

  Stroke MakeStroke(std::int64_t index, double start, double from_pan, double from_pressure,
                    double humanize) const {
    Stroke k;
    k.index = index;
    k.start = start;
    const bool random = pattern_ == StrokePattern::kRandom;
    // Irwin–Hall: the sum of four uniforms, centred and scaled to unit variance.
    const double gaussian = (Unit(index, kDuration0) + Unit(index, kDuration0 + 1) +
                             Unit(index, kDuration0 + 2) + Unit(index, kDuration0 + 3) - 2.0) *
                            std::sqrt(3.0);
    const double cv = random ? kRandomCv + kRandomHumanCv * humanize : kHumanCv * humanize;
    k.end = start + 1.0 + std::clamp(cv * gaussian, -kLongestDeviation, kLongestDeviation);
    k.from_pan = from_pan;
    k.to_pan = BoundaryPan(index + 1, humanize);
    k.from_pressure = from_pressure;
    k.to_pressure = BoundaryPressure(index + 1, humanize);
    const double u_pause = Unit(index, kPause);
    switch (pattern_) {
      case StrokePattern::kBackAndForth:
        k.pause = kTurnPause * (1.0 + humanize * kTurnPauseJitter * (2.0 * u_pause - 1.0));
        k.length_factor = 0.5 * std::fabs(k.to_pan - k.from_pan);
        // Never the first stroke: a layer starts with the brush on the surface.
        k.lifted = index > 0 && Unit(index, kLift) < kLiftChance * humanize;
        break;
      case StrokePattern::kCircles:
        k.pause = 0.0;
        k.length_factor = 0.5 * std::fabs(k.to_pan - k.from_pan);
        break;
      case StrokePattern::kRandom:
        k.pause = kTurnPause + kRandomPause * u_pause;
        k.length_factor =
            kRandomShortest + (kRandomLongest - kRandomShortest) * Unit(index, kLength);
        k.surface_offset_m = kRandomSurfaceSpanM * Unit(index, kSurface);
        break;
    }
    return k;
  }

  StrokePattern pattern_ = StrokePattern::kBackAndForth;
  std::uint64_t seed_ = 0;
  Stroke current_;
};

}  // namespace tingle::synth
