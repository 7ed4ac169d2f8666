#include "synth/tapping/tapping.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/cpu_features.hpp"
#include "synth/tapping/tap_draws.hpp"
#include "dsp/float4.hpp"

namespace tingle::synth {
namespace {

constexpr Choice kMaterialChoices[] = {
    {"wood", "a wooden box lid: irregular panel modes, short and warm (loss factor 0.012)"},
    {"glass", "a glass jar: ring modes in beating pairs, long and pure (loss factor 0.0012)"},
    {"plastic", "a plastic box: panel modes, dull and short (loss factor 0.03)"},
    {"metal", "a metal bar: free-bar modes 1 : 2.76 : 5.40, rings for seconds (0.0002)"},
    {"ceramic", "a ceramic plate: free-disc modes, a clear ring of half a second (0.003)"},
    {"cardboard", "a cardboard box: soft panel modes, a papery knock (loss factor 0.07)"},
};

constexpr Choice kStrikerChoices[] = {
    {"nail", "fingernail: 0.2-0.5 ms contact, a bright click"},
    {"fingertip", "finger pad: 2-5 ms contact, a dull thud"},
};

constexpr Choice kPatternChoices[] = {
    {"steady", "an even pulse with a human hand's small timing spread"},
    {"random", "irregular taps (Poisson, never closer than 25 ms)"},
    {"gallop", "3-4-finger rolls, pinky to index, then a pause"},
    {"bursts", "runs of 3-8 quick taps (two fingers alternating), then a pause"},
};

const ParamSpec<TappingSettings> kTable[] = {
    ChoiceParam<TappingSettings>("material", kMaterialChoices, 0,
                                 "what the tapped object is made of: its modes and decay",
                                 &TappingSettings::material),
    ChoiceParam<TappingSettings>("striker", kStrikerChoices, 0, "what strikes it",
                                 &TappingSettings::striker),
    NumberParam<TappingSettings>("size_cm", "cm", 2.0, 100.0, 15.0,
                                 "object size: sets the pitch (frequencies ∝ 1 / size)",
                                 &TappingSettings::size_cm),
    NumberParam<TappingSettings>("rate", "1/s", 0.1, 20.0, 4.0, "mean taps per second",
                                 &TappingSettings::rate),
    ChoiceParam<TappingSettings>("pattern", kPatternChoices, 0, "the rhythm of the taps",
                                 &TappingSettings::pattern),
    NumberParam<TappingSettings>("humanize", "", 0.0, 1.0, 0.5,
                                 "timing, velocity and position spread: 0 a very steady "
                                 "hand, 1 a loose one",
                                 &TappingSettings::humanize),
    NumberParam<TappingSettings>("damping", "", 0.0, 1.0, 0.0,
                                 "a hand muffling the object: 0 free, 1 firmly held",
                                 &TappingSettings::damping),
    NumberParam<TappingSettings>("room", "", 0.0, 1.0, 0.3,
                                 "the room's diffuse tail: 0 dry and anechoic, 1 a live room "
                                 "at arm's length (tail 3 dB under the taps)",
                                 &TappingSettings::room),
};

// Bound on one tap's modal response per unit velocity (the modal gains sum to one): the
// default taps peak around -12 dBFS.
constexpr double kTapLevel = 0.8;
// Mean velocity falls with rate: fast tapping is lighter tapping (and many overlapping
// rings stay below full scale). 0..1 velocity units.
constexpr double kSlowTapVelocity = 0.75;
constexpr double kLightenRate = 6.0;  // taps/s at which the mean velocity is 1/sqrt(2) lower
// Velocity spread (log-normal sigma) at humanize 0 and extra at humanize 1.
constexpr double kVelocitySpread = 0.06;
constexpr double kHumanVelocitySpread = 0.3;
constexpr double kLightestTap = 0.05;
// Slow drifts of the hand (HandDrift): time scale, s, and depth at humanize 0 and 1.
// Force: log-velocity; tempo: fraction of the rate; place: unit coordinates.
constexpr double kForceDriftS = 1.5;
constexpr double kForceDrift = 0.1;
constexpr double kHumanForceDrift = 0.35;
constexpr double kTempoDriftS = 4.0;
constexpr double kHumanTempoDrift = 0.08;
constexpr double kPlaceDriftS = 3.0;
constexpr double kPlaceDrift = 0.02;
constexpr double kHumanPlaceDrift = 0.1;
// Strike position spread around the finger's home, unit coordinates.
constexpr double kPositionSpread = 0.01;
constexpr double kHumanPositionSpread = 0.07;
// Fingers land about 1.8 cm apart (adult finger width).
constexpr double kFingerSpacingCm = 1.8;
constexpr double kWidestFingerSpacing = 0.15;
// Contact time varies tap to tap with the nail's angle / the pad's flattening.
constexpr double kContactSpread = 0.1;
// Contact noise: band centre per inverse contact time, and its tap-to-tap level spread.
constexpr double kClickCentrePerContact = 0.9;
constexpr double kClickLevelSpread = 0.25;
// Dense residual: band top per inverse contact time; it starts this far above the
// fundamental (the lowest modes are all resolved).
constexpr double kResidualTopPerContact = 1.0;
constexpr double kResidualBottomRatio = 1.5;
// Object size, hand damping and the tempo drift are re-read every this many blocks
// (about 10 ms): they move slowly, and each object update recomputes every mode.
constexpr int kObjectUpdateBlocks = 8;
// A mode whose amplitude has decayed below this (-100 dBFS) is dropped from the bank
// until the next tap; with no mode left the bank sleeps.
constexpr double kModeFloor = 1.0e-5;
// Reverberant-to-direct energy at room = 1: a live room heard from arm's length.
constexpr double kLiveRoomRatio = 0.5;
// Saturator knee: linear below -6 dBFS, where default taps never reach.
constexpr float kSaturatorKnee = 0.5f;

double MeanVelocity(double rate) { return kSlowTapVelocity / std::sqrt(1.0 + rate / kLightenRate); }

// A strike coordinate kept on the object, a margin from its edges.
double OnObject(double x) {
  constexpr double kEdgeMargin = 0.02;
  return std::clamp(x, kEdgeMargin, 1.0 - kEdgeMargin);
}

// Largest |x| of a block, four lanes at a time (GCC/Clang vector extension): the
// saturator then runs only on the rare blocks that reach its knee.
float BlockPeak(const float* x) {
  using Lanes = dsp::Float4;
  Lanes peak = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int i = 0; i < kBlockFrames; i += 4) {
    const Lanes v = dsp::LoadFloat4(x + i);
    const Lanes magnitude = v < 0.0f ? -v : v;
    peak = magnitude > peak ? magnitude : peak;
  }
  return std::max(std::max(peak[0], peak[1]), std::max(peak[2], peak[3]));
}

}  // namespace

