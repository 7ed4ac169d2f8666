// Granular: clouds of short windowed grains read from a sound file or a built-in noise.
//
// Asynchronous granular synthesis (Roads, "Microsound", 2001, ch. 3) and the granulation
// of sampled sound (Truax, "Real-time granular synthesis with a digital signal
// processor", CMJ 12(2), 1988): the engine is GrainCloud (grain_cloud.hpp). This texture
// adds the parameter table and the output stage: a first-order low cut at 20 Hz
// (transposing a source down moves its lowest octave below hearing, where it would only
// eat headroom and leave each short grain with some DC; one pole costs a fraction of a
// biquad per frame, and removes DC exactly) and a soft-knee saturator for the peaks of
// coherent clouds.
#pragma once

#include <cstdint>
#include <span>

#include "core/param_spec.hpp"
#include "dsp/dc_blocker.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "synth/granular/grain_cloud.hpp"
#include "synth/registry.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

extern const std::span<const ParamSpec<GranularSettings>> kGranularParams;

class Granular final : public Texture {
 public:
  explicit Granular(const GranularSettings& settings, const BuildContext& context = {});

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

  const GrainCloud& cloud() const { return cloud_; }

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  GrainCloud cloud_;
  double sample_rate_ = 48000.0;
  dsp::DcBlocker low_cut_;
  dsp::SoftKneeSaturator saturator_;
};

}  // namespace tingle::synth
