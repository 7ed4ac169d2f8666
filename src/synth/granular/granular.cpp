#include "synth/granular/granular.hpp"

#include "dsp/cpu_features.hpp"

namespace tingle::synth {
namespace {

constexpr Choice kWindows[] = {
    {"hann", "a raised cosine: smooth, the default; grains at 50 % overlap sum to a constant"},
    {"tukey", "flat in the middle half with cosine edges: more of the source, softer onsets"},
    {"expodec", "a quick soft attack and an exponential decay: each grain a little strike"},
    {"rexpodec", "expodec backwards: grains swell and stop softly, like reversed sounds"},
};

const ParamSpec<GranularSettings> kTable[] = {
    TextParam<GranularSettings>(
        "source", "noise:pink",
        "what the grains read: a sound file (WAV, FLAC, OGG; looked for next to the recipe, "
        "then in tingle's samples folder; stereo is folded to mono; at most 5 minutes) or a "
        "built-in noise: noise:white, noise:pink or noise:brown",
        &GranularSettings::source),
    NumberParam<GranularSettings>("grain_ms", "ms", 2.0, GrainCloud::kMaxGrainMs, 80.0,
                                  "length of each grain: below 20 ms grains blur into a "
                                  "buzz or hiss, above 100 ms the source shows through",
                                  &GranularSettings::grain_ms),
    NumberParam<GranularSettings>("density", "1/s", 0.5, 2000.0, 30.0,
                                  "grains started per second; the level stays the same as "
                                  "grains overlap more (sparse grains are heard one by one)",
                                  &GranularSettings::density),
    NumberParam<GranularSettings>("source_position", "", 0.0, 1.0, 0.0,
                                  "where in the source the grains read, as a share of its "
                                  "length (before scan moves it)",
                                  &GranularSettings::source_position),
    NumberParam<GranularSettings>("source_jitter", "", 0.0, 1.0, 0.05,
                                  "random offset of each grain's read position, as a share "
                                  "of the source's length (1: anywhere in it)",
                                  &GranularSettings::source_jitter),
    NumberParam<GranularSettings>("scan", "s/s", -4.0, 4.0, 1.0,
                                  "source seconds the read position moves per second: 1 goes "
                                  "through the source at its own pace, 0 freezes it, "
                                  "negative runs backwards; the source loops",
                                  &GranularSettings::scan),
    NumberParam<GranularSettings>("pitch", "semitones", -24.0, 24.0, 0.0,
                                  "transposition of every grain (12: an octave up)",
                                  &GranularSettings::pitch),
    NumberParam<GranularSettings>("pitch_jitter", "semitones", 0.0, 12.0, 0.0,
                                  "random transposition of each grain, up to this much up "
                                  "or down",
                                  &GranularSettings::pitch_jitter),
    ChoiceParam<GranularSettings>("window", kWindows, 0, "the envelope of each grain",
                                  &GranularSettings::window),
    NumberParam<GranularSettings>("reverse", "", 0.0, 1.0, 0.0,
                                  "chance that a grain plays its stretch of source backwards",
                                  &GranularSettings::reverse),
    NumberParam<GranularSettings>("spread", "", 0.0, 1.0, 0.5,
                                  "how far grains scatter across the stereo field (0: all in "
                                  "the middle, 1: ear to ear)",
                                  &GranularSettings::spread),
    BooleanParam<GranularSettings>("sync", false,
                                   "true: grains start at regular intervals (1 / density), "
                                   "a steady pulse or, overlapping, a smooth stream; false: "
                                   "at random (Poisson) times, a cloud",
                                   &GranularSettings::sync),
};

// Below hearing: what transposing down leaves there is rumble and DC (see granular.hpp).
constexpr double kLowCutHz = 20.0;
// The saturator's knee: only coherent clouds' peaks reach it.
constexpr float kSaturatorKnee = 0.8f;

}  // namespace

const std::span<const ParamSpec<GranularSettings>> kGranularParams = kTable;

Granular::Granular(const GranularSettings& settings, const BuildContext& context)
    : cloud_(settings, context), saturator_(kSaturatorKnee) {}

void Granular::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  cloud_.Prepare(context);
  low_cut_.Init(kLowCutHz, sample_rate_);
}

inline void Granular::RenderBody(const BlockContext& block, StereoView out) noexcept {
  cloud_.Render(block.first_frame, out.left, out.right);
  low_cut_.Process(out.left, out.right, kBlockFrames);
  saturator_.Process(out.left, kBlockFrames);
  saturator_.Process(out.right, kBlockFrames);
}

void Granular::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Granular::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
