// Coefficients of one decaying two-pole mode from its frequency, T60 and gain.
//
// The impulse-invariant damped sinusoid y[n] = a1 y[n-1] + a2 y[n-2] + b x[n], with
// a1 = 2 r cos(w), a2 = -r^2, r from the T60 (Adrien, "The missing link: modal synthesis",
// 1991; van den Doel & Pai, "Modal synthesis for vibrating objects", 2003). Its impulse
// response is (b / sin w) r^n sin((n+1) w), so b = gain sin(w) starts it at amplitude
// `gain`. Shared by ModalQuad (per-sample, four lanes) and VectorModalBank (per block).
#pragma once

#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

struct ModeCoefficients {
  // Modes at or above this fraction of the sample rate are muted rather than aliased.
  static constexpr double kHighestNormalizedFrequency = 0.49;

  float a1 = 0.0f;
  float a2 = 0.0f;
  float b = 0.0f;
  double sin_omega = 0.0;  // kept so a gain alone can change without trigonometry

  // t60_seconds > 0. Out-of-range frequencies give a silent mode (all zero).
  static ModeCoefficients From(double frequency_hz, double t60_seconds, double gain,
                               double sample_rate) {
    const double f_norm = frequency_hz / sample_rate;
    if (f_norm >= kHighestNormalizedFrequency || f_norm <= 0.0) return {};
    const double radius = T60ToPoleRadius(t60_seconds, sample_rate);
    const double omega = kTwoPi * f_norm;
    const double sin_omega = std::sin(omega);
    return {static_cast<float>(2.0 * radius * std::cos(omega)),
            static_cast<float>(-radius * radius), static_cast<float>(gain * sin_omega),
            sin_omega};
  }

  float GainToInput(double gain) const { return static_cast<float>(gain * sin_omega); }
};

}  // namespace tingle::dsp
