// A sound file's audio as decoded at build time, for textures that play from files
// (granular): what recipe/build hands them through synth::BuildContext.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace tingle::synth {

// Band-limited conversion of one channel from one sample rate to another. synth/ links no
// resampling library (DESIGN §2): whoever loads the clip supplies it (io/resample).
using ResampleFunction = std::vector<float> (*)(std::span<const float> mono, double from_hz,
                                                double to_hz);

struct SoundClip {
  double sample_rate_hz = 0.0;  // the file's rate
  int channels = 0;             // >= 1
  std::vector<float> samples;   // interleaved frames, full scale ±1
  ResampleFunction resample = nullptr;

  std::size_t frames() const {
    return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0;
  }
};

}  // namespace tingle::synth
