// State-variable filter, topology-preserving transform (trapezoidal integration).
//
// Chosen over a direct-form biquad because its coefficients may change every block
// without clicks or instability (Zavalishin, "The Art of VA Filter Design", ch. 4).
// Written in Simper's form ("Linear trapezoidal integrated SVF", Cytomic 2013): its
// per-sample dependency chain is about half as long as the textbook TPT update, which
// matters because a recursive filter cannot go faster than that chain.
#pragma once

#include <cmath>

#include "core/units.hpp"

namespace tingle::dsp {

enum class FilterMode { kLowPass, kBandPass, kHighPass };

// Q of a second-order Butterworth response.
inline constexpr double kButterworthQ = 0.70710678118654752;

// The coefficients, shared by Svf (one channel) and StereoSvf (a pair).
struct SvfCoefficients {
  float a1 = 1.0f;
  float a2 = 0.0f;
  float a3 = 0.0f;
  float k = 1.0f;  // 1/Q

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0.
  static SvfCoefficients FromFrequency(double f_norm, double q) {
    const double g = std::tan(kPi * f_norm);
    const double k = 1.0 / q;
    const double a1 = 1.0 / (1.0 + g * (g + k));
    return {static_cast<float>(a1), static_cast<float>(g * a1), static_cast<float>(g * g * a1),
            static_cast<float>(k)};
  }

  // One sample through the integrator states; the band-pass has unity peak gain.
  template <FilterMode mode>
  float Tick(float in, float& ic1eq, float& ic2eq) const {
    const float v3 = in - ic2eq;
    const float v1 = a1 * ic1eq + a2 * v3;
    const float v2 = ic2eq + a2 * ic1eq + a3 * v3;
    ic1eq = 2.0f * v1 - ic1eq;
    ic2eq = 2.0f * v2 - ic2eq;
    if constexpr (mode == FilterMode::kLowPass) return v2;
    if constexpr (mode == FilterMode::kBandPass) return k * v1;
    return in - k * v1 - v2;
  }
};

class Svf {
 public:
  void Reset() { ic1eq_ = ic2eq_ = 0.0f; }

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0. The band-pass has unity peak gain.
  void set_f_q(double f_norm, double q) { coefficients_ = SvfCoefficients::FromFrequency(f_norm, q); }

  template <FilterMode mode>
  float Process(float in) {
    return coefficients_.Tick<mode>(in, ic1eq_, ic2eq_);
  }

  template <FilterMode mode>
  void Process(const float* in, float* out, int size) {
    float ic1eq = ic1eq_;
    float ic2eq = ic2eq_;
    const SvfCoefficients c = coefficients_;
    for (int i = 0; i < size; ++i) out[i] = c.Tick<mode>(in[i], ic1eq, ic2eq);
    ic1eq_ = ic1eq;
    ic2eq_ = ic2eq;
  }

 private:
  SvfCoefficients coefficients_;
  float ic1eq_ = 0.0f;
  float ic2eq_ = 0.0f;
};

}  // namespace tingle::dsp
