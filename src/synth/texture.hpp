// The Texture interface: Prepare once (may allocate), then Render fixed blocks (never does).
#pragma once

#include <cstdint>

#include "core/block.hpp"
#include "core/stereo_view.hpp"

namespace tingle::synth {

struct PrepareContext {
  double sample_rate;          // Hz: 44100, 48000 or 96000
  std::uint64_t layer_seed;    // StreamSeed(recipe seed, layer name); derive purposes from it
  std::int64_t total_frames;   // render length, for slow evolutions
};

class Texture {
 public:
  Texture() = default;
  Texture(const Texture&) = delete;
  Texture& operator=(const Texture&) = delete;
  virtual ~Texture() = default;

  // Allocates, precomputes, may throw. Called once, before the first Render.
  virtual void Prepare(const PrepareContext& context) = 0;

  // Overwrites exactly kBlockFrames frames of `out`. Blocks arrive consecutively; the first
  // is the block holding the layer's start, so its first_frame may be above 0.
  // No allocation, no I/O, no locks, no exceptions; output finite and within [-1, 1].
  virtual void Render(const BlockContext& block, StereoView out) noexcept = 0;
};

}  // namespace tingle::synth
