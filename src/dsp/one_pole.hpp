// One-pole low-pass smoother, y += a (x - y), set from a cutoff or a time constant.
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/first_order_scan.hpp"

namespace tingle::dsp {

class OnePole {
 public:
  void Reset(float value = 0.0f) { state_ = value; }

  // Matched-z coefficient for a cutoff; f_norm = hz / sample_rate.
  void set_f(double f_norm) { coefficient_ = static_cast<float>(1.0 - std::exp(-kTwoPi * f_norm)); }

  // Reaches 1 - 1/e of a step in `seconds`.
  void set_time_constant(double seconds, double sample_rate) {
    coefficient_ = static_cast<float>(1.0 - std::exp(-1.0 / (seconds * sample_rate)));
  }

  float Process(float in) {
    state_ += coefficient_ * (in - state_);
    return state_;
  }

  // Filters `size` samples (a multiple of 4) in place: Process's recursion, four samples
  // per SIMD step (first_order_scan.hpp), equal to it but for rounding.
  void ProcessBlock(float* io, int size) {
    const float coefficient = coefficient_;
    for (int i = 0; i < size; ++i) io[i] *= coefficient;
    FirstOrderScan(io, size, 1.0f - coefficient, state_);
  }

  float value() const { return state_; }

 private:
  float coefficient_ = 1.0f;
  float state_ = 0.0f;
};

}  // namespace tingle::dsp
