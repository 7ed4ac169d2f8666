// Tapping: a finger (nail or pad) striking one fixed object, modal synthesis per material.
//
// Control -> interaction -> resonator, as in the Sound Design Toolkit: TapRhythm decides
// when and how hard; ImpactExciter (Hunt-Crossley contact force) and ContactClick make
// the touch; one ModalBank holds the object's modes. The object is linear and fixed, so
// every tap drives the same bank (only the excitation gains change with where the finger
// lands), and the bank sleeps once the object has rung out.
#pragma once

#include <array>
#include <cstdint>

#include "core/param_spec.hpp"
#include "dsp/modal_bank.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "synth/tapping/contact_click.hpp"
#include "synth/tapping/dense_residual.hpp"
#include "synth/tapping/impact_exciter.hpp"
#include "synth/tapping/materials.hpp"
#include "synth/tapping/rhythm.hpp"
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
  static constexpr int kMaxModes = TappedObject::kMaxModes;

  void UpdateObject(double seconds) noexcept;
  void ApplyModes() noexcept;
  void Strike(const TapOnset& onset, int first_sample, double rate, double humanize) noexcept;

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

  TappedObject object_;
  TapRhythm rhythm_;
  ImpactExciter exciter_;
  ContactClick click_;
  DenseResidual residual_;
  dsp::ModalBank<kMaxModes> bank_;
  dsp::SoftKneeSaturator saturator_;
  std::array<double, kMaxModes> mode_hz_{};
  std::array<double, kMaxModes> mode_t60_s_{};
  std::array<double, kMaxModes> strike_gain_{};  // this tap's excitation gain per mode
};

}  // namespace tingle::synth
