// What a source's distance does to it: level, proximity lift, air, and each ear's own level.
//
// Shared by both spatial renderers (spherical head and HRTF): the HRTFs were measured far
// away (1.4 m), so distance cues are added the same way on top of either.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/first_order_scan.hpp"
#include "dsp/head_shadow.hpp"
#include "dsp/one_pole.hpp"
#include "mix/geometry_segments.hpp"

namespace tingle::mix {

struct DistanceCues {
  float distance_gain = 1.0f;    // overall level against 1 m
  float proximity_gain = 1.0f;   // low-shelf gain (linear) close to the head
  float air_cutoff_norm = 0.5f;  // far-away high cut (cycles per sample); 0.5: none
  float left_gain = 1.0f;        // near-field level of each ear's own distance
  float right_gain = 1.0f;
};

namespace distance {
// An ear's own distance is floored here: a source "inside" the ear canal is not louder.
inline constexpr double kMinEarDistanceMetres = 0.04;
// Level against distance: inverse distance (6 dB per doubling) beyond 1 m; closer than
// that only 3 dB per halving, so a whisper at 0.1 m is close and present (+10 dB) rather
// than 20 dB louder than the same layer at arm's length.
inline constexpr double kReferenceDistanceMetres = 1.0;
inline constexpr double kNearLevelExponent = 0.5;
// Proximity: a low shelf below 200 Hz rising 3 dB per halving of distance under 1 m, at
// most 9 dB (the bass lift of a source at the ear, as binaural ASMR recordings show it).
inline constexpr double kProximityCornerHz = 200.0;
inline constexpr double kProximityDbPerHalving = 3.0;
inline constexpr double kMaxProximityDb = 9.0;
// Far away the highs soften: a one-pole low-pass at 20 kHz x (1 m / r)^0.6 beyond 1 m
// (8.3 kHz at 5 m): a perceptual distance cue more than air absorption, which is tiny
// over 5 m.
inline constexpr double kAirCutoffAtReferenceHz = 20000.0;
inline constexpr double kAirCutoffExponent = 0.6;
}  // namespace distance

// The cues that depend on the distance alone (metres from the head's centre): level,
// proximity and air. The ears' gains are left at 1.
inline DistanceCues RangeCuesAt(double distance_metres, double sample_rate) {
  using namespace distance;
  DistanceCues cues;
  const double relative = distance_metres / kReferenceDistanceMetres;
  cues.distance_gain = static_cast<float>(relative >= 1.0 ? 1.0 / relative
                                                          : std::pow(relative, -kNearLevelExponent));
  const double proximity_db =
      relative >= 1.0 ? 0.0 : std::min(kMaxProximityDb, kProximityDbPerHalving * -std::log2(relative));
  cues.proximity_gain = static_cast<float>(DbToGain(proximity_db));
  if (relative > 1.0) {
    const double air_hz = kAirCutoffAtReferenceHz * std::pow(relative, -kAirCutoffExponent);
    cues.air_cutoff_norm = static_cast<float>(std::min(0.5, air_hz / sample_rate));
  }
  return cues;
}

// Each ear's near-field level, from its own distance to a source at this distance and
// lateral position: the sine of its azimuth (0 front, +1 the right ear's side).
inline void SetEarGains(DistanceCues& cues, double lateral, double distance_metres) {
  const double a = dsp::kHeadRadiusMetres;
  // Source at (r sin az, r cos az), the ears at (-a, 0) and (+a, 0).
  auto ear_gain = [&](double side) {
    const double ear_distance = std::sqrt(distance_metres * distance_metres + a * a -
                                          2.0 * side * a * distance_metres * lateral);
    return static_cast<float>(distance_metres / std::max(ear_distance, distance::kMinEarDistanceMetres));
  };
  cues.left_gain = ear_gain(-1.0);
  cues.right_gain = ear_gain(+1.0);
}

// Each ear's level (distance x near field) at a block's first frame and one past its last,
// `at_start` and `at_end` of the way through a segment whose ends have the cues `from`
// and `to`: the gains a spatializer's delay reads glide between.
struct EarLevels {
  float left_start, left_end, right_start, right_end;
};

inline EarLevels EarLevelsAcross(const DistanceCues& from, const DistanceCues& to, double at_start,
                                 double at_end) {
  const float left_from = from.distance_gain * from.left_gain;
  const float left_to = to.distance_gain * to.left_gain;
  const float right_from = from.distance_gain * from.right_gain;
  const float right_to = to.distance_gain * to.right_gain;
  const auto start = static_cast<float>(at_start);
  const auto end = static_cast<float>(at_end);
  return {Glide(left_from, left_to, start), Glide(left_from, left_to, end),
          Glide(right_from, right_to, start), Glide(right_from, right_to, end)};
}

// The mono source's share of the distance cues: the proximity shelf and the air cut.
class DistanceFilter {
 public:
  void Prepare(double sample_rate) {
    // The shelf is x + g LP(x) with a one-pole low-pass LP of pole p: written as one
    // pole-zero section, (1 + g (1 - p)) x[n] - p x[n-1] + p y[n-1], it takes one pass.
    proximity_pole_ = static_cast<float>(std::exp(-kTwoPi * distance::kProximityCornerHz / sample_rate));
    air_.Reset();
    proximity_on_ = air_on_ = false;
  }

  // Filters `size` samples (a multiple of 4, at most kBlockFrames) in place with the cues
  // of the block's end. Each filter runs only where it acts (the shelf closer than 1 m,
  // the air cut beyond it); one that starts again starts from the signal's value, so
  // nothing jumps. A shelf gain that changes between blocks settles within the low-pass's
  // time constant (under a millisecond), so distance changes glide.
  void Process(float* mono, int size, const DistanceCues& cues) {
    const float proximity_extra = cues.proximity_gain - 1.0f;
    if (proximity_extra > 0.0f) {
      const float pole = proximity_pole_;
      if (!proximity_on_) {
        shelf_input_ = mono[0];
        shelf_output_ = cues.proximity_gain * mono[0];  // the shelf's steady state
      }
      dsp::PoleZeroScan(mono, size, 1.0f + proximity_extra * (1.0f - pole), -pole, pole,
                        shelf_input_, shelf_output_);
    }
    proximity_on_ = proximity_extra > 0.0f;
    const bool air_on = cues.air_cutoff_norm < 0.5f;
    if (air_on) {
      if (!air_on_) air_.Reset(mono[0]);
      air_.set_f(cues.air_cutoff_norm);
      air_.ProcessBlock(mono, size);
    }
    air_on_ = air_on;
  }

 private:
  float proximity_pole_ = 0.0f;
  float shelf_input_ = 0.0f;   // x[n-1] and y[n-1] of the shelf
  float shelf_output_ = 0.0f;
  dsp::OnePole air_;
  bool proximity_on_ = false;
  bool air_on_ = false;
};

}  // namespace tingle::mix
