#include "dsp/pinking_filter.hpp"

#include "dsp/float8.hpp"

namespace tingle::dsp {

void PinkingFilter::ProcessPortable(float* left, float* right, int size) noexcept {
  Float4 left_state[kGroups], right_state[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    left_state[g] = left_[g];
    right_state[g] = right_[g];
  }
  float left_previous = left_previous_;
  float right_previous = right_previous_;
  for (int i = 0; i < size; ++i) {
    const float x_left = left[i];
    const float x_right = right[i];
    const Float4 in_left = Broadcast(x_left);
    const Float4 in_right = Broadcast(x_right);
    for (int g = 0; g < kGroups; ++g) {
      left_state[g] = pole_[g] * left_state[g] + residue_[g] * in_left;
      right_state[g] = pole_[g] * right_state[g] + residue_[g] * in_right;
    }
    left[i] = direct_ * x_left + delayed_ * left_previous + SumOfSections(left_state);
    right[i] = direct_ * x_right + delayed_ * right_previous + SumOfSections(right_state);
    left_previous = x_left;
    right_previous = x_right;
  }
  for (int g = 0; g < kGroups; ++g) {
    left_[g] = left_state[g];
    right_[g] = right_state[g];
  }
  left_previous_ = left_previous;
  right_previous_ = right_previous;
}

// Lanes 0-3: a group's four sections of the left channel; lanes 4-7: of the right.
TINGLE_TARGET_AVX2 void PinkingFilter::ProcessAvx2(float* left, float* right, int size) noexcept {
  Float8 state[kGroups], pole[kGroups], residue[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    state[g] = TINGLE_FLOAT8_JOIN(left_[g], right_[g]);
    pole[g] = TINGLE_FLOAT8_TWICE(pole_[g]);
    residue[g] = TINGLE_FLOAT8_TWICE(residue_[g]);
  }
  float left_previous = left_previous_;
  float right_previous = right_previous_;
  for (int i = 0; i < size; ++i) {
    const float x_left = left[i];
    const float x_right = right[i];
    const Float8 in = {x_left, x_left, x_left, x_left, x_right, x_right, x_right, x_right};
    for (int g = 0; g < kGroups; ++g) state[g] = pole[g] * state[g] + residue[g] * in;
    // SumOfSections on both halves at once: the same tree per lane.
    const Float8 sum = (state[0] + state[1]) + (state[2] + state[3]);
    const float left_sum = (sum[0] + sum[2]) + (sum[1] + sum[3]);
    const float right_sum = (sum[4] + sum[6]) + (sum[5] + sum[7]);
    left[i] = direct_ * x_left + delayed_ * left_previous + left_sum;
    right[i] = direct_ * x_right + delayed_ * right_previous + right_sum;
    left_previous = x_left;
    right_previous = x_right;
  }
  for (int g = 0; g < kGroups; ++g) {
    left_[g] = TINGLE_FLOAT8_LOW(state[g]);
    right_[g] = TINGLE_FLOAT8_HIGH(state[g]);
  }
  left_previous_ = left_previous;
  right_previous_ = right_previous;
}

}  // namespace tingle::dsp
