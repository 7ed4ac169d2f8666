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

// How much of each response a filter sends out; {0, 1, 0} is a unity-peak band-pass.
struct SvfBlend {
  double low_pass = 0.0;
  double band_pass = 0.0;
  double high_pass = 0.0;
};

// The blend that is one mode's response.
inline SvfBlend BlendOf(FilterMode mode) {
  switch (mode) {
    case FilterMode::kLowPass:
      return {1.0, 0.0, 0.0};
    case FilterMode::kBandPass:
      return {0.0, 1.0, 0.0};
    case FilterMode::kHighPass:
      break;
  }
  return {0.0, 0.0, 1.0};
}

// The SVF as a linear system on its state s = (ic1, ic2), in double, for the filters that
// run it in lanes or several steps at once (QuadSvf, StereoSvf). Simper's update
// (v3 = x - ic2; v1 = a1 ic1 + a2 v3; v2 = ic2 + a2 ic1 + a3 v3; ic1' = 2 v1 - ic1;
// ic2' = 2 v2 - ic2) is s' = A s + B x; a blend's output y = m0 x + m1 v1 + m2 v2
// (Simper's "mix": (0, 0, 1) low-pass, (0, k, 0) unity-peak band-pass, (1, -k, -1)
// high-pass) is y = C s + D x.
struct SvfStateSpace {
  double a11, a12, a21, a22;
  double b1, b2;
  double c1, c2, d;

  static SvfStateSpace Of(double a1, double a2, double a3, double k, const SvfBlend& blend) {
    const double m0 = blend.high_pass;
    const double m1 = k * (blend.band_pass - blend.high_pass);
    const double m2 = blend.low_pass - blend.high_pass;
    // y = m0 x + m1 (a1 ic1 - a2 ic2 + a2 x) + m2 (a2 ic1 + (1 - a3) ic2 + a3 x).
    return {2.0 * a1 - 1.0,     -2.0 * a2,  2.0 * a2, 1.0 - 2.0 * a3, 2.0 * a2, 2.0 * a3,
            m1 * a1 + m2 * a2, -m1 * a2 + m2 * (1.0 - a3), m0 + m1 * a2 + m2 * a3};
  }
};

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
