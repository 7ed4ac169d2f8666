// The quiet rustle between snaps: sheet surfaces sliding over each other and the hand.
//
// Friction noise is not a steady hiss: it is made of countless micro-slips (stick–slip,
// cf. SDT's friction model and Akay, "Acoustics of friction", JASA 111, 2002). Here white
// noise is split into two halves of the material's rustle band (each a one-pole
// high-pass and two one-pole low-passes: cheap, gentle slopes), and each half is
// multiplied by its own grain envelope: every `kGrainSeconds` a new random gain with a
// skewed (mostly small, sometimes large) distribution, ramped linearly, so the bed
// flickers like fine grit. The grain length is in seconds, so the statistics do not
// depend on the sample rate. Left and right use independent noise under shared grain
// envelopes: one sheet, heard by two ears.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/lane_noise.hpp"

namespace tingle::synth {

class Rustle {
 public:
  // Micro-slip grains of about 2 ms (a few hundred per second).
  static constexpr double kGrainSeconds = 0.002;
  // E[(u^kGrainSkew)^2] for u uniform: rescales the grain gain to unit mean power.
  static constexpr double kGrainSkew = 3.0;

  void Prepare(std::uint64_t seed, double sample_rate) {
    sample_rate_ = sample_rate;
    noise_.Seed(StreamSeed(seed, "rustle:noise"));
    grains_.Seed(StreamSeed(seed, "rustle:grains"));
    grain_frames_ = static_cast<int>(std::lround(kGrainSeconds * sample_rate));
    if (grain_frames_ < 1) grain_frames_ = 1;
    grain_left_ = 0;
    grain_ = grain_step_ = dsp::Float4{};
    high_pass_low_ = low_pass_ = low_pass_2_ = dsp::Float4{};
    // E[u^(2 k)] = 1 / (2 k + 1): normalise so the grain envelope has unit mean power.
    grain_scale_ = static_cast<float>(std::sqrt(2.0 * kGrainSkew + 1.0));
    low_hz_ = high_hz_ = -1.0;
  }

  // Band corners in Hz; cheap when unchanged (call once per block).
  void set_band(double low_hz, double high_hz) {
    if (low_hz == low_hz_ && high_hz == high_hz_) return;
    low_hz_ = low_hz;
    high_hz_ = high_hz;
    const double top = std::fmin(high_hz, 0.45 * sample_rate_);
    const double middle = std::sqrt(low_hz * top);
    const float low_band_high_pass = Coefficient(low_hz);
    const float high_band_high_pass = Coefficient(middle);
    const float low_band_low_pass = Coefficient(middle);
    const float high_band_low_pass = Coefficient(top);
    high_pass_ =
        dsp::Float4{low_band_high_pass, low_band_high_pass, high_band_high_pass, high_band_high_pass};
    low_pass_coefficient_ =
        dsp::Float4{low_band_low_pass, low_band_low_pass, high_band_low_pass, high_band_low_pass};
    // Uniform white noise of variance 1/3 through a band keeps about its width over
    // sr / 2 of the power (one-pole slopes: close enough: the level is tuned); each
    // of the two bands carries half the rustle's power.
    const auto scale = [&](double from, double to) {
      const double fraction = std::fmax(to - from, 1.0) / (0.5 * sample_rate_);
      return static_cast<float>(1.0 / std::sqrt(2.0 * fraction / 3.0));
    };
    const float low_scale = scale(low_hz, middle);
    const float high_scale = scale(middle, top);
    unit_scale_ = dsp::Float4{low_scale, low_scale, high_scale, high_scale};
  }

