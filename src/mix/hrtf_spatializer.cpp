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
  const double end_seconds = static_cast<double>(block.first_frame + kBlockFrames) / sample_rate_;
  const double azimuth = placement_.AzimuthAt(end_seconds);
  const DistanceCues cues =
      DistanceCuesAt(azimuth * kPi / 180.0, placement_.distance_metres.At(end_seconds), sample_rate_);
  if (!started_) {
    LoadDirection(azimuth);
    cues_ = cues;
    started_ = true;
  }
  const double onset_from[2] = {ears_[0].onset, ears_[1].onset};
  if (azimuth != azimuth_) LoadDirection(azimuth);

  std::copy(mono, mono + kBlockFrames, block_);
  distance_filter_.Process(block_, kBlockFrames, cues);
  delay_.Write(block_);
  for (int e = 0; e < 2; ++e) {
    delay_.Read(kBaseDelaySamples + onset_from[e], kBaseDelaySamples + ears_[e].onset,
                ears_[e].history.data() + (taps_ - 1));
  }
  for (int e = 0; e < 2; ++e) {
    dsp::BlockFir(ears_[e].reversed_response.data(), taps_, ears_[e].history.data(), e == 0 ? out.left : out.right);
  }
  // Distance level and each ear's near-field level glide across the block.
  for (int i = 0; i < kBlockFrames; ++i) {
    const float x = static_cast<float>(i) / kBlockFrames;
    const float level = cues_.distance_gain + (cues.distance_gain - cues_.distance_gain) * x;
    out.left[i] *= level * (cues_.left_gain + (cues.left_gain - cues_.left_gain) * x);
    out.right[i] *= level * (cues_.right_gain + (cues.right_gain - cues_.right_gain) * x);
  }
  cues_ = cues;
  for (Ear& ear : ears_) std::copy(ear.history.end() - (taps_ - 1), ear.history.end(), ear.history.begin());
}

}  // namespace tingle::mix
