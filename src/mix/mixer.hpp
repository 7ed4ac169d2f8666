// Sums the layers of a track, in recipe order, one block at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/block.hpp"
#include "core/stereo_view.hpp"
#include "mix/layer.hpp"

namespace tingle::mix {

class Mixer {
 public:
  explicit Mixer(std::vector<std::unique_ptr<Layer>> layers) : layers_(std::move(layers)) {}

  // Prepares every layer; its seed is StreamSeed(recipe seed, layer name).
  void Prepare(double sample_rate, std::uint64_t recipe_seed, std::int64_t total_frames);

  // Overwrites `out` with the sum of the layers. Float addition is not associative, so
  // the order is fixed: the recipe's (DESIGN §9).
  void Render(const BlockContext& block, StereoView out) noexcept;

  std::size_t layer_count() const { return layers_.size(); }

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace tingle::mix
