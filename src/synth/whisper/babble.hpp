// The babble: what is whispered and when, as a schedule of segments with tract targets.
//
// One phrase at a time: words from the language's lexicon (or from the text), their
// syllables laid out in time (speaking rate, stress, phrase-final lengthening), each
// phone a segment (stops three: silent closure, burst, aspiration) with the formant
// targets the tract moves towards, then the pause that follows, with a breath intake
// when there is time for one. Prosody: a phrase starts at its loudest and declines
// towards its end as the breath runs out (declination: 't Hart, Collier & Cohen, "A
// perceptual study of intonation", CUP 1990), stressed syllables are louder and longer,
// and the last syllable lengthens (Klatt 1976: about 1.5×) and trails off.
//
// Deterministic and allocation-free after Prepare: phrase k draws from its own stream
// (StreamSeed(seed, k)); the pause bookkeeping and the text position carry over from one
// phrase to the next, so phrases are generated in order (a late start replays them,
// which costs microseconds per phrase). Tests query the schedule here (where vowel
// nuclei are and their formant targets) and measure the audio against it.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/random.hpp"
#include "core/units.hpp"
#include "synth/whisper/language.hpp"
#include "synth/whisper/letter_to_sound.hpp"
#include "synth/whisper/phones.hpp"
#include "synth/whisper/segment.hpp"
#include "synth/whisper/whispered_formants.hpp"

namespace tingle::synth::whisper {

class Babble {
 public:
  // At pause = 1 this share of the time is pause (1 would be silence).
  static constexpr double kMaxPauseShare = 0.75;
  // Shortest break between two phrases (also at pause = 0), s.
  static constexpr double kMinPauseS = 0.06;
  // A breath intake happens in pauses at least this long, with this chance.
  static constexpr double kBreathMinPauseS = 0.5;
  static constexpr double kBreathChance = 0.8;
  // Phrase-final lengthening (Klatt 1976).
  static constexpr double kFinalLengthening = 1.5;
  // Prosodic levels, dB: a phrase's arc from its first to its last syllable, stress,
  // the final syllable's trailing off, and the spread of phrase and syllable levels.
  static constexpr double kArcEndDb = -6.0;
  static constexpr double kUnstressedDb = -3.5;
  static constexpr double kFinalDb = -2.0;
  static constexpr double kPhraseSpreadDb = 3.0;
  static constexpr double kSyllableSpreadDb = 1.5;
  // Spread of a vowel's F1-F3 from syllable to syllable (±4 %): speakers never hit the
  // same target twice (Peterson & Barney's repetitions vary by a few per cent).
  static constexpr double kFormantSpread = 0.08;
  // A final stop's release (burst and breath) relative to an initial one's, and the
  // aspiration of a stop before a sonorant (the devoiced sonorant) relative to a
  // stop's usual aspiration.
  static constexpr double kCodaRelease = 0.7;
  static constexpr double kDevoicedSonorant = 0.6;

  // Share of the time spent in pauses for a `pause` value in [0, 1].
  static double PauseShare(double pause) { return kMaxPauseShare * std::clamp(pause, 0.0, 1.0); }

  // seed: the layer's babble stream; language: which pseudo-language; text: letters that
  // drive the syllables (empty: babble); tract_scale: formant scale of the voice.
  void Prepare(std::uint64_t seed, std::uint64_t language, std::string_view text,
               double tract_scale) {
    seed_ = seed;
    tract_scale_ = tract_scale;
    language_.Make(language);
    text_words_ = TextToWords(text);
    bool any = false;
    for (Word& word : text_words_) {
      if (word.count > 0) {
        word.stress = static_cast<std::uint8_t>(language_.StressIndex(word.count));
        any = true;
      }
    }
    if (!any) text_words_.clear();
    Restart();
  }

  // Back to the first phrase.
  void Restart() {
    next_index_ = 0;
    pause_debt_s_ = 0.0;
    mean_speech_s_ = 0.0;
    text_cursor_ = 0;
  }

  const Language& language() const { return language_; }
  bool speaks_text() const { return !text_words_.empty(); }

