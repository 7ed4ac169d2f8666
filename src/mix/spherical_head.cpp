#include "mix/spherical_head.hpp"

#include <algorithm>
#include <cmath>

#include "dsp/turn_trig.hpp"

namespace tingle::mix {
namespace {

// Every read sits this many samples behind the newest one, so the four Hermite taps are
// all in the past.
constexpr double kBaseDelaySamples = 2.0;

constexpr double kHeadTime = dsp::kHeadRadiusMetres / dsp::kSpeedOfSoundMetresPerSecond;

// Brown & Duda's per-ear arrival time relative to the head's centre (Woodworth's model):
// -(a/c) cos(theta) while the ear faces the source, (a/c)(theta - pi/2) around the head.
double ArrivalSeconds(double incidence, double cos_incidence) {
  return incidence < 0.5 * kPi ? -kHeadTime * cos_incidence : kHeadTime * (incidence - 0.5 * kPi);
}

}  // namespace

void SphericalHead::Prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  // The longest interaural difference is (a/c)(1 + pi/2).
  delay_.Prepare(kBaseDelaySamples + kHeadTime * (1.0 + 0.5 * kPi) * sample_rate + 2.0);
  distance_filter_.Prepare(sample_rate);
  shadow_left_.Reset();
  shadow_right_.Reset();
  started_ = false;
}

SphericalHead::Geometry SphericalHead::GeometryAt(double seconds) const {
  const double azimuth_degrees = placement_.AzimuthAt(seconds);
  const double distance_metres = placement_.distance_metres.At(seconds);
  // A source that has not moved keeps its geometry (the trigonometry is most of the cost
  // of a fixed source).
  if (started_ && azimuth_degrees == previous_.azimuth_degrees &&
      distance_metres == previous_.distance_metres) {
    return previous_;
  }
  Geometry geometry;
  geometry.azimuth_degrees = azimuth_degrees;
  geometry.distance_metres = distance_metres;
  // The angle between the source and the right ear's axis (at +90 degrees), folded into
  // [0, 180] degrees: acos(sin(azimuth)) without the library calls. The left ear's is its
  // supplement.
  const double from_right_turns = dsp::TurnsFromWhole(azimuth_degrees / 360.0 - 0.25);
  geometry.right_incidence = kTwoPi * from_right_turns;
  geometry.left_incidence = kPi - geometry.right_incidence;
  // cos(incidence) of the right ear is sin(azimuth), of the left ear its negative.
  const double lateral = dsp::CosTurns(from_right_turns);
  const double left_arrival = ArrivalSeconds(geometry.left_incidence, -lateral);
  const double right_arrival = ArrivalSeconds(geometry.right_incidence, lateral);
  // Only the interaural difference is delayed: the nearer ear reads at a whole number of
  // samples (a plain copy), the farther one the ITD later. The common part, the travel
  // from the head's centre to the nearer ear, would add nothing but a Doppler shift of
  // both ears too slight to hear (under 0.3 ms over a whole ear-to-ear sweep).
  const double nearer_arrival = std::min(left_arrival, right_arrival);
  geometry.left_delay_samples = kBaseDelaySamples + (left_arrival - nearer_arrival) * sample_rate_;
  geometry.right_delay_samples = kBaseDelaySamples + (right_arrival - nearer_arrival) * sample_rate_;
  // Level, proximity and air change only with the distance.
  geometry.cues = started_ && distance_metres == previous_.distance_metres
                      ? previous_.cues
                      : RangeCuesAt(distance_metres, sample_rate_);
  SetEarGains(geometry.cues, lateral, distance_metres);
  return geometry;
}

void SphericalHead::Process(const BlockContext& block, const float* mono, StereoView out) noexcept {
  if (!started_) {
    previous_ = GeometryAt(static_cast<double>(block.first_frame) / sample_rate_);
    started_ = true;
    shadow_left_.set_incidence(previous_.left_incidence, sample_rate_);
    shadow_right_.set_incidence(previous_.right_incidence, sample_rate_);
  }
  const Geometry next = GeometryAt(static_cast<double>(block.first_frame + kBlockFrames) / sample_rate_);
  // Filters take the block's end geometry; delays and gains glide across the block.
  if (next.left_incidence != previous_.left_incidence) {
    shadow_left_.set_incidence(next.left_incidence, sample_rate_);
    shadow_right_.set_incidence(next.right_incidence, sample_rate_);
  }
  // The mono input goes straight into the delay line and is filtered there.
  float* input = delay_.Advance();
  std::copy(mono, mono + kBlockFrames, input);
  distance_filter_.Process(input, kBlockFrames, next.cues);

  // Each ear's level (distance and near field) glides on its delay read, before the
  // shadow filter: the filter is linear, and the gain moves too slowly for the order to
  // be heard.
  const DistanceCues& from = previous_.cues;
  const DistanceCues& to = next.cues;
  delay_.Read(previous_.left_delay_samples, next.left_delay_samples, out.left,
              from.distance_gain * from.left_gain, to.distance_gain * to.left_gain);
  delay_.Read(previous_.right_delay_samples, next.right_delay_samples, out.right,
              from.distance_gain * from.right_gain, to.distance_gain * to.right_gain);
  dsp::HeadShadow::ProcessPair(shadow_left_, out.left, shadow_right_, out.right, kBlockFrames);
  previous_ = next;
}

}  // namespace tingle::mix
