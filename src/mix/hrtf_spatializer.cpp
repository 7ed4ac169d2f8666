#include "mix/hrtf_spatializer.hpp"

#include <algorithm>
#include <cstring>

#include "dsp/block_fir.hpp"

namespace tingle::mix {
namespace {

// Every delay read sits this many samples behind the newest one, so the four Hermite taps
// are all in the past.
constexpr double kBaseDelaySamples = 2.0;

}  // namespace

void HrtfSpatializer::Prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  taps_ = set_->taps();
  delay_.Prepare(kBaseDelaySamples + set_->max_onset() + 2.0);
  for (Ear& ear : ears_) {
    ear.reversed_response.assign(static_cast<std::size_t>(taps_), 0.0f);
    ear.history.assign(static_cast<std::size_t>(taps_ - 1 + kBlockFrames), 0.0f);
  }
  scratch_left_.assign(static_cast<std::size_t>(taps_), 0.0f);
  scratch_right_.assign(static_cast<std::size_t>(taps_), 0.0f);
  distance_filter_.Prepare(sample_rate);
  started_ = false;
}

void HrtfSpatializer::LoadDirection(double azimuth_degrees) noexcept {
  double left_onset = 0.0, right_onset = 0.0;
  set_->Interpolate(azimuth_degrees, scratch_left_.data(), scratch_right_.data(), left_onset, right_onset);
  std::reverse_copy(scratch_left_.begin(), scratch_left_.end(), ears_[0].reversed_response.begin());
  std::reverse_copy(scratch_right_.begin(), scratch_right_.end(), ears_[1].reversed_response.begin());
  ears_[0].onset = left_onset;
  ears_[1].onset = right_onset;
  azimuth_ = azimuth_degrees;
}

void HrtfSpatializer::Process(const BlockContext& block, const float* mono, StereoView out) noexcept {
  const std::int64_t first = block.first_frame;
  // The direction and distance cues at a frame.
  const auto load_geometry_at = [this](std::int64_t frame) {
    const double seconds = static_cast<double>(frame) / sample_rate_;
    const double azimuth = placement_.AzimuthAt(seconds);
    cues_ = DistanceCuesAt(azimuth * kPi / 180.0, placement_.distance_metres.At(seconds), sample_rate_);
    if (!started_ || azimuth != azimuth_) LoadDirection(azimuth);
  };
  if (!started_) {
    load_geometry_at(first);
    segments_.Start(first);
    started_ = true;
  }
  if (segments_.Enter(first)) {
    cues_at_start_ = cues_;
    for (Ear& ear : ears_) ear.onset_at_start = ear.onset;
    load_geometry_at(segments_.end_frame());
  }
  const double at_start = segments_.Fraction(first);
  const double at_end = segments_.Fraction(first + kBlockFrames);

  std::copy(mono, mono + kBlockFrames, block_);
  distance_filter_.Process(block_, kBlockFrames, cues_);
  delay_.Write(block_);
  for (Ear& ear : ears_) {
    delay_.Read(kBaseDelaySamples + Glide(ear.onset_at_start, ear.onset, at_start),
                kBaseDelaySamples + Glide(ear.onset_at_start, ear.onset, at_end),
                ear.history.data() + (taps_ - 1));
  }
  for (int e = 0; e < 2; ++e) {
    dsp::BlockFir(ears_[e].reversed_response.data(), taps_, ears_[e].history.data(), e == 0 ? out.left : out.right);
  }
  // Distance level and each ear's near-field level glide across the segment.
  const DistanceCues& from = cues_at_start_;
  const DistanceCues& to = cues_;
  const auto x_start = static_cast<float>(at_start);
  const float x_step = static_cast<float>(at_end - at_start) / kBlockFrames;
  for (int i = 0; i < kBlockFrames; ++i) {
    const float x = x_start + x_step * static_cast<float>(i);
    const float level = from.distance_gain + (to.distance_gain - from.distance_gain) * x;
    out.left[i] *= level * (from.left_gain + (to.left_gain - from.left_gain) * x);
    out.right[i] *= level * (from.right_gain + (to.right_gain - from.right_gain) * x);
  }
  for (Ear& ear : ears_) std::copy(ear.history.end() - (taps_ - 1), ear.history.end(), ear.history.begin());
}

}  // namespace tingle::mix