  // Writes the next phrase, starting at start_s: syllables_per_second is the speaking
  // rate (pauses excluded), pause in [0, 1] (PauseShare).
  void Next(double start_s, double syllables_per_second, double pause, Phrase& phrase) noexcept {
    Pcg32 rng(StreamSeed(seed_, next_index_));
    phrase.index = next_index_++;
    phrase.start_s = start_s;
    phrase.segment_count = 0;
    int count = speaks_text() ? TextSyllables(planned_) : 0;
    if (count == 0) count = BabbleSyllables(rng, planned_);
    phrase.syllable_count = count;
    const double rate = std::clamp(syllables_per_second, 1.0, 8.0);

    // Syllable durations: weights for stress, size and finality, scaled so the phrase
    // runs at exactly `rate` syllables per second.
    std::array<double, Phrase::kMaxSyllables> duration{};
    double weight_sum = 0.0;
    for (int s = 0; s < count; ++s) {
      const Planned& p = planned_[static_cast<std::size_t>(s)];
      double w = 1.0 + 0.12 * (p.count - 2);
      if (p.stressed) w *= language_.stress_lengthening();
      if (s == count - 1) w *= kFinalLengthening;
      w *= 0.85 + 0.3 * rng.UnitDouble();
      duration[static_cast<std::size_t>(s)] = w;
      weight_sum += w;
    }
    const double speech_s = count / rate;
    for (int s = 0; s < count; ++s) duration[static_cast<std::size_t>(s)] *= speech_s / weight_sum;

    // Levels: the phrase arc, stress, the final syllable, small variations.
    const double phrase_db = kPhraseSpreadDb * (rng.UnitDouble() - 0.5) * 2.0;
    double t = start_s;
    for (int s = 0; s < count; ++s) {
      const Planned& p = planned_[static_cast<std::size_t>(s)];
      const double position = count > 1 ? static_cast<double>(s) / (count - 1) : 0.5;
      // Declining from the first syllable to the last.
      const double arc_db = kArcEndDb * position;
      double db = phrase_db + arc_db + kSyllableSpreadDb * (rng.UnitDouble() - 0.5) * 2.0;
      if (!p.stressed) db += kUnstressedDb;
      if (s == count - 1) db += kFinalDb;
      const double level = DbToGain(std::min(db, 0.0));
      const double d = duration[static_cast<std::size_t>(s)];
      // No vowel is said twice quite alike: F1, F2 and F3 vary a little per syllable.
      std::array<double, 4> vary{1.0, 1.0, 1.0, 1.0};
      for (std::size_t n = 0; n < 3; ++n) vary[n] += kFormantSpread * (rng.UnitDouble() - 0.5);
      LayOut(p, s, t, d, level, vary, s == 0, s == count - 1, phrase);
      t += d;
    }
    phrase.speech_end_s = t;
    AddPause(rng, speech_s, pause, phrase);
    // A crossfade never reaches past the middle of either segment it joins.
    for (int i = 0; i < phrase.segment_count; ++i) {
      Segment& seg = phrase.segments[static_cast<std::size_t>(i)];
      double limit = 0.45 * (seg.end_s - seg.start_s);
      if (i > 0) {
        const Segment& before = phrase.segments[static_cast<std::size_t>(i - 1)];
        limit = std::min(limit, 0.45 * (before.end_s - before.start_s));
      }
      seg.ramp_s = std::max(std::min(seg.ramp_s, limit), 1e-4);
    }
  }

 private:
  // A syllable to lay out.
  struct Planned {
    std::array<std::uint8_t, Syllable::kMaxPhones> phones{};
    int count = 0;
    bool stressed = false;
  };

  // rng: draws for vowel reduction; nullptr keeps vowels as written (text).
  void Plan(const Word& word, Pcg32* rng, std::array<Planned, Phrase::kMaxSyllables>& out,
            int& count) const {
    for (int s = 0; s < word.count && count < Phrase::kMaxSyllables; ++s) {
      const Syllable& syllable = word.syllables[static_cast<std::size_t>(s)];
      Planned& p = out[static_cast<std::size_t>(count++)];
      p.count = syllable.count;
      p.stressed = s == word.stress;
      for (int i = 0; i < syllable.count; ++i) {
        std::uint8_t phone = syllable.phones[static_cast<std::size_t>(i)];
        // Unstressed vowels may reduce to schwa.
        if (rng != nullptr && IsVowel(phone) && !p.stressed && rng->UnitDouble() < language_.reduction()) {
          phone = kSchwa;
        }
        p.phones[static_cast<std::size_t>(i)] = phone;
      }
      // Every syllable has a nucleus (a syllable drawn or spelled without one gets a
      // schwa, replacing its last sound if it is full).
      bool voweled = false;
      for (int i = 0; i < p.count; ++i) voweled = voweled || IsVowel(p.phones[static_cast<std::size_t>(i)]);
      if (!voweled) {
        if (p.count == Syllable::kMaxPhones) --p.count;
        p.phones[static_cast<std::size_t>(p.count++)] = kSchwa;
      }
    }
  }

