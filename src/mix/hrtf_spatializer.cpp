#include "mix/hrtf_spatializer.hpp"

#include <algorithm>
#include <cstddef>

#include "dsp/block_fir.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/turn_trig.hpp"

namespace tingle::mix {
namespace {

// Every delay read sits this many samples behind the newest one, so the four Hermite taps
// are all in the past.
constexpr double kBaseDelaySamples = 2.0;

// Blocks an ear's history holds before the newest taps - 1 samples slide back to its
// start: one copy every this many blocks instead of every block.
constexpr int kHistoryBlocks = 16;

}  // namespace

void HrtfSpatializer::Prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  taps_ = set_->taps();
  delay_.Prepare(kBaseDelaySamples + set_->max_onset() + 2.0);
  for (Ear& ear : ears_) {
    ear.reversed_response.assign(static_cast<std::size_t>(taps_), 0.0f);
    ear.history.assign(static_cast<std::size_t>(taps_ - 1 + kHistoryBlocks * kBlockFrames), 0.0f);
    ear.write_position = static_cast<std::size_t>(taps_ - 1);
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

inline void HrtfSpatializer::ProcessBody(const BlockContext& block, const float* left,
                                         const float* right, StereoView out) noexcept {
  const std::int64_t first = block.first_frame;
  // The direction and distance cues at a frame.
  const auto load_geometry_at = [this](std::int64_t frame) {
    const double seconds = static_cast<double>(frame) / sample_rate_;
    const double azimuth = placement_.AzimuthAt(seconds);
    const double distance = placement_.distance_metres.At(seconds);
    // Level, proximity and air change only with the distance (their powers and logarithm
    // would otherwise be most of a segment's set-up).
    if (!started_ || distance != distance_) cues_ = RangeCuesAt(distance, sample_rate_);
    distance_ = distance;
    SetEarGains(cues_, dsp::SinTurns(azimuth / 360.0), distance);
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

  MidOf(left, right, block_);
  distance_filter_.Process(block_, kBlockFrames, cues_);
  delay_.Write(block_);
  // Each ear's level (distance and near field) glides on its delay read, before the
  // response: the filter is linear, and the gain moves too slowly for the order to be
  // heard (as in the spherical head).
  const EarLevels levels = EarLevelsAcross(cues_at_start_, cues_, at_start, at_end);
  const float gains[2][2] = {{levels.left_start, levels.left_end}, {levels.right_start, levels.right_end}};
  const auto kept = static_cast<std::size_t>(taps_ - 1);
  for (int e = 0; e < 2; ++e) {
    Ear& ear = ears_[e];
    if (ear.write_position + kBlockFrames > ear.history.size()) {
      std::copy(ear.history.begin() + static_cast<std::ptrdiff_t>(ear.write_position - kept),
                ear.history.begin() + static_cast<std::ptrdiff_t>(ear.write_position), ear.history.begin());
      ear.write_position = kept;
    }
    float* block_start = ear.history.data() + ear.write_position;
    delay_.Read(kBaseDelaySamples + Glide(ear.onset_at_start, ear.onset, at_start),
                kBaseDelaySamples + Glide(ear.onset_at_start, ear.onset, at_end), block_start,
                gains[e][0], gains[e][1]);
    dsp::BlockFir(ear.reversed_response.data(), taps_, block_start - kept, e == 0 ? out.left : out.right);
    ear.write_position += kBlockFrames;
  }
}

void HrtfSpatializer::Process(const BlockContext& block, const float* left, const float* right,
                              StereoView out) noexcept {
  dsp::CallWidestBuild<&HrtfSpatializer::ProcessBody>(this, block, left, right, out);
}

}  // namespace tingle::mix
