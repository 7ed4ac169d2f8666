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
  const double azimuth = placement_.AzimuthAt(seconds) * kPi / 180.0;
  const double lateral = std::sin(azimuth);  // +1 right ear, -1 left ear
  Geometry geometry;
  geometry.left_incidence = std::acos(std::clamp(-lateral, -1.0, 1.0));
  geometry.right_incidence = std::acos(std::clamp(lateral, -1.0, 1.0));
  geometry.left_delay_samples =
      kBaseDelaySamples + (kHeadTime + ArrivalSeconds(geometry.left_incidence)) * sample_rate_;
  geometry.right_delay_samples =
      kBaseDelaySamples + (kHeadTime + ArrivalSeconds(geometry.right_incidence)) * sample_rate_;
  geometry.cues = DistanceCuesAt(azimuth, placement_.distance_metres.At(seconds), sample_rate_);
  return geometry;
}

void SphericalHead::Process(const BlockContext& block, const float* mono, StereoView out) noexcept {
  const Geometry next = GeometryAt(static_cast<double>(block.first_frame + kBlockFrames) / sample_rate_);
  if (!started_) {
    previous_ = GeometryAt(static_cast<double>(block.first_frame) / sample_rate_);
    started_ = true;
  }
  // Filters take the block's end geometry; delays and gains glide across the block.
  shadow_left_.set_incidence(next.left_incidence, sample_rate_);
  shadow_right_.set_incidence(next.right_incidence, sample_rate_);
  std::copy(mono, mono + kBlockFrames, block_);
  distance_filter_.Process(block_, kBlockFrames, next.cues);

  const DistanceCues& from = previous_.cues;
  const DistanceCues& to = next.cues;
  for (int i = 0; i < kBlockFrames; ++i) {
    const double x = static_cast<double>(i) / kBlockFrames;
    const auto blend = static_cast<float>(x);
    delay_.Write(block_[i]);
    const double delay_left = previous_.left_delay_samples + (next.left_delay_samples - previous_.left_delay_samples) * x;
    const double delay_right = previous_.right_delay_samples + (next.right_delay_samples - previous_.right_delay_samples) * x;
    const float level = from.distance_gain + (to.distance_gain - from.distance_gain) * blend;
    const float gain_left = level * (from.left_gain + (to.left_gain - from.left_gain) * blend);
    const float gain_right = level * (from.right_gain + (to.right_gain - from.right_gain) * blend);
    out.left[i] = gain_left * shadow_left_.Process(delay_.Read(delay_left));
    out.right[i] = gain_right * shadow_right_.Process(delay_.Read(delay_right));
  }
  previous_ = next;
}

}  // namespace tingle::mix