  int BabbleSyllables(Pcg32& rng, std::array<Planned, Phrase::kMaxSyllables>& out) const {
    const double mean = language_.mean_phrase_words();
    const int words = std::max(1, static_cast<int>(std::lround(mean * (0.5 + rng.UnitDouble()))));
    int count = 0;
    for (int w = 0; w < words; ++w) {
      const Word& word = language_.DrawWord(rng.UnitDouble());
      if (count > 0 && count + word.count > Phrase::kMaxSyllables) break;
      Plan(word, &rng, out, count);
    }
    return count;
  }

  // Words from the text up to a phrase break, or to about 12 syllables.
  int TextSyllables(std::array<Planned, Phrase::kMaxSyllables>& out) {
    constexpr int kLongPhrase = 12;
    int count = 0;
    const std::size_t n = text_words_.size();
    for (std::size_t guard = 0; guard < n; ++guard) {
      const Word& word = text_words_[text_cursor_];
      if (word.count == 0) {
        text_cursor_ = (text_cursor_ + 1) % n;
        if (count > 0) break;
        continue;
      }
      if (count > 0 && (count >= kLongPhrase || count + word.count > Phrase::kMaxSyllables)) break;
      Plan(word, nullptr, out, count);
      text_cursor_ = (text_cursor_ + 1) % n;
      if (text_cursor_ == 0) break;  // the end of the text ends a phrase
    }
    return count;
  }

  // The tract target while a consonant of `place` sounds next to a vowel with voiced
  // formants `v`: F2 from locus equations (F2 at the consonant = k F2v + c; Sussman,
  // McCaffrey & Matthews, JASA 90, 1309, 1991, rounded), F1 lowered by the
  // constriction, F3 pulled as the place does (velars bring F2 and F3 together).
  static std::array<double, 4> LocusVoiced(Place place, const std::array<double, 4>& v) {
    std::array<double, 4> f = v;
    f[0] = 0.6 * v[0];
    switch (place) {
      case Place::kLabial:
        f[1] = 0.75 * v[1] + 150.0;
        f[2] = 0.95 * v[2];
        break;
      case Place::kDental:
        f[1] = 0.5 * v[1] + 850.0;
        break;
      case Place::kAlveolar:
        f[1] = 0.45 * v[1] + 950.0;
        f[2] = 1.03 * v[2];
        break;
      case Place::kPostalveolar:
        f[1] = 0.5 * v[1] + 1100.0;
        break;
      case Place::kVelar:
        f[1] = std::min(v[1] + 150.0, 2600.0);
        f[2] = std::max(v[2], 1.15 * f[1]);
        break;
      case Place::kGlottal:
      case Place::kNone:
        f = v;
        break;
    }
    return f;
  }

  Segment& Add(Phrase& phrase, SegmentRole role, std::uint8_t phone, double start, double d,
               double ramp, double level, int syllable, bool stressed) const {
    Segment& seg = phrase.segments[static_cast<std::size_t>(phrase.segment_count++)];
    seg = Segment{};
    seg.start_s = start;
    seg.end_s = start + d;
    seg.ramp_s = ramp;
    seg.role = role;
    seg.phone = phone;
    seg.level = level;
    seg.syllable = static_cast<std::int16_t>(syllable);
    seg.stressed = stressed;
    return seg;
  }

