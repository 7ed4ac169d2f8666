// The sounds a whispered pseudo-language is made of: each phone's kind, place and
// acoustic targets (formants, noise bands, inherent duration).
//
// Formants are an adult male's voiced values (the "low" voice, a 17.5 cm vocal tract);
// whispered_formants.hpp raises them as whispering does and scales them for shorter
// tracts. Vowels: Peterson & Barney, "Control methods used in a study of
// the vowels", JASA 24, 175 (1952), men's means, where they measured the vowel; /e/
// and /o/ from Hillenbrand et al., JASA 97, 3099 (1995), men; /a/, /y/, /ø/, /ɨ/
// interpolated between their neighbours in the F1–F2 plane (front rounding lowers F2
// and F3); /ə/ the uniform 17.5 cm tube (c/4L = 500 Hz, then 1500, 2500, 3500). F4 is
// about constant across vowels, at the uniform tube's 3500 Hz. Sonorants: typical
// murmur and steady-state values (Stevens, "Acoustic Phonetics", MIT Press 1998).
// Inherent durations of consonants follow Klatt, "Linguistic uses of segmental
// duration in English", JASA 59, 1208 (1976), rounded; they are for about 4
// syllables per second and are scaled with the rate. Levels were set against the
// texture evaluator and the tests: whispered sonorants are faint (no voicing carries
// them), a stop's burst is short but strong, /s/ and /ʃ/ the loudest consonants.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tingle::synth::whisper {

enum class PhoneKind : std::uint8_t {
  kVowel,      // aspiration through the vowel's formants
  kSonorant,   // m n l r w j: weak aspiration through their own formants
  kFricative,  // a noise band at a constriction (s, sh, f, th, x)
  kAspirate,   // h: aspiration through the next vowel's formants
  kStop,       // silent closure, a short burst, then aspiration
};

enum class Place : std::uint8_t { kNone, kLabial, kDental, kAlveolar, kPostalveolar, kVelar, kGlottal };

// Noise lanes of the frication bank (frication_bank.hpp).
enum class FricationLane : std::uint8_t { kSibilant, kHushing, kShaped, kNone };

enum PhoneId : std::uint8_t {
  // Vowels.
  kI, kIh, kE, kEh, kAe, kA, kAa, kOh, kO, kUh, kU, kUp, kSchwa, kY, kOe, kBarI,
  // Stops.
  kP, kT, kK, kB, kD, kG,
  // Fricatives.
  kF, kTh, kS, kSh, kX,
  // Aspirate.
  kH,
  // Sonorants.
  kM, kN, kL, kR, kW, kJ,
  kPhoneCount,
};

inline constexpr int kVowelCount = kP;  // vowels come first

struct Phone {
  std::string_view symbol;  // IPA, for tests and messages
  PhoneKind kind;
  Place place;
  // Voiced male formants F1..F4 (Hz): vowels and sonorants.
  std::array<double, 4> formant_hz;
  // Obstruents: which noise lane, its centre (Hz, male tract) and Q; kShaped lanes take
  // centre and Q per phone, the others are fixed bands.
  FricationLane lane;
  double band_hz;
  double band_q;
  // Amplitude of the phone's own source relative to a vowel nucleus (1): the noise band
  // for fricatives and bursts, the aspiration for h and sonorants.
  double level;
  // Inherent duration at about 4 syllables/s, seconds (consonants; vowels fill the rest).
  double duration_s;
  bool aspirated;  // stops: p t k are followed by aspiration, b d g (whispered) barely
};

