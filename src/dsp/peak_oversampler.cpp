#include "dsp/peak_oversampler.hpp"

#include <cstring>

#include "dsp/float8.hpp"

namespace tingle::dsp {

// Both builds compute, for the four frames of a group starting at buffer frame `in`, the
// three points from the 32 frames each reaches. The 3/4 point's taps are the 1/4 point's
// reversed (h3[k] = h1[31 - k]) and the 2/4 point's are symmetric, so each pair of frames
// k, 31 - k is summed (s) and differenced (d) once: with a = sum (h1[k] + h1[31 - k]) s_k
// and b = sum (h1[k] - h1[31 - k]) d_k over k < 16, the 1/4 point is (a + b) / 2 and the
// 3/4 point (a - b) / 2: 128 operations per frame instead of 192. The central pairs
// (k = 10 .. 15) are summed first, then the second bound is taken on those sums (the
// header), and the group goes on to the outer pairs (k = 0 .. 9) only where it fails.

namespace {
constexpr int kFirstCentral = PeakOversampler::kTaps / 2 - PeakOversampler::kCentralPairs;
}  // namespace

void PeakOversampler::PeaksPortable(const Bound& bound, float* peaks) const noexcept {
  const Float4 half = Broadcast(0.5f);
  // [quarter group][channel]: the group's two runs of four frames, each channel's sums.
  Float4 a[2][2], b[2][2], middle[2][2];
  const auto add_pairs = [&](int from, int to, int quarter, int channel, const float* in) {
    Float4& sum_a = a[quarter][channel];
    Float4& sum_b = b[quarter][channel];
    Float4& sum_middle = middle[quarter][channel];
    for (int k = from; k < to; ++k) {
      const Float4 early = LoadFloat4(in + k);
      const Float4 late = LoadFloat4(in + kTaps - 1 - k);
      const Float4 sum = early + late;
      sum_a += quarter_even_[static_cast<std::size_t>(k)] * sum;
      sum_b += quarter_odd_[static_cast<std::size_t>(k)] * (early - late);
      sum_middle += half_[static_cast<std::size_t>(k)] * sum;
    }
  };
  // The largest |x| of a run's frame and its three points, from its sums so far.
  const auto run_peak = [&](int quarter, int channel, const float* in) {
    const Float4 quarter_point = half * (a[quarter][channel] + b[quarter][channel]);
    const Float4 three_quarters = half * (a[quarter][channel] - b[quarter][channel]);
    return Max(Max(Abs(LoadFloat4(in + kLatency - 1)), Abs(quarter_point)),
               Max(Abs(middle[quarter][channel]), Abs(three_quarters)));
  };
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    float* out = peaks + kGroupFrames * g;
    if (!bound.compute[g]) {
      std::memset(out, 0, kGroupFrames * sizeof(float));
      continue;
    }
    // Output frame j's points weigh buffer frames j + 1 .. j + kTaps.
    const float* in[2][2];
    for (int quarter = 0; quarter < 2; ++quarter) {
      for (int channel = 0; channel < 2; ++channel) {
        in[quarter][channel] = (channel == 0 ? left_.data() : right_.data()) + kGroupFrames * g + 4 * quarter + 1;
        a[quarter][channel] = b[quarter][channel] = middle[quarter][channel] = Broadcast(0.0f);
        add_pairs(kFirstCentral, kTaps / 2, quarter, channel, in[quarter][channel]);
      }
    }
    if (bound.level >= 0.0f) {
      Float4 central = Broadcast(0.0f);
      for (int quarter = 0; quarter < 2; ++quarter) {
        for (int channel = 0; channel < 2; ++channel) {
          central = Max(central, run_peak(quarter, channel, in[quarter][channel]));
        }
      }
      const float central_peak = std::max(std::max(central[0], central[1]), std::max(central[2], central[3]));
      if (central_peak + bound.outer[g] <= bound.level) {
        std::memset(out, 0, kGroupFrames * sizeof(float));
        continue;
      }
    }
    for (int quarter = 0; quarter < 2; ++quarter) {
      Float4 channel_peaks[2];
      for (int channel = 0; channel < 2; ++channel) {
        add_pairs(0, kFirstCentral, quarter, channel, in[quarter][channel]);
        channel_peaks[channel] = run_peak(quarter, channel, in[quarter][channel]);
      }
      // The second channel takes the larger of its own and the first's.
      StoreFloat4(out + 4 * quarter, Max(channel_peaks[1], channel_peaks[0]));
    }
  }
}

