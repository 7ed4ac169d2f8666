// The object's dense upper modes, heard as noise whose bright end dies first.
//
// Past its first dozen or so modes an object's modal density is too high to resolve:
// impact sounds are well modelled as the resolved modes plus noise shaped by a filter
// whose damping grows with frequency, so the spectrum's upper edge slides down as the
// sound decays (Aramaki & Kronland-Martinet, "Analysis-synthesis of impact sounds by
// real-time dynamic filtering", IEEE TASLP 2006). With the loss model's decay rate
// sigma(f) = pi f eta + sigma_support, frequency f has fallen by 6 dB once
// pi f eta t = ln 2: a band from the first dense modes up to f_c(t) = ln 2 / (pi eta t)
// (under the contact's own band limit), on noise that decays at sigma_support. Two
// one-pole low-passes at the sliding edge (12 dB/oct: above the edge the modes are gone)
// and a one-pole high-pass at the first dense modes span it (short recursions: cheap),
// so as the band closes its energy shrinks with it. Once that edge has slid below the
// dense region the residual has nothing left to say and fades out within milliseconds.
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

namespace tingle::synth {

class DenseResidual {
 public:
  void Prepare(std::uint64_t seed, double sample_rate) {
    noise_state_ = seed;
    sample_rate_ = sample_rate;
    below_top_ = {0.0f, 0.0f};
    below_bottom_ = 0.0f;
    envelope_ = 0.0f;
  }

  // Starts the residual of one tap at the next rendered sample. level: noise peak
  // (output units); loss_factor, support_decay_per_s: the material's loss model;
  // top_hz: the contact's band limit; bottom_hz: below this the object has no dense modes.
  void Strike(float level, double loss_factor, double support_decay_per_s, double top_hz,
              double bottom_hz) {
    envelope_ = level;
    loss_factor_ = loss_factor;
    top_hz_ = top_hz;
    elapsed_s_ = 0.0;
    decay_ = std::exp(-support_decay_per_s / sample_rate_);
    fade_out_ = std::exp(-1.0 / (kFadeOutS * sample_rate_));
    bottom_hz_ = std::min(bottom_hz, kHighestCutoff * sample_rate_);
    bottom_ = OnePole(bottom_hz_);
  }

  bool active() const { return envelope_ > kSilent; }

  // Adds the residual to out[from, to); the sliding cutoff is set once per call (at
  // most a block), which is fine-grained enough for a 1 / t glide.
  void Render(float* out, int from, int to) {
    if (!active() || to <= from) return;
    // Mid-call time: the cutoff follows the decay on the block grid.
    const double t = elapsed_s_ + 0.5 * (to - from) / sample_rate_;
    const double edge_hz = t > 0.0 ? kLn2 / (kPi * loss_factor_ * t) : top_hz_;
    const double cutoff_hz = std::min({edge_hz, top_hz_, kHighestCutoff * sample_rate_});
    const Pole top = OnePole(cutoff_hz);
    // Past the dense region: fade out (kFadeOutS time constant) rather than stop dead.
    const double decay = cutoff_hz < bottom_hz_ ? decay_ * fade_out_ : decay_;

    // The enveloped noise first: one SplitMix64 draw gives four 16-bit samples.
    const int size = to - from;
    float excitation[kBlockFrames + 4];
    const auto decay_1 = static_cast<float>(decay);
    const auto decay_2 = static_cast<float>(decay * decay);
    const Lanes powers = {1.0f, decay_1, decay_2, static_cast<float>(decay * decay * decay)};
    const auto decay_4 = static_cast<float>(decay * decay * decay * decay);
    float envelope = envelope_;
    std::uint64_t state = noise_state_;
    for (int i = 0; i < size; i += 4) {
      const std::uint64_t bits = SplitMix64(state);
      state += kGoldenGamma;
      Shorts shorts;
      std::memcpy(&shorts, &bits, sizeof shorts);
      const Lanes noise =
          __builtin_convertvector(shorts, Lanes) * (powers * (envelope * kFromInt16));
      std::memcpy(excitation + i, &noise, sizeof noise);
      // The envelope after exactly `size` samples: the last group may end early.
      envelope *= size - i >= 4 ? decay_4 : powers[size - i];
    }
    noise_state_ = state;
    envelope_ = envelope;

    // Then the band: two one-poles, y = d y + c x, stepped two samples at a time so only
    // one multiply-add per pair sits on each recursion.
    float first = below_top_[0];
    float second = below_top_[1];
    float below_bottom = below_bottom_;
    int i = 0;
    for (; i + 1 < size; i += 2) {
      const float first_1 = top.Step(first, excitation[i]);
      const float first_2 = top.TwoSteps(first, excitation[i], excitation[i + 1]);
      const float second_1 = top.Step(second, first_1);
      const float second_2 = top.TwoSteps(second, first_1, first_2);
      const float bottom_1 = bottom_.Step(below_bottom, second_1);
      const float bottom_2 = bottom_.TwoSteps(below_bottom, second_1, second_2);
      first = first_2;
      second = second_2;
      below_bottom = bottom_2;
      out[from + i] += second_1 - bottom_1;
      out[from + i + 1] += second_2 - bottom_2;
    }
    if (i < size) {
      first = top.Step(first, excitation[i]);
      second = top.Step(second, first);
      below_bottom = bottom_.Step(below_bottom, second);
      out[from + i] += second - below_bottom;
    }
    below_top_ = {first, second};
    below_bottom_ = below_bottom;
    elapsed_s_ += size / sample_rate_;
  }

 private:
  static constexpr double kLn2 = 0.6931471805599453;
  static constexpr float kSilent = 3.0e-6f;  // -110 dBFS
  static constexpr double kHighestCutoff = 0.45;
  static constexpr double kFadeOutS = 0.004;
  static constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;
  static constexpr float kFromInt16 = 1.0f / 32768.0f;

  using Lanes = dsp::Float4;
  using Shorts = std::int16_t __attribute__((vector_size(8)));

  // A one-pole low-pass y = d y + c x. TwoSteps gives y two samples on straight from y,
  // so only one multiply-add per pair of samples sits on the recursion.
  struct Pole {
    float coefficient;
    float decay;
    float decay_squared;
    float decay_coefficient;

    float Step(float y, float x) const { return decay * y + coefficient * x; }
    float TwoSteps(float y, float x_1, float x_2) const {
      return decay_squared * y + (decay_coefficient * x_1 + coefficient * x_2);
    }
  };

  Pole OnePole(double cutoff_hz) const {
    const double c = 1.0 - std::exp(-kTwoPi * cutoff_hz / sample_rate_);
    const double d = 1.0 - c;
    return {static_cast<float>(c), static_cast<float>(d), static_cast<float>(d * d),
            static_cast<float>(d * c)};
  }

  std::uint64_t noise_state_ = 0;     // SplitMix64 stream
  std::array<float, 2> below_top_{};  // the two low-pass states at the sliding edge
  float below_bottom_ = 0.0f;         // one-pole low-pass state at the bottom (subtracted)
  Pole bottom_ = {0.1f, 0.9f, 0.81f, 0.09f};
  double sample_rate_ = 48000.0;
  double loss_factor_ = 0.01;
  double top_hz_ = 10000.0;
  double bottom_hz_ = 100.0;
  double fade_out_ = 0.0;
  double elapsed_s_ = 0.0;
  float envelope_ = 0.0f;
  double decay_ = 0.0;
};

}  // namespace tingle::synth
