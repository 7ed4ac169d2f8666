#include "synth/rain/rain.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"
#include "synth/rain/minnaert_bubble.hpp"
#include "synth/rain/rain_rates.hpp"

namespace tingle::synth {
namespace {

constexpr Choice kSurfaceChoices[] = {
    {"leaves", "soft, dull pats on foliage, each with a short rustle"},
    {"window", "glass ticks with a short bright ring; the rain outside heard through the pane"},
    {"roof", "a metal roof: ringing pings over the sheet's low drumming"},
    {"puddle", "plinks: small splashes, most carrying a bubble whose pitch rises"},
    {"umbrella", "fabric drumming: thumps of the taut canopy with a crisp slap"},
    {"pavement", "dull splashes and spray on concrete, now and then a bubble in a puddle"},
};

const ParamSpec<RainSettings> kTable[] = {
    NumberParam<RainSettings>("intensity", "", 0.0, 1.0, 0.5,
                              "drizzle (0, 0.5 mm/h) to downpour (1, 100 mm/h): drop rate, "
                              "drop sizes, and the bed's level and tilt",
                              &RainSettings::intensity),
    ChoiceParam<RainSettings>("surface", kSurfaceChoices, 5, "what the near drops land on",
                              &RainSettings::surface),
    NumberParam<RainSettings>("drop_size_mm", "mm", 0.5, 5.0, 2.0,
                              "mean diameter of the near drops at intensity 0.5 (heavier rain "
                              "brings bigger drops); larger drops sound lower and duller",
                              &RainSettings::drop_size_mm),
    NumberParam<RainSettings>("near_drops", "", 0.0, 1.0, 0.25,
                              "share of the drops landing close by that are heard one by one "
                              "over the bed (1: about 120 drops/s at intensity 0.5)",
                              &RainSettings::near_drops),
    NumberParam<RainSettings>("wind", "", 0.0, 1.0, 0.0,
                              "slow gusts that swell the drop rate and brighten the bed",
                              &RainSettings::wind),
};

// Amplitude of a drop of drop_size_mm at surface level 1 (its modes, tick and splash
// scale with it). Set with the texture evaluator (shared/texture-eval): at the defaults
// the near drops stand out (high-band envelope kurtosis 4-6, crest factor 14 dB) while
// the render stays closer to recorded steady rain than other recordings are to it.
constexpr double kDropLevel = 0.025;
// Drops slower than this (the smallest, in still air) are taken at this speed, m/s.
constexpr double kSlowestImpactMs = 0.5;
// Drops spread over this much of the stereo field (1: ear to ear).
constexpr double kDropSpread = 0.9;
// The half-sine contact force of duration T falls 3 dB at about 0.59 / T.
constexpr double kContactCornerTimesDuration = 0.59;
// Mode frequencies and decays vary from drop to drop (where on the surface it lands).
constexpr double kSharedPlace = 0.7;
constexpr double kT60Spread = 0.4;     // T60 × (1 ± 0.2)
constexpr double kModeGainSpread = 0.8;  // mode amplitude × (0.6 .. 1.4)
// The bubble pinches off as the crater collapses, some milliseconds after impact
// (Prosperetti & Oguz, "The impact of drops on liquid surfaces and the underwater noise
// of rain", Annu. Rev. Fluid Mech. 25, 577, 1993).
constexpr double kBubbleDelayMinS = 0.003;
constexpr double kBubbleDelayMaxS = 0.015;
// Pitch ceiling of a rising bubble, relative to its start: reached at t = 1 / (ξ d),
// when the bubble has decayed by e^-10 (87 dB).
constexpr double kBubbleGlideCeiling = 2.0;
// Splash variation: air-band share ± half of this.
constexpr double kSplashShareSpread = 0.3;
// Splash length grows with the drop (more water, a wider crown): each splash is shared
// between a short and a long decay around the surface's, the long share growing with
// D / D̄ (half at the mean size, all of it at twice the mean).
constexpr double kSplashShortFactor = 0.6;
constexpr double kSplashLongFactor = 1.8;

// Bed: total RMS per channel at drizzle and downpour (dB re full scale), and its tilt
// (dB per octave about 1 kHz): heavy rain is louder and darker (the roar of big drops),
// drizzle a thin hiss.
constexpr double kBedDrizzleDb = -48.0;
constexpr double kBedDownpourDb = -18.0;
constexpr double kBedDrizzleTiltDb = 1.0;
constexpr double kBedDownpourTiltDb = -1.5;
// Band shape of the bed before tilt (rumble, body, hiss, air), dB: fitted to the long-term
// ERB-band spectrum of recorded steady rain (texture evaluator; between its two
// references, one roaring and one with a strong low rumble).
constexpr double kBedShapeDb[RainBed::kBands] = {7.0, 0.0, -2.0, -7.0};
// Distant drops that become near drops leave the bed: full near_drops lowers it by this.
constexpr double kBedDuckDb = 4.0;
// Share of the bed's upper bands that flickers (distant drops as impacts), and of its
// lower bands that swells (the roar surging); set against the envelope statistics of
// recorded rain (texture evaluator: CV, skew and modulation per band).
constexpr double kBedFlickerDepth = 0.35;
constexpr double kBedSwellDepth = 0.4;
// Wind: relative swing of the drop rate and of the bed's upper bands per unit of gust
// strength (strength is mean 0, in [-1, 2]).
constexpr double kGustDensityDepth = 0.5;
constexpr double kGustBrightnessDepth = 0.35;
// A layer starting late replays this much first, so drops already ringing are heard.
constexpr double kPreRollSeconds = 1.0;
// Saturator knee: only the rare giant drop reaches it.
constexpr float kSaturatorKnee = 0.7f;

double Clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// The sound a drop radiates carries a roughly fixed fraction of its kinetic energy
// (Franz, "Splashes as sources of sound in liquids", JASA 31, 1080, 1959; Nystuen, JASA
// 79, 972, 1986), so its amplitude follows sqrt(m v²) ∝ D^1.5 v (D in mm, v in m/s).
double SqrtKineticEnergy(double diameter_mm, double velocity) {
  return diameter_mm * std::sqrt(diameter_mm) * velocity;
}

}  // namespace

const std::span<const ParamSpec<RainSettings>> kRainParams = kTable;

Rain::Rain(const RainSettings& settings)
    : settings_(settings),
      surface_(&SurfaceOf(static_cast<SurfaceKind>(settings.surface))),
      surface_kind_(static_cast<SurfaceKind>(settings.surface)),
      saturator_(kSaturatorKnee) {
  for (int m = 0; m < Surface::kMaxModes; ++m) {
    const SurfaceMode& mode = surface_->modes[m];
    mode_octaves_[m] = mode.level > 0.0 ? std::log2(mode.high_hz / mode.low_hz) : 0.0;
  }
}

double Rain::DensityFactor(double wind, double gust_strength) {
  return std::max(1.0 + Clamp01(wind) * kGustDensityDepth * gust_strength, 0.0);
}

std::array<double, RainBed::kBands> Rain::BedLevels(double intensity, double near_drops,
                                                    SurfaceKind surface) {
  const double i = Clamp01(intensity);
  const double total_db = kBedDrizzleDb + (kBedDownpourDb - kBedDrizzleDb) * i -
                          kBedDuckDb * Clamp01(near_drops);
  const double tilt = kBedDrizzleTiltDb + (kBedDownpourTiltDb - kBedDrizzleTiltDb) * i;
  const Surface& s = SurfaceOf(surface);
  std::array<double, RainBed::kBands> levels{};
  double power = 0.0;
  for (int band = 0; band < RainBed::kBands; ++band) {
    const double centre = std::sqrt(RainBed::kEdgesHz[band] * RainBed::kEdgesHz[band + 1]);
    const double db =
        kBedShapeDb[band] + tilt * std::log2(centre / 1000.0) + s.bed_offsets_db[band];
    levels[band] = DbToGain(db);
    power += levels[band] * levels[band];
  }
  const double scale = DbToGain(total_db) / std::sqrt(power);
  for (double& level : levels) level *= scale;
  return levels;
}

void Rain::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  const std::uint64_t seed = StreamSeed(context.layer_seed, "rain");
  drops_.Prepare(StreamSeed(seed, "drops"));
  gusts_.Prepare(StreamSeed(seed, "gusts"));
  bed_.Prepare(StreamSeed(seed, "bed"), sample_rate_, kBedFlickerDepth, kBedSwellDepth);
  SplashTimes times;
  times.tick_s = surface_->tick_s;
  times.attack_s = surface_->splash_attack_s;
  times.short_s = surface_->splash_decay_s * kSplashShortFactor;
  times.long_s = surface_->splash_decay_s * kSplashLongFactor;
  splash_.Prepare(sample_rate_, times, bed_.upper_unit());
  modes_.Prepare(sample_rate_);
  bubbles_.Prepare(sample_rate_);
  Restart(0);
}

