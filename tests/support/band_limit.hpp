// The master's band limiter alone (its sections behind a pass-through one), over whole
// blocks of a stereo signal in place: what the master's limiter and meters are given.
#pragma once

#include <vector>

#include "core/block.hpp"
#include "dsp/band_limiter.hpp"
#include "dsp/stereo_biquad_cascade.hpp"

namespace tingle::test {

inline void BandLimit(std::vector<float>& left, std::vector<float>& right) {
  const auto sections = dsp::BandLimiterSections();
  dsp::StereoBiquadCascade band;
  band.Init({dsp::BiquadSection{}, sections[0], sections[1], sections[2]});
  const std::size_t frames = left.size() / kBlockFrames * kBlockFrames;
  if (frames > 0) band.Process(left.data(), right.data(), static_cast<int>(frames));
}

}  // namespace tingle::test
