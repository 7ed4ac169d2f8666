// Crinkling: a sheet crumpled by a hand: power-law snaps in avalanches, through the
// material's resonances, over a quiet rustle.
//
// Control → interaction → resonator, as in SDT: the gesture envelope (how hard the hand
// works) drives the crumple process (when snaps happen and how much energy each
// releases), each snap plays on a crackle voice from a fixed pool (burst + resonances),
// and a rustle bed follows the hand between snaps. A smooth saturator keeps the rare
// extreme snaps of the power law inside full scale.
//
// Slow things (the gesture phase, the snaps) are replayed from frame 0 when the first
// block asked for is later, so a layer that starts late hears what a full render would.
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
#include "synth/crinkling/handling_rumble.hpp"
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
  // Energy of the largest snap over the smallest rendered one (25 dB of amplitude).
  // Real crumpling spans more decades, but snaps fainter than this merge into a dense
  // crackle: the rustle bed stands for them, and a voice is spent only on audible snaps.
  static constexpr double kEnergyRange = 3.0e2;

  explicit Crinkling(const CrinklingSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

  // The event stream this texture plays, for tests and tools: the crumple model at the
  // given `size` (0..1), and the fraction of its maximum avalanche rate that
  // `intensity` and `size` (0..1) allow; the gesture envelope and its flutter multiply
  // that fraction.
  static CrumpleModel ModelFor(CrinkleMaterialKind material, double size);
  static double RateScale(double intensity, double size);

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  // Values derived once per block from the controls.
  struct BlockShape {
    double level;             // burst amplitude of the largest snap
    double burst_factor;      // scales the material's burst time (crispness)
    double cutoff_factor;     // scales the material's excitation cutoff (crispness)
    double direct_factor;     // scales the direct snap (crispness)
    double frequency_factor;  // scales resonances (size, crispness)
    double rustle_factor;     // scales the rustle band (size)
    double stereo_spread;     // how far from the centre snaps may sit, 0..1 (size)
  };

  // Controls read once at a block's first frame, and the gesture phase across it.
  struct BlockControls {
    double t0;  // s
    double intensity;
    double crispness;
    double size;
    double phase_start;  // gesture cycles
    double phase_end;
    double phase_per_second;  // 1 / gesture_period
    double rate_scale;        // fraction of the process's maximum avalanche rate
  };

  BlockControls ReadControls(std::int64_t first_frame) const noexcept;
  // Runs the crumple process over one block (emit receives its snaps) and moves the
  // gesture phase on.
  template <class Emit>
  void AdvanceEvents(const BlockControls& controls, std::int64_t first_frame, Emit&& emit) noexcept;
  void SkipTo(std::int64_t frame) noexcept;
  void StartCrackle(const CrumpleEvent& event, int offset, const BlockShape& shape) noexcept;
  CrackleVoice& FreeVoice() noexcept;

  CrinklingSettings settings_;
  CrinkleMaterialKind material_kind_;
  const CrinkleMaterial* material_;
  double sample_rate_ = 48000.0;
  std::uint64_t sound_seed_ = 0;
  std::uint64_t events_seed_ = 0;
  double phase_ = 0.0;           // gesture cycles at next_frame_
  std::int64_t next_frame_ = 0;  // the block Render expects next
  // The gesture (and its flutter) at hand_phase_: the end of the last block rendered.
  double hand_phase_ = -1.0;
  double hand_ = 0.0;
  double hand_flutter_ = 0.0;
  GestureEnvelope gesture_;
  CrumpleProcess process_;
  Rustle rustle_;
  HandlingRumble rumble_;
  dsp::SoftKneeSaturator saturator_;
  std::array<CrackleVoice, kMaxVoices> voices_;
};

}  // namespace tingle::synth
