// Browning filter: white noise in, -6 dB/octave out, by a leaky integrator.
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
    leak_ = std::exp(-kTwoPi * kCornerHz / sample_rate);
    Reset();
  }

  void Reset() {
    input_1_ = 0.0;
    output_1_ = 0.0;
  }

  // Unnormalised: the caller scales by its measured power gain.
  double Process(double in) {
    const double x = (in + kTopOctaveZero * input_1_) / (1.0 + kTopOctaveZero);
    input_1_ = in;
    output_1_ = x + leak_ * output_1_;
    return output_1_;
  }

 private:
  static constexpr double kCornerHz = 5.0;
  // Fitted numerically against the ideal slope at 44.1/48/96 kHz.
  static constexpr double kTopOctaveZero = 0.14;

  double leak_ = 0.0;
  double input_1_ = 0.0;
  double output_1_ = 0.0;
};

}  // namespace tingle::dsp
