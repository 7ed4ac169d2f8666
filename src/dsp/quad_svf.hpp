// Four state-variable filters in one SIMD register, each lane with its own cutoff, Q and
// response (any blend of low-, band- and high-pass).
//
// The linear trapezoidal SVF of svf.hpp (Simper, "Linear trapezoidal integrated SVF",
// Cytomic 2013; Zavalishin, "The Art of VA Filter Design", ch. 4): same states (the two
// integrators' equivalent currents ic1, ic2), same coefficients, so a lane may be retuned
// every block without clicks. Two things differ, both for speed:
// - Simper's update (v3 = x - ic2; v1 = a1 ic1 + a2 v3; v2 = ic2 + a2 ic1 + a3 v3;
//   ic1 = 2 v1 - ic1; ic2 = 2 v2 - ic2) is expanded into one 2×2 state update,
//   ic1' = (2a1 - 1) ic1 - 2a2 ic2 + 2a2 x and ic2' = 2a2 ic1 + (1 - 2a3) ic2 + 2a3 x
//   (SvfStateSpace, svf.hpp),
//   so each recursion is one multiply and two adds deep (nine cycles on current x86)
//   instead of five operations (fifteen): a recursive filter runs no faster than that.
// - The output is y = m0 x + m1 v1 + m2 v2 (Simper's "mix": (0, 0, 1) low-pass,
//   (0, k, 0) unity-peak band-pass, (1, -k, -1) high-pass), folded onto (x, ic1, ic2),
//   so a lane's response is three weights rather than a template parameter, and four
//   differently shaped filters cost one filter's dependency chain.
// Lanes are dsp::Float4 (plain IEEE arithmetic per lane, fixed evaluation order), so the
// bits are the same whichever lanes run beside each other. Copy the quad into a local
// before a sample loop and back after it, so its state stays in registers.
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/svf.hpp"

namespace tingle::dsp {

class QuadSvf {
 public:
  static constexpr int kLanes = 4;

  void Reset() {
    ic1eq_ = Float4{};
    ic2eq_ = Float4{};
  }

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0. May be called between blocks: the
  // lane keeps its state.
  void set_lane(int lane, double f_norm, double q, const SvfBlend& blend) {
    set_lane_g(lane, std::tan(kPi * f_norm), q, blend);
  }

  // The same with g = tan(π f_norm) given (for callers that tabulate it).
  void set_lane_g(int lane, double g, double q, const SvfBlend& blend) {
    const double k = 1.0 / q;
    const double a1 = 1.0 / (1.0 + g * (g + k));
    const double a2 = g * a1;
    const double a3 = g * a2;
    const SvfStateSpace step = SvfStateSpace::Of(a1, a2, a3, k, blend);
    s11_[lane] = static_cast<float>(step.a11);
    s12_[lane] = static_cast<float>(step.a12);
    s21_[lane] = static_cast<float>(step.a21);
    s22_[lane] = static_cast<float>(step.a22);
    in1_[lane] = static_cast<float>(step.b1);
    in2_[lane] = static_cast<float>(step.b2);
    out_x_[lane] = static_cast<float>(step.d);
    out1_[lane] = static_cast<float>(step.c1);
    out2_[lane] = static_cast<float>(step.c2);
  }

  // One sample per lane in, one out.
  Float4 Tick(Float4 x) {
    const Float4 y = out_x_ * x + (out1_ * ic1eq_ + out2_ * ic2eq_);
    const Float4 ic1 = s11_ * ic1eq_ + (s12_ * ic2eq_ + in1_ * x);
    ic2eq_ = s22_ * ic2eq_ + (s21_ * ic1eq_ + in2_ * x);
    ic1eq_ = ic1;
    return y;
  }

 private:
  // A fresh lane passes nothing and holds still.
  Float4 s11_ = {1.0f, 1.0f, 1.0f, 1.0f};
  Float4 s12_{};
  Float4 s21_{};
  Float4 s22_ = {1.0f, 1.0f, 1.0f, 1.0f};
  Float4 in1_{};
  Float4 in2_{};
  Float4 out_x_{};
  Float4 out1_{};
  Float4 out2_{};
  Float4 ic1eq_{};
  Float4 ic2eq_{};
};

}  // namespace tingle::dsp
