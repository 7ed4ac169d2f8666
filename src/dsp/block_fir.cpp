#include "dsp/block_fir.hpp"

#include <cstring>

#include "core/block.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/float4.hpp"
#include "dsp/float8.hpp"

#if TINGLE_HAS_AVX2_BUILDS
#include <immintrin.h>
#endif

namespace tingle::dsp {
namespace {

// The AVX2 build's step: outputs, and the gap between its low and high registers.
constexpr int kOutputsPerStep = 16;
constexpr int kLowHighGap = 8;  // in taps (and outputs)
static_assert(kBlockFrames % kOutputsPerStep == 0);

// Stores the eight outputs of four registers (register j: outputs j and j + 4), each the
// HorizontalSum of its four lanes, (v0 + v2) + (v1 + v3), with the lanes of the four
// registers transposed so the adds run four outputs at a time.
#define TINGLE_STORE_SUMS(sums, out)                                                              \
  do {                                                                                            \
    const Float8 ab_low = __builtin_shufflevector(sums[0], sums[1], 0, 8, 1, 9, 4, 12, 5, 13);    \
    const Float8 ab_high = __builtin_shufflevector(sums[0], sums[1], 2, 10, 3, 11, 6, 14, 7, 15); \
    const Float8 cd_low = __builtin_shufflevector(sums[2], sums[3], 0, 8, 1, 9, 4, 12, 5, 13);    \
    const Float8 cd_high = __builtin_shufflevector(sums[2], sums[3], 2, 10, 3, 11, 6, 14, 7, 15); \
    const Float8 ab = ab_low + ab_high; /* a0+a2, b0+b2, a1+a3, b1+b3 per half */                 \
    const Float8 cd = cd_low + cd_high;                                                           \
    const Float8 total = __builtin_shufflevector(ab, cd, 0, 1, 8, 9, 4, 5, 12, 13) +              \
                         __builtin_shufflevector(ab, cd, 2, 3, 10, 11, 6, 7, 14, 15);             \
    std::memcpy((out), &total, sizeof total);                                                     \
  } while (false)

// Four taps in both halves of a register. On x86 straight from memory (vbroadcastf128,
// a load alone): built from a Float4, GCC adds a shuffle on the ports the multiplies and
// adds need, which is 9 % of this loop's time.
#if TINGLE_HAS_AVX2_BUILDS
#define TINGLE_LOAD_TAPS_TWICE(p) \
  reinterpret_cast<Float8>(_mm256_broadcast_ps(reinterpret_cast<const __m128*>(p)))
#else
#define TINGLE_LOAD_TAPS_TWICE(p) TINGLE_FLOAT8_TWICE(LoadFloat4(p))
#endif

}  // namespace

// In 128-bit registers: eight outputs at a time, one register each, so each load of four
// taps serves eight products (GCC splits 256-bit vector code badly without AVX).
void BlockFirPortable(const float* reversed, int taps, const float* x, float* out) noexcept {
  constexpr int kOutputs = 8;
  static_assert(kBlockFrames % kOutputs == 0);
  for (int i = 0; i < kBlockFrames; i += kOutputs) {
    const float* in = x + i;
    Float4 sums[kOutputs] = {};
    for (int k = 0; k < taps; k += 4) {
      const Float4 four = LoadFloat4(reversed + k);
      for (int j = 0; j < kOutputs; ++j) sums[j] += four * LoadFloat4(in + k + j);
    }
    for (int j = 0; j < kOutputs; ++j) out[i + j] = HorizontalSum(sums[j]);
  }
}

// Sixteen outputs a step, in eight registers: low register j holds outputs j and j + 4, high
// register j outputs j + 8 and j + 12 (j < 4), so each register's inputs at a tap are
// eight consecutive samples. A high register's inputs at tap k are the low register's at
// tap k + 8: each load serves both, once the loop runs over load positions m (the low
// registers take taps m, the high ones taps m - 8). Every sum still adds its taps in
// order from k = 0.
TINGLE_TARGET_AVX2 void BlockFirAvx2(const float* reversed, int taps, const float* x, float* out) noexcept {
  for (int i = 0; i < kBlockFrames; i += kOutputsPerStep) {
    const float* in = x + i;
    Float8 low[4] = {}, high[4] = {};
    for (int m = 0; m < taps + kLowHighGap; m += 4) {
      const Float8 inputs[4] = {TINGLE_LOAD_FLOAT8(in + m), TINGLE_LOAD_FLOAT8(in + m + 1),
                                TINGLE_LOAD_FLOAT8(in + m + 2), TINGLE_LOAD_FLOAT8(in + m + 3)};
      if (m < taps) {
        const Float8 tap = TINGLE_LOAD_TAPS_TWICE(reversed + m);
        for (int j = 0; j < 4; ++j) low[j] += tap * inputs[j];
      }
      if (m >= kLowHighGap) {
        const Float8 tap = TINGLE_LOAD_TAPS_TWICE(reversed + m - kLowHighGap);
        for (int j = 0; j < 4; ++j) high[j] += tap * inputs[j];
      }
    }
    TINGLE_STORE_SUMS(low, out + i);
    TINGLE_STORE_SUMS(high, out + i + kLowHighGap);
  }
}

void BlockFir(const float* reversed, int taps, const float* x, float* out) noexcept {
  if (CpuHasAvx2()) {
    BlockFirAvx2(reversed, taps, x, out);
  } else {
    BlockFirPortable(reversed, taps, x, out);
  }
}

#undef TINGLE_STORE_SUMS
#undef TINGLE_LOAD_TAPS_TWICE

}  // namespace tingle::dsp
