// Crinkling: a sheet crumpled by a hand: power-law snaps in avalanches, through the
// material's resonances, over a quiet rustle.
//
// Control → interaction → resonator, as in SDT: the gesture envelope (how hard the hand
// works) drives the crumple process (when snaps happen and how much energy each
// releases), each snap plays on a crackle voice from a fixed pool (burst + resonances),
// and a rustle bed follows the hand between snaps. A smooth saturator keeps the rare
// extreme snaps of the power law inside full scale.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/param_spec.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "synth/crinkling/crackle_voice.hpp"
#include "synth/crinkling/crinkle_material.hpp"
#include "synth/crinkling/crumple_process.hpp"
#include "synth/crinkling/gesture_envelope.hpp"
#include "synth/crinkling/rustle.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

struct CrinklingSettings {
  int material = 0;  // CrinkleMaterialKind
  Control intensity;
  int gesture = 0;  // Gesture
  Control gesture_period_s;
  Control crispness;
  Control size;
};

extern const std::span<const ParamSpec<CrinklingSettings>> kCrinklingParams;

class Crinkling final : public Texture {
 public:
  // Snaps that may sound at once; when all are busy the quietest is taken over.
  static constexpr int kMaxVoices = 32;
  // Energy of the largest snap over the smallest: 30 dB of amplitude.
  static constexpr double kEnergyRange = 1.0e3;

  explicit Crinkling(const CrinklingSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

  // The model of the event stream this texture plays, for tests and tools: the crumple
  // model at the given `size` (0..1).
  static CrumpleModel ModelFor(CrinkleMaterialKind material, double size);

 private:
  // Values derived once per block from the controls.
  struct BlockShape {
    double level;           // burst amplitude of the largest snap
    double burst_factor;    // scales the material's burst time (crispness)
    double cutoff_factor;   // scales the material's excitation cutoff (crispness)
    double direct_factor;   // scales the direct snap (crispness)
    double frequency_factor;  // scales resonances (size)
    double stereo_spread;   // how far from the centre snaps may sit, 0..1 (size)
  };

  void StartCrackle(const CrumpleEvent& event, int offset, const BlockShape& shape) noexcept;
  CrackleVoice& FreeVoice() noexcept;

  CrinklingSettings settings_;
  CrinkleMaterialKind material_kind_;
  const CrinkleMaterial* material_;
  double sample_rate_ = 48000.0;
  std::uint64_t sound_seed_ = 0;
  double phase_ = 0.0;  // gesture cycles at the start of the next block
  GestureEnvelope gesture_;
  CrumpleProcess process_;
  Rustle rustle_;
  dsp::SoftKneeSaturator saturator_;
  std::array<CrackleVoice, kMaxVoices> voices_;
};

}  // namespace tingle::synth
