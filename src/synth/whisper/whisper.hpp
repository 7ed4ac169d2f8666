// Whisper: close, soft, unintelligible whispering in a consistent pseudo-language.
//
// Control → articulation → sound, as in SDT: the babble (babble.hpp) decides what is
// said and when, in a pseudo-language (language.hpp) or from a text
// (letter_to_sound.hpp): phrases of syllables with prosody, and pauses with breath
// intakes, as a schedule of segments with tract targets (segment.hpp; phones.hpp and
// whispered_formants.hpp give the targets). The articulation (articulation.hpp) turns
// each segment into noise gains and bands; the tract glide (tract_glide.hpp) crossfades
// those and glides the formants once per block; the noise tract (noise_tract.hpp) runs
// aspiration and frication noise through formant and frication band-passes. No voicing
// anywhere, so no pitch; no mouth clicks or lip smacks (misophonia). One mouth: both
// channels carry the same signal, and the layer's placement puts it around the head.
//
// A layer that starts late replays the schedule (not the audio) up to its first block,
// so it whispers what a full render would whisper there.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "core/param_spec.hpp"
#include "dsp/soft_knee_saturator.hpp"
#include "synth/texture.hpp"
#include "synth/whisper/articulation.hpp"
#include "synth/whisper/babble.hpp"
#include "synth/whisper/noise_tract.hpp"
#include "synth/whisper/tract_glide.hpp"

namespace tingle::synth {

struct WhisperSettings {
  Control rate;  // syllables per second while speaking
  Control pause;
  Control breathiness;
  Control sibilance;
  int voice = 1;  // WhisperVoice
  Control language;
  Control closeness;
  std::string text;
};

enum class WhisperVoice { kLow, kMid, kHigh };

extern const std::span<const ParamSpec<WhisperSettings>> kWhisperParams;

class Whisper final : public Texture {
 public:
  explicit Whisper(const WhisperSettings& settings);

  void Prepare(const PrepareContext& context) override;
  void Render(const BlockContext& block, StereoView out) noexcept override;

  // Formant scale of a voice: 17.5 cm over its vocal-tract length.
  static double TractScale(WhisperVoice voice);
  // The babble a layer with these settings and seed whispers (tests query it).
  static void PrepareBabble(const WhisperSettings& settings, std::uint64_t layer_seed,
                            whisper::Babble& babble);
  // The next phrase as the texture asks for it: controls read at its start.
  static void NextPhrase(const WhisperSettings& settings, double start_s, whisper::Babble& babble,
                         whisper::Phrase& phrase);

 private:
  // Render's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void RenderBody(const BlockContext& block, StereoView out) noexcept;
  void StartPhrase(double start_s) noexcept;
  // The sounds of phrase_'s segments, with the controls at its start.
  void MakeSounds() noexcept;
  void SkipTo(std::int64_t frame) noexcept;

  WhisperSettings settings_;
  double sample_rate_ = 48000.0;
  double tract_scale_ = 1.0;
  std::int64_t next_frame_ = 0;
  whisper::Babble babble_;
  whisper::Phrase phrase_;
  std::array<whisper::SegmentSound, whisper::Phrase::kMaxSegments> sounds_{};
  int cursor_ = 0;
  whisper::Articulation articulation_;
  whisper::TractGlide glide_;
  whisper::NoiseTract tract_;
  dsp::SoftKneeSaturator saturator_;
};

}  // namespace tingle::synth
