// Low handling noise: the hand and the moving sheet push air and rub skin below ~250 Hz.
//
// Close-miked crumpling carries a soft low-frequency rumble that follows the hand's
// motion, not the individual snaps (audible in any close recording of paper being
// handled). It is band-limited far below the block rate's reach, so it is computed at
// 1/kDecimation of the sample rate and linearly interpolated: the one-pole low-pass
// before the interpolation leaves the images near multiples of the low rate more than
// 30 dB down, under the snaps and rustle that share those frequencies.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"

namespace tingle::synth {

class HandlingRumble {
 public:
  static constexpr int kDecimation = 16;  // frames per low-rate step
  static_assert(kBlockFrames % kDecimation == 0);
  static constexpr double kHighPassHz = 40.0;  // below: felt, not heard
  static constexpr double kLowPassHz = 250.0;

  void Prepare(std::uint64_t seed, double sample_rate) {
    noise_.Seed(StreamSeed(seed, "rumble"));
    const double low_rate = sample_rate / kDecimation;
    low_pass_ = static_cast<float>(1.0 - std::exp(-kTwoPi * kLowPassHz / low_rate));
    high_pass_ = static_cast<float>(1.0 - std::exp(-kTwoPi * kHighPassHz / low_rate));
    // Uniform noise (variance 1/3) through the band keeps about its width over the low
    // rate's Nyquist of the power; normalise to unit RMS.
    scale_ =
        static_cast<float>(1.0 / std::sqrt((kLowPassHz - kHighPassHz) / (0.5 * low_rate) / 3.0));
    for (int c = 0; c < 2; ++c) low_[c] = slow_[c] = previous_[c] = 0.0f;
  }

  // Adds one block into left/right, RMS ramping from level_start to level_end.
  void Render(float* left, float* right, double level_start, double level_end) noexcept {
    float* out[2] = {left, right};
    const float step = static_cast<float>((level_end - level_start) / kBlockFrames);
    for (int k = 0; k < kBlockFrames / kDecimation; ++k) {
      const float level =
          static_cast<float>(level_start) + step * static_cast<float>((k + 1) * kDecimation);
      for (int c = 0; c < 2; ++c) {
        low_[c] += low_pass_ * (noise_.SignedFloat() - low_[c]);
        slow_[c] += high_pass_ * (low_[c] - slow_[c]);
        const float from = previous_[c];
        const float next = (low_[c] - slow_[c]) * scale_ * level;
        const float slope = (next - from) * (1.0f / kDecimation);
        // The linear ramp, four frames per vector (GCC fully unrolls and never vectorises
        // the scalar loop).
        float* target = out[c] + k * kDecimation;
        for (int i = 0; i < kDecimation; i += 4) {
          dsp::Float4 y;
          std::memcpy(&y, target + i, sizeof y);
          const dsp::Float4 ramp = dsp::Float4{1.0f, 2.0f, 3.0f, 4.0f} + static_cast<float>(i);
          y += from + slope * ramp;
          std::memcpy(target + i, &y, sizeof y);
        }
        previous_[c] = next;
      }
    }
  }

 private:
  // Four frames in one vector (GCC/Clang vector extension; see dsp/modal_quad.hpp).
  static_assert(kDecimation % 4 == 0);

  Pcg32 noise_;
  float low_pass_ = 1.0f;
  float high_pass_ = 0.0f;
  float scale_ = 1.0f;
  float low_[2] = {};
  float slow_[2] = {};
  float previous_[2] = {};
};

}  // namespace tingle::synth
