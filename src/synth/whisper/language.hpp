// A pseudo-language drawn from its number: a sound inventory, syllable shapes, stress,
// rhythm and a small lexicon used with Zipf frequencies, so a track sounds like one tongue.
//
// Languages differ the way real ones do: how many vowels (3 to 7; /a i u/ nearly
// always, as in most of the world's languages: Maddieson, "Patterns of Sounds", CUP
// 1984), which consonants and how often, whether syllables close (CVC) or cluster
// (CCV), where the stress falls, how much stressed syllables lengthen, whether
// unstressed vowels reduce to schwa. Words are drawn once from these rules into a
// lexicon, and phrases reuse its words with Zipf's law (frequency ∝ 1 / rank), so the
// same few short words keep coming back, as in any speech.
//
// A language depends on its number only (not on the layer's seed), so language 3 is
// the same tongue in every track and in every layer; what is said (which words, when)
// comes from the layer's own streams.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/random.hpp"
#include "synth/whisper/phones.hpp"

namespace tingle::synth::whisper {

struct Syllable {
  static constexpr int kMaxPhones = 5;
  std::array<std::uint8_t, kMaxPhones> phones{};
  std::uint8_t count = 0;
};

struct Word {
  static constexpr int kMaxSyllables = 4;
  std::array<Syllable, kMaxSyllables> syllables{};
  std::uint8_t count = 0;   // 0: a phrase break (text mode punctuation)
  std::uint8_t stress = 0;  // index of the stressed syllable
};

enum class SyllableShape : std::uint8_t { kV, kCV, kCVC, kCCV, kVC, kCCVC, kCount };

class Language {
 public:
  static constexpr int kMaxVowels = 7;
  static constexpr int kLexiconWords = 64;
  static constexpr int kShapeCount = static_cast<int>(SyllableShape::kCount);

  // Draws the language with this number (any value; the same value, the same language).
  void Make(std::uint64_t number) {
    Pcg32 rng(StreamSeed(StreamSeed(kLanguageRoot, "whisper:language"), number));
    MakeVowels(rng);
    MakeConsonants(rng);
    MakeShapes(rng);
    stress_position_ = static_cast<int>(rng.Below(3));  // initial, penultimate, final
    stress_lengthening_ = 1.1 + 0.5 * rng.UnitDouble();
    reduction_ = rng.UnitDouble() < 0.5 ? 0.0 : 0.25 + 0.35 * rng.UnitDouble();
    mean_word_syllables_ = 1.3 + 1.4 * rng.UnitDouble();
    mean_phrase_words_ = 2.5 + 3.0 * rng.UnitDouble();
    for (Word& word : lexicon_) word = MakeWord(rng);
    // Zipf: the word of rank r is used ∝ 1 / (r + 1).
    double total = 0.0;
    for (int r = 0; r < kLexiconWords; ++r) {
      total += 1.0 / (r + 1.0);
      word_cumulative_[r] = total;
    }
    for (double& c : word_cumulative_) c /= total;
  }

  // The word whose usage interval holds u in [0, 1).
  const Word& DrawWord(double u) const {
    const auto it = std::upper_bound(word_cumulative_.begin(), word_cumulative_.end(), u);
    const auto index = std::min<std::ptrdiff_t>(it - word_cumulative_.begin(), kLexiconWords - 1);
    return lexicon_[static_cast<std::size_t>(index)];
  }

  const Word& word(int index) const { return lexicon_[static_cast<std::size_t>(index)]; }
  double mean_phrase_words() const { return mean_phrase_words_; }
  double stress_lengthening() const { return stress_lengthening_; }
  // Chance that an unstressed vowel is reduced to schwa.
  double reduction() const { return reduction_; }
  int vowel_count() const { return vowel_count_; }

  // Where stress falls in a word of `syllables` syllables.
  int StressIndex(int syllables) const {
    switch (stress_position_) {
      case 0:
        return 0;
      case 1:
        return std::max(syllables - 2, 0);
      default:
        return syllables - 1;
    }
  }

 private:
  static constexpr std::uint64_t kLanguageRoot = 0x77686973706572ULL;  // "whisper"
  static constexpr int kMaxConsonants = kPhoneCount - kVowelCount;

