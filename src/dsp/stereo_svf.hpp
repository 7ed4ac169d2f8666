// One state-variable filter setting applied to a stereo pair, four frames a step.
//
// Same filter, state and coefficients as Svf (see svf.hpp), but run one sample at a time
// its state waits on two multiplies and two adds a sample (about 15 cycles), the whole
// cost of a noise bed's low cut. The SVF is linear with a two-value state s = (ic1, ic2):
// s' = A s + B x, y = C s + D x (C and D by mode). Four steps at once:
//   y[j] = C A^j s + sum over i <= j of h[j - i] x[i]     (h[0] = D, h[m] = C A^(m-1) B)
//   s'''' = A^4 s + sum over i of A^(3 - i) B x[i]
// so the state waits on one multiply and two adds per four frames, the outputs are four
// lanes of one register, and the input terms are off the state's path. The block form is
// derived in double from the float coefficients whenever they or the mode change; its
// results differ from the sample-by-sample filter's by float rounding (about 1e-6 of the
// signal). Sizes that are not a multiple of four end with single steps of the same state.
#pragma once

#include <array>

#include "dsp/float4.hpp"
#include "dsp/svf.hpp"

namespace tingle::dsp {

class StereoSvf {
 public:
  void Reset() { state_ = {}; }

  // f_norm = cutoff / sample_rate, in (0, 0.5); q > 0.
  void set_f_q(double f_norm, double q) {
    coefficients_ = SvfCoefficients::FromFrequency(f_norm, q);
    form_ready_ = false;
  }

  template <FilterMode mode>
  void Process(float* left, float* right, int size) {
    if (!form_ready_ || form_mode_ != mode) MakeForm(mode);
    int i = 0;
    for (; i + 4 <= size; i += 4) {
      Step(left + i, state_[0]);
      Step(right + i, state_[1]);
    }
    for (; i < size; ++i) {
      left[i] = coefficients_.Tick<mode>(left[i], state_[0][0], state_[0][1]);
      right[i] = coefficients_.Tick<mode>(right[i], state_[1][0], state_[1][1]);
    }
  }

 private:
  // Four frames of one channel in place; `state` is (ic1, ic2).
  void Step(float* x, std::array<float, 2>& state) const {
    const Float4 in = LoadFloat4(x);
    Float4 out = output_from_1_ * Broadcast(state[0]) + output_from_2_ * Broadcast(state[1]);
    for (int i = 0; i < 4; ++i) out += output_from_input_[static_cast<std::size_t>(i)] * Broadcast(in[i]);
    // The input's share of the next state first, so the state's own terms come last.
    const Float4 to_1 = next_1_from_input_ * in;
    const Float4 to_2 = next_2_from_input_ * in;
    const float input_1 = (to_1[0] + to_1[1]) + (to_1[2] + to_1[3]);
    const float input_2 = (to_2[0] + to_2[1]) + (to_2[2] + to_2[3]);
    const float ic1 = state[0], ic2 = state[1];
    state[0] = (a4_[0] * ic1 + a4_[1] * ic2) + input_1;
    state[1] = (a4_[2] * ic1 + a4_[3] * ic2) + input_2;
    StoreFloat4(x, out);
  }

  void MakeForm(FilterMode mode) {
    const SvfStateSpace step = SvfStateSpace::Of(coefficients_.a1, coefficients_.a2, coefficients_.a3,
                                                 coefficients_.k, BlendOf(mode));
    const double a[2][2] = {{step.a11, step.a12}, {step.a21, step.a22}};
    const double b[2] = {step.b1, step.b2};
    const double c[2] = {step.c1, step.c2};
    const double d = step.d;
    // Rows C A^j (j = 0..3), impulse response h[0..3], and the powers' columns A^m B.
    double row[2] = {c[0], c[1]};
    double column[2] = {b[0], b[1]};  // A^m B, m = 0 first
    double columns[4][2];
    double h[4] = {d, 0.0, 0.0, 0.0};
    for (int j = 0; j < 4; ++j) {
      output_from_1_[j] = static_cast<float>(row[0]);
      output_from_2_[j] = static_cast<float>(row[1]);
      if (j > 0) h[j] = c[0] * columns[j - 1][0] + c[1] * columns[j - 1][1];
      columns[j][0] = column[0];
      columns[j][1] = column[1];
      const double next_row[2] = {row[0] * a[0][0] + row[1] * a[1][0], row[0] * a[0][1] + row[1] * a[1][1]};
      row[0] = next_row[0], row[1] = next_row[1];
      const double next_column[2] = {a[0][0] * column[0] + a[0][1] * column[1],
                                     a[1][0] * column[0] + a[1][1] * column[1]};
      column[0] = next_column[0], column[1] = next_column[1];
    }
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 4; ++j) {
        output_from_input_[static_cast<std::size_t>(i)][j] = j >= i ? static_cast<float>(h[j - i]) : 0.0f;
      }
      next_1_from_input_[i] = static_cast<float>(columns[3 - i][0]);
      next_2_from_input_[i] = static_cast<float>(columns[3 - i][1]);
    }
    // A^4 = (A^2)^2.
    double square[2][2], fourth[2][2];
    for (int r = 0; r < 2; ++r) {
      for (int s = 0; s < 2; ++s) square[r][s] = a[r][0] * a[0][s] + a[r][1] * a[1][s];
    }
    for (int r = 0; r < 2; ++r) {
      for (int s = 0; s < 2; ++s) fourth[r][s] = square[r][0] * square[0][s] + square[r][1] * square[1][s];
    }
    a4_ = {static_cast<float>(fourth[0][0]), static_cast<float>(fourth[0][1]),
           static_cast<float>(fourth[1][0]), static_cast<float>(fourth[1][1])};
    form_mode_ = mode;
    form_ready_ = true;
  }

  SvfCoefficients coefficients_;
  std::array<std::array<float, 2>, 2> state_{};  // left and right (ic1, ic2)
  // The block form of coefficients_ for form_mode_.
  bool form_ready_ = false;
  FilterMode form_mode_ = FilterMode::kLowPass;
  Float4 output_from_1_{}, output_from_2_{};
  std::array<Float4, 4> output_from_input_{};
  Float4 next_1_from_input_{}, next_2_from_input_{};
  std::array<float, 4> a4_{};  // A^4, row by row
};

}  // namespace tingle::dsp