const std::span<const ParamSpec<TappingSettings>> kTappingParams = kTable;

Tapping::Tapping(const TappingSettings& settings)
    : settings_(settings),
      material_(Material(static_cast<TapMaterial>(settings.material))),
      striker_(StrikerOf(static_cast<Striker>(settings.striker))),
      pattern_(static_cast<TapPattern>(settings.pattern)),
      saturator_(kSaturatorKnee) {}

void Tapping::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  object_.Build(material_, StreamSeed(context.layer_seed, "tapping:object"));
  tap_seed_ = StreamSeed(context.layer_seed, "tapping:taps");
  rhythm_.Prepare(StreamSeed(context.layer_seed, "tapping:rhythm"), pattern_);
  exciter_.Prepare(striker_.contact_damping);
  click_.Prepare(StreamSeed(context.layer_seed, "tapping:click"), sample_rate_);
  residual_.Prepare(StreamSeed(context.layer_seed, "tapping:residual"), sample_rate_);
  room_.Prepare(StreamSeed(context.layer_seed, "tapping:room"), sample_rate_);
  force_drift_.Prepare(StreamSeed(context.layer_seed, "tapping:force"), kForceDriftS);
  tempo_drift_.Prepare(StreamSeed(context.layer_seed, "tapping:tempo"), kTempoDriftS);
  place_drift_x_.Prepare(StreamSeed(context.layer_seed, "tapping:place x"), kPlaceDriftS);
  place_drift_y_.Prepare(StreamSeed(context.layer_seed, "tapping:place y"), kPlaceDriftS);
  bank_.Reset();
  bank_.set_mode_count(0);
  strike_gain_.fill(0.0);
  mode_silent_frame_.fill(0);
  size_cm_ = -1.0;
  damping_ = -1.0;
  bank_awake_ = false;
  started_ = false;
  blocks_ = 0;
}

