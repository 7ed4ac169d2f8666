// One state-variable filter setting applied to a stereo pair, both channels in one loop.
//
// The TPT SVF's state update is a chain of ~6 dependent operations per sample; running the
// left and right chains side by side lets the CPU overlap them, nearly halving the cost of
// filtering a pair. Same topology and coefficients as Svf (see svf.hpp).
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/svf.hpp"

namespace tingle::dsp {

class StereoSvf {
 public:
  void Reset() { left_1_ = left_2_ = right_1_ = right_2_ = 0.0f; }

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0.
  void set_f_q(double f_norm, double q) {
    const double g = std::tan(kPi * f_norm);
    const double k = 1.0 / q;
    g_ = static_cast<float>(g);
    r_ = static_cast<float>(k);
    h_ = static_cast<float>(1.0 / (1.0 + k * g + g * g));
  }

  template <FilterMode mode>
  void Process(float* left, float* right, int size) {
    float left_1 = left_1_, left_2 = left_2_, right_1 = right_1_, right_2 = right_2_;
    const float g = g_, r = r_, h = h_;
    for (int i = 0; i < size; ++i) {
      left[i] = Step<mode>(left[i], left_1, left_2, g, r, h);
      right[i] = Step<mode>(right[i], right_1, right_2, g, r, h);
    }
    left_1_ = left_1;
    left_2_ = left_2;
    right_1_ = right_1;
    right_2_ = right_2;
  }

 private:
  template <FilterMode mode>
  static float Step(float in, float& state_1, float& state_2, float g, float r, float h) {
    const float high = (in - r * state_1 - g * state_1 - state_2) * h;
    const float band = g * high + state_1;
    state_1 = g * high + band;
    const float low = g * band + state_2;
    state_2 = g * band + low;
    if constexpr (mode == FilterMode::kLowPass) return low;
    if constexpr (mode == FilterMode::kBandPass) return r * band;
    return high;
  }

  float g_ = 0.0f;
  float r_ = 1.0f;
  float h_ = 1.0f;
  float left_1_ = 0.0f, left_2_ = 0.0f, right_1_ = 0.0f, right_2_ = 0.0f;
};

}  // namespace tingle::dsp