  // Lays one syllable out over [t, t + d).
  // vary: factors on the vowel's formants for this syllable.
  void LayOut(const Planned& p, int syllable, double t, double d, double level,
              const std::array<double, 4>& vary, bool phrase_first, bool phrase_last,
              Phrase& phrase) const {
    int nucleus = 0;
    while (nucleus < p.count && !IsVowel(p.phones[static_cast<std::size_t>(nucleus)])) ++nucleus;
    const std::uint8_t vowel = p.phones[static_cast<std::size_t>(std::min(nucleus, p.count - 1))];
    std::array<double, 4> vowel_voiced = PhoneOf(vowel).formant_hz;
    for (std::size_t n = 0; n < 4; ++n) vowel_voiced[n] *= vary[n];
    const std::array<double, 4> vowel_formants = WhisperedFormantsHz(vowel_voiced, tract_scale_);

    // Consonants take their inherent durations, compressed at fast rates and stretched
    // (less) at slow ones, and together at most 60 % of the syllable. A stop is closure,
    // burst (about 10 ms) and aspiration (p t k) or a brief release (b d g); a stop
    // opening a phrase has almost no closure (after silence there is nothing to hear
    // of it), and one closing a syllable inside a phrase is released softly.
    const double tempo = std::pow(std::clamp(d / 0.25, 0.45, 1.5), 0.7);
    std::array<double, Syllable::kMaxPhones> length{}, closure{}, burst{}, aspiration{};
    double consonants = 0.0;
    for (int i = 0; i < p.count; ++i) {
      if (i == nucleus) continue;
      const auto k = static_cast<std::size_t>(i);
      const Phone& ph = PhoneOf(p.phones[k]);
      length[k] = ph.duration_s * tempo;
      if (ph.kind == PhoneKind::kStop) {
        burst[k] = 0.010 * std::min(tempo, 1.0);
        aspiration[k] = (ph.aspirated && (i < nucleus || phrase_last) ? 0.37 : 0.15) * length[k];
        closure[k] = phrase_first && i == 0 ? 0.005 : length[k] - burst[k] - aspiration[k];
        length[k] = closure[k] + burst[k] + aspiration[k];
      }
      consonants += length[k];
    }
    // Two vowels in a row (this syllable opens with its vowel): a short break.
    const bool hiatus = nucleus == 0 && phrase.segment_count > 0 &&
                        phrase.segments[static_cast<std::size_t>(phrase.segment_count - 1)].role ==
                            SegmentRole::kNucleus;
    const double gap = hiatus ? 0.03 * tempo : 0.0;
    const double squeeze = std::min(1.0, 0.6 * d / std::max(consonants + gap, 1e-9));
    const double vowel_length = d - (consonants + gap) * squeeze;

    double at = t;
    if (hiatus) {
      Segment& g = Add(phrase, SegmentRole::kGap, kPhoneCount, at, gap * squeeze, 0.012, level,
                       syllable, p.stressed);
      g.formant_hz = vowel_formants;
      at = g.end_s;
    }
    for (int i = 0; i < p.count; ++i) {
      const std::uint8_t phone = p.phones[static_cast<std::size_t>(i)];
      if (i == nucleus) {
        Segment& v = Add(phrase, SegmentRole::kNucleus, phone, at, vowel_length, 0.015, level,
                         syllable, p.stressed);
        v.formant_hz = vowel_formants;
        at = v.end_s;
        continue;
      }
      const Phone& ph = PhoneOf(phone);
      const double l = length[static_cast<std::size_t>(i)] * squeeze;
      const std::array<double, 4> locus =
          WhisperedFormantsHz(LocusVoiced(ph.place, vowel_voiced), tract_scale_);
      const double band = BandHz(ph, locus);
      switch (ph.kind) {
        case PhoneKind::kStop: {
          // Before a sonorant (/kl/, /pj/) the aspiration is the sonorant itself,
          // devoiced, at its level.
          const auto k = static_cast<std::size_t>(i);
          const bool coda = i > nucleus && !phrase_last;
          const bool into_sonorant =
              i + 1 < p.count && PhoneOf(p.phones[k + 1]).kind == PhoneKind::kSonorant;
          Segment& c = Add(phrase, SegmentRole::kClosure, phone, at, closure[k] * squeeze, 0.012,
                           level, syllable, p.stressed);
          c.formant_hz = locus;
          Segment& b = Add(phrase, SegmentRole::kBurst, phone, c.end_s, burst[k] * squeeze, 0.0007,
                           level, syllable, p.stressed);
          b.formant_hz = locus;
          b.band_hz = band;
          b.band_q = ph.band_q;
          b.source_scale = coda ? kCodaRelease : 1.0;
          Segment& a = Add(phrase, SegmentRole::kAspiration, phone, b.end_s,
                           aspiration[k] * squeeze, 0.003, level, syllable, p.stressed);
          a.formant_hz = i > nucleus ? locus : vowel_formants;
          if (coda) a.source_scale = kCodaRelease;
          if (into_sonorant) {
            a.formant_hz = WhisperedFormantsHz(PhoneOf(p.phones[k + 1]).formant_hz, tract_scale_);
            a.source_scale = kDevoicedSonorant;
          }
          at = a.end_s;
          break;
        }
        case PhoneKind::kAspirate: {
          Segment& h = Add(phrase, SegmentRole::kConsonant, phone, at, l, 0.015, level, syllable,
                           p.stressed);
          h.formant_hz = vowel_formants;
          at = h.end_s;
          break;
        }
        case PhoneKind::kSonorant: {
          Segment& s = Add(phrase, SegmentRole::kConsonant, phone, at, l, 0.015, level, syllable,
                           p.stressed);
          s.formant_hz = WhisperedFormantsHz(ph.formant_hz, tract_scale_);
          at = s.end_s;
          break;
        }
        case PhoneKind::kFricative:
        case PhoneKind::kVowel: {
          Segment& f = Add(phrase, SegmentRole::kConsonant, phone, at, l, 0.015, level, syllable,
                           p.stressed);
          f.formant_hz = locus;
          f.band_hz = band;
          f.band_q = ph.band_q;
          at = f.end_s;
          break;
        }
      }
    }
  }