void Tapping::UpdateObject(double seconds) noexcept {
  const double size_cm = settings_.size_cm.At(seconds);
  const double damping = settings_.damping.At(seconds);
  if (size_cm == size_cm_ && damping == damping_) return;
  size_cm_ = size_cm;
  damping_ = damping;
  finger_spacing_ = std::min(kFingerSpacingCm / size_cm, kWidestFingerSpacing);
  const double fundamental = FundamentalHz(material_, size_cm);
  const auto now = SecondsToFrames(seconds, sample_rate_);
  for (int m = 0; m < object_.mode_count(); ++m) {
    const auto i = static_cast<std::size_t>(m);
    mode_hz_[i] = fundamental * object_.ratio(m);
    const double t60_s = ModeT60Seconds(material_, mode_hz_[i], damping);
    // A ring that now decays slower lives longer: stretch what is left of its life.
    if (t60_s > mode_t60_s_[i] && mode_silent_frame_[i] > now && mode_t60_s_[i] > 0.0) {
      const double left = static_cast<double>(mode_silent_frame_[i] - now);
      mode_silent_frame_[i] = now + static_cast<std::int64_t>(left * t60_s / mode_t60_s_[i]) + 1;
    }
    mode_t60_s_[i] = t60_s;
  }
  ApplyModes();
}

int Tapping::SoundingModes(std::int64_t frame) const noexcept {
  int count = object_.mode_count();
  while (count > 0 && mode_silent_frame_[static_cast<std::size_t>(count - 1)] <= frame) --count;
  return count;
}

void Tapping::ApplyModes() noexcept {
  for (int m = 0; m < object_.mode_count(); ++m) {
    const auto i = static_cast<std::size_t>(m);
    // The exciter feeds the force's first difference, whose gain at the mode is
    // 2 sin(w / 2): dividing it out leaves each mode's amplitude = gain x force spectrum.
    const double difference_gain = 2.0 * std::sin(kPi * mode_hz_[i] / sample_rate_);
    difference_compensation_[i] = difference_gain > 0.0 ? 1.0 / difference_gain : 0.0;
    bank_.set_mode(m, mode_hz_[i], mode_t60_s_[i], strike_gain_[i] * difference_compensation_[i],
                   sample_rate_);
  }
}

void Tapping::ApplyGains() noexcept {
  for (int m = 0; m < object_.mode_count(); ++m) {
    const auto i = static_cast<std::size_t>(m);
    bank_.set_gain(m, strike_gain_[i] * difference_compensation_[i]);
  }
}

