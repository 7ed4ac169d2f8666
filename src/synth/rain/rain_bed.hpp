// The bed: the roar of countless distant drops, too many and too faint to tell apart.
//
// Four bands of noise per channel (rumble, body, hiss, air), each a one-pole high-pass
// and two one-pole low-passes over its own white noise (16-bit draws
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
// Cost: the eight filter lanes run as one register of eight (two of four where the CPU
// has no AVX2), one frame a step, on 16-bit noise (two draws from each lane of one
// xorshift step: the upper halves feed the lower bands, the lower halves the upper
// bands). Each lane's chain is written in a scaled form: its three one-poles' input
// weights (lp, lp and 1 - hp after the high-pass) are folded into the band's gain, so
// a step is a multiply and an add on each recursion and nothing else:
//   d = x - s, s += hp d (the high-pass's low-pass: x - s' = (1 - hp) d),
//   u1 = (1 - lp) u1 + d, u2 = (1 - lp) u2 + u1, and u2 × lp² (1 - hp) is the band.
// (Until session 24 the lower bands ran at half rate in a register of their own,
// linearly interpolated: more operations in all, and images near Nyquist.)
//
// Lanes: (rumble L, rumble R, body L, body R, hiss L, hiss R, air L, air R); left is the
// sum of the even lanes, right of the odd ones.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/float4.hpp"
#include "dsp/float8.hpp"
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

  // flicker_depth, swell_depth in [0, 1]: share of the upper (lower) bands' amplitude
  // that flickers (swells).
  void Prepare(std::uint64_t seed, double sample_rate, double flicker_depth, double swell_depth) {
    noise_.Seed(StreamSeed(seed, "bed:noise"));
    grains_.Seed(StreamSeed(seed, "bed:grains"));
    const auto coefficient = [&](double hz) {
      return static_cast<float>(1.0 - std::exp(-kTwoPi * std::fmin(hz, 0.45 * sample_rate) / sample_rate));
    };
    float hp[kBands], lp[kBands], weight[kBands];
    for (int band = 0; band < kBands; ++band) {
      hp[band] = coefficient(kEdgesHz[band]);
      lp[band] = coefficient(kEdgesHz[band + 1]);
      // The scaled chain's output weight (see above), folded into the band's gain.
      weight[band] = lp[band] * lp[band] * (1.0f - hp[band]);
      // Scale each band to unit RMS: uniform noise has variance 1/3.
      unit_[band] = static_cast<double>(weight[band]) /
                    std::sqrt(PowerGain(hp[band], lp[band], sample_rate) / 3.0);
    }
    const float raw = dsp::LaneNoise::kPairRawToUnit;
    upper_unit_ = dsp::Float4{static_cast<float>(unit_[2]), static_cast<float>(unit_[2]),
                              static_cast<float>(unit_[3]), static_cast<float>(unit_[3])} *
                  raw;
    high_pass_low_ = dsp::Float4{hp[0], hp[0], hp[1], hp[1]};
    high_pass_high_ = dsp::Float4{hp[2], hp[2], hp[3], hp[3]};
    keep_low_ = 1.0f - dsp::Float4{lp[0], lp[0], lp[1], lp[1]};
    keep_high_ = 1.0f - dsp::Float4{lp[2], lp[2], lp[3], lp[3]};
    grain_frames_ = std::max(1, static_cast<int>(std::lround(kGrainSeconds * sample_rate)));
    swell_frames_ = std::max(1, static_cast<int>(std::lround(kSwellSeconds * sample_rate)));
    flicker_ = SkewedGain(flicker_depth, kFlickerPower);
    swell_gain_ = SkewedGain(swell_depth, kSwellPower);
    Reset();
  }

  void Reset() {
    smooth_low_ = smooth_high_ = first_low_ = first_high_ = second_low_ = second_high_ = dsp::Float4{};
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
    const float raw = dsp::LaneNoise::kPairRawToUnit;
    const auto g = [&](int band) { return static_cast<float>(band_rms[band] * unit_[band]) * raw; };
    const dsp::Float4 gain_low{g(0), g(0), g(1), g(1)};
    const dsp::Float4 gain_high{g(2), g(2), g(3), g(3)};
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
      if (dsp::CpuHasAvx2()) {
        FilterEightWide(i, end, gain_low * swell_, gain_high * grain_, upper, sums);
      } else {
        FilterFourWide(i, end, gain_low * swell_, gain_high * grain_, upper, sums);
      }
      i = end;
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
  }

 private:
  // Frames [first_frame, end) of the lanes into sums (the lower and upper bands' sum per frame),
  // the bands' gains constant but for the upper bands' per-frame extra. Two builds with
  // the same operations lane for lane, so the same bits: eight lanes a step in a 256-bit
  // register where the CPU has AVX2 (a baseline build of the same code splits it into
  // 128-bit halves badly, 10 % slower than writing the halves out), four otherwise.
  void FilterEightWide(int first_frame, int end, dsp::Float4 segment_low, dsp::Float4 segment_high,
                       const dsp::Float4* upper, dsp::Float4* sums) noexcept {
    const dsp::Float8 hp = TINGLE_FLOAT8_JOIN(high_pass_low_, high_pass_high_);
    const dsp::Float8 keep = TINGLE_FLOAT8_JOIN(keep_low_, keep_high_);
    const dsp::Float8 segment = TINGLE_FLOAT8_JOIN(segment_low, segment_high);
    dsp::Float8 smooth = TINGLE_FLOAT8_JOIN(smooth_low_, smooth_high_);
    dsp::Float8 first = TINGLE_FLOAT8_JOIN(first_low_, first_high_);
    dsp::Float8 second = TINGLE_FLOAT8_JOIN(second_low_, second_high_);
    const dsp::Float4 zero{};
    for (int i = first_frame; i < end; ++i) {
      dsp::Float4 noise_low, noise_high;
      noise_.NextPairRaw(noise_low, noise_high);
      const dsp::Float8 x =
          TINGLE_FLOAT8_JOIN(noise_low, noise_high) * (segment + TINGLE_FLOAT8_JOIN(zero, upper[i]));
      const dsp::Float8 d = x - smooth;
      smooth += hp * d;
      first = keep * first + d;
      second = keep * second + first;
      sums[i] = TINGLE_FLOAT8_LOW(second) + TINGLE_FLOAT8_HIGH(second);
    }
    smooth_low_ = TINGLE_FLOAT8_LOW(smooth);
    smooth_high_ = TINGLE_FLOAT8_HIGH(smooth);
    first_low_ = TINGLE_FLOAT8_LOW(first);
    first_high_ = TINGLE_FLOAT8_HIGH(first);
    second_low_ = TINGLE_FLOAT8_LOW(second);
    second_high_ = TINGLE_FLOAT8_HIGH(second);
  }

  void FilterFourWide(int first_frame, int end, dsp::Float4 segment_low, dsp::Float4 segment_high,
                      const dsp::Float4* upper, dsp::Float4* sums) noexcept {
    const dsp::Float4 hp_low = high_pass_low_, hp_high = high_pass_high_;
    const dsp::Float4 keep_low = keep_low_, keep_high = keep_high_;
    dsp::Float4 smooth_low = smooth_low_, smooth_high = smooth_high_;
    dsp::Float4 first_low = first_low_, first_high = first_high_;
    dsp::Float4 second_low = second_low_, second_high = second_high_;
    // The eight-wide build adds the upper bands' extra to every lane, zero to the lower
    // ones; so does this (x + 0 is x, but -0 + 0 is +0), for the same bits.
    const dsp::Float4 gain_low = segment_low + 0.0f;
    for (int i = first_frame; i < end; ++i) {
      dsp::Float4 noise_low, noise_high;
      noise_.NextPairRaw(noise_low, noise_high);
      const dsp::Float4 x_low = noise_low * gain_low;
      const dsp::Float4 x_high = noise_high * (segment_high + upper[i]);
      const dsp::Float4 d_low = x_low - smooth_low, d_high = x_high - smooth_high;
      smooth_low += hp_low * d_low;
      smooth_high += hp_high * d_high;
      first_low = keep_low * first_low + d_low;
      first_high = keep_high * first_high + d_high;
      second_low = keep_low * second_low + first_low;
      second_high = keep_high * second_high + first_high;
      sums[i] = second_low + second_high;
    }
    smooth_low_ = smooth_low;
    smooth_high_ = smooth_high;
    first_low_ = first_low;
    first_high_ = first_high;
    second_low_ = second_low;
    second_high_ = second_high;
  }

  // Output power of a band's filters (high-pass, two low-passes, coefficients hp and lp
  // at `rate`) for white noise of unit variance, from the energy of their impulse
  // response.
  static double PowerGain(float hp_coefficient, float lp_coefficient, double rate) {
    const auto hp = static_cast<double>(hp_coefficient), lp = static_cast<double>(lp_coefficient);
    const auto frames = static_cast<int>(kPowerGainSeconds * rate);
    double smooth = 0.0, low1 = 0.0, low2 = 0.0;
    double energy = 0.0;
    for (int n = 0; n < frames; ++n) {
      const double x = n == 0 ? 1.0 : 0.0;
      smooth += hp * (x - smooth);
      low1 += lp * ((x - smooth) - low1);
      low2 += lp * (low1 - low2);
      energy += low2 * low2;
    }
    return energy;
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
  // Lanes 0-3 (the lower bands) and 4-7 (the upper ones) of the eight-lane register.
  dsp::Float4 high_pass_low_{}, high_pass_high_{}, keep_low_{}, keep_high_{};
  dsp::Float4 smooth_low_{}, smooth_high_{}, first_low_{}, first_high_{}, second_low_{}, second_high_{};
  dsp::Float4 grain_{}, swell_{};
};

}  // namespace tingle::synth
