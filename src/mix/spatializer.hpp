// Binaural placement of a source around the head: the interface and its factory.
#pragma once

#include <memory>

#include "core/block.hpp"
#include "core/stereo_view.hpp"
#include "mix/hrtf_set.hpp"
#include "mix/placement.hpp"

namespace tingle::mix {

class Spatializer {
 public:
  virtual ~Spatializer() = default;

  virtual void Prepare(double sample_rate) = 0;

  // Places the mid, (left + right) / 2, of kBlockFrames frames of a texture's `left` and
  // `right` into `out` (overwrites both channels; `out` must not overlap the input).
  // Taking the pair saves the caller a pass: the mid is formed where it is copied in.
  // A mono source is passed as both (its mid is itself, bit for bit). Blocks arrive
  // consecutively. No allocation.
  virtual void Process(const BlockContext& block, const float* left, const float* right,
                       StereoView out) noexcept = 0;
};

// The mid of a block of a stereo pair, into `mid`.
inline void MidOf(const float* left, const float* right, float* mid) noexcept {
  for (int i = 0; i < kBlockFrames; ++i) mid[i] = 0.5f * (left[i] + right[i]);
}

// The spherical-head renderer, or the measured-HRTF one when `hrtf` is given.
std::unique_ptr<Spatializer> MakeSpatializer(const Placement& placement,
                                             std::shared_ptr<const HrtfSet> hrtf);

}  // namespace tingle::mix
