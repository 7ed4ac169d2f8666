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
  if (team_size > 1) {
    // The layers' buffers are summed straight into the caller's blocks.
    sum_left_.clear();
    sum_right_.clear();
    const std::int64_t batches = (total_frames + kBatchFrames - 1) / kBatchFrames;
    pipeline_ = std::make_unique<PipelinedStreams>(team_size, static_cast<int>(layers_.size()), batches,
                                                   2 * kBatchFrames, &Mixer::RenderLayerBatch, this);
  } else {
    sum_left_.assign(static_cast<std::size_t>(batch_frames_), 0.0f);
    sum_right_.assign(static_cast<std::size_t>(batch_frames_), 0.0f);
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
  if (!pipeline_ && out.frames == batch_frames_ && block.first_frame == end_frame_) {
    // A whole batch, as the render loop asks on one thread: the layers add straight into
    // `out`, with no copy from the sum.
    AddLayers(block.first_frame, out);
    first_frame_ = end_frame_ = block.first_frame + batch_frames_;
    return;
  }
  for (int done = 0; done < out.frames; done += kBlockFrames) {
    const std::int64_t first_frame = block.first_frame + done;
    if (first_frame >= end_frame_) NextBatch(first_frame);
    const auto offset = static_cast<std::size_t>(first_frame - first_frame_);
    if (pipeline_) {
      SumSlots(offset, out.left + done, out.right + done);
    } else {
      std::copy_n(sum_left_.begin() + offset, kBlockFrames, out.left + done);
      std::copy_n(sum_right_.begin() + offset, kBlockFrames, out.right + done);
    }
  }
}

void Mixer::NextBatch(std::int64_t first_frame) noexcept {
  if (pipeline_) {
    pipeline_->Take(first_frame / kBatchFrames);
  } else {
    AddLayers(first_frame, {sum_left_.data(), sum_right_.data(), batch_frames_});
  }
  first_frame_ = first_frame;
  end_frame_ = first_frame + batch_frames_;
}

void Mixer::AddLayers(std::int64_t first_frame, StereoView out) noexcept {
  std::fill(out.left, out.left + out.frames, 0.0f);
  std::fill(out.right, out.right + out.frames, 0.0f);
  for (auto& layer : layers_) {
    for (int offset = 0; offset < out.frames; offset += kBlockFrames) {
      layer->RenderAdd({first_frame + offset}, {out.left + offset, out.right + offset, kBlockFrames});
    }
  }
}

void Mixer::SumSlots(std::size_t offset, float* left, float* right) const noexcept {
  // Zero plus the first layer, then each layer in recipe order: the additions one
  // thread makes into a cleared sum, so the same bits.
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const float* slot_left = pipeline_->Slot(static_cast<int>(l)) + offset;
    const float* slot_right = slot_left + kBatchFrames;
    if (l == 0) {
      for (int i = 0; i < kBlockFrames; ++i) {
        left[i] = 0.0f + slot_left[i];
        right[i] = 0.0f + slot_right[i];
      }
    } else {
      for (int i = 0; i < kBlockFrames; ++i) {
        left[i] += slot_left[i];
        right[i] += slot_right[i];
      }
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
