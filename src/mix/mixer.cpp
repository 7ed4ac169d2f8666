#include "mix/mixer.hpp"

#include <algorithm>
#include <limits>

#include "core/random.hpp"

namespace tingle::mix {

void Mixer::Prepare(double sample_rate, std::uint64_t recipe_seed, std::int64_t total_frames,
                    int threads) {
  // A batch still rendering ahead is finished (the team's destructor waits for it) before
  // the layers are prepared again.
  ahead_.reset();
  for (auto& layer : layers_) {
    layer->Prepare({sample_rate, StreamSeed(recipe_seed, layer->settings().name), total_frames});
  }
  total_frames_ = total_frames;
  first_frame_ = end_frame_ = 0;
  const int team_size = std::min<int>(threads, static_cast<int>(layers_.size()));
  batch_frames_ = (team_size > 1 ? kBatchBlocks : kSoloBatchBlocks) * kBlockFrames;
  sum_left_.assign(static_cast<std::size_t>(batch_frames_), 0.0f);
  sum_right_.assign(static_cast<std::size_t>(batch_frames_), 0.0f);
  if (team_size > 1) {
    ahead_ = std::make_unique<Ahead>(team_size);
    for (auto& buffers : ahead_->layer_buffers) buffers.assign(layers_.size() * 2 * kBatchFrames, 0.0f);
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

Mixer::Ahead::~Ahead() {
  if (first_frame == -1) return;
  next_layer.store(std::numeric_limits<std::size_t>::max() / 2, std::memory_order_relaxed);
  team.Finish();
}

void Mixer::NextBatch(std::int64_t first_frame) noexcept {
  if (ahead_) {
    TakeAhead(first_frame);
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

void Mixer::TakeAhead(std::int64_t first_frame) noexcept {
  Ahead& ahead = *ahead_;
  if (ahead.first_frame != first_frame) StartAhead(first_frame);  // the first batch
  ahead.team.Finish();  // the caller takes the layers not yet taken
  ahead.first_frame = -1;
  ahead.read_slot = 1 - ahead.read_slot;
  // The next batch renders while the caller reads this one (none past the track's end).
  if (first_frame + kBatchFrames < total_frames_) StartAhead(first_frame + kBatchFrames);
  // The sum, in recipe order: the same additions, in the same order, as one thread's.
  const std::vector<float>& buffers = ahead.layer_buffers[ahead.read_slot];
  std::fill(sum_left_.begin(), sum_left_.end(), 0.0f);
  std::fill(sum_right_.begin(), sum_right_.end(), 0.0f);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const float* left = buffers.data() + l * 2 * kBatchFrames;
    const float* right = left + kBatchFrames;
    for (int i = 0; i < kBatchFrames; ++i) {
      sum_left_[static_cast<std::size_t>(i)] += left[i];
      sum_right_[static_cast<std::size_t>(i)] += right[i];
    }
  }
}

void Mixer::StartAhead(std::int64_t first_frame) noexcept {
  Ahead& ahead = *ahead_;
  ahead.first_frame = first_frame;
  ahead.next_layer.store(0, std::memory_order_relaxed);
  ahead.team.Start(&Mixer::RenderLayers, this);
}

// Each member takes the next layer not yet taken and renders the whole batch of it.
void Mixer::RenderLayers(void* context, int /*member*/) noexcept {
  auto& mixer = *static_cast<Mixer*>(context);
  Ahead& ahead = *mixer.ahead_;
  std::vector<float>& buffers = ahead.layer_buffers[1 - ahead.read_slot];
  for (;;) {
    const std::size_t l = ahead.next_layer.fetch_add(1, std::memory_order_relaxed);
    if (l >= mixer.layers_.size()) return;
    float* left = buffers.data() + l * 2 * kBatchFrames;
    float* right = left + kBatchFrames;
    std::fill(left, left + 2 * kBatchFrames, 0.0f);
    for (int b = 0; b < kBatchBlocks; ++b) {
      const std::int64_t first = ahead.first_frame + b * kBlockFrames;
      mixer.layers_[l]->RenderAdd({first}, {left + b * kBlockFrames, right + b * kBlockFrames, kBlockFrames});
    }
  }
}

}  // namespace tingle::mix
