// Pinking filter: white noise in, -3 dB/octave out, for a stereo pair.
//
// Design: poles three per decade from 5 Hz up, each zero half a step (sqrt of the spacing)
// above its pole, so the response alternates between -6 and 0 dB/oct and averages
// -3 dB/oct with ripple under 0.1 dB (the classic pole-zero approximation of 1/f, as in
// Kellet's "refined" filter, here designed for any sample rate). The matched-z mapping
// flattens the top octave; one zero at z = -kTopOctaveZero restores it. Measured: within
// 0.2 dB of -3 dB/oct from 50 Hz to 16 kHz at 44.1, 48 and 96 kHz.
//
// Realisation: the cascade is expanded into partial fractions, H(z) = q0 + q1 z^-1 +
// sum_s r_s / (1 - p_s z^-1). A cascade is one long dependency chain per sample; the
// parallel one-poles are independent and run four at a time in SIMD lanes. The
// residues stay below 0.4 (no cancellation), and in float the result is within 1e-5 of
// the double-precision cascade.
#pragma once

#include <array>
#include <cmath>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/float4.hpp"

namespace tingle::dsp {

class PinkingFilter {
 public:
  static constexpr int kSections = 16;  // unused sections have r = 0
  static constexpr int kGroups = kSections / 4;
  static_assert(kGroups == 4, "SumOfSections adds four groups");

  void Prepare(double sample_rate) {
    std::array<double, kSections> poles{};
    std::array<double, kSections> zeros{};
    int count = 0;
    const double spacing = std::pow(10.0, 1.0 / kSectionsPerDecade);
    for (double pole_hz = kLowestPoleHz; pole_hz < kHighestPoleHz && count < kSections;
         pole_hz *= spacing) {
      poles[count] = std::exp(-kTwoPi * pole_hz / sample_rate);
      zeros[count] = std::exp(-kTwoPi * pole_hz * std::sqrt(spacing) / sample_rate);
      ++count;
    }
    // H(z) = (1 + b z^-1)/(1 + b) * prod (1 - c_t z^-1)/(1 - p_t z^-1); its residue at p_s is
    // the rest of the product evaluated at z^-1 = 1/p_s.
    double residue_sum = 0.0, residue_pole_sum = 0.0;
    for (int s = 0; s < kSections; ++s) {
      if (s >= count) {
        pole_[s / 4][s % 4] = residue_[s / 4][s % 4] = 0.0f;
        continue;
      }
      const double z_inverse = 1.0 / poles[s];
      double residue = (1.0 + kTopOctaveZero * z_inverse) / (1.0 + kTopOctaveZero);
      for (int t = 0; t < count; ++t) {
        residue *= 1.0 - zeros[t] * z_inverse;
        if (t != s) residue /= 1.0 - poles[t] * z_inverse;
      }
      pole_[s / 4][s % 4] = static_cast<float>(poles[s]);
      residue_[s / 4][s % 4] = static_cast<float>(residue);
      residue_sum += residue;
      residue_pole_sum += residue * poles[s];
    }
    // The polynomial part from the first two impulse-response samples of the cascade:
    // h[0] = 1/(1+b), h[1] = (b - sum c + sum p)/(1+b).
    double h0 = 1.0 / (1.0 + kTopOctaveZero);
    double h1 = kTopOctaveZero / (1.0 + kTopOctaveZero);
    for (int t = 0; t < count; ++t) h1 += h0 * (poles[t] - zeros[t]);
    direct_ = static_cast<float>(h0 - residue_sum);
    delayed_ = static_cast<float>(h1 - residue_pole_sum);
    Reset();
  }

  void Reset() {
    for (int g = 0; g < kGroups; ++g) left_[g] = right_[g] = Broadcast(0.0f);
    left_previous_ = right_previous_ = 0.0f;
  }

  // Filters both channels in place. Unnormalised: the caller scales by its power gain.
  // The AVX2 build runs a group's sections of both channels in one 256-bit register;
  // each lane does the same operations as in the portable build, so the bits are the same
  // (pinking_filter.cpp).
  void Process(float* left, float* right, int size) {
    if (avx2_) {
      ProcessAvx2(left, right, size);
    } else {
      ProcessPortable(left, right, size);
    }
  }

  // Runs the portable build even where the AVX2 one could run. For tests.
  void UsePortableBuild() { avx2_ = false; }

 private:
  void ProcessPortable(float* left, float* right, int size) noexcept;
  TINGLE_TARGET_AVX2 void ProcessAvx2(float* left, float* right, int size) noexcept;

  // A fixed summation tree, the same every time, so the bits are reproducible.
  static float SumOfSections(const Float4 (&state)[kGroups]) {
    return HorizontalSum((state[0] + state[1]) + (state[2] + state[3]));
  }

  // Frames the AVX2 build runs its recursion over before finishing them (stack buffers).
  static constexpr int kChunkFrames = 64;
  static constexpr double kSectionsPerDecade = 3.0;
  static constexpr double kLowestPoleHz = 5.0;
  // Poles continue past every supported Nyquist so the slope holds to the top.
  static constexpr double kHighestPoleHz = 40000.0;
  // Fitted numerically against the ideal slope at 44.1/48/96 kHz.
  static constexpr double kTopOctaveZero = 0.06;

  Float4 pole_[kGroups] = {};
  Float4 residue_[kGroups] = {};
  float direct_ = 0.0f;
  float delayed_ = 0.0f;
  Float4 left_[kGroups] = {};
  Float4 right_[kGroups] = {};
  float left_previous_ = 0.0f;
  float right_previous_ = 0.0f;
  bool avx2_ = CpuHasAvx2();
};

}  // namespace tingle::dsp
