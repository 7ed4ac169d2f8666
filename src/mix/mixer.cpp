#include "mix/mixer.hpp"

#include <algorithm>
#include <limits>

#include "core/random.hpp"

namespace tingle::mix {

void Mixer::Prepare(double sample_rate, std::uint64_t recipe_seed, std::int64_t total_frames,
                    int threads) {
  // A batch still rendering ahead is finished (the team's destructor waits for it) before
  // the layers are prepared again.
  batch_.reset();
  for (auto& layer : layers_) {
    layer->Prepare({sample_rate, StreamSeed(recipe_seed, layer->settings().name), total_frames});
  }
  total_frames_ = total_frames;
  const int team_size = std::min<int>(threads, static_cast<int>(layers_.size()));
  if (team_size > 1) {
    batch_ = std::make_unique<Batch>(team_size);
    for (auto& buffers : batch_->layer_buffers) buffers.assign(layers_.size() * 2 * kBatchFrames, 0.0f);
    batch_->left.assign(kBatchFrames, 0.0f);
    batch_->right.assign(kBatchFrames, 0.0f);
  }
}

void Mixer::set_timing(bool on) {
  for (auto& layer : layers_) layer->set_timing(on);
}

PlacingTime Mixer::placing_time() const {
  PlacingTime sum;
  for (const auto& layer : layers_) sum += layer->placing_time();
  return sum;
}

void Mixer::Render(const BlockContext& block, StereoView out) noexcept {
  if (!batch_) {
    std::fill(out.left, out.left + kBlockFrames, 0.0f);
    std::fill(out.right, out.right + kBlockFrames, 0.0f);
    for (auto& layer : layers_) layer->RenderAdd(block, out);
    return;
  }
  Batch& batch = *batch_;
  if (block.first_frame >= batch.end_frame) NextBatch(block.first_frame);
  const auto offset = static_cast<std::size_t>(block.first_frame - batch.first_frame);
  std::copy_n(batch.left.begin() + offset, kBlockFrames, out.left);
  std::copy_n(batch.right.begin() + offset, kBlockFrames, out.right);
}

Mixer::Batch::~Batch() {
  if (ahead_first_frame == -1) return;
  next_layer.store(std::numeric_limits<std::size_t>::max() / 2, std::memory_order_relaxed);
  team.Finish();
}

void Mixer::NextBatch(std::int64_t first_frame) noexcept {
  Batch& batch = *batch_;
  if (batch.ahead_first_frame != first_frame) StartBatch(first_frame);  // the first batch
  batch.team.Finish();  // the caller takes the layers not yet taken
  batch.ahead_first_frame = -1;
  batch.read_slot = 1 - batch.read_slot;
  batch.first_frame = first_frame;
  batch.end_frame = first_frame + kBatchFrames;
  // The next batch renders while the caller reads this one (none past the track's end).
  if (batch.end_frame < total_frames_) StartBatch(batch.end_frame);
  // The sum, in recipe order: the same additions, in the same order, as one thread's.
  const std::vector<float>& buffers = batch.layer_buffers[batch.read_slot];
  std::fill(batch.left.begin(), batch.left.end(), 0.0f);
  std::fill(batch.right.begin(), batch.right.end(), 0.0f);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const float* left = buffers.data() + l * 2 * kBatchFrames;
    const float* right = left + kBatchFrames;
    for (int i = 0; i < kBatchFrames; ++i) {
      batch.left[static_cast<std::size_t>(i)] += left[i];
      batch.right[static_cast<std::size_t>(i)] += right[i];
    }
  }
}

void Mixer::StartBatch(std::int64_t first_frame) noexcept {
  Batch& batch = *batch_;
  batch.ahead_first_frame = first_frame;
  batch.next_layer.store(0, std::memory_order_relaxed);
  batch.team.Start(&Mixer::RenderLayers, this);
}

// Each member takes the next layer not yet taken and renders the whole batch of it.
void Mixer::RenderLayers(void* context, int /*member*/) noexcept {
  auto& mixer = *static_cast<Mixer*>(context);
  Batch& batch = *mixer.batch_;
  std::vector<float>& buffers = batch.layer_buffers[1 - batch.read_slot];
  for (;;) {
    const std::size_t l = batch.next_layer.fetch_add(1, std::memory_order_relaxed);
    if (l >= mixer.layers_.size()) return;
    float* left = buffers.data() + l * 2 * kBatchFrames;
    float* right = left + kBatchFrames;
    std::fill(left, left + 2 * kBatchFrames, 0.0f);
    for (int b = 0; b < kBatchBlocks; ++b) {
      const std::int64_t first = batch.ahead_first_frame + b * kBlockFrames;
      mixer.layers_[l]->RenderAdd({first}, {left + b * kBlockFrames, right + b * kBlockFrames, kBlockFrames});
    }
  }
}

}  // namespace tingle::mix