  // Centre of a shaped noise band: velars sit just above the vowel's F2 (the compact
  // burst of a velar is the front cavity's resonance); the rest scale with the tract.
  double BandHz(const Phone& ph, const std::array<double, 4>& locus) const {
    if (ph.place == Place::kVelar) return std::clamp(1.1 * locus[1], 1200.0 * tract_scale_, 3500.0 * tract_scale_);
    return ph.band_hz * tract_scale_;
  }

  // The pause after the speech: its length keeps the share of time in pauses at
  // PauseShare(pause), with a breath intake when it is long enough. A pause scales half
  // with the phrase just spoken and half with the phrases' running mean length (so a
  // one-word phrase still gets a real pause) and varies ±25 %; a running debt (what the
  // pauses so far owe the share) makes up for both, so the share holds over any few
  // phrases.
  void AddPause(Pcg32& rng, double speech_s, double pause, Phrase& phrase) {
    const double share = PauseShare(pause);
    const double ratio = share / (1.0 - share);
    mean_speech_s_ = mean_speech_s_ > 0.0 ? 0.8 * mean_speech_s_ + 0.2 * speech_s : speech_s;
    const double jitter = 0.75 + 0.5 * rng.UnitDouble();
    const double nominal = 0.5 * (speech_s + mean_speech_s_) * ratio;
    const double length = std::max(std::max(nominal * jitter + pause_debt_s_, 0.4 * nominal), kMinPauseS);
    // The debt decays, so automation of `pause` does not drag old debts along.
    pause_debt_s_ = 0.9 * (pause_debt_s_ + std::max(speech_s * ratio, kMinPauseS) - length);
    const double start = phrase.speech_end_s;
    phrase.end_s = start + length;
    // The last sound trails off into the pause.
    const Segment& last = phrase.segments[static_cast<std::size_t>(phrase.segment_count - 1)];
    const double trail = std::min(0.45 * (last.end_s - last.start_s), 0.12);
    const std::array<double, 4> neutral = WhisperedFormantsHz(PhoneOf(kSchwa).formant_hz, tract_scale_);
    const bool breath = length >= kBreathMinPauseS && rng.UnitDouble() < kBreathChance;
    if (!breath) {
      Segment& s = Add(phrase, SegmentRole::kPause, kPhoneCount, start, length, trail, 0.0, -1, false);
      s.formant_hz = neutral;
      return;
    }
    // Inhale late in the pause, just before the next phrase.
    const double inhale = std::min(0.6, 0.5 * length) * (0.8 + 0.2 * rng.UnitDouble());
    const double inhale_end = phrase.end_s - std::min(0.1, 0.15 * length);
    const double inhale_start = inhale_end - inhale;
    Segment& quiet = Add(phrase, SegmentRole::kPause, kPhoneCount, start, inhale_start - start,
                         trail, 0.0, -1, false);
    quiet.formant_hz = neutral;
    const double swell = 0.4 * inhale;
    Segment& b = Add(phrase, SegmentRole::kBreath, kPhoneCount, inhale_start, inhale, swell,
                     0.8 + 0.4 * rng.UnitDouble(), -1, false);
    b.formant_hz = neutral;
    Segment& after = Add(phrase, SegmentRole::kPause, kPhoneCount, inhale_end,
                         phrase.end_s - inhale_end, swell, 0.0, -1, false);
    after.formant_hz = neutral;
  }

  std::uint64_t seed_ = 0;
  double tract_scale_ = 1.0;
  Language language_;
  std::vector<Word> text_words_;
  std::uint64_t next_index_ = 0;
  double pause_debt_s_ = 0.0;
  double mean_speech_s_ = 0.0;  // running mean of the phrases' speech, s
  std::size_t text_cursor_ = 0;
  std::array<Planned, Phrase::kMaxSyllables> planned_{};
};

}  // namespace tingle::synth::whisper
