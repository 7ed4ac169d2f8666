// A whole render graph: the mixed layers, the master chain and the render length.
#pragma once

#include <cstdint>

#include "mix/master.hpp"
#include "mix/mixer.hpp"

namespace tingle::mix {

struct Track {
  double sample_rate = 48000.0;
  std::int64_t total_frames = 0;
  std::uint64_t seed = 0;
  Mixer mixer;
  Master master;
};

}  // namespace tingle::mix
