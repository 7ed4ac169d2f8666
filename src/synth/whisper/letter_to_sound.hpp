// Text to whispered words: simple English-like letter-to-sound rules, then syllables.
//
// Deliberately naive (a few digraphs, soft c, silent final e, one sound per letter
// otherwise): the letters steer which sounds come and how many syllables, so a phrase
// keeps its shape and rhythm; intelligibility is not the aim. Punctuation (. , ; : ! ?)
// and line breaks end a phrase; other characters separate words; letters outside a–z
// are ignored. Syllables take the consonants between two vowels as the next
// syllable's onset (at most two), the rest close the syllable before (the maximal
// onset principle, capped); a word without a vowel gets a schwa.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/whisper/language.hpp"
#include "synth/whisper/phones.hpp"

namespace tingle::synth::whisper {

namespace letter_to_sound_detail {

inline bool IsLetterVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The phones of one lower-case word (letters a–z only).
inline std::vector<std::uint8_t> WordPhones(std::string_view w) {
  std::vector<std::uint8_t> out;
  // A final e after a consonant is silent when another vowel precedes it ("make").
  if (w.size() > 2 && w.back() == 'e' && !IsLetterVowel(w[w.size() - 2])) {
    for (std::size_t i = 0; i + 2 < w.size(); ++i) {
      if (IsLetterVowel(w[i]) || w[i] == 'y') {
        w.remove_suffix(1);
        break;
      }
    }
  }
  const auto at = [&](std::size_t i) { return i < w.size() ? w[i] : '\0'; };
  std::size_t i = 0;
  while (i < w.size()) {
    const char c = w[i], n = at(i + 1);
    const auto two = [&](char a, char b) { return c == a && n == b; };
    // Doubled consonants sound once.
    if (c == n && !IsLetterVowel(c)) {
      ++i;
      continue;
    }
    if (two('s', 'h') || two('c', 'h')) { out.push_back(kSh); i += 2; continue; }
    if (two('t', 'h')) { out.push_back(kTh); i += 2; continue; }
    if (two('p', 'h')) { out.push_back(kF); i += 2; continue; }
    if (two('w', 'h')) { out.push_back(kW); i += 2; continue; }
    if (two('c', 'k')) { out.push_back(kK); i += 2; continue; }
    if (two('n', 'g')) { out.push_back(kN); i += 2; continue; }
    if (two('q', 'u')) { out.push_back(kK); out.push_back(kW); i += 2; continue; }
    if (two('g', 'h')) { if (i == 0) out.push_back(kG); i += 2; continue; }
    if (two('e', 'e') || two('e', 'a') || two('i', 'e')) { out.push_back(kI); i += 2; continue; }
    if (two('o', 'o')) { out.push_back(kU); i += 2; continue; }
    if (two('o', 'a')) { out.push_back(kO); i += 2; continue; }
    if (two('o', 'u') || two('o', 'w')) { out.push_back(kA); out.push_back(kW); i += 2; continue; }
    if (two('a', 'i') || two('a', 'y') || two('e', 'i') || two('e', 'y')) {
      out.push_back(kE); out.push_back(kJ); i += 2; continue;
    }
    if (two('o', 'i') || two('o', 'y')) { out.push_back(kO); out.push_back(kJ); i += 2; continue; }
    if (two('a', 'u') || two('a', 'w')) { out.push_back(kOh); i += 2; continue; }
    if (two('e', 'w') || two('u', 'e')) { out.push_back(kU); i += 2; continue; }
    const bool soft = n == 'e' || n == 'i' || n == 'y';
    switch (c) {
      case 'a': out.push_back(kAe); break;
      case 'e': out.push_back(kEh); break;
      case 'i': out.push_back(kIh); break;
      case 'o': out.push_back(kOh); break;
      case 'u': out.push_back(kUp); break;
      case 'y': out.push_back(i == 0 && IsLetterVowel(n) ? kJ : kIh); break;
      case 'b': out.push_back(kB); break;
      case 'c': out.push_back(soft ? kS : kK); break;
      case 'd': out.push_back(kD); break;
      case 'f': case 'v': out.push_back(kF); break;
      case 'g': out.push_back(kG); break;
      case 'h': out.push_back(kH); break;
      case 'j': out.push_back(kSh); break;
      case 'k': case 'q': out.push_back(kK); break;
      case 'l': out.push_back(kL); break;
      case 'm': out.push_back(kM); break;
      case 'n': out.push_back(kN); break;
      case 'p': out.push_back(kP); break;
      case 'r': out.push_back(kR); break;
      case 's': case 'z': out.push_back(kS); break;
      case 't': out.push_back(kT); break;
      case 'w': out.push_back(kW); break;
      case 'x': out.push_back(kK); out.push_back(kS); break;
      default: break;
    }
    ++i;
  }
  return out;
}

// Groups phones into syllables (words of more than Word::kMaxSyllables syllables are
// split) and appends the words to `words`.
inline void Syllabify(std::vector<std::uint8_t> phones, std::vector<Word>& words) {
  bool has_vowel = false;
  for (std::uint8_t p : phones) has_vowel = has_vowel || IsVowel(p);
  if (phones.empty()) return;
  if (!has_vowel) phones.insert(phones.begin() + 1, kSchwa);
  // Vowel positions.
  std::vector<std::size_t> nuclei;
  for (std::size_t i = 0; i < phones.size(); ++i) {
    if (IsVowel(phones[i])) nuclei.push_back(i);
  }
  // Syllable k spans [begin[k], begin[k + 1]).
  std::vector<std::size_t> begin(nuclei.size() + 1);
  begin[0] = 0;
  for (std::size_t k = 1; k < nuclei.size(); ++k) {
    // V.V, V.CV, VC.CV, VC.CCV.
    const std::size_t between = nuclei[k] - nuclei[k - 1] - 1;
    const std::size_t onset = between <= 1 ? between : (between == 2 ? 1 : 2);
    begin[k] = nuclei[k] - onset;
  }
  begin[nuclei.size()] = phones.size();
  Word word;
  for (std::size_t k = 0; k < nuclei.size(); ++k) {
    Syllable syllable;
    // Keep the nucleus and up to two consonants either side of it.
    const std::size_t first = std::max(begin[k], nuclei[k] >= 2 ? nuclei[k] - 2 : 0);
    const std::size_t last = std::min(begin[k + 1], nuclei[k] + 3);
    for (std::size_t i = first; i < last && syllable.count < Syllable::kMaxPhones; ++i) {
      syllable.phones[syllable.count++] = phones[i];
    }
    word.syllables[word.count++] = syllable;
    if (word.count == Word::kMaxSyllables) {
      words.push_back(word);
      word = Word{};
    }
  }
  if (word.count > 0) words.push_back(word);
}

}  // namespace letter_to_sound_detail

// The words of `text`, with an empty Word (count 0) at each phrase break. Stress is left
// at the first syllable; the babble applies its language's rule.
inline std::vector<Word> TextToWords(std::string_view text) {
  std::vector<Word> words;
  std::string current;
  const auto flush = [&]() {
    if (!current.empty()) {
      letter_to_sound_detail::Syllabify(letter_to_sound_detail::WordPhones(current), words);
      current.clear();
    }
  };
  for (char raw : text) {
    const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
    if (c >= 'a' && c <= 'z') {
      current.push_back(c);
    } else if (c == '\'') {
      continue;  // "don't" is one word
    } else {
      flush();
      const bool phrase_end = c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
                              c == '?' || c == '\n';
      if (phrase_end && !words.empty() && words.back().count != 0) words.push_back(Word{});
    }
  }
  flush();
  return words;
}

}  // namespace tingle::synth::whisper
