// One crackle: a snap (a very short noise burst) heard directly and through a few
// resonances of the sheet around the snapping ridge.
//
// Source–filter split as in SDT's impact models (control → interaction → resonator):
// the burst is the interaction (a ridge snapping through releases its energy in tens
// of µs to a millisecond), a small modal bank is the resonator (modal synthesis, van den
// Doel & Pai 2003; four modes in SIMD lanes, dsp/modal_quad.hpp). Each mode gets gain
// ∝ sqrt(1 - r²) so that, whatever its decay, every mode carries about the same energy
// for the same burst: a ringing foil snap is not louder than a dull paper one, only
// longer. The direct path is high-passed so a voice never leaves DC behind.
//
// A voice starts at any frame inside a block (sample-accurate), renders block by block
// and reports when it has decayed below audibility, so idle voices cost nothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/modal_quad.hpp"

namespace tingle::synth {

// Everything that defines one crackle; filled by the texture from the event's draws.
struct CrackleSound {
  static constexpr int kMaxModes = 4;
  double amplitude = 0.0;   // peak of the burst, full scale = 1
  double burst_s = 0.0003;  // e-folding time of the burst
  double excitation_cutoff_hz = 8000.0;
  double direct_gain = 0.5;  // the snap heard directly
  double mode_gain = 1.0;    // the resonances, relative to the burst's energy
  int mode_count = 3;
  double mode_hz[kMaxModes] = {};
  double mode_t60_s[kMaxModes] = {};
  double mode_weight[kMaxModes] = {};  // relative energy of each mode, 0..1
  double left_gain = 0.7071;
  double right_gain = 0.7071;
  std::uint64_t noise_seed = 0;
};

class CrackleVoice {
 public:
  // Sleep once every state is below this (-70 dBFS): far under the rustle bed, and
  // inaudible even after loudness normalisation lifts a quiet layer by 20 dB.
  static constexpr float kSilence = 3.0e-4f;
  // The burst stops when its envelope has fallen by 60 dB.
  static constexpr double kBurstSpanDecays = 6.907755;  // ln(1000)
  // Corner of the high-pass on the direct path: keeps the snap DC-free.
  static constexpr double kDirectHighPassHz = 150.0;

  bool active() const { return active_; }
  // A rough current level, for choosing which voice to steal.
  float loudness() const { return loudness_; }

  // Starts the crackle `offset` frames into the next rendered block. sample_rate in Hz.
  void Start(const CrackleSound& sound, int offset, double sample_rate) {
    active_ = true;
    offset_ = offset;
    noise_.Seed(sound.noise_seed);
    envelope_ = static_cast<float>(sound.amplitude);
    burst_decay_ = static_cast<float>(std::exp(-1.0 / (sound.burst_s * sample_rate)));
    burst_frames_left_ =
        static_cast<int>(std::ceil(sound.burst_s * kBurstSpanDecays * sample_rate));
    const double cutoff = std::fmin(sound.excitation_cutoff_hz, 0.45 * sample_rate);
    excitation_coefficient_ = static_cast<float>(1.0 - std::exp(-kTwoPi * cutoff / sample_rate));
    direct_coefficient_ =
        static_cast<float>(1.0 - std::exp(-kTwoPi * kDirectHighPassHz / sample_rate));
    excitation_ = 0.0f;
    direct_low_ = 0.0f;
    direct_gain_ = static_cast<float>(sound.direct_gain);
    left_gain_ = static_cast<float>(sound.left_gain);
    right_gain_ = static_cast<float>(sound.right_gain);
    modes_.Reset();
    for (int m = 0; m < CrackleSound::kMaxModes; ++m) {
      if (m >= sound.mode_count) {
        modes_.mute_mode(m);
        continue;
      }
      const double radius = T60ToPoleRadius(sound.mode_t60_s[m], sample_rate);
      const double gain = std::sqrt(sound.mode_weight[m] * (1.0 - radius * radius));
      modes_.set_mode(m, sound.mode_hz[m], sound.mode_t60_s[m], gain * sound.mode_gain,
                      sample_rate);
    }
    loudness_ = envelope_;
  }

  // Adds this block of the voice into left/right (kBlockFrames each). Returns false once
  // the voice has fallen silent (it is then idle until the next Start).
  bool Render(float* left, float* right) noexcept {
    // Hot state in locals for the sample loops.
    dsp::ModalQuad modes = modes_;
    float excitation = excitation_;
    float low = direct_low_;
    float envelope = envelope_;
    const float a_exc = excitation_coefficient_;
    const float a_low = direct_coefficient_;
    const float direct = direct_gain_;
    const float gain_l = left_gain_;
    const float gain_r = right_gain_;
    const float keep_exc = 1.0f - a_exc;
    const float keep_low = 1.0f - a_low;
    // y = (1 - a) y + a x keeps one multiply and one add on each recursion.
    const auto tick = [&](int i) {
      low = keep_low * low + a_low * excitation;
      const float y = direct * (excitation - low) + modes.Tick(excitation);
      left[i] += gain_l * y;
      right[i] += gain_r * y;
    };
    int i = offset_;
    offset_ = 0;
    // The snap: noise under a fast exponential envelope, low-passed.
    const int burst_end = i + std::min(burst_frames_left_, kBlockFrames - i);
    burst_frames_left_ -= burst_end - i;
    for (; i < burst_end; ++i) {
      excitation = keep_exc * excitation + a_exc * (noise_.SignedFloat() * envelope);
      envelope *= burst_decay_;
      tick(i);
    }
    // The ring: the low-pass empties into the resonances.
    for (; i < kBlockFrames; ++i) {
      excitation *= keep_exc;
      tick(i);
    }
    modes_ = modes;
    excitation_ = excitation;
    direct_low_ = low;
    envelope_ = envelope;
    const float energy = modes.Energy() + excitation * excitation + low * low;
    loudness_ = energy;
    active_ = burst_frames_left_ > 0 || energy > kSilence * kSilence;
    return active_;
  }

 private:
  dsp::ModalQuad modes_;
  Pcg32 noise_;
  bool active_ = false;
  int offset_ = 0;
  int burst_frames_left_ = 0;
  float envelope_ = 0.0f;
  float burst_decay_ = 0.0f;
  float excitation_coefficient_ = 1.0f;
  float direct_coefficient_ = 0.0f;
  float excitation_ = 0.0f;
  float direct_low_ = 0.0f;
  float direct_gain_ = 0.0f;
  float left_gain_ = 0.0f;
  float right_gain_ = 0.0f;
  float loudness_ = 0.0f;
};

}  // namespace tingle::synth
