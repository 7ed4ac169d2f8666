// DC blocker: a one-pole, one-zero high-pass at a few hertz on a stereo pair.
//
// The two channels share SIMD lanes, a frame at a time (Step). The master runs the same
// filter as the first section of its cascade with the band limiter (DcBlockerSection).
//
// H(z) = g (1 - z^-1) / (1 - R z^-1), the classic DC blocker (J. O. Smith, "Introduction
// to Digital Filters", DC Blocker). The zero at z = 1 removes DC exactly; the pole at
// R = exp(-2 pi fc / fs) sets the corner. g = (1 + R) / 2 makes the gain exactly 1 at
// Nyquist and below 1 everywhere else (without it the top of the band would gain
// 2 / (1 + R), 0.002 dB at 3 Hz and 48 kHz).
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/stereo_biquad_cascade.hpp"

namespace tingle::dsp {

// R and g for a corner at corner_hz (well below the audio band: a few Hz).
struct DcBlockerCoefficients {
  double pole, gain;
};
inline DcBlockerCoefficients DcBlockerFor(double corner_hz, double sample_rate) {
  const double pole = std::exp(-kTwoPi * ToNormalized(corner_hz, sample_rate));
  return {pole, 0.5 * (1.0 + pole)};
}

// The same filter as a second-order section: y = (g x - g x1) + R y1.
inline BiquadSection DcBlockerSection(double corner_hz, double sample_rate) {
  const DcBlockerCoefficients c = DcBlockerFor(corner_hz, sample_rate);
  BiquadSection section;
  section.b0 = static_cast<float>(c.gain);
  section.b1 = -section.b0;
  section.a1 = static_cast<float>(-c.pole);
  return section;
}

class DcBlocker {
 public:
  // corner_hz well below the audio band (a few Hz); sample_rate in Hz.
  void Init(double corner_hz, double sample_rate) {
    const DcBlockerCoefficients c = DcBlockerFor(corner_hz, sample_rate);
    pole_ = Broadcast(static_cast<float>(c.pole));
    gain_ = Broadcast(static_cast<float>(c.gain));
    Reset();
  }

  void Reset() { input_ = output_ = Broadcast(0.0f); }

  // One frame of a stereo pair in lanes 0 and 1 (lanes 2 and 3 go along unused). Inlined
  // into a caller's loop over a local copy, so the filter's chain runs beside others'.
  Float4 Step(Float4 frame) {
    const Float4 scaled = gain_ * frame;
    output_ = scaled - input_ + pole_ * output_;
    input_ = scaled;
    return output_;
  }

  // In place on `size` frames of each channel.
  void Process(float* left, float* right, int size) {
    DcBlocker local = *this;  // state in registers: the stores to left/right may alias it
    for (int i = 0; i < size; ++i) {
      const Float4 y = local.Step(Float4{left[i], right[i], 0.0f, 0.0f});
      left[i] = y[0];
      right[i] = y[1];
    }
    *this = local;
  }

 private:
  Float4 pole_ = Broadcast(0.0f);
  Float4 gain_ = Broadcast(1.0f);
  Float4 input_ = Broadcast(0.0f);   // the last scaled input and output, per lane
  Float4 output_ = Broadcast(0.0f);
};

}  // namespace tingle::dsp
