#include "dsp/k_weighting.hpp"

namespace tingle::dsp {

// Lanes: shelf left, shelf right, high-pass left, high-pass right. Each step takes the
// next pair into the shelf lanes and the shelf's outputs of the step before into the
// high-pass lanes, so the two sections' recursions overlap. The first pair goes through
// the shelf alone and the last shelf outputs through the high-pass alone, in 128-bit
// registers.
TINGLE_TARGET_AVX2 void KWeighting::AccumulatePairsAvx2(const float* left, const float* right, int pairs,
                                                        Double2& energy) noexcept {
  typedef double Double4 __attribute__((vector_size(32)));
#define TINGLE_BOTH(field) __builtin_shufflevector(shelf_.field, high_pass_.field, 0, 1, 2, 3)
  const Double4 b0 = TINGLE_BOTH(b0), a1 = TINGLE_BOTH(a1), h1 = TINGLE_BOTH(h1), h2 = TINGLE_BOTH(h2);
  const Double4 c2 = TINGLE_BOTH(c2), s1_s1 = TINGLE_BOTH(s1_s1), s1_s2 = TINGLE_BOTH(s1_s2);
  const Double4 s2_s1 = TINGLE_BOTH(s2_s1), s2_s2 = TINGLE_BOTH(s2_s2), s2_x0 = TINGLE_BOTH(s2_x0);
#undef TINGLE_BOTH

  Double2 shelf_s1 = shelf_s1_, shelf_s2 = shelf_s2_;
  Double2 pending_0, pending_1;  // the shelf's last outputs, the high-pass's next inputs
  {
    const Double2 x0 = {left[0], right[0]};
    const Double2 x1 = {left[1], right[1]};
    shelf_.StepPair(shelf_s1, shelf_s2, x0, x1, pending_0, pending_1);
  }
  Double4 s1 = __builtin_shufflevector(shelf_s1, pass_s1_, 0, 1, 2, 3);
  Double4 s2 = __builtin_shufflevector(shelf_s2, pass_s2_, 0, 1, 2, 3);
  Double2 sum = energy;
  for (int p = 1; p < pairs; ++p) {
    const Double2 new_0 = {left[2 * p], right[2 * p]};
    const Double2 new_1 = {left[2 * p + 1], right[2 * p + 1]};
    const Double4 x0 = __builtin_shufflevector(new_0, pending_0, 0, 1, 2, 3);
    const Double4 x1 = __builtin_shufflevector(new_1, pending_1, 0, 1, 2, 3);
    // Section::StepPair, four lanes at once.
    const Double4 y0 = s1 + b0 * x0;
    const Double4 y1 = (s2 - a1 * s1) + (h1 * x0 + b0 * x1);
    const Double4 next_s1 = (s1_s1 * s1 + s1_s2 * s2) + (h2 * x0 + h1 * x1);
    s2 = (s2_s1 * s1 + s2_s2 * s2) + (c2 * x1 + s2_x0 * x0);
    s1 = next_s1;
    const Double2 z0 = __builtin_shufflevector(y0, y0, 2, 3);
    const Double2 z1 = __builtin_shufflevector(y1, y1, 2, 3);
    sum += z0 * z0 + z1 * z1;
    pending_0 = __builtin_shufflevector(y0, y0, 0, 1);
    pending_1 = __builtin_shufflevector(y1, y1, 0, 1);
  }
  shelf_s1_ = __builtin_shufflevector(s1, s1, 0, 1);
  shelf_s2_ = __builtin_shufflevector(s2, s2, 0, 1);
  Double2 pass_s1 = __builtin_shufflevector(s1, s1, 2, 3);
  Double2 pass_s2 = __builtin_shufflevector(s2, s2, 2, 3);
  Double2 z0, z1;
  high_pass_.StepPair(pass_s1, pass_s2, pending_0, pending_1, z0, z1);
  sum += z0 * z0 + z1 * z1;
  pass_s1_ = pass_s1;
  pass_s2_ = pass_s2;
  energy = sum;
}

}  // namespace tingle::dsp
