#include "synth/crinkling/crinkling.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"

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
// default render near -8 dBFS, leaving headroom for layering.
constexpr double kLoudestSnap = 0.4;
// Intensity 0 still plays a few quiet snaps (a hand resting on the sheet).
constexpr double kIdleRate = 0.05;
constexpr double kIdleLevel = 0.35;
// Size: a large sheet has more places to snap, so it crackles more often and longer.
constexpr double kSmallRate = 0.5;
constexpr double kLargeRate = 1.5;
// Size 0 raises the resonances 1.5 octaves above size 1 (plate modes ∝ 1/length; a
// wrapper vs a broadsheet, tempered because crumpled facets are small in both).
constexpr double kSizeOctaves = 1.5;
// Crispness spans 3 octaves of burst time and excitation cutoff.
constexpr double kCrispnessOctaves = 3.0;
// Resonances are kept below this (audible band, and below Nyquist at 44.1 kHz).
constexpr double kHighestModeHz = 18000.0;
// Shortest and longest resonance decays.
constexpr double kShortestT60 = 0.001;
constexpr double kLongestT60 = 0.4;
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

void Crinkling::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  const std::uint64_t seed = StreamSeed(context.layer_seed, "crinkling");
  sound_seed_ = StreamSeed(seed, "sound");
  gesture_.Prepare(static_cast<Gesture>(settings_.gesture), StreamSeed(seed, "gesture"));
  process_.Prepare(StreamSeed(seed, "events"), sample_rate_,
                   ModelFor(material_kind_, Clamp01(settings_.size.At(0.0))));
  rustle_.Prepare(StreamSeed(seed, "rustle"), sample_rate_);
  for (CrackleVoice& voice : voices_) voice = CrackleVoice{};
  phase_ = 0.0;
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
  sound.amplitude = shape.level * std::sqrt(event.energy / kEnergyRange);
  // Burst time varies ±0.7 octave from snap to snap.
  sound.burst_s = m.burst_s * shape.burst_factor * std::exp2(1.4 * (snap_draw(0) - 0.5));
  sound.excitation_cutoff_hz = m.excitation_cutoff_hz * shape.cutoff_factor;
  sound.direct_gain = m.direct_gain * shape.direct_factor;
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

void Crinkling::Render(const BlockContext& block, StereoView out) noexcept {
  const double t0 = static_cast<double>(block.first_frame) / sample_rate_;
  const double intensity = Clamp01(settings_.intensity.At(t0));
  const double crispness = Clamp01(settings_.crispness.At(t0));
  const double size = Clamp01(settings_.size.At(t0));
  const double period = std::max(settings_.gesture_period_s.At(t0), 1.0e-3);

  BlockShape shape;
  shape.level = kLoudestSnap * (kIdleLevel + (1.0 - kIdleLevel) * intensity);
  shape.burst_factor = std::exp2(kCrispnessOctaves * (0.5 - crispness));
  shape.cutoff_factor = std::exp2(kCrispnessOctaves * (crispness - 0.5));
  shape.direct_factor = 0.5 + crispness;
  shape.frequency_factor = std::exp2(kSizeOctaves * (0.5 - size));
  shape.stereo_spread = 0.15 + 0.5 * size;

  const double rate_scale =
      (kIdleRate + (1.0 - kIdleRate) * intensity) * SizeRate(size) / kLargeRate;
  const double phase_start = phase_;
  const double phase_per_second = 1.0 / period;
  const double block_seconds = kBlockFrames / sample_rate_;
  const double phase_end = phase_start + block_seconds * phase_per_second;

  std::fill(out.left, out.left + kBlockFrames, 0.0f);
  std::fill(out.right, out.right + kBlockFrames, 0.0f);

  // Rustle: sliding between snaps, as loud as the hand is busy.
  const double rustle_size = 0.6 + 0.8 * size;
  const double rustle_level =
      material_->rustle_level * rustle_size * (kIdleLevel + (1.0 - kIdleLevel) * intensity) *
      (kIdleRate + (1.0 - kIdleRate) * intensity);
  rustle_.set_band(material_->rustle_low_hz * shape.frequency_factor,
                   std::min(material_->rustle_high_hz * shape.frequency_factor, kHighestModeHz));
  const double t1 = t0 + block_seconds;
  rustle_.Render(out.left, out.right,
                 rustle_level * gesture_.At(phase_start) * gesture_.Flutter(t0),
                 rustle_level * gesture_.At(phase_end) * gesture_.Flutter(t1));

  // Snaps starting in this block, each at its own frame.
  process_.set_max_crackles(material_->max_crackles * MaxCracklesFactor(size));
  const auto activity = [&](double seconds) {
    return rate_scale * gesture_.At(phase_start + (seconds - t0) * phase_per_second) *
           gesture_.Flutter(seconds);
  };
  const auto start = [&](const CrumpleEvent& event) {
    StartCrackle(event, static_cast<int>(event.frame - block.first_frame), shape);
  };
  process_.Advance(block.first_frame + kBlockFrames, activity, start);
  for (CrackleVoice& voice : voices_) {
    if (voice.active()) voice.Render(out.left, out.right);
  }
  phase_ = phase_end;

  saturator_.Process(out.left, kBlockFrames);
  saturator_.Process(out.right, kBlockFrames);
}

}  // namespace tingle::synth
