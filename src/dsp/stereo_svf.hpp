// One state-variable filter setting applied to a stereo pair, both channels in one loop.
//
// A recursive filter is bound by its per-sample dependency chain; running the left and
// right chains side by side lets the CPU overlap them, nearly halving the cost of
// filtering a pair. Same form and coefficients as Svf (see svf.hpp).
#pragma once

#include "dsp/svf.hpp"

namespace tingle::dsp {

class StereoSvf {
 public:
  void Reset() { left_1_ = left_2_ = right_1_ = right_2_ = 0.0f; }

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0.
  void set_f_q(double f_norm, double q) { coefficients_ = SvfCoefficients::FromFrequency(f_norm, q); }

  template <FilterMode mode>
  void Process(float* left, float* right, int size) {
    float left_1 = left_1_, left_2 = left_2_, right_1 = right_1_, right_2 = right_2_;
    const SvfCoefficients c = coefficients_;
    for (int i = 0; i < size; ++i) {
      left[i] = c.Tick<mode>(left[i], left_1, left_2);
      right[i] = c.Tick<mode>(right[i], right_1, right_2);
    }
    left_1_ = left_1;
    left_2_ = left_2;
    right_1_ = right_1;
    right_2_ = right_2;
  }

 private:
  SvfCoefficients coefficients_;
  float left_1_ = 0.0f, left_2_ = 0.0f, right_1_ = 0.0f, right_2_ = 0.0f;
};

}  // namespace tingle::dsp
