#include "synth/brushing/brushing.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::synth {
namespace {

constexpr Choice kBrushes[] = {
    {"soft", "a soft makeup brush on the microphone: an airy, breathy swoosh"},
    {"bristle", "a bristle hairbrush: scratchy, with distinct bristle ticks"},
    {"hair", "many fine strands (brushing hair): a high, dense rustle"},
    {"mic-cover", "a fluffy microphone cover rubbed on the microphone: a low, woolly rumble"},
};

constexpr Choice kPatterns[] = {
    {"back-and-forth",
     "sweeps one way, then back: one stroke per direction, two per back-and-forth; the sound "
     "moves left and right with the brush"},
    {"circles",
     "small circles, fastest across the long sides: one stroke per half turn, two per circle; "
     "never quite stops"},
    {"random", "strokes of random direction, length and pause, one after another"},
};

const ParamSpec<BrushingSettings> kTable[] = {
    ChoiceParam<BrushingSettings>("brush", kBrushes, 0, "what brushes, and what it brushes",
                                  &BrushingSettings::brush),
    NumberParam<BrushingSettings>(
        "stroke_rate", "1/s", 0.1, 6.0, 1.5,
        "strokes per second; a stroke is one swell of speed: one direction of a "
        "back-and-forth (2 strokes per back-and-forth), half a circle (2 per circle), one "
        "random move; so in every pattern the sound swells stroke_rate times a second",
        &BrushingSettings::stroke_rate),
    NumberParam<BrushingSettings>("stroke_length", "", 0.0, 1.0, 0.5,
                                  "from 1 cm dabs (0) to 15 cm sweeps (1); longer strokes "
                                  "move faster, louder and brighter, and further across the field",
                                  &BrushingSettings::stroke_length),
    NumberParam<BrushingSettings>("pressure", "", 0.0, 1.0, 0.5,
                                  "how hard the brush presses: louder, brighter and more "
                                  "bristle ticks (0: the tips barely graze)",
                                  &BrushingSettings::pressure),
    NumberParam<BrushingSettings>("roughness", "", 0.0, 1.0, 0.4,
                                  "the surface: 0 smooth (an even hiss), 1 rough (uneven, "
                                  "with many sharp ticks)",
                                  &BrushingSettings::roughness),
    ChoiceParam<BrushingSettings>("pattern", kPatterns, 0, "how the hand moves the brush",
                                  &BrushingSettings::pattern),
    NumberParam<BrushingSettings>("humanize", "", 0.0, 1.0, 0.4,
                                  "how loosely the hand keeps time, reach and pressure, and "
                                  "how often it lifts the brush for a stroke (0: mechanical; "
                                  "random strokes stay irregular)",
                                  &BrushingSettings::humanize),
};

// Friction RMS at the reference speed and the defaults. A default render then sits near
// -26 dBFS RMS with peaks near -8 dBFS, leaving headroom for layering (crinkling and
// tapping peak near -10 dBFS).
constexpr double kFrictionLevel = 0.09;
// Pressure: force on the brush, 0..1. Friction force (hence level) grows in proportion
// (Coulomb), from the brush's own light touch at 0; bent bristles are shorter, stiffer
// levers, so the contact brightens by kPressureOctaves over the range.
constexpr double kPressureFloor = 0.15;
constexpr double kPressureOctaves = 1.5;
// The contact filter follows the speed as f ∝ v^kSpeedBrightness (1 for a surface
// profile read at speed v; van den Doel et al. 2001), within the bounds of ContactVoice.
constexpr double kSpeedBrightness = 1.0;
// Roughness moves the contact half an octave brighter per unit (finer asperities) and
// scales tick rate and size around roughness 0.5.
constexpr double kRoughnessOctaves = 0.5;
constexpr double kSmoothTickRate = 0.25;  // tick rate factor at roughness 0 (1 at 0.5)
constexpr double kSmoothTickSize = 0.5;   // tick size factor at roughness 0 (1 at 0.5)
// The coarse surface profile modulates the friction level by up to ± this at roughness 1
// (and a fifth of it on a smooth surface).
constexpr double kSurfaceDepth = 0.5;
constexpr double kSmoothSurfaceDepth = 0.2;
// Surface features passing faster than this per second are averaged out: the control
// rate (one value per 64-frame block, linearly ramped) could not follow them.
constexpr double kFastestFeatureHz = 150.0;
// The tremor's wobble of the force on the bristles, ± this fraction.
constexpr double kTremorForceDepth = 0.25;
// Flick: bristles flipping over at a reversal spill their ticks over ~kFlickSeconds
// (an exponential burst), the largest kFlickSize times a scraping tick's at the
// reference speed. Past kFlickSpan time constants (e^-20) the burst is over.
constexpr double kFlickSeconds = 0.012;
constexpr double kFlickSize = 1.0;
constexpr double kFlickSpan = 20.0;
// The stroke's own movement across the field: a slight left–right shift, ±kPanSwing of
// the full pan at stroke_length 1 and kShortPanSwing of that at 0 (a layer's `position`
// places and moves the whole layer on top of it).
constexpr double kPanSwing = 0.35;
constexpr double kShortPanSwing = 0.4;
// Peaks beyond this are rounded off (fast, hard strokes at full pressure).
constexpr float kSaturatorKnee = 0.5f;

double PressureLevel(double pressure) {
  return (kPressureFloor + pressure) / (kPressureFloor + 0.5);
}

}  // namespace

