// Brushing: a brush stroked over a surface (a microphone, hair, a fluffy cover): friction
// noise and bristle ticks that swell with each stroke and follow it across the field.
//
// Control → interaction → resonator, as in SDT. The hand (stroke_gesture.hpp: minimum-
// jerk strokes in a pattern, humanised timing that drifts as a random walk, now and then
// a stroke in the air; hand_tremor.hpp: physiological tremor) says where the brush is,
// how fast it moves and which way. From speed and pressure the texture sets, each block:
// the friction level (∝ speed within a stroke), the contact filter's frequency (∝ speed:
// the fine surface profile read at the stroke speed, van den Doel, Kry & Pai 2001), the
// coarse surface profile under the tips (surface_profile.hpp), and the rate and size of
// bristle ticks (bristle_ticks.hpp: rate ∝ speed × density, after SDT's scraping model
// and Conan et al. 2014's impact series), plus a flick of ticks as the bristles turn
// over at each reversal. The contact voice (contact_voice.hpp) filters noise and ticks,
// adds the brushed body's light ring and pans the stroke with the brush's position.
//
// Rhythm: one stroke is one swell of speed in every pattern (back-and-forth: one
// direction; circles: half a turn; random: one move), so the envelope's dominant
// modulation is at stroke_rate: strokes per envelope cycle = 1 for every pattern; a full
// back-and-forth or a full circle is two strokes.
//
// Late start: the stroke phase and the stroke walk are replayed from frame 0 block by
// block (cheap: no audio), so a layer that starts late is mid-stroke exactly where a
// full render would be.
#pragma once

#include <cstdint>
#include <span>

#include "core/param_spec.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "synth/brushing/bristle_ticks.hpp"
#include "synth/brushing/brush_kind.hpp"
#include "synth/brushing/contact_voice.hpp"
#include "synth/brushing/hand_tremor.hpp"
#include "synth/brushing/stroke_gesture.hpp"
#include "synth/brushing/surface_profile.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

struct BrushingSettings {
  int brush = 0;        // BrushKindId
  Control stroke_rate;  // strokes per second
  Control stroke_length;
  Control pressure;
  Control roughness;
  int pattern = 0;  // StrokePattern
  Control humanize;
};

extern const std::span<const ParamSpec<BrushingSettings>> kBrushingParams;

class Brushing final : public Texture {
 public:
  // Stroke length at stroke_length 0 and 1, metres: a dab on a microphone to a sweep
  // across a head of hair.
  static constexpr double kShortestStrokeM = 0.01;
  static constexpr double kLongestStrokeM = 0.15;
  // Speed at which the brush kinds' bands and levels are given (brush_kind.hpp): the
  // peak of a relaxed stroke, the defaults' 8 cm one and a half times a second.
  static constexpr double kReferenceSpeed = 0.25;  // m/s

  explicit Brushing(const BrushingSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

  // Stroke length in metres for a stroke_length of 0..1.
  static double StrokeMetres(double stroke_length) {
    return kShortestStrokeM + (kLongestStrokeM - kShortestStrokeM) * stroke_length;
  }
  // How far (pan units, of ±1) the stroke swings the sound for a stroke_length of 0..1.
  static double PanSwing(double stroke_length);

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  // Controls read once per block.
  struct BlockControls {
    double seconds;
    double stroke_rate;    // strokes/s
    double stroke_length;  // 0..1
    double length_m;
    double pressure;
    double roughness;
    double humanize;
  };
  // What the sound does at one end of a block.
  struct SoundState {
    double friction_rms;  // full scale = 1
    double brightness;    // octaves above the brush's own contact band
    double tick_rate;     // ticks/s from scraping
    double tick_size;     // largest tick's amplitude
    double flick_rate;    // ticks/s from the bristles flipping over
    double pan;           // -1..1, as heard
  };

  BlockControls ReadControls(std::int64_t first_frame) const noexcept;
  // The sound for `motion` at `seconds` (the tremor's time).
  SoundState SoundOf(const BrushMotion& motion, const BlockControls& c,
                     double seconds) const noexcept;
  // Octaves the ticks' band moves by: the tips' contact stiffens with pressure, and a
  // rougher surface catches them on finer asperities. (Speed makes ticks denser and
  // stronger, not higher: a tip's release is set by its stiffness, not the sweep.)
  static double TickBrightness(const BlockControls& c);
  // Moves the phase and the stroke walk on by one block.
  void AdvanceBlock(const BlockControls& c) noexcept;
  void SkipTo(std::int64_t frame) noexcept;
  void Restart() noexcept;

  BrushingSettings settings_;
  const BrushKind* brush_;
  StrokePattern pattern_;
  double sample_rate_ = 48000.0;
  double phase_ = 0.0;           // strokes at next_frame_
  std::int64_t next_frame_ = 0;  // the block Render expects next
  bool have_state_ = false;      // state_ holds the sound at next_frame_
  SoundState state_{};
  double tick_unit_ = 0.0;  // largest tick at the reference speed, pressure, roughness
  StrokeGesture gesture_;
  SurfaceProfile surface_;
  HandTremor tremor_;
  BristleTicks scrape_ticks_;
  BristleTicks flick_ticks_;
  ContactVoice voice_;
  dsp::SoftKneeSaturator saturator_;
};

}  // namespace tingle::synth
