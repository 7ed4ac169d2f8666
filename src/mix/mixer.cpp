#include "mix/mixer.hpp"

#include <algorithm>

#include "core/random.hpp"

namespace tingle::mix {

void Mixer::Prepare(double sample_rate, std::uint64_t recipe_seed, std::int64_t total_frames) {
  for (auto& layer : layers_) {
    layer->Prepare({sample_rate, StreamSeed(recipe_seed, layer->settings().name), total_frames});
  }
}

void Mixer::Render(const BlockContext& block, StereoView out) noexcept {
  std::fill(out.left, out.left + kBlockFrames, 0.0f);
  std::fill(out.right, out.right + kBlockFrames, 0.0f);
  for (auto& layer : layers_) layer->RenderAdd(block, out);
}

}  // namespace tingle::mix
