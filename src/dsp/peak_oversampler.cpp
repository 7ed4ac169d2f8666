#include "dsp/peak_oversampler.hpp"

#include <cstring>

#include "dsp/float8.hpp"

namespace tingle::dsp {

// Both builds compute, for the four frames of a group starting at buffer frame `in`, the
// three points from the 32 frames each reaches. The 3/4 point's taps are the 1/4 point's
// reversed (h3[k] = h1[31 - k]) and the 2/4 point's are symmetric, so each pair of frames
// k, 31 - k is summed (s) and differenced (d) once: with a = sum (h1[k] + h1[31 - k]) s_k
// and b = sum (h1[k] - h1[31 - k]) d_k over k < 16, the 1/4 point is (a + b) / 2 and the
// 3/4 point (a - b) / 2: 128 operations per frame instead of 192.

void PeakOversampler::PeaksPortable(const bool* compute, float* peaks) const noexcept {
  const Float4 half = Broadcast(0.5f);
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    for (int quarter_group = 0; quarter_group < kGroupFrames; quarter_group += 4) {
      float* out = peaks + kGroupFrames * g + quarter_group;
      if (!compute[g]) {
        StoreFloat4(out, Broadcast(0.0f));
        continue;
      }
      Float4 channel_peaks[2];
      for (int channel = 0; channel < 2; ++channel) {
        // Output frame j's points weigh buffer frames j + 1 .. j + kTaps.
        const float* in = (channel == 0 ? left_.data() : right_.data()) + kGroupFrames * g + quarter_group + 1;
        Float4 a = Broadcast(0.0f), b = Broadcast(0.0f), middle = Broadcast(0.0f);
        for (int k = 0; k < kTaps / 2; ++k) {
          const Float4 early = LoadFloat4(in + k);
          const Float4 late = LoadFloat4(in + kTaps - 1 - k);
          const Float4 sum = early + late;
          a += quarter_even_[static_cast<std::size_t>(k)] * sum;
          b += quarter_odd_[static_cast<std::size_t>(k)] * (early - late);
          middle += half_[static_cast<std::size_t>(k)] * sum;
        }
        const Float4 quarter = half * (a + b);
        const Float4 three_quarters = half * (a - b);
        channel_peaks[channel] =
            Max(Max(Abs(LoadFloat4(in + kLatency - 1)), Abs(quarter)), Max(Abs(middle), Abs(three_quarters)));
      }
      // The second channel takes the larger of its own and the first's.
      StoreFloat4(out, Max(channel_peaks[1], channel_peaks[0]));
    }
  }
}

// The group's eight frames of one channel a register, both channels side by side: six
// independent sums, each lane doing the portable build's operations in its order. Abs and
// Max are written out (they would take 256-bit vectors, see float8.hpp).
TINGLE_TARGET_AVX2 void PeakOversampler::PeaksAvx2(const bool* compute, float* peaks) const noexcept {
  static_assert(kGroupFrames == 8);
  const Float8 half = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    float* out = peaks + kGroupFrames * g;
    if (!compute[g]) {
      std::memset(out, 0, kGroupFrames * sizeof(float));
      continue;
    }
    const float* in[2] = {left_.data() + kGroupFrames * g + 1, right_.data() + kGroupFrames * g + 1};
    Float8 a[2] = {}, b[2] = {}, middle[2] = {};
    for (int k = 0; k < kTaps / 2; ++k) {
      const auto tap = static_cast<std::size_t>(k);
      const float even_tap = quarter_even_[tap][0];
      const float odd_tap = quarter_odd_[tap][0];
      const float half_tap = half_[tap][0];
      const Float8 even = {even_tap, even_tap, even_tap, even_tap, even_tap, even_tap, even_tap, even_tap};
      const Float8 odd = {odd_tap, odd_tap, odd_tap, odd_tap, odd_tap, odd_tap, odd_tap, odd_tap};
      const Float8 halves = {half_tap, half_tap, half_tap, half_tap, half_tap, half_tap, half_tap, half_tap};
      for (int c = 0; c < 2; ++c) {
        const Float8 early = TINGLE_LOAD_FLOAT8(in[c] + k);
        const Float8 late = TINGLE_LOAD_FLOAT8(in[c] + kTaps - 1 - k);
        const Float8 sum = early + late;
        a[c] += even * sum;
        b[c] += odd * (early - late);
        middle[c] += halves * sum;
      }
    }
    // |v| and max as the portable build's Abs and Max: v > -v ? v : -v, x > y ? x : y.
    Float8 channel_peaks[2];
    for (int c = 0; c < 2; ++c) {
      const Float8 frame = TINGLE_LOAD_FLOAT8(in[c] + kLatency - 1);
      const Float8 quarter = half * (a[c] + b[c]);
      const Float8 three_quarters = half * (a[c] - b[c]);
      const Float8 frame_abs = frame > -frame ? frame : -frame;
      const Float8 quarter_abs = quarter > -quarter ? quarter : -quarter;
      const Float8 middle_abs = middle[c] > -middle[c] ? middle[c] : -middle[c];
      const Float8 three_abs = three_quarters > -three_quarters ? three_quarters : -three_quarters;
      const Float8 first = frame_abs > quarter_abs ? frame_abs : quarter_abs;
      const Float8 second = middle_abs > three_abs ? middle_abs : three_abs;
      channel_peaks[c] = first > second ? first : second;
    }
    // The second channel takes the larger of its own and the first's.
    const Float8 peak = channel_peaks[1] > channel_peaks[0] ? channel_peaks[1] : channel_peaks[0];
    std::memcpy(out, &peak, sizeof peak);
  }
}