const std::span<const ParamSpec<BrushingSettings>> kBrushingParams = kTable;

double Brushing::PanSwing(double stroke_length) {
  return kPanSwing * (kShortPanSwing + (1.0 - kShortPanSwing) * stroke_length);
}

Brushing::Brushing(const BrushingSettings& settings)
    : settings_(settings),
      brush_(&BrushKindOf(static_cast<BrushKindId>(settings.brush))),
      pattern_(static_cast<StrokePattern>(settings.pattern)),
      saturator_(kSaturatorKnee) {}

void Brushing::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  const std::uint64_t seed = StreamSeed(context.layer_seed, "brushing");
  gesture_.Prepare(pattern_, StreamSeed(seed, "strokes"));
  surface_.Prepare(StreamSeed(seed, "surface"));
  tremor_.Prepare(StreamSeed(seed, "tremor"));
  scrape_ticks_.Prepare(StreamSeed(seed, "ticks"));
  flick_ticks_.Prepare(StreamSeed(seed, "flicks"));
  voice_.Prepare(*brush_, StreamSeed(seed, "friction"), sample_rate_);
  // The largest tick at the reference speed clicks tick_size times the friction's RMS.
  tick_unit_ = kFrictionLevel * brush_->tick_size;
  Restart();
}

void Brushing::Restart() noexcept {
  phase_ = 0.0;
  next_frame_ = 0;
  have_state_ = false;
  gesture_.Reset(settings_.humanize.At(0.0));
}

Brushing::BlockControls Brushing::ReadControls(std::int64_t first_frame) const noexcept {
  BlockControls c;
  c.seconds = static_cast<double>(first_frame) / sample_rate_;
  c.stroke_rate = settings_.stroke_rate.At(c.seconds);
  c.stroke_length = settings_.stroke_length.At(c.seconds);
  c.length_m = StrokeMetres(c.stroke_length);
  c.pressure = settings_.pressure.At(c.seconds);
  c.roughness = settings_.roughness.At(c.seconds);
  c.humanize = settings_.humanize.At(c.seconds);
  return c;
}

