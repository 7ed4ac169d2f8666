// Binaural placement of a mono source around the head: the interface and its factory.
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

  // Places kBlockFrames samples of `mono` into `out` (overwrites both channels). Blocks
  // arrive consecutively. No allocation.
  virtual void Process(const BlockContext& block, const float* mono, StereoView out) noexcept = 0;
};

// The spherical-head renderer, or the measured-HRTF one when `hrtf` is given.
std::unique_ptr<Spatializer> MakeSpatializer(const Placement& placement,
                                             std::shared_ptr<const HrtfSet> hrtf);

}  // namespace tingle::mix
