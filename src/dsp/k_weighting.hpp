// The K-weighting filter of ITU-R BS.1770-4 on a stereo pair: a high shelf (the head's
// acoustic effect) followed by the RLB high-pass.
//
// BS.1770 tabulates the two biquads at 48 kHz only. Here they come from their analog
// prototypes (shelf: f0 1681.97 Hz, +4.00 dB, Q 0.7072; high-pass: f0 38.135 Hz,
// Q 0.5003) by the bilinear transform prewarped to f0, the fit that reproduces the 48 kHz
// table to 1e-8 and gives the same curve at 44.1 and 96 kHz (the parameters are the
// ones libebur128 derives its filters from). Transposed direct form II with left and right
// in two SIMD lanes: both sections' recursions run in one loop and overlap in the CPU.
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/float4.hpp"

namespace tingle::dsp {

class KWeighting {
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

  void Reset() { shelf_s1_ = shelf_s2_ = pass_s1_ = pass_s2_ = Broadcast(0.0f); }

  // Adds the squares of `size` K-weighted frames of each channel to `left_energy` and
  // `right_energy` (the sums run in float per call, then in double).
  void Accumulate(const float* left, const float* right, int size, double& left_energy,
                  double& right_energy) {
    const Section s = shelf_, h = high_pass_;
    Float4 s1 = shelf_s1_, s2 = shelf_s2_, p1 = pass_s1_, p2 = pass_s2_;
    Float4 energy = Broadcast(0.0f);
    for (int i = 0; i < size; ++i) {
      const Float4 x = {left[i], right[i], 0.0f, 0.0f};
      const Float4 y = s.b0 * x + s1;
      s1 = s.b1 * x - s.a1 * y + s2;
      s2 = s.b2 * x - s.a2 * y;
      const Float4 z = h.b0 * y + p1;
      p1 = h.b1 * y - h.a1 * z + p2;
      p2 = h.b2 * y - h.a2 * z;
      energy += z * z;
    }
    shelf_s1_ = s1;
    shelf_s2_ = s2;
    pass_s1_ = p1;
    pass_s2_ = p2;
    left_energy += static_cast<double>(energy[0]);
    right_energy += static_cast<double>(energy[1]);
  }

 private:
  struct Section {
    Float4 b0, b1, b2, a1, a2;
  };
  static void Set(Section& section, double b0, double b1, double b2, double a1, double a2) {
    section = {Broadcast(static_cast<float>(b0)), Broadcast(static_cast<float>(b1)),
               Broadcast(static_cast<float>(b2)), Broadcast(static_cast<float>(a1)),
               Broadcast(static_cast<float>(a2))};
  }

  Section shelf_{}, high_pass_{};
  Float4 shelf_s1_{}, shelf_s2_{}, pass_s1_{}, pass_s2_{};
};

}  // namespace tingle::dsp
