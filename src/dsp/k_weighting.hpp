// The K-weighting filter of ITU-R BS.1770-4 on a stereo pair: a high shelf (the head's
// acoustic effect) followed by the RLB high-pass.
//
// BS.1770 tabulates the two biquads at 48 kHz only. Here they come from their analog
// prototypes (shelf: f0 1681.97 Hz, +4.00 dB, Q 0.7072; high-pass: f0 38.135 Hz,
// Q 0.5003) by the bilinear transform prewarped to f0, the fit that reproduces the 48 kHz
// table to 1e-8 and gives the same curve at 44.1 and 96 kHz (the parameters are the
// ones libebur128 derives its filters from).
//
// Run a frame at a time, each section's recursion waits on its own last output (a
// multiply, a subtract and an add, about 12 cycles a frame). So the filters step two
// frames at once in the closed form of two steps of transposed direct form II: with
// h0, h1, h2 the section's first impulse-response samples and c2 = b2 - a2 b0,
//   y0 = s1 + h0 x0                      y1 = (s2 - a1 s1) + (h1 x0 + h0 x1)
//   s1' = ((a1^2 - a2) s1 - a1 s2) + (h2 x0 + h1 x1)
//   s2' = (a1 a2 s1 - a2 s2) + (c2 x1 - a2 h1 x0)
// The state waits one multiply and two adds per pair, and the input terms are off that
// path. The sums of this form cancel more than the plain step's (the high-pass's poles sit
// 0.005 from z = 1, so its state is far larger than its output): in float the loudness
// of bass-heavy noise read 0.002 LU off a double-precision reference, so the filters run
// in double, left and right in the two lanes of a 128-bit register (as fast as float
// lanes): now within 1e-6 LU. A lone last frame of an odd-sized call takes one plain step.
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::dsp {

class KWeighting {
  // Left and right.
  typedef double Double2 __attribute__((vector_size(16)));

 public:
  void Init(double sample_rate) {
    // Stage 1: high shelf.
    {
      constexpr double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
      const double k = std::tan(kPi * f0 / sample_rate);
      const double vh = std::pow(10.0, gain_db / 20.0);
      const double vb = std::pow(vh, 0.4996667741545416);
      const double a0 = 1.0 + k / q + k * k;
      Set(shelf_, (vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0,
          (vh - vb * k / q + k * k) / a0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0);
    }
    // Stage 2: the RLB high-pass, unity gain at high frequencies (numerator 1, -2, 1).
    {
      constexpr double f0 = 38.13547087602444, q = 0.5003270373238773;
      const double k = std::tan(kPi * f0 / sample_rate);
      const double a0 = 1.0 + k / q + k * k;
      Set(high_pass_, 1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0);
    }
    Reset();
  }

  void Reset() { shelf_s1_ = shelf_s2_ = pass_s1_ = pass_s2_ = Double2{}; }

  // Adds the squares of `size` K-weighted frames of each channel to `left_energy` and
  // `right_energy`.
  void Accumulate(const float* left, const float* right, int size, double& left_energy,
                  double& right_energy) {
    Double2 energy = {};
    const int pairs = size / 2;
    if (avx2_ && pairs >= 2) {
      AccumulatePairsAvx2(left, right, pairs, energy);
    } else {
      Double2 s1 = shelf_s1_, s2 = shelf_s2_, p1 = pass_s1_, p2 = pass_s2_;
      for (int p = 0; p < pairs; ++p) {
        const Double2 x0 = {left[2 * p], right[2 * p]};
        const Double2 x1 = {left[2 * p + 1], right[2 * p + 1]};
        Double2 y0, y1, z0, z1;
        shelf_.StepPair(s1, s2, x0, x1, y0, y1);
        high_pass_.StepPair(p1, p2, y0, y1, z0, z1);
        energy += z0 * z0 + z1 * z1;
      }
      shelf_s1_ = s1;
      shelf_s2_ = s2;
      pass_s1_ = p1;
      pass_s2_ = p2;
    }
    if (size % 2 != 0) {
      const Double2 x = {left[size - 1], right[size - 1]};
      Double2 y, z;
      shelf_.Step(shelf_s1_, shelf_s2_, x, y);
      high_pass_.Step(pass_s1_, pass_s2_, y, z);
      energy += z * z;
    }
    left_energy += energy[0];
    right_energy += energy[1];
  }

  // Runs the portable build even where the AVX2 one could run (they give the same bits).
  // For tests.
  void UsePortableBuild() { avx2_ = false; }

 private:
  // One section's coefficients, for a step of one frame and for a pair (see the top).
  struct Section {
    Double2 b0, b1, b2, a1, a2;
    Double2 h1, h2, c2, s1_s1, s1_s2, s2_s1, s2_s2, s2_x0;

    void Step(Double2& s1, Double2& s2, Double2 x, Double2& y) const {
      y = b0 * x + s1;
      s1 = b1 * x - a1 * y + s2;
      s2 = b2 * x - a2 * y;
    }
    void StepPair(Double2& s1, Double2& s2, Double2 x0, Double2 x1, Double2& y0, Double2& y1) const {
      y0 = s1 + b0 * x0;
      y1 = (s2 - a1 * s1) + (h1 * x0 + b0 * x1);
      const Double2 next_s1 = (s1_s1 * s1 + s1_s2 * s2) + (h2 * x0 + h1 * x1);
      s2 = (s2_s1 * s1 + s2_s2 * s2) + (c2 * x1 + s2_x0 * x0);
      s1 = next_s1;
    }
  };
  static void Set(Section& section, double b0, double b1, double b2, double a1, double a2) {
    const auto lanes = [](double value) { return Double2{value, value}; };
    const double h1 = b1 - a1 * b0;
    const double c2 = b2 - a2 * b0;
    section = {lanes(b0),           lanes(b1),  lanes(b2),      lanes(a1),  lanes(a2),
               lanes(h1),           lanes(c2 - a1 * h1),        lanes(c2),  lanes(a1 * a1 - a2),
               lanes(-a1),          lanes(a1 * a2),             lanes(-a2), lanes(-a2 * h1)};
  }

  // `pairs` (>= 2) frame pairs through both sections, the high-pass one pair behind the
  // shelf in the upper lanes of 256-bit registers (k_weighting.cpp); the same operations
  // per lane as the loop in Accumulate, and the energies added in the same order.
  TINGLE_TARGET_AVX2 void AccumulatePairsAvx2(const float* left, const float* right, int pairs,
                                              Double2& energy) noexcept;

  Section shelf_{}, high_pass_{};
  Double2 shelf_s1_{}, shelf_s2_{}, pass_s1_{}, pass_s2_{};
  bool avx2_ = CpuHasAvx2();
};

}  // namespace tingle::dsp
