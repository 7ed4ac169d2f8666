#include "synth/crinkling/crinkling.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::synth {
namespace {

constexpr Choice kMaterials[] = {
    {"paper", "soft, dull snaps and an audible rustle: a sheet of newspaper or printer paper"},
    {"plastic", "bright, sparkly snaps: a crisp packet or sweet wrapper"},
    {"foil", "fewer snaps that ring metallically: kitchen aluminium foil"},
    {"cellophane", "the brightest and busiest: many tiny, very short crackles"},
};

constexpr Choice kGestures[] = {
    {"squeeze", "the hand closes (snaps build up), opens (a few more), rests; once per period"},
    {"steady", "continuous crumpling at a near-constant pace"},
    {"handle", "irregular grabs, turns and pauses, as when unwrapping or fiddling"},
};

const ParamSpec<CrinklingSettings> kTable[] = {
    ChoiceParam<CrinklingSettings>("material", kMaterials, 0, "what the sheet is made of",
                                   &CrinklingSettings::material),
    NumberParam<CrinklingSettings>("intensity", "", 0.0, 1.0, 0.5,
                                   "how vigorously the sheet is worked: snap rate and loudness "
                                   "(0: an occasional faint crackle)",
                                   &CrinklingSettings::intensity),
    ChoiceParam<CrinklingSettings>("gesture", kGestures, 0, "what the hand does over time",
                                   &CrinklingSettings::gesture),
    NumberParam<CrinklingSettings>("gesture_period", "s", 0.5, 30.0, 3.0,
                                   "duration of one gesture cycle (squeeze and release; one "
                                   "handling move ~ a third of it)",
                                   &CrinklingSettings::gesture_period_s),
    NumberParam<CrinklingSettings>("crispness", "", 0.0, 1.0, 0.5,
                                   "brightness of each crackle: 0 soft and dull, 1 sharp "
                                   "and sparkly",
                                   &CrinklingSettings::crispness),
    NumberParam<CrinklingSettings>("size", "", 0.0, 1.0, 0.5,
                                   "from a small wrapper (0: higher, fewer snaps) to a large "
                                   "sheet (1: lower, busier, wider)",
                                   &CrinklingSettings::size),
};

// Loudness of the largest snap (burst amplitude) at intensity 1; puts the peaks of a
// default render near -10 dBFS, leaving headroom for layering.
constexpr double kLoudestSnap = 0.5;
// Intensity 0 still plays a few quiet snaps (a hand resting on the sheet).
constexpr double kIdleRate = 0.05;
constexpr double kIdleLevel = 0.35;
// Size: a large sheet has more places to snap, so it crackles more often and longer.
constexpr double kSmallRate = 0.5;
constexpr double kLargeRate = 1.5;
// Size 0 raises the resonances 1.5 octaves above size 1 (plate modes ∝ 1/length; a
// wrapper vs a broadsheet, tempered because crumpled facets are small in both).
constexpr double kSizeOctaves = 1.5;
// Crispness spans 3 octaves of burst time and excitation cutoff, and moves the
// resonances by one octave: a crisper sheet is a stiffer one, and bending waves (hence
// plate modes) run faster in a stiffer sheet.
constexpr double kCrispnessOctaves = 3.0;
constexpr double kCrispnessModeOctaves = 1.0;
// Resonances are kept below this (audible band, and below Nyquist at 44.1 kHz).
constexpr double kHighestModeHz = 18000.0;
// Shortest and longest resonance decays.
constexpr double kShortestT60 = 0.001;
constexpr double kLongestT60 = 0.4;
// RMS of the handling rumble at full activity, intensity 1, size 0.5.
constexpr double kRumbleLevel = 0.005;
// Saturator knee: snaps above this level are rounded off smoothly.
constexpr float kSaturatorKnee = 0.5f;

double Clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

double SizeRate(double size) { return kSmallRate + (kLargeRate - kSmallRate) * size; }

// A larger sheet holds larger avalanches: half the material's largest at size 0,
// one and a half times at size 1.
double MaxCracklesFactor(double size) { return 0.5 + Clamp01(size); }

}  // namespace

const std::span<const ParamSpec<CrinklingSettings>> kCrinklingParams = kTable;

Crinkling::Crinkling(const CrinklingSettings& settings)
    : settings_(settings),
      material_kind_(static_cast<CrinkleMaterialKind>(settings.material)),
      material_(&MaterialOf(material_kind_)),
      saturator_(kSaturatorKnee) {}

CrumpleModel Crinkling::ModelFor(CrinkleMaterialKind material, double size) {
  const CrinkleMaterial& row = MaterialOf(material);
  CrumpleModel model;
  // The process runs at the largest rate any size allows; thinning brings it down.
  model.max_avalanche_rate_hz = row.avalanche_rate_hz * kLargeRate;
  model.avalanche_size_exponent = row.avalanche_size_exponent;
  model.max_crackles = row.max_crackles * MaxCracklesFactor(size);
  model.crackle_gap_s = row.crackle_gap_s;
  model.energy_exponent = row.energy_exponent;
  model.energy_range = kEnergyRange;
  return model;
}

