// Sixth-order Butterworth low-pass just below Nyquist on a stereo pair: the master's guard
// against peaks that no two meters read alike.
//
// A component near Nyquist can hide a peak between samples far above the samples
// themselves (cos(pi n) sampled at its zero crossings reads 0), and how much of it a meter
// sees depends on where its interpolator rolls off. Limited crinkles hold much of their
// top octave above 22 kHz; without this filter a 256-tap 4x interpolator read their
// true peak up to 0.9 dB above PeakOversampler's 32 taps, and ffmpeg's ebur128 0.3 dB
// above (over the ceiling). Above 0.448 fs (21.5 kHz at 48 kHz, just above the 0.44 fs
// up to which PeakOversampler is within 0.04 dB of an ideal interpolator) nothing is
// audible, so the master removes it: -0.01 dB at 20 kHz, -27 dB at 22.5 kHz, -48 dB at
// 23 kHz (bilinear Butterworth, |H|^2 = 1 / (1 + (W / Wc)^12) with W = tan(pi f / fs)).
// Three cascaded second-order sections with the Butterworth Qs 1 / (2 cos(theta)),
// theta = 15, 45 and 75 degrees, each the bilinear transform of 1 / (s^2 + s / Q + 1)
// prewarped to the corner (RBJ's "Audio EQ Cookbook" low-pass with K = tan(pi fc / fs)),
// run in direct form I (stereo_biquad_cascade.hpp, after the DC blocker). The
// coefficients never change, so the TPT SVF's tolerance of modulation (svf.hpp) buys
// nothing here, and direct form I's recursion is shorter: 2 dependent operations a
// sample instead of 5, which is what bounds the speed.
#pragma once

#include <array>
#include <cmath>

#include "core/units.hpp"
#include "dsp/stereo_biquad_cascade.hpp"

namespace tingle::dsp {

// Corner as a fraction of the sample rate (see above).
constexpr double kBandLimiterCorner = 0.448;
constexpr int kBandLimiterSections = 3;

inline std::array<BiquadSection, kBandLimiterSections> BandLimiterSections() {
  const double k = std::tan(kPi * kBandLimiterCorner);
  std::array<BiquadSection, kBandLimiterSections> sections;
  for (int i = 0; i < kBandLimiterSections; ++i) {
    const double theta = kPi * static_cast<double>(2 * i + 1) / (4.0 * kBandLimiterSections);
    const double q = 1.0 / (2.0 * std::cos(theta));
    const double norm = 1.0 / (1.0 + k / q + k * k);
    const double b0 = k * k * norm;
    BiquadSection& section = sections[static_cast<std::size_t>(i)];
    section.b0 = static_cast<float>(b0);
    section.b1 = static_cast<float>(2.0 * b0);
    section.b2 = section.b0;
    section.a1 = static_cast<float>(2.0 * (k * k - 1.0) * norm);
    section.a2 = static_cast<float>((1.0 - k / q + k * k) * norm);
  }
  return sections;
}

}  // namespace tingle::dsp
