#include "mix/spherical_head.hpp"

#include <algorithm>
#include <cmath>

namespace tingle::mix {
namespace {

// Every read sits this many samples behind the newest one, so the four Hermite taps are
// all in the past.
constexpr double kBaseDelaySamples = 2.0;

constexpr double kHeadTime = dsp::kHeadRadiusMetres / dsp::kSpeedOfSoundMetresPerSecond;

// Brown & Duda's per-ear arrival time relative to the head's centre (Woodworth's model):
// -(a/c) cos(theta) while the ear faces the source, (a/c)(theta - pi/2) around the head.
double ArrivalSeconds(double incidence) {
  return incidence < 0.5 * kPi ? -kHeadTime * std::cos(incidence) : kHeadTime * (incidence - 0.5 * kPi);
}

}  // namespace

void SphericalHead::Prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  // The longest arrival difference is (a/c)(1 + pi/2).
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
  const double azimuth = azimuth_degrees * kPi / 180.0;
  Geometry geometry;
  geometry.azimuth_degrees = azimuth_degrees;
  geometry.distance_metres = distance_metres;
  // The angle between the source and the right ear's axis, acos(sin(azimuth)) without
  // the library calls: |90 - azimuth| with the azimuth in (-180, 180], folded into
  // [0, 180]. The left ear's is its supplement.
  const double wrapped = azimuth_degrees - 360.0 * std::floor((azimuth_degrees + 180.0) / 360.0);
  const double from_right = std::fabs(90.0 - wrapped);
  geometry.right_incidence = (from_right > 180.0 ? 360.0 - from_right : from_right) * kPi / 180.0;
  geometry.left_incidence = kPi - geometry.right_incidence;
  geometry.left_delay_samples =
      kBaseDelaySamples + (kHeadTime + ArrivalSeconds(geometry.left_incidence)) * sample_rate_;
  geometry.right_delay_samples =
      kBaseDelaySamples + (kHeadTime + ArrivalSeconds(geometry.right_incidence)) * sample_rate_;
  // Level, proximity and air change only with the distance.
  geometry.cues = started_ && distance_metres == previous_.distance_metres
                      ? previous_.cues
                      : RangeCuesAt(distance_metres, sample_rate_);
  SetEarGains(geometry.cues, azimuth, distance_metres);
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
  std::copy(mono, mono + kBlockFrames, block_);
  distance_filter_.Process(block_, kBlockFrames, next.cues);

  delay_.Write(block_);
  delay_.Read(previous_.left_delay_samples, next.left_delay_samples, out.left);
  delay_.Read(previous_.right_delay_samples, next.right_delay_samples, out.right);
  shadow_left_.ProcessBlock(out.left, kBlockFrames);
  shadow_right_.ProcessBlock(out.right, kBlockFrames);

  const DistanceCues& from = previous_.cues;
  const DistanceCues& to = next.cues;
  for (int i = 0; i < kBlockFrames; ++i) {
    const float blend = static_cast<float>(i) / kBlockFrames;
    const float level = from.distance_gain + (to.distance_gain - from.distance_gain) * blend;
    out.left[i] *= level * (from.left_gain + (to.left_gain - from.left_gain) * blend);
    out.right[i] *= level * (from.right_gain + (to.right_gain - from.right_gain) * blend);
  }
  previous_ = next;
}

}  // namespace tingle::mix
