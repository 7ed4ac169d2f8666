// Browning filter: white noise in, -6 dB/octave out, for a stereo pair.
//
// A pure integrator random-walks away from zero (DC drift); leaking below kCornerHz keeps
// it bounded. The backward-difference integrator runs hot near Nyquist (|1 - e^-jw| =
// 2 sin(w/2) < w), which one zero at z = -kTopOctaveZero corrects. Measured: within 0.2 dB
// of -6 dB/oct from 50 Hz to 16 kHz at 44.1, 48 and 96 kHz.
#pragma once

#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

class BrowningFilter {
 public:
  void Prepare(double sample_rate) {
    leak_ = static_cast<float>(std::exp(-kTwoPi * static_cast<double>(kCornerHz) / sample_rate));
    Reset();
  }

  void Reset() { left_input_ = left_output_ = right_input_ = right_output_ = 0.0f; }

  // Filters both channels in place. Unnormalised: the caller scales by its power gain.
  void Process(float* left, float* right, int size) {
    float left_input = left_input_, left_output = left_output_;
    float right_input = right_input_, right_output = right_output_;
    const float leak = leak_;
    for (int i = 0; i < size; ++i) {
      left_output = leak * left_output + kInputGain * (left[i] + kTopOctaveZero * left_input);
      right_output = leak * right_output + kInputGain * (right[i] + kTopOctaveZero * right_input);
      left_input = left[i];
      right_input = right[i];
      left[i] = left_output;
      right[i] = right_output;
    }
    left_input_ = left_input;
    left_output_ = left_output;
    right_input_ = right_input;
    right_output_ = right_output;
  }

 private:
  static constexpr float kCornerHz = 5.0f;
  // Fitted numerically against the ideal slope at 44.1/48/96 kHz.
  static constexpr float kTopOctaveZero = 0.14f;
  static constexpr float kInputGain = 1.0f / (1.0f + kTopOctaveZero);

  float leak_ = 0.0f;
  float left_input_ = 0.0f, left_output_ = 0.0f, right_input_ = 0.0f, right_output_ = 0.0f;
};

}  // namespace tingle::dsp
