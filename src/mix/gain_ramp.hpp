// Applies a gain that moves linearly across one block, so gain changes never step.
#pragma once

#include "core/block.hpp"

namespace tingle::mix {

// Multiplies kBlockFrames samples by a gain going from `from` (first frame) towards `to`
// (reached one frame after the block), the next block continuing from `to`.
inline void ApplyGainRamp(float* samples, float from, float to) {
  // Unity throughout (a fade's middle, a level at 0 dB): every product would be exact.
  if (from == 1.0f && to == 1.0f) return;
  const float step = (to - from) / static_cast<float>(kBlockFrames);
  for (int i = 0; i < kBlockFrames; ++i) samples[i] *= from + step * static_cast<float>(i);
}

}  // namespace tingle::mix