void Tapping::Strike(const TapOnset& onset, int first_sample, std::int64_t block_frame,
                     double seconds, double rate, double humanize) noexcept {
  const std::uint64_t k = onset.index;
  const double velocity_spread = kVelocitySpread + kHumanVelocitySpread * humanize;
  const double force_drift = (kForceDrift + kHumanForceDrift * humanize) * force_drift_.At(seconds);
  const double velocity = std::clamp(
      MeanVelocity(rate) * onset.accent *
          std::exp(force_drift + velocity_spread * TapGaussian(tap_seed_, k, TapDraw::kVelocity)),
      kLightestTap, 1.0);

  const double position_spread = kPositionSpread + kHumanPositionSpread * humanize;
  const double place_drift = kPlaceDrift + kHumanPlaceDrift * humanize;
  const StrikePoint home = object_.home();
  const StrikePoint point = {
      OnObject(home.x + onset.finger * finger_spacing_ + place_drift * place_drift_x_.At(seconds) +
               position_spread * TapGaussian(tap_seed_, k, TapDraw::kPositionX)),
      OnObject(home.y + place_drift * place_drift_y_.At(seconds) +
               position_spread * TapGaussian(tap_seed_, k, TapDraw::kPositionY))};
  const std::int64_t onset_frame = block_frame + first_sample;
  for (int m = 0; m < object_.mode_count(); ++m) {
    const auto i = static_cast<std::size_t>(m);
    strike_gain_[i] = kTapLevel * object_.gain(m) * ModeWeight(object_.spec(m), point);
    // The mode's amplitude is at most gain x velocity (the contact only filters it):
    // it falls 60 dB per T60 down to the floor.
    const double amplitude = std::fabs(strike_gain_[i]) * velocity;
    if (amplitude > kModeFloor) {
      const double life_s = mode_t60_s_[i] * std::log10(amplitude / kModeFloor) / 3.0;
      mode_silent_frame_[i] =
          std::max(mode_silent_frame_[i], onset_frame + SecondsToFrames(life_s, sample_rate_) + 1);
    }
  }
  ApplyGains();

  const double contact_s = ContactSeconds(striker_, material_.youngs_modulus_gpa, velocity) *
                           std::exp(kContactSpread * TapGaussian(tap_seed_, k, TapDraw::kContact));
  const double first_elapsed = first_sample - onset.position;
  exciter_.Strike(first_elapsed, contact_s * sample_rate_, velocity);

  const double click_level =
      kTapLevel * striker_.click_level * velocity * std::sqrt(velocity) *
      std::exp(kClickLevelSpread * TapGaussian(tap_seed_, k, TapDraw::kClick));
  click_.Strike(static_cast<float>(click_level), striker_.click_decay_contacts * contact_s,
                kClickCentrePerContact / contact_s, striker_.click_band_q);
  residual_.Strike(static_cast<float>(kTapLevel * material_.residual_level * velocity),
                   material_.loss_factor + damping_ * kHandLossFactor,
                   material_.support_decay_per_s + damping_ * kHandDecayPerS,
                   kResidualTopPerContact / contact_s,
                   kResidualBottomRatio * FundamentalHz(material_, size_cm_));
  bank_awake_ = true;
}

inline void Tapping::RenderBody(const BlockContext& block, StereoView out) noexcept {
  const double seconds = FramesToSeconds(block.first_frame, sample_rate_);
  if (!started_ || blocks_ % kObjectUpdateBlocks == 0) {
    UpdateObject(seconds);
    tempo_drift_now_ = tempo_drift_.At(seconds);
  }
  started_ = true;
  ++blocks_;
  const double rate = settings_.rate.At(seconds);
  const double humanize = settings_.humanize.At(seconds);
  const double tempo = rate * (1.0 + kHumanTempoDrift * humanize * tempo_drift_now_);

  const double room = settings_.room.At(seconds);
  float* mono = dry_;
  std::fill(mono, mono + kBlockFrames, 0.0f);
  float excitation[kBlockFrames] = {};

  TapOnset onsets[TapRhythm::kMaxOnsetsPerBlock];
  const int count = rhythm_.Advance(tempo, humanize, sample_rate_, onsets);
  int cursor = 0;
  for (int t = 0; t < count; ++t) {
    const int first_sample = static_cast<int>(std::ceil(onsets[t].position));
    exciter_.Render(excitation, cursor, first_sample);
    click_.Render(mono, cursor, first_sample);
    residual_.Render(mono, cursor, first_sample);
    Strike(onsets[t], first_sample, block.first_frame, seconds, rate, humanize);
    cursor = first_sample;
  }
  exciter_.Render(excitation, cursor, kBlockFrames);
  click_.Render(mono, cursor, kBlockFrames);
  residual_.Render(mono, cursor, kBlockFrames);

  if (bank_awake_) {
    bank_.set_mode_count(SoundingModes(block.first_frame));
    bank_.Process(excitation, mono, kBlockFrames);
    if (!exciter_.active() && SoundingModes(block.first_frame + kBlockFrames) == 0) {
      bank_.Reset();
      bank_awake_ = false;
    }
  }
  // A compact object close to the microphones: one source in both channels, placed by
  // the layer; only the room around it differs between the ears.
  std::copy(mono, mono + kBlockFrames, out.left);
  std::copy(mono, mono + kBlockFrames, out.right);
  room_.Process(mono, room * kLiveRoomRatio, out.left, out.right);
  if (BlockPeak(out.left) > kSaturatorKnee) saturator_.Process(out.left, kBlockFrames);
  if (BlockPeak(out.right) > kSaturatorKnee) saturator_.Process(out.right, kBlockFrames);
}

void Tapping::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Tapping::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
