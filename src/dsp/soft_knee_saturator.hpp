// Memoryless saturator: exactly linear below a knee, then a tanh shoulder that never
// reaches full scale.
//
// y = x for |x| <= k, else sign(x) (k + (1 - k) tanh((|x| - k) / (1 - k))). Value and
// slope are continuous at the knee (tanh'(0) = 1), so only the rare peaks above the knee
// are shaped and nothing below it is coloured; |y| < 1 for every finite x. For
// occasional extreme transients (e.g. the largest snaps of a power-law event stream),
// not as a loudness tool: a limiter with look-ahead belongs to the master chain.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace tingle::dsp {

class SoftKneeSaturator {
 public:
  // knee in (0, 1): the level up to which the signal passes untouched.
  explicit SoftKneeSaturator(float knee = 0.5f) { set_knee(knee); }

  void set_knee(float knee) {
    knee_ = knee;
    span_ = 1.0f - knee;
  }

  float Process(float x) const {
    const float magnitude = std::fabs(x);
    if (magnitude <= knee_) return x;
    const float shaped = knee_ + span_ * std::tanh((magnitude - knee_) / span_);
    // In float, tanh of a large argument rounds to exactly 1: keep strictly inside.
    const float bounded = shaped < kCeiling ? shaped : kCeiling;
    return x < 0.0f ? -bounded : bounded;
  }

  // In place. Almost every block lies wholly below the knee: one cheap pass finds out
  // (magnitudes compared as integers, which order like the floats they encode and
  // vectorise), and only a block with a peak above the knee is shaped.
  void Process(float* samples, int size) const {
    std::int32_t knee_bits;
    std::memcpy(&knee_bits, &knee_, sizeof knee_bits);
    int above = 0;
    for (int i = 0; i < size; ++i) {
      std::int32_t bits;
      std::memcpy(&bits, &samples[i], sizeof bits);
      above |= (bits & 0x7fffffff) > knee_bits;
    }
    if (above == 0) return;
    for (int i = 0; i < size; ++i) samples[i] = Process(samples[i]);
  }

 private:
  static constexpr float kCeiling = 0.99999f;
  float knee_ = 0.5f;
  float span_ = 0.5f;
};

}  // namespace tingle::dsp