  // Weighted choice over the first `count` entries of weights.
  template <std::size_t N>
  static int Choose(const std::array<double, N>& weights, int count, double u) {
    double total = 0.0;
    for (int i = 0; i < count; ++i) total += weights[static_cast<std::size_t>(i)];
    double target = u * total;
    for (int i = 0; i < count; ++i) {
      target -= weights[static_cast<std::size_t>(i)];
      if (target < 0.0) return i;
    }
    return count - 1;
  }

  void MakeVowels(Pcg32& rng) {
    // /a i u/ nearly always (a back or central open vowel, a close front, a close back).
    vowel_count_ = 0;
    vowels_[vowel_count_++] = rng.UnitDouble() < 0.8 ? kA : kAa;
    vowels_[vowel_count_++] = kI;
    vowels_[vowel_count_++] = rng.UnitDouble() < 0.85 ? kU : kO;
    std::array<std::uint8_t, 13> pool = {kE, kO, kEh, kOh, kSchwa, kY, kOe, kBarI,
                                         kAe, kIh, kUh, kUp, kU};
    Shuffle(pool, rng);
    const int target = 3 + static_cast<int>(rng.Below(5));  // 3..7
    for (std::uint8_t v : pool) {
      if (vowel_count_ >= target) break;
      if (std::find(vowels_.begin(), vowels_.begin() + vowel_count_, v) != vowels_.begin() + vowel_count_) {
        continue;
      }
      vowels_[static_cast<std::size_t>(vowel_count_++)] = v;
    }
    for (int i = 0; i < vowel_count_; ++i) vowel_weights_[static_cast<std::size_t>(i)] = 0.25 + rng.UnitDouble();
  }

  void MakeConsonants(Pcg32& rng) {
    consonant_count_ = 0;
    // t k s n in nearly every language; each other consonant with an even chance.
    for (int id = kVowelCount; id < kPhoneCount; ++id) {
      const bool core = id == kT || id == kK || id == kS || id == kN;
      const double chance = core ? 0.92 : 0.42;
      if (rng.UnitDouble() < chance) {
        const auto i = static_cast<std::size_t>(consonant_count_++);
        consonants_[i] = static_cast<std::uint8_t>(id);
        const double u = 0.15 + rng.UnitDouble();
        consonant_weights_[i] = u * u;
        // Which consonants may close a syllable: stops, nasals, s, l, r, with a chance.
        const Phone& phone = PhoneOf(id);
        const bool codable = phone.kind == PhoneKind::kStop || id == kM || id == kN ||
                             id == kS || id == kL || id == kR || id == kSh || id == kX;
        coda_allowed_[i] = codable && rng.UnitDouble() < 0.6;
      }
    }
    if (consonant_count_ == 0) {  // never empty: a language needs consonants
      consonants_[0] = kT;
      consonant_weights_[0] = 1.0;
      coda_allowed_[0] = false;
      consonant_count_ = 1;
    }
  }

  void MakeShapes(Pcg32& rng) {
    shape_weights_[static_cast<int>(SyllableShape::kCV)] = 1.0;
    shape_weights_[static_cast<int>(SyllableShape::kV)] = 0.35 * rng.UnitDouble();
    bool any_coda = false;
    for (int i = 0; i < consonant_count_; ++i) any_coda = any_coda || coda_allowed_[static_cast<std::size_t>(i)];
    const double closing = any_coda ? rng.UnitDouble() : 0.0;
    shape_weights_[static_cast<int>(SyllableShape::kCVC)] = 0.9 * closing;
    shape_weights_[static_cast<int>(SyllableShape::kVC)] = 0.2 * closing * rng.UnitDouble();
    const double clustering = rng.UnitDouble() < 0.5 ? 0.0 : rng.UnitDouble();
    shape_weights_[static_cast<int>(SyllableShape::kCCV)] = 0.4 * clustering;
    shape_weights_[static_cast<int>(SyllableShape::kCCVC)] = 0.25 * clustering * closing;
  }

  template <std::size_t N>
  static void Shuffle(std::array<std::uint8_t, N>& items, Pcg32& rng) {
    for (std::size_t i = N - 1; i > 0; --i) {
      const std::size_t j = rng.Below(static_cast<std::uint32_t>(i + 1));
      std::swap(items[i], items[j]);
    }
  }

  std::uint8_t DrawVowel(Pcg32& rng) const {
    return vowels_[static_cast<std::size_t>(Choose(vowel_weights_, vowel_count_, rng.UnitDouble()))];
  }

