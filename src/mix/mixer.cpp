#include "mix/mixer.hpp"

#include <algorithm>

#include "core/random.hpp"

namespace tingle::mix {

void Mixer::Prepare(double sample_rate, std::uint64_t recipe_seed, std::int64_t total_frames,
                    int threads) {
  // Batches still rendering ahead are finished (the pipeline's destructor waits for them)
  // before the layers are prepared again.
  pipeline_.reset();
  for (auto& layer : layers_) {
    layer->Prepare({sample_rate, StreamSeed(recipe_seed, layer->settings().name), total_frames});
  }
  first_frame_ = end_frame_ = 0;
  const int team_size = std::min<int>(threads, static_cast<int>(layers_.size()));
  batch_frames_ = (team_size > 1 ? kBatchBlocks : kSoloBatchBlocks) * kBlockFrames;
  sum_left_.assign(static_cast<std::size_t>(batch_frames_), 0.0f);
  sum_right_.assign(static_cast<std::size_t>(batch_frames_), 0.0f);
  if (team_size > 1) {
    const std::int64_t batches = (total_frames + kBatchFrames - 1) / kBatchFrames;
    pipeline_ = std::make_unique<PipelinedStreams>(team_size, static_cast<int>(layers_.size()), batches,
                                                   2 * kBatchFrames, &Mixer::RenderLayerBatch, this);
  }
}

void Mixer::set_timing(bool on) {
  for (auto& layer : layers_) layer->set_timing(on);
}

TickTime Mixer::placing_time() const {
  TickTime sum;
  for (const auto& layer : layers_) sum += layer->placing_time();
  return sum;
}

void Mixer::Render(const BlockContext& block, StereoView out) noexcept {
  for (int done = 0; done < out.frames; done += kBlockFrames) {
    const std::int64_t first_frame = block.first_frame + done;
    if (first_frame >= end_frame_) NextBatch(first_frame);
    const auto offset = static_cast<std::size_t>(first_frame - first_frame_);
    std::copy_n(sum_left_.begin() + offset, kBlockFrames, out.left + done);
    std::copy_n(sum_right_.begin() + offset, kBlockFrames, out.right + done);
  }
}

void Mixer::NextBatch(std::int64_t first_frame) noexcept {
  if (pipeline_) {
    TakeParallel(first_frame);
  } else {
    RenderSolo(first_frame);
  }
  first_frame_ = first_frame;
  end_frame_ = first_frame + batch_frames_;
}

void Mixer::RenderSolo(std::int64_t first_frame) noexcept {
  std::fill(sum_left_.begin(), sum_left_.end(), 0.0f);
  std::fill(sum_right_.begin(), sum_right_.end(), 0.0f);
  for (auto& layer : layers_) {
    for (int offset = 0; offset < batch_frames_; offset += kBlockFrames) {
      const auto at = static_cast<std::size_t>(offset);
      layer->RenderAdd({first_frame + offset}, {&sum_left_[at], &sum_right_[at], kBlockFrames});
    }
  }
}

void Mixer::TakeParallel(std::int64_t first_frame) noexcept {
  pipeline_->Take(first_frame / kBatchFrames);
  // The sum, in recipe order: the same additions, in the same order, as one thread's.
  std::fill(sum_left_.begin(), sum_left_.end(), 0.0f);
  std::fill(sum_right_.begin(), sum_right_.end(), 0.0f);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const float* left = pipeline_->Slot(static_cast<int>(l));
    const float* right = left + kBatchFrames;
    for (int i = 0; i < kBatchFrames; ++i) {
      sum_left_[static_cast<std::size_t>(i)] += left[i];
      sum_right_[static_cast<std::size_t>(i)] += right[i];
    }
  }
}

void Mixer::RenderLayerBatch(void* context, int layer, std::int64_t batch, float* out) noexcept {
  auto& mixer = *static_cast<Mixer*>(context);
  float* left = out;
  float* right = out + kBatchFrames;
  std::fill(left, left + 2 * kBatchFrames, 0.0f);
  for (int b = 0; b < kBatchBlocks; ++b) {
    const std::int64_t first = batch * kBatchFrames + b * kBlockFrames;
    mixer.layers_[static_cast<std::size_t>(layer)]->RenderAdd(
        {first}, {left + b * kBlockFrames, right + b * kBlockFrames, kBlockFrames});
  }
}

}  // namespace tingle::mix
