// Four decaying two-pole resonators advanced in lockstep, one per SIMD lane.
//
// The modes of dsp/mode_coefficients.hpp (impulse-invariant damped sinusoids), at a
// fixed width of four so that a
// per-sample Tick is a handful of packed operations with the state in registers: for the
// many short-lived voices of event textures, where a per-block bank with a runtime mode
// count costs more in bookkeeping than in arithmetic. Copy the quad into a local before
// a sample loop and back after it, so the compiler keeps it in registers.
//
// The lanes use the GCC/Clang vector extension (portable across targets, unlike
// intrinsics): GCC 12 does not vectorise the equivalent scalar loop. Packed IEEE
// multiplies and adds round exactly like scalar ones, and the final sum has a fixed
// order, so results stay bit-identical (DESIGN §9).
#pragma once

#include <cmath>

#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/mode_coefficients.hpp"

namespace tingle::dsp {

class ModalQuad {
 public:
  static constexpr int kModes = 4;

  void Reset() {
    y1_ = Float4{};
    y2_ = Float4{};
  }

  // A silent lane (the default): contributes nothing.
  void mute_mode(int index) {
    a1_[index] = 0.0f;
    a2_[index] = 0.0f;
    b_[index] = 0.0f;
  }

  // frequency_hz in (0, 0.49 sample_rate), else the mode is muted rather than aliased;
  // t60_seconds > 0; a unit impulse starts the mode at amplitude `gain`.
  void set_mode(int index, double frequency_hz, double t60_seconds, double gain,
                double sample_rate) {
    const ModeCoefficients mode =
        ModeCoefficients::From(frequency_hz, t60_seconds, gain, sample_rate);
    a1_[index] = mode.a1;
    a2_[index] = mode.a2;
    b_[index] = mode.b;
  }

  // One sample in, the sum of the four modes out.
  float Tick(float x) {
    // Summed so that only one multiply and one add sit on the y1 → y recursion.
    const Float4 y = (b_ * x + a2_ * y2_) + a1_ * y1_;
    y2_ = y1_;
    y1_ = y;
    return (y[0] + y[1]) + (y[2] + y[3]);
  }

  // Sum of squared states: about twice the squared amplitude still ringing.
  float Energy() const {
    const Float4 e = y1_ * y1_ + y2_ * y2_;
    return (e[0] + e[1]) + (e[2] + e[3]);
  }

 private:

  Float4 a1_{};
  Float4 a2_{};
  Float4 b_{};
  Float4 y1_{};
  Float4 y2_{};
};

}  // namespace tingle::dsp
