#include "dsp/peak_oversampler.hpp"

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
  for (std::size_t g = 0; g < kOutputGroups; ++g) {
    if (!compute[g]) {
      StoreFloat4(peaks + 4 * g, Broadcast(0.0f));
      continue;
    }
    Float4 channel_peaks[2];
    for (int channel = 0; channel < 2; ++channel) {
      const float* in = (channel == 0 ? left_.data() : right_.data()) + 4 * g;
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
    StoreFloat4(peaks + 4 * g, Max(channel_peaks[1], channel_peaks[0]));
  }
}

// Lanes 0-3: the group's four frames of the left channel; lanes 4-7: of the right. Abs
// and Max are written out (they would take 256-bit vectors, see float8.hpp).
TINGLE_TARGET_AVX2 void PeakOversampler::PeaksAvx2(const bool* compute, float* peaks) const noexcept {
  const Float8 half = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
  for (std::size_t g = 0; g < kOutputGroups; ++g) {
    if (!compute[g]) {
      StoreFloat4(peaks + 4 * g, Broadcast(0.0f));
      continue;
    }
    const float* left = left_.data() + 4 * g;
    const float* right = right_.data() + 4 * g;
    Float8 a = {}, b = {}, middle = {};
    for (int k = 0; k < kTaps / 2; ++k) {
      const int j = kTaps - 1 - k;
      const auto tap = static_cast<std::size_t>(k);
      const Float8 early = TINGLE_FLOAT8_JOIN(LoadFloat4(left + k), LoadFloat4(right + k));
      const Float8 late = TINGLE_FLOAT8_JOIN(LoadFloat4(left + j), LoadFloat4(right + j));
      const Float8 sum = early + late;
      a += TINGLE_FLOAT8_TWICE(quarter_even_[tap]) * sum;
      b += TINGLE_FLOAT8_TWICE(quarter_odd_[tap]) * (early - late);
      middle += TINGLE_FLOAT8_TWICE(half_[tap]) * sum;
    }
    const Float8 quarter = half * (a + b);
    const Float8 three_quarters = half * (a - b);
    const Float8 frame = TINGLE_FLOAT8_JOIN(LoadFloat4(left + kLatency - 1), LoadFloat4(right + kLatency - 1));
    // |v| and max as the portable build's Abs and Max: v > -v ? v : -v, x > y ? x : y.
    const Float8 frame_abs = frame > -frame ? frame : -frame;
    const Float8 quarter_abs = quarter > -quarter ? quarter : -quarter;
    const Float8 middle_abs = middle > -middle ? middle : -middle;
    const Float8 three_abs = three_quarters > -three_quarters ? three_quarters : -three_quarters;
    const Float8 first = frame_abs > quarter_abs ? frame_abs : quarter_abs;
    const Float8 second = middle_abs > three_abs ? middle_abs : three_abs;
    const Float8 peak = first > second ? first : second;
    StoreFloat4(peaks + 4 * g, Max(TINGLE_FLOAT8_HIGH(peak), TINGLE_FLOAT8_LOW(peak)));
  }
}

}  // namespace tingle::dsp