// As the AVX2 build, with a channel's two groups in one 512-bit register: where only one
// of them is marked, the other's peaks are computed and then cleared, as the other builds
// leave them at 0.
TINGLE_TARGET_AVX512 void PeakOversampler::PeaksAvx512(const bool* compute, float* peaks) const noexcept {
  typedef float Float16 __attribute__((vector_size(64)));
  typedef float UnalignedFloat16 __attribute__((vector_size(64), aligned(4), may_alias));
  static_assert(kGroupFrames == 8 && kBlockGroups % 2 == 0);
  // Macros, not lambdas: a function returning a Float16 would change the ABI (-Wpsabi).
#define TINGLE_LOAD_FLOAT16(p) (*reinterpret_cast<const UnalignedFloat16*>(p))
#define TINGLE_BROADCAST_FLOAT16(x) Float16{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
  const Float16 half = TINGLE_BROADCAST_FLOAT16(0.5f);
  for (std::size_t g = 0; g < kBlockGroups; g += 2) {
    float* out = peaks + kGroupFrames * g;
    if (!compute[g] && !compute[g + 1]) {
      std::memset(out, 0, 2 * kGroupFrames * sizeof(float));
      continue;
    }
    const float* in[2] = {left_.data() + kGroupFrames * g + 1, right_.data() + kGroupFrames * g + 1};
    Float16 a[2] = {}, b[2] = {}, middle[2] = {};
    for (int k = 0; k < kTaps / 2; ++k) {
      const auto tap = static_cast<std::size_t>(k);
      const float even_tap = quarter_even_[tap][0];
      const float odd_tap = quarter_odd_[tap][0];
      const float half_tap = half_[tap][0];
      const Float16 even = TINGLE_BROADCAST_FLOAT16(even_tap);
      const Float16 odd = TINGLE_BROADCAST_FLOAT16(odd_tap);
      const Float16 halves = TINGLE_BROADCAST_FLOAT16(half_tap);
      for (int c = 0; c < 2; ++c) {
        const Float16 early = TINGLE_LOAD_FLOAT16(in[c] + k);
        const Float16 late = TINGLE_LOAD_FLOAT16(in[c] + kTaps - 1 - k);
        const Float16 sum = early + late;
        a[c] += even * sum;
        b[c] += odd * (early - late);
        middle[c] += halves * sum;
      }
    }
    Float16 channel_peaks[2];
    for (int c = 0; c < 2; ++c) {
      const Float16 frame = TINGLE_LOAD_FLOAT16(in[c] + kLatency - 1);
      const Float16 quarter = half * (a[c] + b[c]);
      const Float16 three_quarters = half * (a[c] - b[c]);
      const Float16 frame_abs = frame > -frame ? frame : -frame;
      const Float16 quarter_abs = quarter > -quarter ? quarter : -quarter;
      const Float16 middle_abs = middle[c] > -middle[c] ? middle[c] : -middle[c];
      const Float16 three_abs = three_quarters > -three_quarters ? three_quarters : -three_quarters;
      const Float16 first = frame_abs > quarter_abs ? frame_abs : quarter_abs;
      const Float16 second = middle_abs > three_abs ? middle_abs : three_abs;
      channel_peaks[c] = first > second ? first : second;
    }
    const Float16 peak = channel_peaks[1] > channel_peaks[0] ? channel_peaks[1] : channel_peaks[0];
    std::memcpy(out, &peak, sizeof peak);
    for (std::size_t pair = 0; pair < 2; ++pair) {
      if (!compute[g + pair]) std::memset(out + kGroupFrames * pair, 0, kGroupFrames * sizeof(float));
    }
  }
#undef TINGLE_BROADCAST_FLOAT16
#undef TINGLE_LOAD_FLOAT16
}

// As GroupBitsPortable, a group a register.
TINGLE_TARGET_AVX2 void PeakOversampler::GroupBitsAvx2(const float* left, const float* right,
                                                     std::int32_t* bits) noexcept {
  typedef std::int32_t Int8 __attribute__((vector_size(32)));
  // The floats' bits, read as integers from anywhere in memory.
  typedef std::int32_t FloatBits8 __attribute__((vector_size(32), aligned(4), may_alias));
  const Int8 magnitude = {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff,
                          0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff};
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    const Int8 l = *reinterpret_cast<const FloatBits8*>(left + kGroupFrames * g) & magnitude;
    const Int8 r = *reinterpret_cast<const FloatBits8*>(right + kGroupFrames * g) & magnitude;
    const Int8 both = l > r ? l : r;
    const Int8 four = __builtin_shufflevector(both, both, 4, 5, 6, 7, 0, 1, 2, 3);
    const Int8 m4 = both > four ? both : four;
    const Int8 two = __builtin_shufflevector(m4, m4, 2, 3, 0, 1, 6, 7, 4, 5);
    const Int8 m2 = m4 > two ? m4 : two;
    const Int8 one = __builtin_shufflevector(m2, m2, 1, 0, 3, 2, 5, 4, 7, 6);
    const Int8 m1 = m2 > one ? m2 : one;
    bits[g] = m1[0];
  }
}

}  // namespace tingle::dsp
