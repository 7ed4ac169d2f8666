#include "mix/spatializer.hpp"

#include <algorithm>
#include <cmath>

namespace tingle::mix {
namespace {

using dsp::kHeadRadiusMetres;
using dsp::kSpeedOfSoundMetresPerSecond;

// Every read sits this many samples behind the newest one, so the four Hermite taps are
// all in the past.
constexpr double kBaseDelaySamples = 2.0;
// An ear's own distance is floored here: a source "inside" the ear canal is not louder.
constexpr double kMinEarDistanceMetres = 0.04;
// Level against distance: inverse distance (6 dB per doubling) beyond 1 m; closer than
// that only 3 dB per halving, so a whisper at 0.1 m is close and present (+10 dB) rather
// than 20 dB louder than the same layer at arm's length.
constexpr double kReferenceDistanceMetres = 1.0;
constexpr double kNearLevelExponent = 0.5;
// Proximity: a low shelf below 200 Hz rising 3 dB per halving of distance under 1 m, at
// most 9 dB (the bass lift of a source at the ear, as binaural ASMR recordings show it).
constexpr double kProximityCornerHz = 200.0;
constexpr double kProximityDbPerHalving = 3.0;
constexpr double kMaxProximityDb = 9.0;
// Far away the highs soften: a one-pole low-pass at 20 kHz x (1 m / r)^0.6 beyond 1 m
// (8.3 kHz at 5 m): a perceptual distance cue more than air absorption, which is tiny
// over 5 m.
constexpr double kAirCutoffAtReferenceHz = 20000.0;
constexpr double kAirCutoffExponent = 0.6;

// Brown & Duda's per-ear arrival time relative to the head's centre (Woodworth's model):
// -(a/c) cos(theta) while the ear faces the source, (a/c)(theta - pi/2) around the head.
double ArrivalSeconds(double incidence) {
  const double head_time = kHeadRadiusMetres / kSpeedOfSoundMetresPerSecond;
  return incidence < 0.5 * kPi ? -head_time * std::cos(incidence)
                               : head_time * (incidence - 0.5 * kPi);
}

}  // namespace

void Spatializer::Prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  const double head_time = kHeadRadiusMetres / kSpeedOfSoundMetresPerSecond;
  // The longest arrival difference is (a/c)(1 + pi/2), with one block of glide.
  delay_.Prepare(kBaseDelaySamples + head_time * (1.0 + 0.5 * kPi) * sample_rate + 2.0);
  proximity_low_.set_f(kProximityCornerHz / sample_rate);
  proximity_low_.Reset();
  air_.Reset();
  shadow_left_.Reset();
  shadow_right_.Reset();
  started_ = false;
}

Spatializer::Geometry Spatializer::GeometryAt(double seconds) const {
  const double azimuth = placement_.AzimuthAt(seconds) * kPi / 180.0;
  const double distance = placement_.distance_metres.At(seconds);
  const double lateral = std::sin(azimuth);  // +1 right ear, -1 left ear
  const double head_time = kHeadRadiusMetres / kSpeedOfSoundMetresPerSecond;

  auto ear = [&](double side) {
    const double incidence = std::acos(std::clamp(side * lateral, -1.0, 1.0));
    // Source at (r sin az, r cos az), the ear at (side a, 0).
    const double ear_distance =
        std::sqrt(distance * distance + kHeadRadiusMetres * kHeadRadiusMetres -
                  2.0 * side * kHeadRadiusMetres * distance * lateral);
    Ear result;
    result.incidence_radians = incidence;
    result.delay_samples =
        kBaseDelaySamples + (head_time + ArrivalSeconds(incidence)) * sample_rate_;
    result.gain = static_cast<float>(distance / std::max(ear_distance, kMinEarDistanceMetres));
    return result;
  };

  Geometry geometry;
  geometry.left = ear(-1.0);
  geometry.right = ear(+1.0);
  const double relative = distance / kReferenceDistanceMetres;
  geometry.distance_gain = static_cast<float>(
      relative >= 1.0 ? 1.0 / relative : std::pow(relative, -kNearLevelExponent));
  const double proximity_db =
      relative >= 1.0 ? 0.0 : std::min(kMaxProximityDb, kProximityDbPerHalving * -std::log2(relative));
  geometry.proximity_gain = static_cast<float>(DbToGain(proximity_db));
  const double air_hz = kAirCutoffAtReferenceHz * std::pow(std::max(relative, 1.0), -kAirCutoffExponent);
  geometry.air_cutoff_norm = static_cast<float>(std::min(0.5, air_hz / sample_rate_));
  return geometry;
}

void Spatializer::Process(const BlockContext& block, const float* mono, StereoView out) noexcept {
  const Geometry next = GeometryAt(static_cast<double>(block.first_frame + kBlockFrames) / sample_rate_);
  if (!started_) {
    previous_ = GeometryAt(static_cast<double>(block.first_frame) / sample_rate_);
    started_ = true;
  }
  // Filters take the block's end geometry; delays and gains glide across the block.
  shadow_left_.set_incidence(next.left.incidence_radians, sample_rate_);
  shadow_right_.set_incidence(next.right.incidence_radians, sample_rate_);
  const bool air_on = next.air_cutoff_norm < 0.5f;
  if (air_on) air_.set_f(next.air_cutoff_norm);
  const float proximity_extra = next.proximity_gain - 1.0f;

  const double step = 1.0 / kBlockFrames;
  for (int i = 0; i < kBlockFrames; ++i) {
    const double x = static_cast<double>(i) * step;
    float sample = mono[i];
    sample += proximity_extra * proximity_low_.Process(sample);
    if (air_on) sample = air_.Process(sample);
    delay_.Write(sample);
    const double delay_left = previous_.left.delay_samples + (next.left.delay_samples - previous_.left.delay_samples) * x;
    const double delay_right = previous_.right.delay_samples + (next.right.delay_samples - previous_.right.delay_samples) * x;
    const auto blend = static_cast<float>(x);
    const float level = previous_.distance_gain + (next.distance_gain - previous_.distance_gain) * blend;
    const float gain_left = level * (previous_.left.gain + (next.left.gain - previous_.left.gain) * blend);
    const float gain_right = level * (previous_.right.gain + (next.right.gain - previous_.right.gain) * blend);
    out.left[i] = gain_left * shadow_left_.Process(delay_.Read(delay_left));
    out.right[i] = gain_right * shadow_right_.Process(delay_.Read(delay_right));
  }
  previous_ = next;
}

}  // namespace tingle::mix