double Crinkling::RateScale(double intensity, double size) {
  return (kIdleRate + (1.0 - kIdleRate) * Clamp01(intensity)) * SizeRate(Clamp01(size)) /
         kLargeRate;
}

void Crinkling::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  const std::uint64_t seed = StreamSeed(context.layer_seed, "crinkling");
  sound_seed_ = StreamSeed(seed, "sound");
  gesture_.Prepare(static_cast<Gesture>(settings_.gesture), StreamSeed(seed, "gesture"));
  events_seed_ = StreamSeed(seed, "events");
  process_.Prepare(events_seed_, sample_rate_,
                   ModelFor(material_kind_, Clamp01(settings_.size.At(0.0))));
  rustle_.Prepare(StreamSeed(seed, "rustle"), sample_rate_);
  rumble_.Prepare(StreamSeed(seed, "rumble"), sample_rate_);
  for (CrackleVoice& voice : voices_) voice = CrackleVoice{};
  phase_ = 0.0;
  next_frame_ = 0;
  hand_phase_ = -1.0;
}

CrackleVoice& Crinkling::FreeVoice() noexcept {
  CrackleVoice* quietest = &voices_[0];
  for (CrackleVoice& voice : voices_) {
    if (!voice.active()) return voice;
    if (voice.loudness() < quietest->loudness()) quietest = &voice;
  }
  return *quietest;
}

void Crinkling::StartCrackle(const CrumpleEvent& event, int offset,
                             const BlockShape& shape) noexcept {
  const CrinkleMaterial& m = *material_;
  // Draws shared by the snaps of one avalanche (the same region of the sheet), then
  // draws of this snap.
  const auto avalanche_draw = [&](std::uint64_t d) {
    return EventUnit(sound_seed_, event.avalanche, d);
  };
  const std::uint64_t snap_stream = StreamSeed(sound_seed_, event.avalanche);
  const auto snap_draw = [&](std::uint64_t d) { return EventUnit(snap_stream, event.crackle, d); };

  CrackleSound sound;
  // The snap's energy goes into its burst: amplitude ∝ √E.
  sound.amplitude = shape.level * m.loudness * std::sqrt(event.energy / kEnergyRange);
  // Burst time varies ±0.7 octave from snap to snap.
  sound.burst_s = m.burst_s * shape.burst_factor * std::exp2(1.4 * (snap_draw(0) - 0.5));
  sound.excitation_cutoff_hz = m.excitation_cutoff_hz * shape.cutoff_factor;
  sound.direct_gain = m.direct_gain * shape.direct_factor;
  sound.mode_gain = m.mode_gain;
  sound.mode_count = m.mode_count;
  const double low = m.mode_low_hz * shape.frequency_factor;
  const double high = std::min(m.mode_high_hz * shape.frequency_factor, kHighestModeHz);
  const double octaves = std::log2(high / low);
  // Where in the band this avalanche sits (60 %) and this mode (40 %), log-uniform.
  const double region = avalanche_draw(0);
  double weight_sum = 0.0;
  for (int i = 0; i < sound.mode_count; ++i) {
    const double place = 0.6 * region + 0.4 * snap_draw(1 + static_cast<std::uint64_t>(i));
    const double hz = low * std::exp2(octaves * place);
    sound.mode_hz[i] = hz;
    const double t60 = 2.2 / (hz * m.loss_factor) * (0.7 + 0.6 * snap_draw(8 + i));
    sound.mode_t60_s[i] = std::clamp(t60, kShortestT60, kLongestT60);
    sound.mode_weight[i] = 0.2 + snap_draw(16 + i);
    weight_sum += sound.mode_weight[i];
  }
  for (int i = 0; i < sound.mode_count; ++i) sound.mode_weight[i] /= weight_sum;
  // Constant-power placement around the centre: a hand in front of the listener.
  const double angle = 0.25 * kPi * (1.0 + shape.stereo_spread * event.position);
  sound.left_gain = std::cos(angle);
  sound.right_gain = std::sin(angle);
  sound.noise_seed = StreamSeed(snap_stream, event.crackle);
  FreeVoice().Start(sound, offset, sample_rate_);
}

Crinkling::BlockControls Crinkling::ReadControls(std::int64_t first_frame) const noexcept {
  BlockControls c;
  c.t0 = static_cast<double>(first_frame) / sample_rate_;
  c.intensity = Clamp01(settings_.intensity.At(c.t0));
  c.crispness = Clamp01(settings_.crispness.At(c.t0));
  c.size = Clamp01(settings_.size.At(c.t0));
  const double period = std::max(settings_.gesture_period_s.At(c.t0), 1.0e-3);
  c.phase_per_second = 1.0 / period;
  c.phase_start = phase_;
  c.phase_end = phase_ + kBlockFrames / sample_rate_ * c.phase_per_second;
  c.rate_scale = RateScale(c.intensity, c.size);
  return c;
}