  // Writes one block of rustle to left/right (overwriting them), its RMS ramping from
  // level_start to level_end (full scale = 1).
  void Render(float* left, float* right, double level_start, double level_end) noexcept {
    if (level_start <= 0.0 && level_end <= 0.0 && Quiet()) {
      std::fill(left, left + kBlockFrames, 0.0f);
      std::fill(right, right + kBlockFrames, 0.0f);
      return;
    }
    float level = static_cast<float>(level_start) * grain_scale_;
    const float level_step =
        static_cast<float>((level_end - level_start) / kBlockFrames) * grain_scale_;
    // Lanes: (lower band left, right, upper band left, right). Both bands filter the same
    // white noise; disjoint bands of white noise are independent, and each band flickers
    // with its own grains, as separate patches of the sheet slip at different moments.
    const dsp::Float4 a_high = high_pass_;
    const dsp::Float4 a_low = low_pass_coefficient_;
    const dsp::Float4 keep_high = 1.0f - a_high;
    const dsp::Float4 keep_low = 1.0f - a_low;
    const dsp::Float4 unit = unit_scale_ * kInt16ToUnit;
    dsp::Float4 high_pass_low = high_pass_low_;
    dsp::Float4 low_pass = low_pass_;
    dsp::Float4 low_pass_2 = low_pass_2_;
    dsp::Float4 grain = grain_;
    dsp::Float4 grain_step = grain_step_;
    // Both channels' white noise, 16 bits each, for the block: {left, right, left, right}.
    dsp::Float4 noise[kBlockFrames];
    noise_.NextStereoPairsRaw(noise, kBlockFrames);
    dsp::Float4 bands[kBlockFrames];
    int i = 0;
    while (i < kBlockFrames) {
      if (grain_left_ == 0) {
        const float u_low = grains_.UnitFloat();
        const float u_high = grains_.UnitFloat();
        // u^kGrainSkew: mostly faint slips, now and then a stronger one.
        const float low = u_low * u_low * u_low;
        const float high = u_high * u_high * u_high;
        grain_step = (dsp::Float4{low, low, high, high} - grain) / static_cast<float>(grain_frames_);
        grain_left_ = grain_frames_;
      }
      const int end = i + std::min(grain_left_, kBlockFrames - i);
      grain_left_ -= end - i;
      for (; i < end; ++i) {
        grain += grain_step;
        const dsp::Float4 gain = grain * (level * unit);
        level += level_step;
        const dsp::Float4 x = noise[i] * gain;
        // y = (1 - a) y + a x: one multiply and one add on each recursion.
        high_pass_low = keep_high * high_pass_low + a_high * x;
        low_pass = keep_low * low_pass + a_low * (x - high_pass_low);
        low_pass_2 = keep_low * low_pass_2 + a_low * low_pass;
        bands[i] = low_pass_2;
      }
    }
    // left = lane 0 + lane 2, right = lane 1 + lane 3, four frames at a time (a 4×4
    // transpose in shuffles instead of two lane extractions per frame).
    for (int f = 0; f < kBlockFrames; f += 4) {
      const dsp::Float4 ab = __builtin_shufflevector(bands[f], bands[f + 1], 0, 1, 4, 5) +
                       __builtin_shufflevector(bands[f], bands[f + 1], 2, 3, 6, 7);
      const dsp::Float4 cd = __builtin_shufflevector(bands[f + 2], bands[f + 3], 0, 1, 4, 5) +
                       __builtin_shufflevector(bands[f + 2], bands[f + 3], 2, 3, 6, 7);
      const dsp::Float4 l = __builtin_shufflevector(ab, cd, 0, 2, 4, 6);
      const dsp::Float4 r = __builtin_shufflevector(ab, cd, 1, 3, 5, 7);
      std::memcpy(left + f, &l, sizeof l);
      std::memcpy(right + f, &r, sizeof r);
    }
    high_pass_low_ = high_pass_low;
    low_pass_ = low_pass;
    low_pass_2_ = low_pass_2;
    grain_ = grain;
    grain_step_ = grain_step;
  }

 private:
  // Four filter lanes in one vector (GCC/Clang vector extension; see dsp/modal_quad.hpp).
  static constexpr float kInt16ToUnit = 1.0f / 32768.0f;

  bool Quiet() const {
    float sum = 0.0f;
    for (int lane = 0; lane < 4; ++lane) sum += std::fabs(low_pass_2_[lane]);
    return sum < 1.0e-9f;
  }

  float Coefficient(double hz) const {
    return static_cast<float>(1.0 - std::exp(-kTwoPi * hz / sample_rate_));
  }

  double sample_rate_ = 48000.0;
  dsp::LaneNoise noise_;
  Pcg32 grains_;
  int grain_frames_ = 96;
  int grain_left_ = 0;
  float grain_scale_ = 1.0f;
  double low_hz_ = -1.0;
  double high_hz_ = -1.0;
  dsp::Float4 grain_{};
  dsp::Float4 grain_step_{};
  dsp::Float4 unit_scale_{};
  dsp::Float4 high_pass_{};
  dsp::Float4 low_pass_coefficient_{};
  dsp::Float4 high_pass_low_{};
  dsp::Float4 low_pass_{};
  dsp::Float4 low_pass_2_{};
};

}  // namespace tingle::synth
