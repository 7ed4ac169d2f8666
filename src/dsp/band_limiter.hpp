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
// run in transposed direct form II. The coefficients never change, so the TPT SVF's
// tolerance of modulation (svf.hpp) buys nothing here, and TDF-II's recursion is
// shorter: 3 dependent operations a sample instead of 5, which is what bounds the speed.
#pragma once

#include <array>
#include <cmath>

#include "core/units.hpp"
#include "dsp/float4.hpp"

namespace tingle::dsp {

class BandLimiter {
 public:
  // Corner as a fraction of the sample rate (see above).
  static constexpr double kCornerFraction = 0.448;

  void Init() {
    const double k = std::tan(kPi * kCornerFraction);
    for (int i = 0; i < kSections; ++i) {
      const double theta = kPi * static_cast<double>(2 * i + 1) / (4.0 * kSections);
      const double q = 1.0 / (2.0 * std::cos(theta));
      const double norm = 1.0 / (1.0 + k / q + k * k);
      const double b0 = k * k * norm;
      auto& c = coefficients_[static_cast<std::size_t>(i)];
      c.b0 = Broadcast(static_cast<float>(b0));
      c.b1 = Broadcast(static_cast<float>(2.0 * b0));
      c.a1 = Broadcast(static_cast<float>(2.0 * (k * k - 1.0) * norm));
      c.a2 = Broadcast(static_cast<float>((1.0 - k / q + k * k) * norm));
    }
    state_.fill(Broadcast(0.0f));
  }

  // One frame of a stereo pair in lanes 0 and 1, through all three sections: each
  // section's recursion is a serial chain, but the chains of different sections (and of
  // whatever else the caller's loop runs) overlap in the CPU. Inline it into a loop over a
  // local copy of the filter, as Process does.
  Float4 Step(Float4 x) {
    for (int j = 0; j < kSections; ++j) {
      const Section& section = coefficients_[static_cast<std::size_t>(j)];
      Float4& s1 = state_[static_cast<std::size_t>(2 * j)];
      Float4& s2 = state_[static_cast<std::size_t>(2 * j + 1)];
      // Transposed direct form II; b2 = b0 for a low-pass.
      const Float4 y = section.b0 * x + s1;
      s1 = section.b1 * x - section.a1 * y + s2;
      s2 = section.b0 * x - section.a2 * y;
      x = y;
    }
    return x;
  }

  // In place on `size` frames of each channel.
  void Process(float* left, float* right, int size) {
    BandLimiter local = *this;  // state in registers: the stores to left/right may alias it
    for (int i = 0; i < size; ++i) {
      const Float4 y = local.Step(Float4{left[i], right[i], 0.0f, 0.0f});
      left[i] = y[0];
      right[i] = y[1];
    }
    *this = local;
  }

 private:
  static constexpr int kSections = 3;
  struct Section {
    Float4 b0, b1, a1, a2;
  };
  std::array<Section, kSections> coefficients_{};
  std::array<Float4, 2 * kSections> state_{};  // s1, s2 per section (lanes: left, right)
};

}  // namespace tingle::dsp