template <class Emit>
void Crinkling::AdvanceEvents(const BlockControls& c, std::int64_t first_frame,
                              Emit&& emit) noexcept {
  process_.set_max_crackles(material_->max_crackles * MaxCracklesFactor(c.size));
  const auto activity = [&](double seconds) {
    return c.rate_scale * gesture_.At(c.phase_start + (seconds - c.t0) * c.phase_per_second) *
           gesture_.Flutter(seconds);
  };
  process_.Advance(first_frame + kBlockFrames, activity, emit);
  phase_ = c.phase_end;
  next_frame_ = first_frame + kBlockFrames;
}

void Crinkling::SkipTo(std::int64_t frame) noexcept {
  if (frame < next_frame_) {
    // Back in time (outside the Texture contract, but harmless): start over.
    process_.Prepare(events_seed_, sample_rate_,
                     ModelFor(material_kind_, Clamp01(settings_.size.At(0.0))));
    for (CrackleVoice& voice : voices_) voice = CrackleVoice{};
    phase_ = 0.0;
    next_frame_ = 0;
    hand_phase_ = -1.0;
  }
  // Replay the hand and the snaps, silently, block by block as a render from frame 0
  // would have: a layer that starts late hears exactly what it would have heard.
  while (next_frame_ < frame) {
    AdvanceEvents(ReadControls(next_frame_), next_frame_, [](const CrumpleEvent&) {});
  }
}

inline void Crinkling::RenderBody(const BlockContext& block, StereoView out) noexcept {
  if (block.first_frame != next_frame_) SkipTo(block.first_frame);
  const BlockControls c = ReadControls(block.first_frame);

  BlockShape shape;
  shape.level = kLoudestSnap * (kIdleLevel + (1.0 - kIdleLevel) * c.intensity);
  shape.burst_factor = std::exp2(kCrispnessOctaves * (0.5 - c.crispness));
  shape.cutoff_factor = std::exp2(kCrispnessOctaves * (c.crispness - 0.5));
  shape.direct_factor = 0.5 + c.crispness;
  shape.frequency_factor =
      std::exp2(kSizeOctaves * (0.5 - c.size) + kCrispnessModeOctaves * (c.crispness - 0.5));
  shape.rustle_factor = std::exp2(kSizeOctaves * (0.5 - c.size));
  shape.stereo_spread = 0.15 + 0.5 * c.size;

  // Rustle: sliding between snaps, as loud as the hand is busy. It writes the block;
  // the snaps add to it.
  const double rustle_level = material_->rustle_level * material_->loudness * (0.6 + 0.8 * c.size) *
                              shape.level / kLoudestSnap *
                              (kIdleRate + (1.0 - kIdleRate) * c.intensity);
  rustle_.set_band(material_->rustle_low_hz * shape.rustle_factor,
                   std::min(material_->rustle_high_hz * shape.rustle_factor, kHighestModeHz));
  const double t1 = c.t0 + kBlockFrames / sample_rate_;
  // The hand at both ends of the block; the end is the next block's start.
  if (c.phase_start != hand_phase_) {
    hand_phase_ = c.phase_start;
    hand_ = gesture_.At(c.phase_start);
    hand_flutter_ = gesture_.Flutter(c.t0);
  }
  const double hand_start = hand_;
  const double flutter_start = hand_flutter_;
  hand_phase_ = c.phase_end;
  hand_ = gesture_.At(c.phase_end);
  hand_flutter_ = gesture_.Flutter(t1);
  rustle_.Render(out.left, out.right, rustle_level * hand_start * flutter_start,
                 rustle_level * hand_ * hand_flutter_);

  // Handling rumble: follows the slow gesture only (the hand, not the snaps).
  const double rumble_level = kRumbleLevel * shape.level / kLoudestSnap * (0.5 + c.size);
  rumble_.Render(out.left, out.right, rumble_level * hand_start, rumble_level * hand_);

  // Snaps starting in this block, each at its own frame.
  AdvanceEvents(c, block.first_frame, [&](const CrumpleEvent& event) {
    const std::int64_t offset = event.frame - block.first_frame;
    if (offset >= 0 && offset < kBlockFrames) {
      StartCrackle(event, static_cast<int>(offset), shape);
    }
  });
  for (CrackleVoice& voice : voices_) {
    if (voice.active()) voice.Render(out.left, out.right);
  }

  saturator_.Process(out.left, kBlockFrames);
  saturator_.Process(out.right, kBlockFrames);
}

void Crinkling::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Crinkling::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