void Rain::Restart(std::int64_t frame) noexcept {
  bed_.Reset();
  splash_.Reset();
  modes_.Reset();
  bubbles_.Reset();
  pending_count_ = 0;
  derived_ = Derived{};
  next_frame_ = frame;
}

void Rain::Update(double seconds) noexcept {
  const double intensity = Clamp01(settings_.intensity.At(seconds));
  const double near_drops = Clamp01(settings_.near_drops.At(seconds));
  const double drop_size_mm = std::max(settings_.drop_size_mm.At(seconds), kAudibleDiameterMm);
  wind_ = Clamp01(settings_.wind.At(seconds));
  gust_ = wind_ > 0.0 ? gusts_.Strength(seconds) : 0.0;
  Derived& d = derived_;
  if (intensity == d.intensity && near_drops == d.near_drops && drop_size_mm == d.drop_size_mm) {
    return;
  }
  d.intensity = intensity;
  d.near_drops = near_drops;
  d.drop_size_mm = drop_size_mm;
  d.drops_per_block = NearDropsPerSecond(intensity, near_drops) * kBlockFrames / sample_rate_;
  d.mean_diameter_mm = MeanDropDiameterMm(drop_size_mm, intensity);
  d.reference_sqrt_energy =
      SqrtKineticEnergy(drop_size_mm, std::max(TerminalVelocity(drop_size_mm), kSlowestImpactMs));
  d.reference_radius_m = MinnaertBubble::RadiusForDrop(drop_size_mm, 0.0);
  d.bed = BedLevels(intensity, near_drops, surface_kind_);
}