Brushing::SoundState Brushing::SoundOf(const BrushMotion& motion, const BlockControls& c,
                                       double seconds) const noexcept {
  const BrushKind& b = *brush_;
  SoundState s;
  const double pressure = std::max(c.pressure * motion.pressure, 0.0);
  const double touch = motion.touch;
  const double force = PressureLevel(pressure) * (1.0 + kTremorForceDepth * tremor_.At(seconds));
  // The tips never quite stop while they touch: the tremor keeps them rubbing.
  const double speed = std::sqrt(motion.speed_mps * motion.speed_mps +
                                 HandTremor::kTremorSpeed * HandTremor::kTremorSpeed);
  // Level ∝ speed within the stroke (a profile read at speed v radiates RMS ∝ v); across
  // strokes, by the square root of the stroke's peak speed, so a slow 1 cm dab stays
  // within 30 dB of the fastest sweep rather than 60 (slow strokes are the point of ASMR).
  const double peak = std::max(motion.peak_speed_mps, 1.0e-6);
  const double loudness = speed / std::sqrt(peak * kReferenceSpeed);
  // The coarse profile under the tips, faded out where it would pass too fast to follow.
  const double feature_hz = speed / SurfaceProfile::kFineFeatureM;
  const double follow = std::min(1.0, kFastestFeatureHz / std::max(feature_hz, 1.0e-9));
  const double depth =
      (kSmoothSurfaceDepth + (kSurfaceDepth - kSmoothSurfaceDepth) * c.roughness) * follow;
  const double relief = 1.0 + depth * surface_.At(motion.surface_m);
  s.friction_rms = touch * kFrictionLevel * b.loudness * force * loudness * relief;
  s.brightness = kSpeedBrightness * std::log2(speed / kReferenceSpeed) + TickBrightness(c);
  const double rough_rate = kSmoothTickRate + 2.0 * (1.0 - kSmoothTickRate) * c.roughness;
  const double rough_size = kSmoothTickSize + 2.0 * (1.0 - kSmoothTickSize) * c.roughness;
  s.tick_rate = touch * b.ticks_per_m * speed * force * rough_rate;
  s.tick_size = tick_unit_ * b.loudness * force * loudness * rough_size;
  s.flick_rate = motion.since_turn_s < kFlickSpan * kFlickSeconds
                     ? touch * b.flick_ticks * force / kFlickSeconds *
                           std::exp(-motion.since_turn_s / kFlickSeconds)
                     : 0.0;
  s.pan = PanSwing(c.stroke_length) * motion.pan;
  return s;
}

double Brushing::TickBrightness(const BlockControls& c) {
  return kPressureOctaves * (c.pressure - 0.5) + kRoughnessOctaves * (c.roughness - 0.5);
}

void Brushing::AdvanceBlock(const BlockControls& c) noexcept {
  phase_ += c.stroke_rate * (kBlockFrames / sample_rate_);
  gesture_.AdvanceTo(phase_, c.humanize);
  next_frame_ += kBlockFrames;
}

void Brushing::SkipTo(std::int64_t frame) noexcept {
  if (frame < next_frame_) Restart();
  // Replay the stroke phase and walk block by block, as a render from frame 0 would.
  while (next_frame_ < frame) AdvanceBlock(ReadControls(next_frame_));
  have_state_ = false;
}

inline void Brushing::RenderBody(const BlockContext& block, StereoView out) noexcept {
  if (block.first_frame != next_frame_) SkipTo(block.first_frame);
  const BlockControls c = ReadControls(block.first_frame);
  // The sound at the block's start is the last block's end (each block ramps on from
  // where the previous one stopped); after a jump, work it out afresh.
  if (!have_state_) {
    gesture_.AdvanceTo(phase_, c.humanize);
    state_ = SoundOf(gesture_.At(phase_, c.stroke_rate, c.length_m), c, c.seconds);
    have_state_ = true;
  }
  const SoundState start = state_;
  AdvanceBlock(c);
  state_ = SoundOf(gesture_.At(phase_, c.stroke_rate, c.length_m), c,
                   c.seconds + kBlockFrames / sample_rate_);
  const SoundState& end = state_;

  voice_.set_brightness(0.5 * (start.brightness + end.brightness), TickBrightness(c));

  float ticks[kBlockFrames] = {};
  scrape_ticks_.Render(ticks, start.tick_rate, end.tick_rate,
                       0.5 * (start.tick_size + end.tick_size), sample_rate_);
  if (start.flick_rate > 0.0 || end.flick_rate > 0.0) {
    const double flick_size =
        tick_unit_ * brush_->loudness * kFlickSize * PressureLevel(c.pressure);
    flick_ticks_.Render(ticks, start.flick_rate, end.flick_rate, flick_size, sample_rate_);
  }
  voice_.Render(ticks, start.friction_rms, end.friction_rms, start.pan, end.pan,
                0.5 * (start.pan + end.pan), out.left, out.right);
  saturator_.Process(out.left, kBlockFrames);
  saturator_.Process(out.right, kBlockFrames);
}

void Brushing::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Brushing::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
