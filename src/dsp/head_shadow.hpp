// Head-shadow filter of a spherical head for one ear (Brown & Duda 1998).
//
// H(s) = (alpha s + beta) / (s + beta), beta = 2c/a: unity at low frequencies, alpha at
// high ones, with alpha(theta) = (1 + alpha_min/2) + (1 - alpha_min/2) cos(theta/theta_min
// pi), where theta is the angle between the source and the ear's axis: +6 dB at the
// facing ear, about -20 dB behind the head. ("A structural model for binaural sound
// synthesis", IEEE Trans. Speech Audio Proc. 6(5), 1998.) Discretised by the bilinear
// transform; the one-pole one-zero form tolerates a coefficient change every block.
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/first_order_scan.hpp"
#include "dsp/turn_trig.hpp"

namespace tingle::dsp {

inline constexpr double kHeadRadiusMetres = 0.0875;  // Brown & Duda's average head
inline constexpr double kSpeedOfSoundMetresPerSecond = 343.0;

class HeadShadow {
 public:
  void Reset() { input_1_ = output_1_ = 0.0f; }

  // incidence_radians: 0 when the source faces this ear, pi when it is opposite.
  void set_incidence(double incidence_radians, double sample_rate) {
    const double alpha = (1.0 + kAlphaMin / 2.0) +
                         (1.0 - kAlphaMin / 2.0) * CosTurns(incidence_radians / (2.0 * kThetaMin));
    const double beta = 2.0 * kSpeedOfSoundMetresPerSecond / kHeadRadiusMetres;
    const double k = 2.0 * sample_rate;
    const double norm = 1.0 / (beta + k);
    b0_ = static_cast<float>((beta + alpha * k) * norm);
    b1_ = static_cast<float>((beta - alpha * k) * norm);
    a1_ = static_cast<float>((beta - k) * norm);
  }

  // Filters `size` samples (a multiple of 4) in place, y = b0 x + b1 x[n-1] - a1 y[n-1],
  // four samples per SIMD step (first_order_scan.hpp).
  void ProcessBlock(float* io, int size) { PoleZeroScan(io, size, b0_, b1_, -a1_, input_1_, output_1_); }

  // Both ears at once: the two recursions, each bound by its latency, interleave in one
  // loop. The same results as two ProcessBlock calls.
  static void ProcessPair(HeadShadow& left, float* left_io, HeadShadow& right, float* right_io, int size) {
    PoleZeroScanPair({left_io, left.b0_, left.b1_, -left.a1_, &left.input_1_, &left.output_1_},
                     {right_io, right.b0_, right.b1_, -right.a1_, &right.input_1_, &right.output_1_}, size);
  }

 private:
  static constexpr double kAlphaMin = 0.1;
  static constexpr double kThetaMin = 150.0 * kPi / 180.0;

  float b0_ = 1.0f;
  float b1_ = 0.0f;
  float a1_ = 0.0f;
  float input_1_ = 0.0f;
  float output_1_ = 0.0f;
};

}  // namespace tingle::dsp