void Rain::StartDrop(const Drop& drop, std::int64_t frame) noexcept {
  const Surface& s = *surface_;
  const Derived& d = derived_;
  constexpr std::uint64_t k = DropProcess::kFirstFreeDraw;
  const double diameter = drop.diameter_mm;
  const double velocity = std::max(TerminalVelocity(diameter), kSlowestImpactMs);
  const double loudness = kDropLevel * s.level * SqrtKineticEnergy(diameter, velocity) /
                          d.reference_sqrt_energy;
  // Squash time of the drop, stretched by a compliant surface.
  const double contact_s = s.contact_stretch * diameter * 1.0e-3 / velocity;
  const double corner_hz = kContactCornerTimesDuration / contact_s;
  // Constant-power placement.
  const double angle = 0.25 * kPi * (1.0 + kDropSpread * drop.position);
  const double left_gain = std::cos(angle), right_gain = std::sin(angle);

  const double region = drop.Unit(k);
  for (int m = 0; m < Surface::kMaxModes; ++m) {
    const SurfaceMode& mode = s.modes[m];
    if (mode.level <= 0.0) continue;
    const auto draw = [&](std::uint64_t offset) { return drop.Unit(k + 1 + offset * 4 + m); };
    const double place = kSharedPlace * region + (1.0 - kSharedPlace) * draw(0);
    dsp::DampedSine sine;
    sine.frequency_hz = mode.low_hz * std::exp2(mode_octaves_[m] * place);
    sine.t60_s = mode.t60_s * (1.0 + kT60Spread * (draw(1) - 0.5));
    const double ratio = sine.frequency_hz / corner_hz;
    const double spectrum = s.hardness + (1.0 - s.hardness) / (1.0 + ratio * ratio);
    sine.amplitude =
        loudness * mode.level * spectrum * (1.0 + kModeGainSpread * (draw(2) - 0.5));
    sine.left_gain = left_gain;
    sine.right_gain = right_gain;
    modes_.Start(sine, frame);
  }

  SplashBurst burst;
  burst.tick_level = loudness * s.tick_level;
  burst.splash_level = loudness * s.splash_level;
  burst.long_share = Clamp01(0.5 * diameter / d.mean_diameter_mm);
  burst.air_share = Clamp01(s.splash_air_share + kSplashShareSpread * (drop.Unit(k + 20) - 0.5));
  burst.left_gain = left_gain;
  burst.right_gain = right_gain;
  splash_.Start(burst);

  if (drop.Unit(k + 21) < s.bubble_chance) {
    const double radius = MinnaertBubble::RadiusForDrop(diameter, 2.0 * drop.Unit(k + 22) - 1.0);
    const double decay = MinnaertBubble::DecayPerSecond(radius);
    const double relative_radius = radius / d.reference_radius_m;
    dsp::DampedSine sine;
    sine.frequency_hz = MinnaertBubble::FrequencyHz(radius);
    sine.t60_s = MinnaertBubble::kLnThousand / decay;
    // Amplitude ∝ R^1.5, without a pow.
    static_assert(MinnaertBubble::kAmplitudeExponent == 1.5);
    sine.amplitude = kDropLevel * s.level * s.bubble_level * relative_radius *
                     std::sqrt(relative_radius);
    sine.left_gain = left_gain;
    sine.right_gain = right_gain;
    sine.glide_per_s = MinnaertBubble::kRiseXi * decay;
    sine.glide_ceiling = kBubbleGlideCeiling;
    const double delay_s =
        kBubbleDelayMinS + (kBubbleDelayMaxS - kBubbleDelayMinS) * drop.Unit(k + 23);
    QueueBubble(frame + static_cast<std::int64_t>(delay_s * sample_rate_), sine);
  }
}

