#include "dsp/pinking_filter.hpp"

#include <algorithm>

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

// Lanes 0-3: a group's four sections of the left channel; lanes 4-7: of the right. The
// recursion runs first, each frame's two section sums reduced inside the register (lane j
// plus lane j + 2, then lane 0 plus lane 1: SumOfSections' tree, as a + b == b + a
// exactly); the direct and delayed terms are added afterwards, eight frames at a time.
// Done frame by frame, the sums' extraction and the scalar tail outweighed the recursion.
TINGLE_TARGET_AVX2 void PinkingFilter::ProcessAvx2(float* left, float* right, int size) noexcept {
  Float8 state[kGroups], pole[kGroups], residue[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    state[g] = TINGLE_FLOAT8_JOIN(left_[g], right_[g]);
    pole[g] = TINGLE_FLOAT8_TWICE(pole_[g]);
    residue[g] = TINGLE_FLOAT8_TWICE(residue_[g]);
  }
  float left_previous = left_previous_;
  float right_previous = right_previous_;
  for (int start = 0; start < size; start += kChunkFrames) {
    const int count = std::min(kChunkFrames, size - start);
    float* chunk_left = left + start;
    float* chunk_right = right + start;
    alignas(32) float left_sums[kChunkFrames];
    alignas(32) float right_sums[kChunkFrames];
    for (int i = 0; i < count; ++i) {
      const float x_left = chunk_left[i];
      const float x_right = chunk_right[i];
      const Float8 in = {x_left, x_left, x_left, x_left, x_right, x_right, x_right, x_right};
      for (int g = 0; g < kGroups; ++g) state[g] = pole[g] * state[g] + residue[g] * in;
      const Float8 sum = (state[0] + state[1]) + (state[2] + state[3]);
      const Float8 pairs = sum + __builtin_shufflevector(sum, sum, 2, 3, 0, 1, 6, 7, 4, 5);
      const Float8 total = pairs + __builtin_shufflevector(pairs, pairs, 1, 0, 3, 2, 5, 4, 7, 6);
      left_sums[i] = total[0];
      right_sums[i] = total[4];
    }
    // direct x[n] + delayed x[n - 1] + sum, into the sums' place while the inputs last.
    left_sums[0] = direct_ * chunk_left[0] + delayed_ * left_previous + left_sums[0];
    right_sums[0] = direct_ * chunk_right[0] + delayed_ * right_previous + right_sums[0];
    for (int i = 1; i < count; ++i) {
      left_sums[i] = direct_ * chunk_left[i] + delayed_ * chunk_left[i - 1] + left_sums[i];
      right_sums[i] = direct_ * chunk_right[i] + delayed_ * chunk_right[i - 1] + right_sums[i];
    }
    left_previous = chunk_left[count - 1];
    right_previous = chunk_right[count - 1];
    std::copy(left_sums, left_sums + count, chunk_left);
    std::copy(right_sums, right_sums + count, chunk_right);
  }
  for (int g = 0; g < kGroups; ++g) {
    left_[g] = TINGLE_FLOAT8_LOW(state[g]);
    right_[g] = TINGLE_FLOAT8_HIGH(state[g]);
  }
  left_previous_ = left_previous;
  right_previous_ = right_previous;
}

}  // namespace tingle::dsp
