// State-variable filter, topology-preserving transform (trapezoidal integration).
//
// Chosen over a direct-form biquad because its coefficients may change every block
// without clicks or instability (Zavalishin, "The Art of VA Filter Design", ch. 4;
// Simper, "Linear trapezoidal integrated SVF", Cytomic 2013).
#pragma once

#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

enum class FilterMode { kLowPass, kBandPass, kHighPass };

// Q of a second-order Butterworth response.
inline constexpr double kButterworthQ = 0.70710678118654752;

class Svf {
 public:
  void Reset() {
    state_1_ = 0.0f;
    state_2_ = 0.0f;
  }

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0. The band-pass has unity peak gain.
  void set_f_q(double f_norm, double q) {
    const double g = std::tan(kPi * f_norm);
    const double k = 1.0 / q;
    g_ = static_cast<float>(g);
    r_ = static_cast<float>(k);
    h_ = static_cast<float>(1.0 / (1.0 + k * g + g * g));
  }

  template <FilterMode mode>
  float Process(float in) {
    const float high = (in - r_ * state_1_ - g_ * state_1_ - state_2_) * h_;
    const float band = g_ * high + state_1_;
    state_1_ = g_ * high + band;
    const float low = g_ * band + state_2_;
    state_2_ = g_ * band + low;
    if constexpr (mode == FilterMode::kLowPass) return low;
    if constexpr (mode == FilterMode::kBandPass) return r_ * band;
    return high;
  }

  template <FilterMode mode>
  void Process(const float* in, float* out, int size) {
    float state_1 = state_1_;
    float state_2 = state_2_;
    const float g = g_;
    const float r = r_;
    const float h = h_;
    for (int i = 0; i < size; ++i) {
      const float high = (in[i] - r * state_1 - g * state_1 - state_2) * h;
      const float band = g * high + state_1;
      state_1 = g * high + band;
      const float low = g * band + state_2;
      state_2 = g * band + low;
      if constexpr (mode == FilterMode::kLowPass) out[i] = low;
      if constexpr (mode == FilterMode::kBandPass) out[i] = r * band;
      if constexpr (mode == FilterMode::kHighPass) out[i] = high;
    }
    state_1_ = state_1;
    state_2_ = state_2;
  }

 private:
  float g_ = 0.0f;
  float r_ = 1.0f;
  float h_ = 1.0f;
  float state_1_ = 0.0f;
  float state_2_ = 0.0f;
};

}  // namespace tingle::dsp
