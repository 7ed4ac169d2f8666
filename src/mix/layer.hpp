// One layer: a texture on a timeline, with gain, fades and stereo width.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>

#include "core/control.hpp"
#include "core/cycle_clock.hpp"
#include "core/stereo_view.hpp"
#include "mix/placement.hpp"
#include "mix/hrtf_set.hpp"
#include "mix/spatializer.hpp"
#include "synth/texture.hpp"

namespace tingle::mix {

// The common layer keys, validated and in seconds/dB.
struct LayerSettings {
  std::string name;
  Control gain_db = Control::Constant(0.0);
  double start_seconds = 0.0;
  double end_seconds = -1.0;  // negative: until the end of the track
  double fade_in_seconds = 0.0;
  double fade_out_seconds = 0.0;
  Control width = Control::Constant(1.0);  // 0 mono .. 1 as rendered
  bool mute = false;
  Placement placement;  // binaural position and motion, when the recipe gives one
};

class Layer {
 public:
  // `hrtf`: the measured set for placed layers; null renders them on a spherical head.
  Layer(LayerSettings settings, std::unique_ptr<synth::Texture> texture,
        std::shared_ptr<const HrtfSet> hrtf = nullptr);

  // Prepares the texture; `context.layer_seed` comes from the layer name.
  void Prepare(const synth::PrepareContext& context);

  // Adds this layer's block to `mix`. Outside its timeline the texture is not run at all.
  void RenderAdd(const BlockContext& block, StereoView mix) noexcept;

  const LayerSettings& settings() const { return settings_; }

  // When on, each spatializer call is timed into placing_time() (two clock reads a
  // block: for the benchmark, never the audio). Prepare clears the sum.
  void set_timing(bool on) { timing_ = on; }
  const TickTime& placing_time() const { return placing_time_; }

 private:
  // RenderAdd's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderAddBody(const BlockContext& block, StereoView mix) noexcept;
  LayerSettings settings_;
  std::unique_ptr<synth::Texture> texture_;
  std::unique_ptr<Spatializer> spatializer_;  // only for a placed layer
  double sample_rate_ = 48000.0;
  std::int64_t start_frame_ = 0;
  std::int64_t length_frames_ = 0;
  std::int64_t fade_in_frames_ = 0;
  std::int64_t fade_out_frames_ = 0;
  float previous_gain_ = -1.0f;  // negative until the first block
  // The last level asked for (dB) and its gain: a constant level costs no pow a block.
  double level_db_ = std::numeric_limits<double>::quiet_NaN();
  float level_gain_ = 1.0f;
  bool timing_ = false;
  TickTime placing_time_;
  std::array<float, kBlockFrames> left_{};  // the texture's block
  std::array<float, kBlockFrames> right_{};
  std::array<float, kBlockFrames> placed_left_{};  // its mid, placed (placed layers only)
  std::array<float, kBlockFrames> placed_right_{};
};

}  // namespace tingle::mix
