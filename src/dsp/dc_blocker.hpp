// DC blocker: a one-pole, one-zero high-pass at a few hertz on a stereo pair.
//
// H(z) = g (1 - z^-1) / (1 - R z^-1), the classic DC blocker (J. O. Smith, "Introduction
// to Digital Filters", DC Blocker). The zero at z = 1 removes DC exactly; the pole at
// R = exp(-2 pi fc / fs) sets the corner. g = (1 + R) / 2 makes the gain exactly 1 at
// Nyquist and below 1 everywhere else (without it the top of the band would gain
// 2 / (1 + R), 0.002 dB at 3 Hz and 48 kHz).
#pragma once

#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

class DcBlocker {
 public:
  // corner_hz well below the audio band (a few Hz); sample_rate in Hz.
  void Init(double corner_hz, double sample_rate) {
    const double pole = std::exp(-kTwoPi * ToNormalized(corner_hz, sample_rate));
    pole_ = static_cast<float>(pole);
    gain_ = static_cast<float>(0.5 * (1.0 + pole));
    Reset();
  }

  void Reset() { left_in_ = left_out_ = right_in_ = right_out_ = 0.0f; }

  // In place on `size` frames of each channel.
  void Process(float* left, float* right, int size) {
    const float pole = pole_;
    const float gain = gain_;
    float left_in = left_in_, left_out = left_out_, right_in = right_in_, right_out = right_out_;
    for (int i = 0; i < size; ++i) {
      const float l = gain * left[i];
      const float r = gain * right[i];
      left_out = l - left_in + pole * left_out;
      right_out = r - right_in + pole * right_out;
      left_in = l;
      right_in = r;
      left[i] = left_out;
      right[i] = right_out;
    }
    left_in_ = left_in;
    left_out_ = left_out;
    right_in_ = right_in;
    right_out_ = right_out;
  }

 private:
  float pole_ = 0.0f;
  float gain_ = 1.0f;
  float left_in_ = 0.0f, left_out_ = 0.0f, right_in_ = 0.0f, right_out_ = 0.0f;
};

}  // namespace tingle::dsp
