// The bed: the roar of countless distant drops, too many and too faint to tell apart.
//
// Four bands of noise per channel (rumble, body, hiss, air), each a one-pole high-pass
// and two one-pole low-passes over its own white noise (16- and 32-bit draws
// from SIMD-lane xorshift generators, dsp/lane_noise.hpp), so the texture sets the
// bed's spectral tilt and level band by band, once per block. Channels use independent
// noise: a diffuse field, decorrelated left and right.
//
// Distant drops are still impacts, so the upper two bands flicker: every kGrainSeconds
// a new random gain, skewed (u³: mostly small, now and then large), shared by the two
// upper bands of a channel (a distant drop is broadband) but independent between the
// channels. This gives the high-band envelopes the heavier tail and the cross-band
// co-modulation of recorded rain, which plain coloured noise lacks (McDermott &
// Simoncelli, "Sound texture perception via statistics of the auditory periphery",
// Neuron 71, 2011: envelope kurtosis and cross-band correlations are what tell rain
// from noise). The lower two bands swell instead (every kSwellSeconds, shared by both
// channels: heavier drops thud nearby and low frequencies reach both ears alike). Both
// modulations are normalised to unit mean power: they change the texture, not the
// level. Gains hold between grain boundaries: stepping the gain of white noise before
// its band filters is inaudible (the noise is independent from sample to sample
// anyway), so no ramps are needed.
//
// Near drops' splashes ride on the upper bands (splash_envelopes.hpp): their envelopes
// arrive per frame and add to those bands' gains.
//
// Cost: the lower bands (below 1.4 kHz) run at half the sample rate and are linearly
// interpolated; the interpolation's images sit within 1.4 kHz of half the sample rate
// (above 20 kHz at every supported rate), 40 dB down or more.
//
// Lanes: register A = (rumble L, rumble R, body L, body R), B = (hiss L, hiss R, air L,
// air R); the sum A + B folds to left = lanes 0 + 2 and right = lanes 1 + 3.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/lane_noise.hpp"

namespace tingle::synth {

class RainBed {
 public:
  static constexpr int kBands = 4;
  // Band edges, Hz: rumble | body | hiss | air (the air band's top is Nyquist's).
  static constexpr double kEdgesHz[kBands + 1] = {40.0, 350.0, 1400.0, 5000.0, 16000.0};
  // Flicker grains of 4 ms: distant drops land a few hundred times a second per ear.
  static constexpr double kGrainSeconds = 0.004;
  // Swells of the low roar: heavier nearby drops, a few dozen per second.
  static constexpr double kSwellSeconds = 0.04;
  // Skew of the modulations: gain ∝ u^power for u uniform (mostly small, sometimes large).
  static constexpr double kFlickerPower = 3.0;
  static constexpr double kSwellPower = 2.0;

  static_assert(kBlockFrames % 2 == 0, "the lower bands run at half rate, in frame pairs");

  // flicker_depth, swell_depth in [0, 1]: share of the upper (lower) bands' amplitude
  // that flickers (swells).
  void Prepare(std::uint64_t seed, double sample_rate, double flicker_depth, double swell_depth) {
    noise_.Seed(StreamSeed(seed, "bed:noise"));
    grains_.Seed(StreamSeed(seed, "bed:grains"));
    const double half_rate = 0.5 * sample_rate;
    const auto coefficient = [](double hz, double rate) {
      return static_cast<float>(1.0 - std::exp(-kTwoPi * std::fmin(hz, 0.45 * rate) / rate));
    };
    float hp[kBands], lp[kBands];
    for (int band = 0; band < kBands; ++band) {
      const double rate = band < 2 ? half_rate : sample_rate;
      hp[band] = coefficient(kEdgesHz[band], rate);
      lp[band] = coefficient(kEdgesHz[band + 1], rate);
      // Scale each band to unit RMS: uniform noise has variance 1/3.
      unit_[band] = 1.0 / std::sqrt(PowerGain(hp[band], lp[band], rate, band < 2) / 3.0);
    }
    const float raw_b = dsp::LaneNoise::kPairRawToUnit;
    upper_unit_ = dsp::Float4{static_cast<float>(unit_[2]), static_cast<float>(unit_[2]),
                              static_cast<float>(unit_[3]), static_cast<float>(unit_[3])} *
                  raw_b;
    high_pass_a_ = dsp::Float4{hp[0], hp[0], hp[1], hp[1]};
    high_pass_b_ = dsp::Float4{hp[2], hp[2], hp[3], hp[3]};
    low_pass_a_ = dsp::Float4{lp[0], lp[0], lp[1], lp[1]};
    low_pass_b_ = dsp::Float4{lp[2], lp[2], lp[3], lp[3]};
    // Whole frame pairs, so segments start on the half-rate grid.
    grain_frames_ = 2 * std::max(1, static_cast<int>(std::lround(kGrainSeconds * half_rate)));
    swell_frames_ = 2 * std::max(1, static_cast<int>(std::lround(kSwellSeconds * half_rate)));
    flicker_ = SkewedGain(flicker_depth, kFlickerPower);
    swell_gain_ = SkewedGain(swell_depth, kSwellPower);
    Reset();
  }

