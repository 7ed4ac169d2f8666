// The schedule's vocabulary: a segment of whispered sound (what, when, how loud, where the
// tract is heading) and a phrase of them followed by its pause.
#pragma once

#include <array>
#include <cstdint>

#include "synth/whisper/phones.hpp"

namespace tingle::synth::whisper {

enum class SegmentRole : std::uint8_t {
  kNucleus,     // the vowel of a syllable
  kConsonant,   // fricative, sonorant or h
  kClosure,     // a stop's silent closure
  kBurst,       // a stop's release burst
  kAspiration,  // the breath after a stop's release
  kGap,         // a short break between two vowels (hiatus)
  kPause,       // silence between phrases
  kBreath,      // a soft breath intake in a pause
};

struct Segment {
  double start_s = 0.0;  // absolute time
  double end_s = 0.0;
  double ramp_s = 0.01;  // half-width of the crossfade from the previous segment
  SegmentRole role = SegmentRole::kPause;
  std::uint8_t phone = kPhoneCount;  // PhoneId, kPhoneCount for pauses, gaps and breaths
  bool stressed = false;
  std::int16_t syllable = -1;  // index in the phrase; -1 in the pause
  double level = 0.0;          // prosodic amplitude (1: a phrase's loudest stressed syllable)
  std::array<double, 4> formant_hz{};  // tract targets F1..F4 (whispered, scaled)
  double band_hz = 0.0;               // kShaped noise lane: centre (Hz) and Q
  double band_q = 1.0;
  double source_scale = 1.0;  // × the phone's usual source level (soft final releases)
};

struct Phrase {
  static constexpr int kMaxSyllables = 32;
  // A syllable holds at most 5 phones; stops take three segments; plus a gap.
  static constexpr int kMaxSegments = kMaxSyllables * 14 + 4;

  std::uint64_t index = 0;
  double start_s = 0.0;       // first segment
  double speech_end_s = 0.0;  // end of the last syllable: the pause starts here
  double end_s = 0.0;         // end of the pause: the next phrase starts here
  int syllable_count = 0;
  int segment_count = 0;
  std::array<Segment, kMaxSegments> segments{};
};

}  // namespace tingle::synth::whisper
