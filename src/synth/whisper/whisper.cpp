#include "synth/whisper/whisper.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::synth {
namespace {

using whisper::Babble;
using whisper::Phrase;
using whisper::SegmentRole;

constexpr Choice kVoices[] = {
    {"low", "a long vocal tract (17.5 cm, a typical man's): low formants, a dark whisper"},
    {"mid", "a 16 cm tract: formants 9 % higher"},
    {"high", "a short tract (14.5 cm, a typical woman's): formants 21 % higher, a bright whisper"},
};

const ParamSpec<WhisperSettings> kTable[] = {
    NumberParam<WhisperSettings>("rate", "1/s", 1.0, 8.0, 3.5,
                                 "syllables per second while whispering (pauses not counted; "
                                 "read at each phrase's start); about 4 in calm speech",
                                 &WhisperSettings::rate),
    NumberParam<WhisperSettings>("pause", "", 0.0, 1.0, 0.35,
                                 "share of the time spent in pauses between phrases: 0.75 x pause "
                                 "(0: phrases follow one another after a 60 ms break; 0.4: 30 %; "
                                 "1: 75 %, never silence); soft breath intakes fall in the longer "
                                 "pauses",
                                 &WhisperSettings::pause),
    NumberParam<WhisperSettings>("breathiness", "", 0.0, 1.0, 0.5,
                                 "how airy the whisper is: 0 crisp, narrow formants; 1 broad "
                                 "formants and deeper breath intakes",
                                 &WhisperSettings::breathiness),
    NumberParam<WhisperSettings>("sibilance", "", 0.0, 1.0, 0.5,
                                 "loudness of s and sh: 0 soft (-10 dB), 0.5 natural, 1 crisp "
                                 "and hissy (+10 dB)",
                                 &WhisperSettings::sibilance),
    ChoiceParam<WhisperSettings>("voice", kVoices, 1, "vocal-tract length: the formants scale with it",
                                 &WhisperSettings::voice),
    WholeParam<WhisperSettings>("language", 1.0, 9999.0, 1.0,
                                "which pseudo-language: its sounds, syllable shapes, stress and "
                                "words (the same number is the same language in every track)",
                                &WhisperSettings::language),
    NumberParam<WhisperSettings>("closeness", "", 0.0, 1.0, 0.4,
                                 "how near the mouth is to the ear: more low-frequency body "
                                 "(proximity), audible exhaled air, louder breath intakes",
                                 &WhisperSettings::closeness),
    TextParam<WhisperSettings>("text", "",
                               "letters that drive the syllables through simple letter-to-sound "
                               "rules (not meant to be understood; punctuation ends a phrase); "
                               "empty: babble in the language",
                               &WhisperSettings::text),
};

// Vocal-tract lengths, cm: a typical adult man's, between, a typical woman's (Fitch &
// Giedd, JASA 106, 1511, 1999: adult tracts measure about 14-18 cm).
constexpr double kReferenceTractCm = 17.5;
constexpr double kTractCm[] = {17.5, 16.0, 14.5};
// Sibilance: ±10 dB on the sibilant lanes about the natural level at 0.5.
constexpr double kSibilanceRangeDb = 20.0;
// Breathiness widens the formants by this factor at 0 and at 1.
constexpr double kNarrowest = 0.8;
constexpr double kBroadest = 1.8;
// Breath intakes: × this at breathiness 0 and 1; closeness 1 adds this much again.
constexpr double kBreathAtLeast = 0.6;
constexpr double kBreathAtMost = 1.4;
constexpr double kCloseBreath = 1.0;
// Saturator knee: only a rare burst of a loud stressed syllable reaches it.
constexpr float kSaturatorKnee = 0.8f;

double Clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

}  // namespace

const std::span<const ParamSpec<WhisperSettings>> kWhisperParams = kTable;

Whisper::Whisper(const WhisperSettings& settings)
    : settings_(settings),
      tract_scale_(TractScale(static_cast<WhisperVoice>(settings.voice))),
      saturator_(kSaturatorKnee) {}

double Whisper::TractScale(WhisperVoice voice) {
  return kReferenceTractCm / kTractCm[static_cast<int>(voice)];
}

