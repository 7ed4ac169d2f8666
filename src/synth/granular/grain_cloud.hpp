// The grain engine of the granular texture: a source, a clock, a pool of voices.
//
// A clock (grain_clock.hpp) starts grains at their own frames, as a Poisson stream or a
// regular one (sync); each grain reads the source (source_levels.hpp: a seamless loop
// with octave levels for transposing up without aliases) at a position that scans
// through it, jittered, at a transposition of its own, forwards or backwards, under a
// window (grain_window.hpp), placed in stereo by spread (grain_voice.hpp).
//
// Level: grains are scaled by 1 / sqrt(max(1, overlap × mean window²)), overlap being
// the mean number of grains sounding (density × grain length, at most kMaxGrains):
// uncorrelated grains add in power, so a cloud keeps the source's RMS whatever its
// density, and sparse grains play at the source's own level; moving density or grain_ms
// glides the level, never jumps it. (Coherent clouds, sync with no jitter over a frozen
// source, add in amplitude instead; the texture's saturator catches their peaks.)
//
// Sources: "noise:white|pink|brown" (noise_source.hpp), or a sound file loaded at build
// time through BuildContext and resampled once to the render rate at Prepare. Stereo
// files are folded to mono (the mean of the channels): each grain is placed by spread,
// and the layer by position and width, which a file's own image would fight.
//
// Voices: a fixed pool of kMaxGrains; when it is full, new grains are not started (and
// counted: grains_dropped()). Dropping the newest is silent, where stealing a sounding
// grain would cut it (a click) or need a fade; past a few hundred overlapping grains the
// cloud is a dense wash whose missing grains nobody hears.
//
// Grains and their draws are counter-based on the block (async) or grain (sync) index,
// and the scan and sync phase are integrals from frame 0 (block_integral.hpp), so a
// cloud that starts late replays only the last grain length and sounds as a full render
// would there.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "core/control.hpp"
#include "synth/granular/block_integral.hpp"
#include "synth/granular/grain_clock.hpp"
#include "synth/granular/grain_voice.hpp"
#include "synth/granular/grain_window.hpp"
#include "synth/granular/source_levels.hpp"
#include "synth/noise/noise.hpp"
#include "synth/registry.hpp"
#include "synth/sound_clip.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

struct GranularSettings {
  std::string source;
  Control grain_ms;
  Control density;
  Control source_position;
  Control source_jitter;
  Control scan;
  Control pitch;
  Control pitch_jitter;
  int window = 0;  // WindowShape
  Control reverse;
  Control spread;
  int sync = 0;  // 0: Poisson stream, 1: regular
};

class GrainCloud {
 public:
  // Grains that may sound at once (see above for the policy when full).
  static constexpr int kMaxGrains = 512;
  // Longest grain, ms: the top of grain_ms, and a late start's pre-roll.
  static constexpr double kMaxGrainMs = 500.0;
  // Longest sound file accepted as a source, s (the source's doc says 5 minutes): 5 min
  // of 96 kHz mono in its octave levels hold some 200 MB.
  static constexpr double kMaxSourceSeconds = 300.0;

  // Throws ParamError("source", ...) for a source that names no noise and cannot be
  // loaded through `context`.
  GrainCloud(const GranularSettings& settings, const BuildContext& context);
  GrainCloud(const GrainCloud&) = delete;
  GrainCloud& operator=(const GrainCloud&) = delete;

  // Allocates; may throw.
  void Prepare(const PrepareContext& context);

  // Overwrites left/right (kBlockFrames each) with the grains of the block at
  // first_frame. Blocks arrive consecutively; the first may start anywhere.
  void Render(std::int64_t first_frame, float* left, float* right) noexcept;

  // Grains started and grains not started because the pool was full, since Prepare
  // (a late start's pre-roll included).
  std::int64_t grains_started() const { return started_; }
  std::int64_t grains_dropped() const { return dropped_; }

 private:
  // Per-block values from the controls.
  struct BlockValues {
    int grain_frames = 2;
    double gain = 1.0;
    double position = 0.0;  // source_position
    double jitter = 0.0;
    double scan = 0.0;            // source s per s
    double scanned_frames = 0.0;  // level-0 frames the scan has moved by the block's start
    double pitch = 0.0;
    double pitch_jitter = 0.0;
    double reverse = 0.0;
    double spread = 0.0;
  };

  void RenderBlock(std::int64_t first_frame, float* left, float* right) noexcept;
  void StartGrain(const GrainStart& start, const BlockValues& values) noexcept;

  GranularSettings settings_;
  std::shared_ptr<const SoundClip> clip_;  // null for a noise source; released at Prepare
  NoiseColor noise_color_ = NoiseColor::kPink;
  double sample_rate_ = 48000.0;
  std::int64_t next_frame_ = 0;
  std::shared_ptr<const SourceLevels> levels_;  // shared for a built-in noise
  GrainWindow window_;
  GrainClock clock_;
  BlockIntegral scan_integral_;
  BlockIntegral sync_phase_;
  std::array<GrainVoice, kMaxGrains> voices_{};
  int active_ = 0;
  std::int64_t started_ = 0;
  std::int64_t dropped_ = 0;
};

}  // namespace tingle::synth
