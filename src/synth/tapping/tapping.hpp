// Tapping: a finger (nail or pad) striking one fixed object, modal synthesis per material.
//
// Control -> interaction -> resonator, as in the Sound Design Toolkit: TapRhythm (with
// HandDrift) decides when, where and how hard; ImpactExciter (Hunt-Crossley contact
// force) and ContactClick make the touch; one modal bank holds the object's resolved
// modes and DenseResidual its unresolved ones; RoomTail adds the room. The object is
// linear and fixed, so every tap drives the same bank (only the excitation gains change
// with where the finger lands); modes drop out as they ring down and the bank sleeps.
#pragma once

#include <array>
#include <cstdint>

#include "core/param_spec.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "dsp/vector_modal_bank.hpp"
#include "synth/tapping/contact_click.hpp"
#include "synth/tapping/dense_residual.hpp"
#include "synth/tapping/hand_drift.hpp"
#include "synth/tapping/impact_exciter.hpp"
#include "synth/tapping/materials.hpp"
#include "synth/tapping/rhythm.hpp"
#include "synth/tapping/room_tail.hpp"
#include "synth/tapping/striker.hpp"
#include "synth/tapping/tapped_object.hpp"
#include "synth/tapping/tapping_params.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

class Tapping final : public Texture {
 public:
  explicit Tapping(const TappingSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  static constexpr int kMaxModes = TappedObject::kMaxModes;

  void UpdateObject(double seconds) noexcept;
  void ApplyModes() noexcept;
  void ApplyGains() noexcept;
  void Strike(const TapOnset& onset, int first_sample, std::int64_t block_frame, double seconds,
              double rate, double humanize) noexcept;
  int SoundingModes(std::int64_t frame) const noexcept;

  TappingSettings settings_;
  const MaterialSpec& material_;
  const StrikerSpec& striker_;
  TapPattern pattern_;

  double sample_rate_ = 48000.0;
  std::uint64_t tap_seed_ = 0;
  double size_cm_ = -1.0;  // object state last applied to the bank
  double damping_ = -1.0;
  double finger_spacing_ = 0.1;  // unit coordinates between neighbouring fingers
  bool bank_awake_ = false;
  bool started_ = false;
  std::int64_t blocks_ = 0;  // blocks rendered since the layer started
  double tempo_drift_now_ = 0.0;

  TappedObject object_;
  TapRhythm rhythm_;
  ImpactExciter exciter_;
  ContactClick click_;
  DenseResidual residual_;
  RoomTail room_;
  HandDrift force_drift_;
  HandDrift tempo_drift_;
  HandDrift place_drift_x_;
  HandDrift place_drift_y_;
  dsp::VectorModalBank<kMaxModes> bank_;
  dsp::SoftKneeSaturator saturator_;
  float dry_[kBlockFrames] = {};  // the direct sound of this block, mono
  std::array<double, kMaxModes> mode_hz_{};
  std::array<double, kMaxModes> mode_t60_s_{};
  // 1 / (2 sin(w / 2)): undoes the first difference the exciter feeds each mode.
  std::array<double, kMaxModes> difference_compensation_{};
  std::array<double, kMaxModes> strike_gain_{};  // this tap's excitation gain per mode
  // Frame after which each mode has rung below kModeFloor: the bank runs only the modes
  // up to the last one still sounding (they die from the top, decay rising with f).
  std::array<std::int64_t, kMaxModes> mode_silent_frame_{};
};

}  // namespace tingle::synth
