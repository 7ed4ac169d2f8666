// Rain: a bed of distant drops plus individually synthesised near drops on a surface.
//
// Control → interaction → resonator, as in SDT: the drop process (rain_rates.hpp,
// drop_process.hpp) decides when drops land, how big and where; each drop strikes the
// surface (surfaces.hpp): a few damped modes from a shared SIMD pool, a tick and a
// splash riding on the bed's upper bands (splash_envelopes.hpp), and on water a
// Minnaert bubble whose pitch rises as it nears the surface (minnaert_bubble.hpp), from
// a gliding pool. The bed (rain_bed.hpp) is the drops too many and too far to tell
// apart; intensity sets its level and tilt. Optional wind gusts (wind_gusts.hpp) move
// the drop rate and the bed's brightness. Every part is DC-free by construction
// (high-passed noise, zero-area sines); a soft-knee saturator catches the rare giant
// drop.
//
// Drops, sizes and gusts are counter-based on the block index; what rings on (voices,
// filters) is replayed from a short pre-roll, so a layer that starts late sounds as a
// full render would there.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/param_spec.hpp"
#include "dsp/damped_sine_pool.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "synth/rain/drop_process.hpp"
#include "synth/rain/rain_bed.hpp"
#include "synth/rain/splash_envelopes.hpp"
#include "synth/rain/surfaces.hpp"
#include "synth/rain/wind_gusts.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

struct RainSettings {
  Control intensity;
  int surface = 0;  // SurfaceKind
  Control drop_size_mm;
  Control near_drops;
  Control wind;
};

extern const std::span<const ParamSpec<RainSettings>> kRainParams;

class Rain final : public Texture {
 public:
  // Surface modes that may ring at once (four per SIMD register). A storm on a tin roof
  // fills them (some 120 pings a second, four modes each, ringing a quarter second);
  // past that the quietest, nearly finished, make way: inaudible in such a roar.
  static constexpr int kModeLanes = 48;
  // Bubbles that may ring at once.
  static constexpr int kBubbleLanes = 16;
  // Bubbles waiting for their crater to close.
  static constexpr int kMaxPendingBubbles = 32;

  explicit Rain(const RainSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

  // Factor on the near-drop rate for wind in [0, 1] and a gust strength from WindGusts
  // (mean 0, in [-1, 2]): the mean rate is unchanged, gusts bring more drops, lulls fewer.
  static double DensityFactor(double wind, double gust_strength);

  // Bed RMS per channel, linear, of each band (rumble, body, hiss, air) before wind, for
  // intensity and near_drops in [0, 1] on a surface.
  static std::array<double, RainBed::kBands> BedLevels(double intensity, double near_drops,
                                                      SurfaceKind surface);

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  // Values derived from the controls, recomputed only when a control moves.
  struct Derived {
    double intensity = -1.0;
    double near_drops = -1.0;
    double drop_size_mm = -1.0;
    double drops_per_block = 0.0;   // mean near-drop count per block, before gusts
    double mean_diameter_mm = 2.0;  // D̄
    double reference_sqrt_energy = 1.0;  // D^1.5 v of a drop_size_mm drop
    double reference_radius_m = 0.5e-3;
    std::array<double, RainBed::kBands> bed{};
  };

  struct PendingBubble {
    std::int64_t frame;
    dsp::DampedSine sine;
  };

  void Update(double seconds) noexcept;
  void RenderBlock(std::int64_t first_frame, float* left, float* right) noexcept;
  void StartDrop(const Drop& drop, std::int64_t frame) noexcept;
  void QueueBubble(std::int64_t frame, const dsp::DampedSine& sine) noexcept;
  // Runs the bubble pool over one block, starting the bubbles due in it.
  void RunBubbles(std::int64_t first_frame) noexcept;
  void Restart(std::int64_t frame) noexcept;

  RainSettings settings_;
  const Surface* surface_;
  SurfaceKind surface_kind_;
  std::array<double, Surface::kMaxModes> mode_octaves_{};  // log2(high / low) per mode
  double sample_rate_ = 48000.0;
  std::int64_t next_frame_ = 0;
  Derived derived_;
  double wind_ = 0.0;
  double gust_ = 0.0;
  DropProcess drops_;
  WindGusts gusts_;
  RainBed bed_;
  SplashEnvelopes splash_;
  dsp::Float4 splash_envelope_[kBlockFrames] = {};
  dsp::DampedSinePool<kModeLanes> modes_;
  dsp::DampedSinePool<kBubbleLanes, true> bubbles_;
  std::array<PendingBubble, kMaxPendingBubbles> pending_{};
  int pending_count_ = 0;
  dsp::SoftKneeSaturator saturator_;
};

}  // namespace tingle::synth