void Whisper::PrepareBabble(const WhisperSettings& settings, std::uint64_t layer_seed,
                            whisper::Babble& babble) {
  const auto language = static_cast<std::uint64_t>(std::max(0.0, std::round(settings.language.At(0.0))));
  babble.Prepare(StreamSeed(StreamSeed(layer_seed, "whisper"), "babble"), language, settings.text,
                 TractScale(static_cast<WhisperVoice>(settings.voice)));
}

void Whisper::NextPhrase(const WhisperSettings& settings, double start_s, whisper::Babble& babble,
                         whisper::Phrase& phrase) {
  babble.Next(start_s, settings.rate.At(start_s), Clamp01(settings.pause.At(start_s)), phrase);
}

void Whisper::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  PrepareBabble(settings_, context.layer_seed, babble_);
  articulation_.Prepare(sample_rate_, tract_scale_);
  glide_.Prepare(sample_rate_);
  tract_.Prepare(StreamSeed(StreamSeed(context.layer_seed, "whisper"), "sound"), sample_rate_,
                 articulation_);
  SkipTo(0);
}

void Whisper::StartPhrase(double start_s) noexcept {
  NextPhrase(settings_, start_s, babble_, phrase_);
  MakeSounds();
}

void Whisper::MakeSounds() noexcept {
  // Breath intakes follow breathiness and closeness at the phrase's start.
  const double start_s = phrase_.start_s;
  const double breathiness = Clamp01(settings_.breathiness.At(start_s));
  const double closeness = Clamp01(settings_.closeness.At(start_s));
  const auto breath = static_cast<float>((kBreathAtLeast + (kBreathAtMost - kBreathAtLeast) * breathiness) *
                                         (1.0 + kCloseBreath * closeness));
  for (int i = 0; i < phrase_.segment_count; ++i) {
    const whisper::Segment& seg = phrase_.segments[static_cast<std::size_t>(i)];
    whisper::SegmentSound& sound = sounds_[static_cast<std::size_t>(i)];
    sound = articulation_.SoundOf(seg);
    if (seg.role == SegmentRole::kBreath) {
      sound.formant_gain *= breath;
      sound.frication_gain *= breath;
    }
  }
  cursor_ = 0;
}

void Whisper::SkipTo(std::int64_t frame) noexcept {
  // Replay the schedule (not the audio) from the start up to the phrase that holds
  // `frame`; the sound starts from rest there (gains ramp up over the first block).
  babble_.Restart();
  const double t = static_cast<double>(frame) / sample_rate_;
  double start = 0.0;
  for (;;) {
    NextPhrase(settings_, start, babble_, phrase_);
    if (phrase_.end_s > t) break;
    start = phrase_.end_s;
  }
  MakeSounds();
  while (cursor_ < phrase_.segment_count - 1 &&
         t >= phrase_.segments[static_cast<std::size_t>(cursor_)].end_s) {
    ++cursor_;
  }
  glide_.Reset(sounds_[static_cast<std::size_t>(cursor_)]);
  tract_.Reset();
  next_frame_ = frame;
}

inline void Whisper::RenderBody(const BlockContext& block, StereoView out) noexcept {
  if (block.first_frame != next_frame_) SkipTo(block.first_frame);
  const double t0 = static_cast<double>(block.first_frame) / sample_rate_;
  const double t1 = static_cast<double>(block.first_frame + kBlockFrames) / sample_rate_;
  while (t1 >= phrase_.end_s) StartPhrase(phrase_.end_s);
  const whisper::TractState state = glide_.Step(phrase_, sounds_.data(), cursor_, t1);

  const double breathiness = Clamp01(settings_.breathiness.At(t0));
  const double sibilance = Clamp01(settings_.sibilance.At(t0));
  const double closeness = Clamp01(settings_.closeness.At(t0));
  whisper::VoiceControls controls;
  const auto sibilant = static_cast<float>(DbToGain(kSibilanceRangeDb * (sibilance - 0.5)));
  controls.frication_scale = dsp::Float4{sibilant, sibilant, 1.0f, 0.0f};
  controls.close_breath = static_cast<float>(closeness);
  controls.proximity = static_cast<float>(whisper::Articulation::kProximityBoost * closeness);
  controls.bandwidth_scale = static_cast<float>(kNarrowest + (kBroadest - kNarrowest) * breathiness);
  tract_.Render(state, controls, out.left);

  saturator_.Process(out.left, kBlockFrames);
  std::copy(out.left, out.left + kBlockFrames, out.right);
  next_frame_ = block.first_frame + kBlockFrames;
}

void Whisper::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Whisper::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
