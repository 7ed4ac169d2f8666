// The noise of contact itself: a short decaying noise burst through a band-pass.
//
// A real tap is more than the object's modes: the striker's own surface (the nail plate,
// the skin of the pad) and the local deformation at the contact radiate a brief
// broadband transient before the modes take over; modal synthesis adds it as a short
// noise residual (Cook, "Real Sound Synthesis for Interactive Applications", 2002; van
// den Doel, Kry & Pai, "FoleyAutomatic", SIGGRAPH 2001). Its band sits near 1 / contact
// time, so a nail ticks and a fingertip thuds.
#pragma once

#include <cstdint>

#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/svf.hpp"

namespace tingle::synth {

class ContactClick {
 public:
  void Prepare(std::uint64_t seed, double sample_rate) {
    noise_.Seed(seed);
    sample_rate_ = sample_rate;
    band_.Reset();
    envelope_ = 0.0f;
  }

  // Starts a burst at the next rendered sample. level: peak of the noise before the
  // band-pass (output units); decay_s: time constant; centre_hz: band centre; q > 0.
  void Strike(float level, double decay_s, double centre_hz, double q) {
    envelope_ = level;
    decay_ = static_cast<float>(std::exp(-1.0 / (decay_s * sample_rate_)));
    const double highest = kHighestCentre * sample_rate_;
    band_.set_f_q((centre_hz < highest ? centre_hz : highest) / sample_rate_, q);
  }

  bool active() const { return envelope_ > kSilent; }

  // Adds the burst to out[from, to).
  void Render(float* out, int from, int to) {
    if (!active()) return;
    float envelope = envelope_;
    for (int i = from; i < to; ++i) {
      const float excitation = noise_.SignedFloat() * envelope;
      envelope *= decay_;
      out[i] += band_.Process<dsp::FilterMode::kBandPass>(excitation);
    }
    envelope_ = envelope;
  }

 private:
  // Below this the burst is over (-110 dBFS); the band-pass's state is tinier still.
  static constexpr float kSilent = 3.0e-6f;
  // Keep the band centre well below Nyquist, where the TPT warp would squash it.
  static constexpr double kHighestCentre = 0.4;

  Pcg32 noise_;
  dsp::Svf band_;
  double sample_rate_ = 48000.0;
  float envelope_ = 0.0f;
  float decay_ = 0.0f;
};

}  // namespace tingle::synth
