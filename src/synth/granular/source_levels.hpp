// A looped source and its octave levels: the source low-passed and decimated by 2, 4, 8.
//
// A grain that raises pitch by a ratio r reads the level k = ceil(log2 r) at a speed of
// r / 2^k <= 1 of that level's samples per output frame: the level's band already ends
// below the output's Nyquist divided by r, so transposing up never folds the source's top
// octave back down as aliases (the mip-map idea of texture mapping, Williams 1983, as
// wavetable synthesizers use it for oscillators). Lowering pitch reads level 0 slower
// than 1 and needs no band limit. Reading speed at most 1 also bounds how far any grain
// moves in one block, so kGuard copies of the loop's other end either side of each level
// let a grain read across the seam without a wrap test per sample.
//
// Decimation: a half-band FIR (windowed sinc, Blackman window, kHalfBandTaps taps; 75 dB
// stop band from 0.28 of the input rate, flat within 0.01 dB to 0.22), applied circularly
// since the source is a loop. Allocates; for Prepare only.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"

namespace tingle::synth {

class SourceLevels {
 public:
  static constexpr int kLevels = 4;  // 1, 1/2, 1/4, 1/8: up to three octaves up
  // Frames readable before a level's first sample and after its last one: a block's
  // travel at speed 1, plus the interpolator's reach (one behind, two ahead), plus one
  // frame for rounding.
  static constexpr int kGuard = kBlockFrames + 4;

  struct Level {
    const float* samples = nullptr;  // frame 0; [-kGuard, length + kGuard) readable
    std::int64_t length = 0;
  };

  // `loop` from SourceLoop::Make: its length is a multiple of 2^(kLevels - 1). Each level
  // is made from the one before's storage and its working copy let go at once, so no more
  // than two full-length copies are ever held (a 20 s source: 7.7 MB at the peak, not 15).
  void Prepare(std::vector<float> loop) {
    std::vector<float> current = std::move(loop);
    for (int k = 0; k < kLevels; ++k) {
      if (k > 0) {
        const Level& above = levels_[static_cast<std::size_t>(k - 1)];
        current = Decimate(above.samples, static_cast<std::size_t>(above.length));
      }
      const auto length = static_cast<std::int64_t>(current.size());
      std::vector<float>& storage = storage_[static_cast<std::size_t>(k)];
      storage.resize(current.size() + 2 * kGuard);
      std::copy(current.begin(), current.end(), storage.begin() + kGuard);
      for (std::int64_t i = 0; i < kGuard; ++i) {  // the guards: the loop's other end
        storage[static_cast<std::size_t>(i)] =
            current[static_cast<std::size_t>(Wrap(i - kGuard, length))];
        storage[static_cast<std::size_t>(length + kGuard + i)] =
            current[static_cast<std::size_t>(Wrap(length + i, length))];
      }
      levels_[static_cast<std::size_t>(k)] = Level{storage.data() + kGuard, length};
      current = std::vector<float>();
    }
  }

  const Level& level(int k) const { return levels_[static_cast<std::size_t>(k)]; }

  static std::int64_t Wrap(std::int64_t i, std::int64_t length) {
    const std::int64_t r = i % length;
    return r < 0 ? r + length : r;
  }

 private:
  static constexpr int kHalfBandTaps = 95;  // odd; every other tap but the centre is zero
  static constexpr int kHalfBandReach = kHalfBandTaps / 2;
  static constexpr int kOddTaps = (kHalfBandReach + 1) / 2;  // non-zero taps each side
  static constexpr int kLanes = 4;

  // Taps 1, 3, ..., kHalfBandReach of the symmetric half-band filter (the centre tap is
  // 1/2, the even ones 0), scaled for exactly unity gain at DC.
  static std::array<float, kOddTaps> OddTaps() {
    std::array<double, kOddTaps> taps{};
    double side = 0.0;
    for (std::size_t j = 0; j < taps.size(); ++j) {
      const int n = 2 * static_cast<int>(j) + 1;
      const double sinc = std::sin(0.5 * kPi * n) / (kPi * n);  // cut-off at a quarter of the rate
      const double w = static_cast<double>(n) / (kHalfBandReach + 1);  // in (-1, 1)
      const double window = 0.42 + 0.5 * std::cos(kPi * w) + 0.08 * std::cos(kTwoPi * w);
      taps[j] = sinc * window;
      side += taps[j];
    }
    std::array<float, kOddTaps> scaled{};
    for (std::size_t j = 0; j < taps.size(); ++j)
      scaled[j] = static_cast<float>(taps[j] * 0.25 / side);
    return scaled;
  }

  // Low-passes at a quarter of the rate and keeps every other sample, around the loop.
  // Output m is x[2m] / 2 + Σ_j tap_j (x[2m - 2j - 1] + x[2m + 2j + 1]): with the odd
  // samples in their own array (wrapped kOddTaps either side), both sums read it
  // contiguously, so four outputs go at a time in SIMD lanes, in a fixed order.
  static std::vector<float> Decimate(const float* in, std::size_t size) {
    static const std::array<float, kOddTaps> taps = OddTaps();
    const std::size_t half = size / 2;
    const auto length = static_cast<std::int64_t>(half);
    std::vector<float> odd(half + 2 * kOddTaps + kLanes);
    for (std::int64_t k = -kOddTaps; k < length + kOddTaps + kLanes; ++k) {
      const std::int64_t wrapped = k >= 0 && k < length ? k : Wrap(k, length);
      odd[static_cast<std::size_t>(k + kOddTaps)] = in[static_cast<std::size_t>(2 * wrapped + 1)];
    }
    std::vector<float> out(half + kLanes);
    const float* o = odd.data() + kOddTaps;  // o[k] = x[2k + 1], k in [-kOddTaps, half + kOddTaps)
    for (std::size_t m = 0; m < half; m += kLanes) {
      dsp::Float4 sum{0.5f * in[2 * m],
                      0.5f * in[2 * Wrap(static_cast<std::int64_t>(m) + 1, length)],
                      0.5f * in[2 * Wrap(static_cast<std::int64_t>(m) + 2, length)],
                      0.5f * in[2 * Wrap(static_cast<std::int64_t>(m) + 3, length)]};
      for (int j = 0; j < kOddTaps; ++j) {
        const std::int64_t mm = static_cast<std::int64_t>(m);
        sum += taps[static_cast<std::size_t>(j)] * (dsp::LoadFloat4(o + mm - 1 - j) + dsp::LoadFloat4(o + mm + j));
      }
      dsp::StoreFloat4(out.data() + m, sum);
    }
    out.resize(half);
    return out;
  }


  std::array<std::vector<float>, kLevels> storage_;
  std::array<Level, kLevels> levels_{};
};

}  // namespace tingle::synth