// The group's eight frames of one channel a register, both channels side by side: six
// independent sums, each lane doing the portable build's operations in its order. Abs and
// Max are written out (they would take 256-bit vectors, see float8.hpp).
TINGLE_TARGET_AVX2 void PeakOversampler::PeaksAvx2(const Bound& bound, float* peaks) const noexcept {
  static_assert(kGroupFrames == 8);
  const Float8 half = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    float* out = peaks + kGroupFrames * g;
    if (!bound.compute[g]) {
      std::memset(out, 0, kGroupFrames * sizeof(float));
      continue;
    }
    const float* in[2] = {left_.data() + kGroupFrames * g + 1, right_.data() + kGroupFrames * g + 1};
    Float8 a[2] = {}, b[2] = {}, middle[2] = {};
#define TINGLE_ADD_PAIRS(from, to)                                                                      \
  for (int k = (from); k < (to); ++k) {                                                                 \
    const auto tap = static_cast<std::size_t>(k);                                                       \
    const float even_tap = quarter_even_[tap][0];                                                       \
    const float odd_tap = quarter_odd_[tap][0];                                                         \
    const float half_tap = half_[tap][0];                                                               \
    const Float8 even = {even_tap, even_tap, even_tap, even_tap, even_tap, even_tap, even_tap, even_tap}; \
    const Float8 odd = {odd_tap, odd_tap, odd_tap, odd_tap, odd_tap, odd_tap, odd_tap, odd_tap};         \
    const Float8 halves = {half_tap, half_tap, half_tap, half_tap, half_tap, half_tap, half_tap, half_tap}; \
    for (int c = 0; c < 2; ++c) {                                                                       \
      const Float8 early = TINGLE_LOAD_FLOAT8(in[c] + k);                                               \
      const Float8 late = TINGLE_LOAD_FLOAT8(in[c] + kTaps - 1 - k);                                    \
      const Float8 sum = early + late;                                                                  \
      a[c] += even * sum;                                                                               \
      b[c] += odd * (early - late);                                                                     \
      middle[c] += halves * sum;                                                                        \
    }                                                                                                   \
  }
    // |v| and max as the portable build's Abs and Max: v > -v ? v : -v, x > y ? x : y.
#define TINGLE_CHANNEL_PEAK(c, result)                                                              \
  do {                                                                                              \
    const Float8 frame = TINGLE_LOAD_FLOAT8(in[c] + kLatency - 1);                                  \
    const Float8 quarter = half * (a[c] + b[c]);                                                    \
    const Float8 three_quarters = half * (a[c] - b[c]);                                             \
    const Float8 frame_abs = frame > -frame ? frame : -frame;                                       \
    const Float8 quarter_abs = quarter > -quarter ? quarter : -quarter;                             \
    const Float8 middle_abs = middle[c] > -middle[c] ? middle[c] : -middle[c];                      \
    const Float8 three_abs = three_quarters > -three_quarters ? three_quarters : -three_quarters;   \
    const Float8 first = frame_abs > quarter_abs ? frame_abs : quarter_abs;                         \
    const Float8 second = middle_abs > three_abs ? middle_abs : three_abs;                          \
    (result) = first > second ? first : second;                                                     \
  } while (false)
    TINGLE_ADD_PAIRS(kFirstCentral, kTaps / 2)
    Float8 channel_peaks[2];
    if (bound.level >= 0.0f) {
      TINGLE_CHANNEL_PEAK(0, channel_peaks[0]);
      TINGLE_CHANNEL_PEAK(1, channel_peaks[1]);
      // The largest lane, halving in shuffles (a max is exact in any order).
      const Float8 both = channel_peaks[1] > channel_peaks[0] ? channel_peaks[1] : channel_peaks[0];
      const Float4 four = Max(TINGLE_FLOAT8_LOW(both), TINGLE_FLOAT8_HIGH(both));
      const Float4 two = Max(four, __builtin_shufflevector(four, four, 2, 3, 0, 1));
      const Float4 one = Max(two, __builtin_shufflevector(two, two, 1, 0, 3, 2));
      if (one[0] + bound.outer[g] <= bound.level) {
        std::memset(out, 0, kGroupFrames * sizeof(float));
        continue;
      }
    }
    TINGLE_ADD_PAIRS(0, kFirstCentral)
    TINGLE_CHANNEL_PEAK(0, channel_peaks[0]);
    TINGLE_CHANNEL_PEAK(1, channel_peaks[1]);
#undef TINGLE_CHANNEL_PEAK
#undef TINGLE_ADD_PAIRS
    // The second channel takes the larger of its own and the first's.
    const Float8 peak = channel_peaks[1] > channel_peaks[0] ? channel_peaks[1] : channel_peaks[0];
    std::memcpy(out, &peak, sizeof peak);
  }
}

