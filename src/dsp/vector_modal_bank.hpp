// Bank of decaying two-pole resonators run four modes per SIMD register (modal synthesis).
//
// The modes of dsp/mode_coefficients.hpp (impulse-invariant damped sinusoids), arranged
// for speed: each recursion is a serial chain, so the per-sample cost is one chain's latency
// however many modes run beside it. Here modes sit four to a register, the state stays
// in registers for a whole block (the group count is a template argument at the block
// loop), the a2 and input terms are summed off the chain (y = a1 y1 + (a2 y2 + b x)),
// and four samples' lane sums are reduced together by a transpose. Sums run in a fixed
// order: results are deterministic. Lanes are dsp::Float4 (plain IEEE arithmetic per lane).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/mode_coefficients.hpp"

namespace tingle::dsp {

template <int kMaxModes>
class VectorModalBank {
  static_assert(kMaxModes > 0 && kMaxModes % 4 == 0 && kMaxModes <= 16,
                "whole groups of four, at most four groups");

 public:
  void Reset() {
    for (int g = 0; g < kGroups; ++g) {
      y1_[g] = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
      y2_[g] = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    }
  }

  // Modes [0, count) run; count <= kMaxModes. The bank runs whole groups of four, so up
  // to three modes past `count` keep ringing down; groups past it freeze until enabled.
  void set_mode_count(int count) {
    const int clamped = count < kMaxModes ? (count > 0 ? count : 0) : kMaxModes;
    group_count_ = (clamped + 3) / 4;
  }
  int group_count() const { return group_count_; }

  // frequency_hz below Nyquist, t60_seconds > 0, gain: the envelope a unit impulse
  // starts. Modes at or above 0.49 x sample rate are muted rather than aliased. May be
  // called between blocks; the mode keeps its state.
  void set_mode(int index, double frequency_hz, double t60_seconds, double gain,
                double sample_rate) {
    const ModeCoefficients mode =
        ModeCoefficients::From(frequency_hz, t60_seconds, gain, sample_rate);
    a1_[index / 4][index % 4] = mode.a1;
    a2_[index / 4][index % 4] = mode.a2;
    b_[index / 4][index % 4] = mode.b;
    sin_omega_[index] = mode.sin_omega;
  }

  // Changes only a mode's input gain (cheap: no trigonometry). The mode must have been
  // set with set_mode.
  void set_gain(int index, double gain) {
    b_[index / 4][index % 4] = static_cast<float>(gain * sin_omega_[index]);
  }

  // Adds the bank's response to `excitation` (mono) into `out`, `size` samples.
  void Process(const float* excitation, float* out, int size) {
    switch (group_count_) {
      case 1:
        ProcessGroups<1>(excitation, out, size);
        break;
      case 2:
        if constexpr (kGroups >= 2) ProcessGroups<2>(excitation, out, size);
        break;
      case 3:
        if constexpr (kGroups >= 3) ProcessGroups<3>(excitation, out, size);
        break;
      case 4:
        if constexpr (kGroups >= 4) ProcessGroups<4>(excitation, out, size);
        break;
      default:
        break;
    }
  }

  // Summed squared state of the running groups: lets a voice sleep once it has rung out.
  float Energy() const {
    float energy = 0.0f;
    for (int g = 0; g < group_count_; ++g) {
      const Lanes e = y1_[g] * y1_[g] + y2_[g] * y2_[g];
      energy += (e[0] + e[1]) + (e[2] + e[3]);
    }
    return energy;
  }

 private:
  using Lanes = Float4;
  static constexpr int kGroups = kMaxModes / 4;

  // One sample through kCount groups; returns the per-lane sum over the groups.
  template <int kCount>
  Lanes Step(float x, Lanes (&y1)[kCount], Lanes (&y2)[kCount]) const {
    const Lanes input = {x, x, x, x};
    Lanes sum = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int g = 0; g < kCount; ++g) {
      const Lanes y = a1_[g] * y1[g] + (a2_[g] * y2[g] + b_[g] * input);
      y2[g] = y1[g];
      y1[g] = y;
      sum += y;
    }
    return sum;
  }

  template <int kCount>
  void ProcessGroups(const float* excitation, float* out, int size) {
    Lanes y1[kCount];
    Lanes y2[kCount];
    for (int g = 0; g < kCount; ++g) {
      y1[g] = y1_[g];
      y2[g] = y2_[g];
    }
    int i = 0;
    // Four samples at a time: their four lane-sums are transposed and added in one go
    // (a 4x4 transpose) instead of four separate horizontal sums.
    for (; i + 4 <= size; i += 4) {
      Lanes sums[4];
      for (int j = 0; j < 4; ++j) sums[j] = Step<kCount>(excitation[i + j], y1, y2);
      const Lanes low_01 = __builtin_shufflevector(sums[0], sums[1], 0, 4, 1, 5);
      const Lanes high_01 = __builtin_shufflevector(sums[0], sums[1], 2, 6, 3, 7);
      const Lanes low_23 = __builtin_shufflevector(sums[2], sums[3], 0, 4, 1, 5);
      const Lanes high_23 = __builtin_shufflevector(sums[2], sums[3], 2, 6, 3, 7);
      const Lanes pairs_01 = low_01 + high_01;  // {0: a+c, 1: a+c, 0: b+d, 1: b+d}
      const Lanes pairs_23 = low_23 + high_23;
      const Lanes totals = __builtin_shufflevector(pairs_01, pairs_23, 0, 1, 4, 5) +
                           __builtin_shufflevector(pairs_01, pairs_23, 2, 3, 6, 7);
      Lanes previous;
      std::memcpy(&previous, out + i, sizeof previous);
      previous += totals;
      std::memcpy(out + i, &previous, sizeof previous);
    }
    for (; i < size; ++i) {
      const Lanes sum = Step<kCount>(excitation[i], y1, y2);
      out[i] += (sum[0] + sum[2]) + (sum[1] + sum[3]);
    }
    for (int g = 0; g < kCount; ++g) {
      y1_[g] = y1[g];
      y2_[g] = y2[g];
    }
  }

  int group_count_ = 0;
  Lanes a1_[kGroups] = {};
  Lanes a2_[kGroups] = {};
  Lanes b_[kGroups] = {};
  Lanes y1_[kGroups] = {};
  Lanes y2_[kGroups] = {};
  std::array<double, kMaxModes> sin_omega_{};
};

}  // namespace tingle::dsp
