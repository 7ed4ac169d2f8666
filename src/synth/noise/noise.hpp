// Noise bed: white, pink or brown noise with low and high cuts, one stream per channel.
#pragma once

#include <span>

#include "core/param_spec.hpp"
#include "core/random.hpp"
#include "dsp/browning_filter.hpp"
#include "dsp/pinking_filter.hpp"
#include "dsp/stereo_svf.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

enum class NoiseColor { kWhite, kPink, kBrown };

struct NoiseSettings {
  int color = 0;  // NoiseColor
  Control low_cut_hz;
  Control high_cut_hz;
};

extern const std::span<const ParamSpec<NoiseSettings>> kNoiseParams;

class Noise final : public Texture {
 public:
  explicit Noise(const NoiseSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  void SetCuts(double seconds) noexcept;

  NoiseSettings settings_;
  NoiseColor color_;
  double sample_rate_ = 48000.0;
  float scale_ = 1.0f;  // brings the coloured noise to kBedRms
  bool high_cut_on_ = false;
  // The cuts the filters were last set to: set again only when they change, not with a
  // tangent each every block.
  double low_cut_set_ = -1.0;
  double high_cut_set_ = -1.0;
  Pcg32 white_left_;
  Pcg32 white_right_;
  dsp::PinkingFilter pink_;
  dsp::BrowningFilter brown_;
  dsp::StereoSvf low_cut_;
  dsp::StereoSvf high_cut_;
};

}  // namespace tingle::synth
