// A first-order recursion y[n] = pole * y[n-1] + in[n], four samples per step in SIMD lanes
// (and the same behind a zero: a one-pole one-zero section).
//
// Run sample by sample, each output waits on the previous one (a multiply and an add,
// about 8 cycles), which bounds a one-pole filter however little else it does. Here a
// block is a parallel prefix scan (Blelloch's, over the linear recurrence): within four
// samples, v[k] += pole v[k-1], then v[k] += pole^2 v[k-2], and the carry from the last
// group adds pole^(k+1) y[-1]; only that last step waits on the group before, so the
// chain is one multiply-add per four samples. The sums run in a different order than the
// sample-by-sample form (results differ in the last bits), always the same order.
#pragma once

#include <cstring>

#include "dsp/cpu_features.hpp"
#include "dsp/float4.hpp"

namespace tingle::dsp {

// In place over `size` samples (a multiple of 4); `state` is y[-1] on entry and the last
// output on return. The pole stays the same for the whole call.
inline void FirstOrderScan(float* io, int size, float pole, float& state) {
  const Float4 zero = Broadcast(0.0f);
  const float pole2 = pole * pole;
  const Float4 p1 = Broadcast(pole), p2 = Broadcast(pole2);
  const Float4 carry_weights = {pole, pole2, pole2 * pole, pole2 * pole2};
  float last = state;
  for (int i = 0; i < size; i += 4) {
    Float4 v = LoadFloat4(io + i);
    v += p1 * __builtin_shufflevector(zero, v, 0, 4, 5, 6);  // + pole * v[k-1]
    v += p2 * __builtin_shufflevector(zero, v, 0, 1, 4, 5);  // + pole^2 * v[k-2]
    v += carry_weights * Broadcast(last);
    last = v[3];
    StoreFloat4(io + i, v);
  }
  state = last;
}

// One group of four samples of y[n] = b0 x[n] + b1 x[n-1] + pole y[n-1]: the zero's sums are
// independent lanes (x[n-1] is this group and the last shuffled), so they ride along with
// the scan instead of costing a scalar loop of their own. Only the carry waits on `last`.
struct PoleZeroGroup {
  PoleZeroGroup(float b0, float b1, float pole)
      : w0(Broadcast(b0)), w1(Broadcast(b1)), p1(Broadcast(pole)), p2(Broadcast(pole * pole)),
        carry_weights{pole, pole * pole, pole * pole * pole, pole * pole * pole * pole} {}

  Float4 operator()(Float4 x, Float4& previous_inputs, float& last) const {
    const Float4 zero = Broadcast(0.0f);
    Float4 v = w0 * x + w1 * DelayedByOne(previous_inputs, x);
    previous_inputs = x;
    v += p1 * __builtin_shufflevector(zero, v, 0, 4, 5, 6);
    v += p2 * __builtin_shufflevector(zero, v, 0, 1, 4, 5);
    v += carry_weights * Broadcast(last);
    last = v[3];
    return v;
  }

  Float4 w0, w1, p1, p2, carry_weights;
};

// The scan with a zero in front, in place over `size` samples (a multiple of 4).
// `input_state` is x[-1] on entry and the last input on return; `output_state` y[-1].
inline void PoleZeroScan(float* io, int size, float b0, float b1, float pole, float& input_state,
                         float& output_state) {
  const PoleZeroGroup group(b0, b1, pole);
  Float4 previous_inputs = Broadcast(input_state);
  float last = output_state;
  for (int i = 0; i < size; i += 4) StoreFloat4(io + i, group(LoadFloat4(io + i), previous_inputs, last));
  input_state = previous_inputs[3];
  output_state = last;
}

// One of two signals for PoleZeroScanPair: its samples, coefficients and state.
struct PoleZeroSignal {
  float* io;
  float b0, b1, pole;
  float* input_state;
  float* output_state;
};

// Two independent PoleZeroScans in one loop, so their latency-bound chains overlap; the
// same results as two calls. The AVX2 build (first_order_scan.cpp) runs a group of each
// signal in one 256-bit register, lane for lane the same operations: the same bits.
inline void PoleZeroScanPairPortable(const PoleZeroSignal& a, const PoleZeroSignal& b, int size) {
  const PoleZeroGroup group_a(a.b0, a.b1, a.pole), group_b(b.b0, b.b1, b.pole);
  Float4 inputs_a = Broadcast(*a.input_state), inputs_b = Broadcast(*b.input_state);
  float last_a = *a.output_state, last_b = *b.output_state;
  for (int i = 0; i < size; i += 4) {
    const Float4 y_a = group_a(LoadFloat4(a.io + i), inputs_a, last_a);
    const Float4 y_b = group_b(LoadFloat4(b.io + i), inputs_b, last_b);
    StoreFloat4(a.io + i, y_a);
    StoreFloat4(b.io + i, y_b);
  }
  *a.input_state = inputs_a[3];
  *a.output_state = last_a;
  *b.input_state = inputs_b[3];
  *b.output_state = last_b;
}

TINGLE_TARGET_AVX2 void PoleZeroScanPairAvx2(const PoleZeroSignal& a, const PoleZeroSignal& b, int size);

inline void PoleZeroScanPair(const PoleZeroSignal& a, const PoleZeroSignal& b, int size) {
  if (CpuHasAvx2()) {
    PoleZeroScanPairAvx2(a, b, size);
  } else {
    PoleZeroScanPairPortable(a, b, size);
  }
}

}  // namespace tingle::dsp