// As the AVX2 build, with a channel's two groups in one 512-bit register: where only one
// of them is to be computed, the other's peaks are computed and then cleared, as the other
// builds leave them at 0.
TINGLE_TARGET_AVX512 void PeakOversampler::PeaksAvx512(const Bound& bound, float* peaks) const noexcept {
  typedef float Float16 __attribute__((vector_size(64)));
  typedef float UnalignedFloat16 __attribute__((vector_size(64), aligned(4), may_alias));
  static_assert(kGroupFrames == 8 && kBlockGroups % 2 == 0);
  // Macros, not lambdas: a function returning a Float16 would change the ABI (-Wpsabi).
#define TINGLE_LOAD_FLOAT16(p) (*reinterpret_cast<const UnalignedFloat16*>(p))
#define TINGLE_BROADCAST_FLOAT16(x) Float16{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}
  const Float16 half = TINGLE_BROADCAST_FLOAT16(0.5f);
  for (std::size_t g = 0; g < kBlockGroups; g += 2) {
    float* out = peaks + kGroupFrames * g;
    if (!bound.compute[g] && !bound.compute[g + 1]) {
      std::memset(out, 0, 2 * kGroupFrames * sizeof(float));
      continue;
    }
    const float* in[2] = {left_.data() + kGroupFrames * g + 1, right_.data() + kGroupFrames * g + 1};
    Float16 a[2] = {}, b[2] = {}, middle[2] = {};
#define TINGLE_ADD_PAIRS(from, to)                                 \
  for (int k = (from); k < (to); ++k) {                            \
    const auto tap = static_cast<std::size_t>(k);                  \
    const Float16 even = TINGLE_BROADCAST_FLOAT16(quarter_even_[tap][0]); \
    const Float16 odd = TINGLE_BROADCAST_FLOAT16(quarter_odd_[tap][0]);   \
    const Float16 halves = TINGLE_BROADCAST_FLOAT16(half_[tap][0]);       \
    for (int c = 0; c < 2; ++c) {                                  \
      const Float16 early = TINGLE_LOAD_FLOAT16(in[c] + k);        \
      const Float16 late = TINGLE_LOAD_FLOAT16(in[c] + kTaps - 1 - k); \
      const Float16 sum = early + late;                            \
      a[c] += even * sum;                                          \
      b[c] += odd * (early - late);                                \
      middle[c] += halves * sum;                                   \
    }                                                              \
  }
#define TINGLE_CHANNEL_PEAK(c, result)                                                               \
  do {                                                                                               \
    const Float16 frame = TINGLE_LOAD_FLOAT16(in[c] + kLatency - 1);                                 \
    const Float16 quarter = half * (a[c] + b[c]);                                                    \
    const Float16 three_quarters = half * (a[c] - b[c]);                                             \
    const Float16 frame_abs = frame > -frame ? frame : -frame;                                       \
    const Float16 quarter_abs = quarter > -quarter ? quarter : -quarter;                             \
    const Float16 middle_abs = middle[c] > -middle[c] ? middle[c] : -middle[c];                      \
    const Float16 three_abs = three_quarters > -three_quarters ? three_quarters : -three_quarters;   \
    const Float16 first = frame_abs > quarter_abs ? frame_abs : quarter_abs;                         \
    const Float16 second = middle_abs > three_abs ? middle_abs : three_abs;                          \
    (result) = first > second ? first : second;                                                      \
  } while (false)
    TINGLE_ADD_PAIRS(kFirstCentral, kTaps / 2)
    Float16 channel_peaks[2];
    bool wanted[2] = {bound.compute[g], bound.compute[g + 1]};
    if (bound.level >= 0.0f) {
      TINGLE_CHANNEL_PEAK(0, channel_peaks[0]);
      TINGLE_CHANNEL_PEAK(1, channel_peaks[1]);
      // Each group of the pair takes the second bound on its own eight lanes: their
      // largest, halving in shuffles within each half (a max is exact in any order).
      Float16 both = channel_peaks[1] > channel_peaks[0] ? channel_peaks[1] : channel_peaks[0];
      Float16 moved = __builtin_shufflevector(both, both, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11);
      both = both > moved ? both : moved;
      moved = __builtin_shufflevector(both, both, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
      both = both > moved ? both : moved;
      moved = __builtin_shufflevector(both, both, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14);
      both = both > moved ? both : moved;
      for (std::size_t pair = 0; pair < 2; ++pair) {
        const float central_peak = both[kGroupFrames * pair];
        wanted[pair] = wanted[pair] && !(central_peak + bound.outer[g + pair] <= bound.level);
      }
      if (!wanted[0] && !wanted[1]) {
        std::memset(out, 0, 2 * kGroupFrames * sizeof(float));
        continue;
      }
    }
    TINGLE_ADD_PAIRS(0, kFirstCentral)
    TINGLE_CHANNEL_PEAK(0, channel_peaks[0]);
    TINGLE_CHANNEL_PEAK(1, channel_peaks[1]);
#undef TINGLE_CHANNEL_PEAK
#undef TINGLE_ADD_PAIRS
    const Float16 peak = channel_peaks[1] > channel_peaks[0] ? channel_peaks[1] : channel_peaks[0];
    std::memcpy(out, &peak, sizeof peak);
    for (std::size_t pair = 0; pair < 2; ++pair) {
      if (!wanted[pair]) std::memset(out + kGroupFrames * pair, 0, kGroupFrames * sizeof(float));
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
