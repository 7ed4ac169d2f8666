// The tick and splash of every near drop, as one envelope over the bed's upper bands.
//
// A drop's splash is a burst of noise (the crown of droplets it throws up, each a tiny
// impact of its own), and a hard surface adds a sub-millisecond tick (the first
// "water-hammer" instant of the contact). Such bursts have the colour of the bed's
// hiss and air bands (1.4–16 kHz), which are themselves made of distant splashes, so a
// near drop does not filter noise of its own: its envelope raises the bed's upper bands
// for a moment, in its place in the stereo field.
//
// Each envelope is a sum of exponentials, tick e^(-t/τ_tick) + short e^(-t/τ_short) +
// long e^(-t/τ_long) - (short + long) e^(-t/τ_attack): the attack term rises the splash
// smoothly from zero (a gamma-like burst), and a drop's size shares its splash between
// the short and the long decay. The time constants belong to the surface, not to the
// drop, and exponentials of one rate add into one exponential of that rate, so all
// drops' envelopes together are four decaying states: each drop adds its amplitudes to
// them at its first frame, and the cost per frame is the same for one drop or a
// thousand (the superposition that also lets SDT's fluid models run many bubbles).
//
// Lanes of every register: (hiss left, hiss right, air left, air right), as the bed's.
#pragma once

#include <cmath>

#include "core/block.hpp"
#include "dsp/float4.hpp"

namespace tingle::synth {

// Time constants of a surface's splashes, s.
struct SplashTimes {
  double tick_s = 0.0003;
  double attack_s = 0.001;
  double short_s = 0.004;
  double long_s = 0.012;
};

// One drop's tick and splash; levels are RMS of the band noise, full scale = 1.
struct SplashBurst {
  double tick_level = 0.0;    // in the air band
  double splash_level = 0.0;  // short + long
  double long_share = 0.5;    // of the splash on the long decay, 0..1
  double air_share = 0.5;     // of the splash in the air band, 0..1 (the rest: hiss)
  double left_gain = 0.7071;  // placement
  double right_gain = 0.7071;
};

class SplashEnvelopes {
 public:
  // lane_scale: the bed's factor from an RMS level to a noise gain, per lane.
  void Prepare(double sample_rate, const SplashTimes& times, dsp::Float4 lane_scale) {
    const auto keep = [&](double seconds) {
      return dsp::Broadcast(
          static_cast<float>(std::exp(-1.0 / (std::fmax(seconds, 1.0e-6) * sample_rate))));
    };
    tick_keep_ = keep(times.tick_s);
    attack_keep_ = keep(times.attack_s);
    short_keep_ = keep(times.short_s);
    long_keep_ = keep(times.long_s);
    lane_scale_ = lane_scale;
    Reset();
  }

  void Reset() { tick_ = attack_ = short_ = long_ = dsp::Float4{}; }

  // Adds a burst whose first frame is the next frame Process computes.
  void Start(const SplashBurst& burst) {
    const auto l = static_cast<float>(burst.left_gain);
    const auto r = static_cast<float>(burst.right_gain);
    const auto hiss = static_cast<float>(1.0 - burst.air_share);
    const auto air = static_cast<float>(burst.air_share);
    const dsp::Float4 place = dsp::Float4{hiss * l, hiss * r, air * l, air * r} * lane_scale_;
    const auto tick = static_cast<float>(burst.tick_level);
    const auto long_part = static_cast<float>(burst.splash_level * burst.long_share);
    const auto short_part = static_cast<float>(burst.splash_level) - long_part;
    tick_ += dsp::Float4{0.0f, 0.0f, tick * l, tick * r} * lane_scale_;
    short_ += short_part * place;
    long_ += long_part * place;
    attack_ += (short_part + long_part) * place;
  }

  // Writes frames [from, to) of the summed envelope into envelope (kBlockFrames
  // registers, lanes as above).
  void Process(dsp::Float4* envelope, int from, int to) {
    dsp::Float4 tick = tick_, attack = attack_, fast = short_, slow = long_;
    const dsp::Float4 tick_keep = tick_keep_, attack_keep = attack_keep_;
    const dsp::Float4 short_keep = short_keep_, long_keep = long_keep_;
    for (int i = from; i < to; ++i) {
      envelope[i] = (tick + (fast + slow)) - attack;
      tick *= tick_keep;
      attack *= attack_keep;
      fast *= short_keep;
      slow *= long_keep;
    }
    tick_ = tick;
    attack_ = attack;
    short_ = fast;
    long_ = slow;
  }

 private:
  dsp::Float4 lane_scale_{1.0f, 1.0f, 1.0f, 1.0f};
  dsp::Float4 tick_keep_{}, attack_keep_{}, short_keep_{}, long_keep_{};
  dsp::Float4 tick_{}, attack_{}, short_{}, long_{};
};

}  // namespace tingle::synth
