#include "mix/layer.hpp"

#include <algorithm>
#include <utility>

#include "core/cycle_clock.hpp"
#include "core/units.hpp"
#include "dsp/cpu_features.hpp"
#include "mix/fade.hpp"

namespace tingle::mix {
namespace {

// The last pass of a block, frames [first, end): each channel's gain ramps from `from` by
// `step` a frame, a placed layer's side is added back around its placed mid, and the
// result is summed into the mix. Called with the whole block's constant bounds where it
// can be (almost every block), so the loop has no prologue or remainder; the arrays never
// overlap, so it needs no run-time overlap checks either.
template <bool kPlaced>
inline void AddToMix(const float* __restrict left, const float* __restrict right,
                     const float* __restrict placed_left, const float* __restrict placed_right,
                     float width, float from, float step, int first, int end,
                     float* __restrict mix_left, float* __restrict mix_right) {
  for (int i = first; i < end; ++i) {
    const float gain = from + step * static_cast<float>(i);
    if constexpr (kPlaced) {
      const float side = width * (0.5f * (left[i] - right[i]));
      mix_left[i] += (placed_left[i] + side) * gain;
      mix_right[i] += (placed_right[i] - side) * gain;
    } else {
      mix_left[i] += left[i] * gain;
      mix_right[i] += right[i] * gain;
    }
  }
}

template <bool kPlaced>
void AddBlockToMix(const float* left, const float* right, const float* placed_left,
                   const float* placed_right, float width, float from, float step, int first,
                   int end, StereoView mix) {
  if (first == 0 && end == kBlockFrames) {
    AddToMix<kPlaced>(left, right, placed_left, placed_right, width, from, step, 0, kBlockFrames,
                      mix.left, mix.right);
  } else {
    AddToMix<kPlaced>(left, right, placed_left, placed_right, width, from, step, first, end,
                      mix.left, mix.right);
  }
}

}  // namespace

Layer::Layer(LayerSettings settings, std::unique_ptr<synth::Texture> texture,
             std::shared_ptr<const HrtfSet> hrtf)
    : settings_(std::move(settings)), texture_(std::move(texture)) {
  if (settings_.placement.binaural) spatializer_ = MakeSpatializer(settings_.placement, std::move(hrtf));
}

void Layer::Prepare(const synth::PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  start_frame_ = SecondsToFrames(settings_.start_seconds, sample_rate_);
  const std::int64_t end_frame = settings_.end_seconds < 0.0
                                     ? context.total_frames
                                     : SecondsToFrames(settings_.end_seconds, sample_rate_);
  length_frames_ = std::max<std::int64_t>(0, std::min(end_frame, context.total_frames) - start_frame_);
  // Fades are meant for the layer as written; a shorter render (--duration) keeps their
  // proportions rather than cutting a fade-out off.
  fade_in_frames_ = SecondsToFrames(settings_.fade_in_seconds, sample_rate_);
  fade_out_frames_ = SecondsToFrames(settings_.fade_out_seconds, sample_rate_);
  FitFades(length_frames_, fade_in_frames_, fade_out_frames_);
  texture_->Prepare(context);
  if (spatializer_) spatializer_->Prepare(sample_rate_);
  placing_time_ = {};
}

inline void Layer::RenderAddBody(const BlockContext& block, StereoView mix) noexcept {
  const std::int64_t local_first = block.first_frame - start_frame_;
  if (settings_.mute || local_first + kBlockFrames <= 0 || local_first >= length_frames_) return;

  texture_->Render(block, {left_.data(), right_.data(), kBlockFrames});

  // Width: mid/side, so correlated content keeps its level and width 0 is a clean mono.
  const double seconds = static_cast<double>(block.first_frame) / sample_rate_;
  const auto width = static_cast<float>(settings_.width.At(seconds));
  // Placed: the mid is the source placed around the head; the side (a texture's own
  // diffuse part, e.g. a room) stays around it, scaled by width, and is added back in the
  // last pass below.
  if (spatializer_) {
    const std::uint64_t start = timing_ ? CycleClockTicks() : 0;
    spatializer_->Process(block, left_.data(), right_.data(),
                          {placed_left_.data(), placed_right_.data(), kBlockFrames});
    if (timing_) {
      placing_time_.ticks += CycleClockTicks() - start;
      ++placing_time_.calls;
    }
  } else if (width < 1.0f) {
    for (int i = 0; i < kBlockFrames; ++i) {
      const float mid = 0.5f * (left_[i] + right_[i]);
      const float side = 0.5f * (left_[i] - right_[i]) * width;
      left_[i] = mid + side;
      right_[i] = mid - side;
    }
  }

  const double level_db = settings_.gain_db.At(seconds);
  if (level_db != level_db_) {
    level_db_ = level_db;
    level_gain_ = static_cast<float>(DbToGain(level_db));
  }
  const float level = level_gain_;
  if (previous_gain_ < 0.0f) previous_gain_ = level;
  // Fade and level move together on one ramp per block: start and end values of the block.
  const auto fade_from = static_cast<float>(
      FadeGain(local_first, length_frames_, fade_in_frames_, fade_out_frames_));
  const auto fade_to = static_cast<float>(
      FadeGain(local_first + kBlockFrames, length_frames_, fade_in_frames_, fade_out_frames_));
  const float from = previous_gain_ * fade_from;
  const float to = level * fade_to;
  previous_gain_ = level;
  // One pass: the side added back, the level and fade ramp, and the sum into the mix
  // (frames of this block outside the layer's span stay silent: sample-accurate edges).
  const float step = (to - from) / static_cast<float>(kBlockFrames);
  const int first_inside = static_cast<int>(std::max<std::int64_t>(0, -local_first));
  const int end_inside =
      static_cast<int>(std::min<std::int64_t>(kBlockFrames, length_frames_ - local_first));
  if (spatializer_) {
    AddBlockToMix<true>(left_.data(), right_.data(), placed_left_.data(), placed_right_.data(),
                        width, from, step, first_inside, end_inside, mix);
  } else {
    AddBlockToMix<false>(left_.data(), right_.data(), nullptr, nullptr, width, from, step,
                         first_inside, end_inside, mix);
  }
}

void Layer::RenderAdd(const BlockContext& block, StereoView mix) noexcept {
  dsp::CallWidestBuild<&Layer::RenderAddBody>(this, block, mix);
}

}  // namespace tingle::mix