void Rain::QueueBubble(std::int64_t frame, const dsp::DampedSine& sine) noexcept {
  if (pending_count_ == kMaxPendingBubbles) return;  // a bubble too many: never heard
  int slot = pending_count_++;
  // Keep the queue sorted by frame.
  for (; slot > 0 && pending_[slot - 1].frame > frame; --slot) pending_[slot] = pending_[slot - 1];
  pending_[slot] = PendingBubble{frame, sine};
}

void Rain::RunBubbles(std::int64_t first_frame) noexcept {
  const std::int64_t end_frame = first_frame + kBlockFrames;
  int done = 0;
  int started = 0;
  while (started < pending_count_ && pending_[started].frame < end_frame) {
    const int offset =
        static_cast<int>(std::max<std::int64_t>(pending_[started].frame - first_frame, 0));
    bubbles_.Process(done, offset);
    done = offset;
    bubbles_.Start(pending_[started].sine, first_frame + offset);
    ++started;
  }
  bubbles_.Process(done, kBlockFrames);
  if (started > 0) {
    std::copy(pending_.begin() + started, pending_.begin() + pending_count_, pending_.begin());
    pending_count_ -= started;
  }
}

void Rain::RenderBlock(std::int64_t first_frame, float* left, float* right) noexcept {
  const double seconds = static_cast<double>(first_frame) / sample_rate_;
  Update(seconds);
  const Derived& d = derived_;

  // Near drops of this block, each at its own frame: modes and splashes run in segments
  // that end where the next drop starts; bubbles follow their own onsets.
  const double density = DensityFactor(wind_, gust_);
  int done = 0;
  drops_.Block(first_frame / kBlockFrames, d.drops_per_block * density, d.mean_diameter_mm,
               [&](const Drop& drop) {
                 modes_.Process(done, drop.offset);
                 splash_.Process(splash_envelope_, done, drop.offset);
                 done = drop.offset;
                 StartDrop(drop, first_frame + drop.offset);
               });
  modes_.Process(done, kBlockFrames);
  splash_.Process(splash_envelope_, done, kBlockFrames);
  RunBubbles(first_frame);

  // The bed writes the block, with the splashes riding on its upper bands (gusts
  // brighten it); the modes and bubbles add to it.
  std::array<double, RainBed::kBands> bed = d.bed;
  const double brighten = std::max(1.0 + wind_ * kGustBrightnessDepth * gust_, 0.0);
  bed[2] *= brighten;
  bed[3] *= brighten;
  bed_.Render(left, right, bed, splash_envelope_);
  const std::int64_t next_frame = first_frame + kBlockFrames;
  modes_.Finish(left, right, next_frame);
  bubbles_.Finish(left, right, next_frame);

  saturator_.Process(left, kBlockFrames);
  saturator_.Process(right, kBlockFrames);
}

inline void Rain::RenderBody(const BlockContext& block, StereoView out) noexcept {
  if (block.first_frame != next_frame_) {
    // A late start (or a jump): replay a short pre-roll silently so that the bed's
    // filters have settled and drops that landed just before are still ringing.
    const std::int64_t preroll = static_cast<std::int64_t>(kPreRollSeconds * sample_rate_) /
                                 kBlockFrames * kBlockFrames;
    std::int64_t frame = std::max<std::int64_t>(block.first_frame - preroll, 0);
    frame -= frame % kBlockFrames;
    Restart(frame);
    float scratch_left[kBlockFrames], scratch_right[kBlockFrames];
    for (; frame < block.first_frame; frame += kBlockFrames) {
      RenderBlock(frame, scratch_left, scratch_right);
    }
  }
  RenderBlock(block.first_frame, out.left, out.right);
  next_frame_ = block.first_frame + kBlockFrames;
}

void Rain::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Rain::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