// clang-format off
inline constexpr std::array<Phone, kPhoneCount> kPhones = {{
    // Vowels (level and duration unused: the vowel takes the syllable's remaining time).
    {"i", PhoneKind::kVowel, Place::kNone, {270, 2290, 3010, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ɪ", PhoneKind::kVowel, Place::kNone, {390, 1990, 2550, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"e", PhoneKind::kVowel, Place::kNone, {476, 2089, 2691, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ɛ", PhoneKind::kVowel, Place::kNone, {530, 1840, 2480, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"æ", PhoneKind::kVowel, Place::kNone, {660, 1720, 2410, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"a", PhoneKind::kVowel, Place::kNone, {720, 1300, 2450, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ɑ", PhoneKind::kVowel, Place::kNone, {730, 1090, 2440, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ɔ", PhoneKind::kVowel, Place::kNone, {570, 840, 2410, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"o", PhoneKind::kVowel, Place::kNone, {497, 910, 2459, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ʊ", PhoneKind::kVowel, Place::kNone, {440, 1020, 2240, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"u", PhoneKind::kVowel, Place::kNone, {300, 870, 2240, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ʌ", PhoneKind::kVowel, Place::kNone, {640, 1190, 2390, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ə", PhoneKind::kVowel, Place::kNone, {500, 1500, 2500, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"y", PhoneKind::kVowel, Place::kNone, {280, 1850, 2250, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ø", PhoneKind::kVowel, Place::kNone, {400, 1600, 2300, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    {"ɨ", PhoneKind::kVowel, Place::kNone, {320, 1500, 2400, 3500}, FricationLane::kNone, 0, 0, 1, 0, false},
    // Stops: the burst's band (labial diffuse and low, alveolar high, velar compact at
    // the next vowel's F2, set by babble.hpp), its level, and closure + burst + aspiration.
    {"p", PhoneKind::kStop, Place::kLabial, {}, FricationLane::kShaped, 1000, 0.6, 0.30, 0.095, true},
    {"t", PhoneKind::kStop, Place::kAlveolar, {}, FricationLane::kShaped, 4200, 1.2, 0.45, 0.090, true},
    {"k", PhoneKind::kStop, Place::kVelar, {}, FricationLane::kShaped, 2000, 2.5, 0.42, 0.100, true},
    {"b", PhoneKind::kStop, Place::kLabial, {}, FricationLane::kShaped, 1000, 0.6, 0.18, 0.075, false},
    {"d", PhoneKind::kStop, Place::kAlveolar, {}, FricationLane::kShaped, 4200, 1.2, 0.28, 0.070, false},
    {"g", PhoneKind::kStop, Place::kVelar, {}, FricationLane::kShaped, 2000, 2.5, 0.26, 0.080, false},
    // Fricatives: the sibilants have their own lanes (their bands are fixed by the
    // tract); f, th and x are shaped.
    {"f", PhoneKind::kFricative, Place::kLabial, {}, FricationLane::kShaped, 4500, 0.5, 0.16, 0.100, false},
    {"θ", PhoneKind::kFricative, Place::kDental, {}, FricationLane::kShaped, 5500, 0.6, 0.12, 0.090, false},
    {"s", PhoneKind::kFricative, Place::kAlveolar, {}, FricationLane::kSibilant, 5200, 1.5, 0.42, 0.105, false},
    {"ʃ", PhoneKind::kFricative, Place::kPostalveolar, {}, FricationLane::kHushing, 2900, 1.8, 0.40, 0.105, false},
    {"x", PhoneKind::kFricative, Place::kVelar, {}, FricationLane::kShaped, 1800, 2.0, 0.30, 0.090, false},
    // h: aspiration through the next vowel's tract.
    {"h", PhoneKind::kAspirate, Place::kGlottal, {}, FricationLane::kNone, 0, 0, 0.40, 0.075, false},
    // Sonorants: whispered, they are faint (no voicing to carry them).
    {"m", PhoneKind::kSonorant, Place::kLabial, {280, 1000, 2300, 3300}, FricationLane::kNone, 0, 0, 0.20, 0.070, false},
    {"n", PhoneKind::kSonorant, Place::kAlveolar, {280, 1500, 2500, 3300}, FricationLane::kNone, 0, 0, 0.20, 0.060, false},
    {"l", PhoneKind::kSonorant, Place::kAlveolar, {360, 1100, 2700, 3500}, FricationLane::kNone, 0, 0, 0.26, 0.070, false},
    {"r", PhoneKind::kSonorant, Place::kAlveolar, {350, 1200, 1650, 3300}, FricationLane::kNone, 0, 0, 0.26, 0.070, false},
    {"w", PhoneKind::kSonorant, Place::kLabial, {300, 700, 2200, 3300}, FricationLane::kNone, 0, 0, 0.24, 0.065, false},
    {"j", PhoneKind::kSonorant, Place::kPostalveolar, {280, 2200, 2900, 3500}, FricationLane::kNone, 0, 0, 0.24, 0.065, false},
}};
// clang-format on

inline constexpr const Phone& PhoneOf(int id) { return kPhones[static_cast<std::size_t>(id)]; }
inline constexpr bool IsVowel(int id) { return id < kVowelCount; }

}  // namespace tingle::synth::whisper
