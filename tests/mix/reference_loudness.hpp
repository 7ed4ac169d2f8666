// libebur128 as the tests' reference loudness meter: an independent implementation in
// double precision, which the product's own meter must agree with.
#pragma once

#include <ebur128.h>

#include <cmath>
#include <limits>
#include <vector>

namespace tingle::test {

// Integrated loudness (LUFS) of a stereo signal; -infinity when everything is gated out.
inline double ReferenceLoudness(const std::vector<float>& left, const std::vector<float>& right,
                                double sample_rate) {
  ebur128_state* state = ebur128_init(2, static_cast<unsigned long>(std::lround(sample_rate)), EBUR128_MODE_I);
  std::vector<float> interleaved(2 * left.size());
  for (std::size_t n = 0; n < left.size(); ++n) {
    interleaved[2 * n] = left[n];
    interleaved[2 * n + 1] = right[n];
  }
  ebur128_add_frames_float(state, interleaved.data(), left.size());
  double lufs = -std::numeric_limits<double>::infinity();
  if (ebur128_loudness_global(state, &lufs) != EBUR128_SUCCESS) lufs = -std::numeric_limits<double>::infinity();
  ebur128_destroy(&state);
  return lufs;
}

}  // namespace tingle::test
