#include "dsp/pinking_filter.hpp"

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

// Lanes 0-3: a group's four sections of the left channel; lanes 4-7: of the right. Written
// out without helpers: no function takes or returns a 256-bit vector, which would change
// the portable build's ABI.
TINGLE_TARGET_AVX2 void PinkingFilter::ProcessAvx2(float* left, float* right, int size) noexcept {
  typedef float Float8 __attribute__((vector_size(32)));
  Float8 state[kGroups], pole[kGroups], residue[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    state[g] = __builtin_shufflevector(left_[g], right_[g], 0, 1, 2, 3, 4, 5, 6, 7);
    pole[g] = __builtin_shufflevector(pole_[g], pole_[g], 0, 1, 2, 3, 0, 1, 2, 3);
    residue[g] = __builtin_shufflevector(residue_[g], residue_[g], 0, 1, 2, 3, 0, 1, 2, 3);
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
    left_[g] = __builtin_shufflevector(state[g], state[g], 0, 1, 2, 3);
    right_[g] = __builtin_shufflevector(state[g], state[g], 4, 5, 6, 7);
  }
  left_previous_ = left_previous;
  right_previous_ = right_previous;
}

}  // namespace tingle::dsp
