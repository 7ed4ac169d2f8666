// The object's dense upper modes, heard as noise whose bright end dies first.
//
// Past its first dozen or so modes an object's modal density is too high to resolve:
// impact sounds are well modelled as the resolved modes plus noise shaped by a filter
// whose damping grows with frequency, so the spectrum's upper edge slides down as the
// sound decays (Aramaki & Kronland-Martinet, "Analysis-synthesis of impact sounds by
// real-time dynamic filtering", IEEE TASLP 2006). With the loss model's decay rate
// sigma(f) = pi f eta + sigma_support, frequency f has fallen by 6 dB once
// pi f eta t = ln 2: a low-pass at f_c(t) = ln 2 / (pi eta t), under the contact's own
// band limit, on noise that decays at sigma_support.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/svf.hpp"

namespace tingle::synth {

class DenseResidual {
 public:
  void Prepare(std::uint64_t seed, double sample_rate) {
    noise_.Seed(seed);
    sample_rate_ = sample_rate;
    low_pass_.Reset();
    high_pass_.Reset();
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
    decay_ = static_cast<float>(std::exp(-support_decay_per_s / sample_rate_));
    high_pass_.set_f_q(std::min(bottom_hz, kHighestCutoff * sample_rate_) / sample_rate_,
                       dsp::kButterworthQ);
  }

  bool active() const { return envelope_ > kSilent; }

  // Adds the residual to out[from, to); the sliding cutoff is set once per call (at
  // most a block), which is fine-grained enough for a 1 / t glide.
  void Render(float* out, int from, int to) {
    if (!active()) return;
    // Mid-call time: the cutoff follows the decay on the block grid.
    const double t = elapsed_s_ + 0.5 * (to - from) / sample_rate_;
    const double edge_hz = t > 0.0 ? kLn2 / (kPi * loss_factor_ * t) : top_hz_;
    const double cutoff_hz = std::min({edge_hz, top_hz_, kHighestCutoff * sample_rate_});
    low_pass_.set_f_q(cutoff_hz / sample_rate_, dsp::kButterworthQ);
    float envelope = envelope_;
    for (int i = from; i < to; ++i) {
      const float excitation = noise_.SignedFloat() * envelope;
      envelope *= decay_;
      const float low = low_pass_.Process<dsp::FilterMode::kLowPass>(excitation);
      out[i] += high_pass_.Process<dsp::FilterMode::kHighPass>(low);
    }
    envelope_ = envelope;
    elapsed_s_ += (to - from) / sample_rate_;
  }

 private:
  static constexpr double kLn2 = 0.6931471805599453;
  static constexpr float kSilent = 3.0e-6f;  // -110 dBFS
  static constexpr double kHighestCutoff = 0.45;

  Pcg32 noise_;
  dsp::Svf low_pass_;
  dsp::Svf high_pass_;
  double sample_rate_ = 48000.0;
  double loss_factor_ = 0.01;
  double top_hz_ = 10000.0;
  double elapsed_s_ = 0.0;
  float envelope_ = 0.0f;
  float decay_ = 0.0f;
};

}  // namespace tingle::synth