  void Reset() {
    smooth_a_ = smooth_b_ = low1_a_ = low1_b_ = low2_a_ = low2_b_ = previous_a_ = dsp::Float4{};
    grain_ = swell_ = dsp::Float4{};
    grain_left_ = swell_left_ = 0;
  }

  // Per-lane factor that turns an RMS level in the upper bands (hiss L, hiss R, air L,
  // air R) into a gain on their noise, for envelopes passed to Render.
  dsp::Float4 upper_unit() const { return upper_unit_; }

  // Writes one block of bed to left/right (overwriting them). band_rms: each band's RMS
  // per channel (full scale = 1) for this block. upper: per frame, an extra gain on the
  // upper bands' noise (lanes hiss L, hiss R, air L, air R, already multiplied by
  // upper_unit()), kBlockFrames registers.
  void Render(float* left, float* right, const std::array<double, kBands>& band_rms,
              const dsp::Float4* upper) noexcept {
    const auto g = [&](int band, float raw) {
      return static_cast<float>(band_rms[band] * unit_[band]) * raw;
    };
    const float raw_a = dsp::LaneNoise::kRawToUnit;
    const float raw_b = dsp::LaneNoise::kPairRawToUnit;
    const dsp::Float4 gain_a{g(0, raw_a), g(0, raw_a), g(1, raw_a), g(1, raw_a)};
    const dsp::Float4 gain_b{g(2, raw_b), g(2, raw_b), g(3, raw_b), g(3, raw_b)};
    const dsp::Float4 hp_a = high_pass_a_, hp_b = high_pass_b_;
    const dsp::Float4 lp_a = low_pass_a_, lp_b = low_pass_b_;
    const dsp::Float4 keep_hp_a = 1.0f - hp_a, keep_hp_b = 1.0f - hp_b;
    const dsp::Float4 keep_lp_a = 1.0f - lp_a, keep_lp_b = 1.0f - lp_b;
    dsp::Float4 smooth_a = smooth_a_, smooth_b = smooth_b_;
    dsp::Float4 low1_a = low1_a_, low1_b = low1_b_, low2_a = low2_a_, low2_b = low2_b_;
    dsp::Float4 previous_a = previous_a_;
    dsp::Float4 sums[kBlockFrames];
    int i = 0;
    while (i < kBlockFrames) {
      if (grain_left_ == 0) {
        const float g_left = flicker_.Gain(grains_.UnitFloat());
        const float g_right = flicker_.Gain(grains_.UnitFloat());
        grain_ = dsp::Float4{g_left, g_right, g_left, g_right};
        grain_left_ = grain_frames_;
      }
      if (swell_left_ == 0) {
        swell_ = dsp::Broadcast(swell_gain_.Gain(grains_.UnitFloat()));
        swell_left_ = swell_frames_;
      }
      const int end = i + std::min(std::min(grain_left_, swell_left_), kBlockFrames - i);
      grain_left_ -= end - i;
      swell_left_ -= end - i;
      const dsp::Float4 segment_a = gain_a * swell_;
      const dsp::Float4 segment_b = gain_b * grain_;
      for (; i < end; i += 2) {
        // Lower bands: one half-rate sample, heard at frame i + 1 and interpolated at i.
        // y = (1 - a) y + a x: one multiply and one add on each recursion; every band
        // has two low-passes (12 dB/oct), so none leaks far into the next.
        const dsp::Float4 x_a = noise_.NextRaw() * segment_a;
        smooth_a = keep_hp_a * smooth_a + hp_a * x_a;
        low1_a = keep_lp_a * low1_a + lp_a * (x_a - smooth_a);
        low2_a = keep_lp_a * low2_a + lp_a * low1_a;
        const dsp::Float4 between_a = 0.5f * (previous_a + low2_a);
        previous_a = low2_a;
        // Upper bands at full rate: two frames from one draw.
        dsp::Float4 noise_0, noise_1;
        noise_.NextPairRaw(noise_0, noise_1);
        const dsp::Float4 x_0 = noise_0 * (segment_b + upper[i]);
        smooth_b = keep_hp_b * smooth_b + hp_b * x_0;
        low1_b = keep_lp_b * low1_b + lp_b * (x_0 - smooth_b);
        low2_b = keep_lp_b * low2_b + lp_b * low1_b;
        sums[i] = between_a + low2_b;
        const dsp::Float4 x_1 = noise_1 * (segment_b + upper[i + 1]);
        smooth_b = keep_hp_b * smooth_b + hp_b * x_1;
        low1_b = keep_lp_b * low1_b + lp_b * (x_1 - smooth_b);
        low2_b = keep_lp_b * low2_b + lp_b * low1_b;
        sums[i + 1] = low2_a + low2_b;
      }
    }
    for (int f = 0; f < kBlockFrames; f += 4) {
      const dsp::Float4 ab = __builtin_shufflevector(sums[f], sums[f + 1], 0, 1, 4, 5) +
                             __builtin_shufflevector(sums[f], sums[f + 1], 2, 3, 6, 7);
      const dsp::Float4 cd = __builtin_shufflevector(sums[f + 2], sums[f + 3], 0, 1, 4, 5) +
                             __builtin_shufflevector(sums[f + 2], sums[f + 3], 2, 3, 6, 7);
      const dsp::Float4 l = __builtin_shufflevector(ab, cd, 0, 2, 4, 6);
      const dsp::Float4 r = __builtin_shufflevector(ab, cd, 1, 3, 5, 7);
      std::memcpy(left + f, &l, sizeof l);
      std::memcpy(right + f, &r, sizeof r);
    }
    smooth_a_ = smooth_a;
    smooth_b_ = smooth_b;
    low1_a_ = low1_a;
    low1_b_ = low1_b;
    low2_a_ = low2_a;
    low2_b_ = low2_b;
    previous_a_ = previous_a;
  }

