#include "dsp/first_order_scan.hpp"

#include "dsp/float8.hpp"

namespace tingle::dsp {

// Lanes 0-3: a group of signal a; lanes 4-7: the same group of signal b. Each half does
// PoleZeroGroup's operations in its order; the carry into the next group is each half's
// last lane spread over the half, as Broadcast(last) does.
TINGLE_TARGET_AVX2 void PoleZeroScanPairAvx2(const PoleZeroSignal& a, const PoleZeroSignal& b, int size) {
  const PoleZeroGroup group_a(a.b0, a.b1, a.pole), group_b(b.b0, b.b1, b.pole);
  const Float8 w0 = TINGLE_FLOAT8_JOIN(group_a.w0, group_b.w0);
  const Float8 w1 = TINGLE_FLOAT8_JOIN(group_a.w1, group_b.w1);
  const Float8 p1 = TINGLE_FLOAT8_JOIN(group_a.p1, group_b.p1);
  const Float8 p2 = TINGLE_FLOAT8_JOIN(group_a.p2, group_b.p2);
  const Float8 carry_weights = TINGLE_FLOAT8_JOIN(group_a.carry_weights, group_b.carry_weights);
  const Float8 zero = {};
  Float8 previous_inputs = TINGLE_FLOAT8_JOIN(Broadcast(*a.input_state), Broadcast(*b.input_state));
  Float8 last = TINGLE_FLOAT8_JOIN(Broadcast(*a.output_state), Broadcast(*b.output_state));
  for (int i = 0; i < size; i += 4) {
    const Float8 x = TINGLE_FLOAT8_JOIN(LoadFloat4(a.io + i), LoadFloat4(b.io + i));
    // DelayedByOne in each half: {earlier[3], x[0], x[1], x[2]}.
    const Float8 delayed = __builtin_shufflevector(previous_inputs, x, 3, 8, 9, 10, 7, 12, 13, 14);
    Float8 v = w0 * x + w1 * delayed;
    previous_inputs = x;
    v += p1 * __builtin_shufflevector(zero, v, 0, 8, 9, 10, 0, 12, 13, 14);
    v += p2 * __builtin_shufflevector(zero, v, 0, 1, 8, 9, 0, 1, 12, 13);
    v += carry_weights * last;
    last = __builtin_shufflevector(v, v, 3, 3, 3, 3, 7, 7, 7, 7);
    StoreFloat4(a.io + i, TINGLE_FLOAT8_LOW(v));
    StoreFloat4(b.io + i, TINGLE_FLOAT8_HIGH(v));
  }
  *a.input_state = previous_inputs[3];
  *a.output_state = last[0];
  *b.input_state = previous_inputs[7];
  *b.output_state = last[4];
}

}  // namespace tingle::dsp
