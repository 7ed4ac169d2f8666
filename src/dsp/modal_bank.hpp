// Bank of decaying two-pole resonators, one per mode (modal synthesis).
//
// Each mode is an impulse-invariant damped sinusoid, y[n] = 2 r cos(w) y[n-1] - r^2 y[n-2]
// + b x[n], with r from the mode's T60 and b so that a unit impulse starts the mode at
// amplitude `gain` (Adrien, "The missing link: modal synthesis", 1991; van den Doel &
// Pai, "Modal synthesis for vibrating objects", 2003). Modes are stored as arrays
// (structure of arrays) so the per-sample loop over modes vectorises.
#pragma once

#include <array>
#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

template <int kMaxModes>
class ModalBank {
 public:
  void Reset() {
    y1_.fill(0.0f);
    y2_.fill(0.0f);
  }

  // Number of active modes, at most kMaxModes. Modes past it are silent.
  void set_mode_count(int count) { mode_count_ = count < kMaxModes ? count : kMaxModes; }
  int mode_count() const { return mode_count_; }

  // frequency_hz below Nyquist, t60_seconds > 0. Modes at or above 0.49 * sample rate are
  // muted rather than aliased. May be called between blocks; state is kept.
  void set_mode(int index, double frequency_hz, double t60_seconds, double gain,
                double sample_rate) {
    const double f_norm = frequency_hz / sample_rate;
    if (f_norm >= kHighestNormalizedFrequency || f_norm <= 0.0) {
      a1_[index] = 0.0f;
      a2_[index] = 0.0f;
      b_[index] = 0.0f;
      return;
    }
    const double radius = T60ToPoleRadius(t60_seconds, sample_rate);
    const double omega = kTwoPi * f_norm;
    a1_[index] = static_cast<float>(2.0 * radius * std::cos(omega));
    a2_[index] = static_cast<float>(-radius * radius);
    // The impulse response is (b / sin w) r^n sin((n+1) w): scale b so its envelope is `gain`.
    b_[index] = static_cast<float>(gain * std::sin(omega));
  }

  // Adds the bank's response to `excitation` (mono) into `out`, `size` samples.
  void Process(const float* excitation, float* out, int size) {
    for (int i = 0; i < size; ++i) {
      const float x = excitation[i];
      float sum = 0.0f;
      for (int m = 0; m < mode_count_; ++m) {
        const float y = a1_[m] * y1_[m] + a2_[m] * y2_[m] + b_[m] * x;
        y2_[m] = y1_[m];
        y1_[m] = y;
        sum += y;
      }
      out[i] += sum;
    }
  }

  // Largest state magnitude: lets a voice sleep once it has rung out.
  float Energy() const {
    float energy = 0.0f;
    for (int m = 0; m < mode_count_; ++m) energy += y1_[m] * y1_[m] + y2_[m] * y2_[m];
    return energy;
  }

 private:
  static constexpr double kHighestNormalizedFrequency = 0.49;

  int mode_count_ = 0;
  std::array<float, kMaxModes> a1_{};
  std::array<float, kMaxModes> a2_{};
  std::array<float, kMaxModes> b_{};
  std::array<float, kMaxModes> y1_{};
  std::array<float, kMaxModes> y2_{};
};

}  // namespace tingle::dsp