 private:
  // Output power of a band's filters (high-pass, two low-passes, coefficients hp and lp
  // at `rate`) for white noise of unit variance, from the energy of their impulse
  // response; `interpolated` bands run at half rate and are linearly interpolated, which
  // averages h[n]² with ((h[n] + h[n+1]) / 2)².
  static double PowerGain(float hp_coefficient, float lp_coefficient, double rate,
                          bool interpolated) {
    const auto hp = static_cast<double>(hp_coefficient), lp = static_cast<double>(lp_coefficient);
    const auto frames = static_cast<int>(kPowerGainSeconds * rate);
    double smooth = 0.0, low1 = 0.0, low2 = 0.0, previous = 0.0;
    double energy = 0.0, lag_product = 0.0;
    for (int n = 0; n < frames; ++n) {
      const double x = n == 0 ? 1.0 : 0.0;
      smooth += hp * (x - smooth);
      low1 += lp * ((x - smooth) - low1);
      low2 += lp * (low1 - low2);
      energy += low2 * low2;
      lag_product += low2 * previous;
      previous = low2;
    }
    return interpolated ? 0.5 * (energy + 0.5 * (energy + lag_product)) : energy;
  }

  // Long enough for the slowest pole (40 Hz, a 4 ms time constant) to decay by 100 dB.
  static constexpr double kPowerGainSeconds = 0.1;

  // gain = ((1 - depth) + depth g) / norm with g = sqrt(2 p + 1) u^p: E[g²] = 1 and
  // E[g] = sqrt(2 p + 1) / (p + 1), so E[gain²] = 1.
  struct SkewedGain {
    float depth = 0.0f;
    float power = 1.0f;
    float scale = 1.0f;  // sqrt(2 p + 1)
    float norm = 1.0f;

    SkewedGain() = default;
    SkewedGain(double depth_in, double power_in)
        : depth(static_cast<float>(depth_in)),
          power(static_cast<float>(power_in)),
          scale(static_cast<float>(std::sqrt(2.0 * power_in + 1.0))) {
      const double mean_g = std::sqrt(2.0 * power_in + 1.0) / (power_in + 1.0);
      const double mean_square = (1.0 - depth_in) * (1.0 - depth_in) +
                                 2.0 * depth_in * (1.0 - depth_in) * mean_g + depth_in * depth_in;
      norm = static_cast<float>(1.0 / std::sqrt(mean_square));
    }

    float Gain(float u) const {
      return ((1.0f - depth) + depth * scale * std::pow(u, power)) * norm;
    }
  };

  dsp::LaneNoise noise_;
  Pcg32 grains_;
  double unit_[kBands] = {};
  SkewedGain flicker_;
  SkewedGain swell_gain_;
  int grain_frames_ = 192;
  int grain_left_ = 0;
  int swell_frames_ = 1920;
  int swell_left_ = 0;
  dsp::Float4 upper_unit_{};
  dsp::Float4 high_pass_a_{}, high_pass_b_{}, low_pass_a_{}, low_pass_b_{};
  dsp::Float4 smooth_a_{}, smooth_b_{}, low1_a_{}, low1_b_{}, low2_a_{}, low2_b_{}, previous_a_{};
  dsp::Float4 grain_{}, swell_{};
};

}  // namespace tingle::synth
