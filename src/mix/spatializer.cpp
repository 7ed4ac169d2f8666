#include "mix/spatializer.hpp"

#include "mix/hrtf_spatializer.hpp"
#include "mix/spherical_head.hpp"

namespace tingle::mix {

std::unique_ptr<Spatializer> MakeSpatializer(const Placement& placement,
                                             std::shared_ptr<const HrtfSet> hrtf) {
  if (hrtf) return std::make_unique<HrtfSpatializer>(placement, std::move(hrtf));
  return std::make_unique<SphericalHead>(placement);
}

}  // namespace tingle::mix