  std::uint8_t DrawConsonant(Pcg32& rng, bool coda) const {
    std::array<double, kMaxConsonants> weights{};
    for (int i = 0; i < consonant_count_; ++i) {
      const auto s = static_cast<std::size_t>(i);
      weights[s] = coda && !coda_allowed_[s] ? 0.0 : consonant_weights_[s];
    }
    double total = 0.0;
    for (double w : weights) total += w;
    if (total <= 0.0) return consonants_[0];
    return consonants_[static_cast<std::size_t>(Choose(weights, consonant_count_, rng.UnitDouble()))];
  }

  // A two-consonant onset: s + stop, or a stop or f + a liquid or glide; 0 if the
  // inventory has none.
  bool DrawCluster(Pcg32& rng, std::uint8_t& first, std::uint8_t& second) const {
    std::array<std::uint8_t, 64> firsts{}, seconds{};
    int count = 0;
    for (int i = 0; i < consonant_count_; ++i) {
      for (int j = 0; j < consonant_count_; ++j) {
        const std::uint8_t a = consonants_[static_cast<std::size_t>(i)];
        const std::uint8_t b = consonants_[static_cast<std::size_t>(j)];
        const bool s_stop = a == kS && (b == kP || b == kT || b == kK);
        const bool obstruent_liquid =
            (PhoneOf(a).kind == PhoneKind::kStop || a == kF) && (b == kL || b == kR || b == kW || b == kJ);
        if ((s_stop || obstruent_liquid) && count < 64) {
          firsts[static_cast<std::size_t>(count)] = a;
          seconds[static_cast<std::size_t>(count)] = b;
          ++count;
        }
      }
    }
    if (count == 0) return false;
    const auto pick = static_cast<std::size_t>(rng.Below(static_cast<std::uint32_t>(count)));
    first = firsts[pick];
    second = seconds[pick];
    return true;
  }

  Syllable MakeSyllable(Pcg32& rng) const {
    const auto shape = static_cast<SyllableShape>(Choose(shape_weights_, kShapeCount, rng.UnitDouble()));
    Syllable syllable;
    const auto add = [&](std::uint8_t phone) { syllable.phones[syllable.count++] = phone; };
    const bool cluster = shape == SyllableShape::kCCV || shape == SyllableShape::kCCVC;
    const bool onset = shape != SyllableShape::kV && shape != SyllableShape::kVC;
    const bool coda = shape == SyllableShape::kCVC || shape == SyllableShape::kVC ||
                      shape == SyllableShape::kCCVC;
    std::uint8_t first = 0, second = 0;
    if (cluster && DrawCluster(rng, first, second)) {
      add(first);
      add(second);
    } else if (onset || cluster) {
      add(DrawConsonant(rng, false));
    }
    add(DrawVowel(rng));
    if (coda) add(DrawConsonant(rng, true));
    return syllable;
  }

  Word MakeWord(Pcg32& rng) const {
    // 1 + a geometric number of extra syllables, mean mean_word_syllables_, at most 4.
    const double extra_chance = 1.0 - 1.0 / mean_word_syllables_;
    int syllables = 1;
    while (syllables < Word::kMaxSyllables && rng.UnitDouble() < extra_chance) ++syllables;
    Word word;
    word.count = static_cast<std::uint8_t>(syllables);
    for (int s = 0; s < syllables; ++s) word.syllables[static_cast<std::size_t>(s)] = MakeSyllable(rng);
    word.stress = static_cast<std::uint8_t>(StressIndex(syllables));
    return word;
  }

  std::array<std::uint8_t, kMaxVowels> vowels_{};
  std::array<double, kMaxVowels> vowel_weights_{};
  int vowel_count_ = 0;
  std::array<std::uint8_t, kMaxConsonants> consonants_{};
  std::array<double, kMaxConsonants> consonant_weights_{};
  std::array<bool, kMaxConsonants> coda_allowed_{};
  int consonant_count_ = 0;
  std::array<double, kShapeCount> shape_weights_{};
  int stress_position_ = 0;
  double stress_lengthening_ = 1.3;
  double reduction_ = 0.0;
  double mean_word_syllables_ = 2.0;
  double mean_phrase_words_ = 4.0;
  std::array<Word, kLexiconWords> lexicon_{};
  std::array<double, kLexiconWords> word_cumulative_{};
};

}  // namespace tingle::synth::whisper
