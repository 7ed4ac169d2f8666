// What each scheduled segment sounds like: the noise gains of the four formant lanes
// and the four frication lanes, the bands they ring at, and how wide the formants are.
//
// Source–filter, as in a parallel formant synthesiser (Klatt, "Software for a cascade/
// parallel formant synthesizer", JASA 67, 971, 1980, whose parallel branch is the one
// for noise sources): each formant is a band-pass over its own aspiration noise, its
// gain the level a cascade of all four resonances (unit gain at DC) would give at that
// formant, times the source and radiation slope. Independent noise per formant means
// the lanes' powers add, with no cancellation between neighbouring formants. The
// frication lanes are fixed bands for the sibilants /s/ and /ʃ/, a shaped band for f,
// θ, x and the stop bursts, and a low breath band that only `closeness` brings up.
//
// Levels are RMS at 48 kHz or any rate: a unity-peak band-pass of bandwidth B passes
// π B / fs of white noise's power, so gains carry sqrt(fs / (π B)).
#pragma once

#include <array>
#include <cmath>

#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "synth/whisper/phones.hpp"
#include "synth/whisper/segment.hpp"
#include "synth/whisper/whispered_formants.hpp"

namespace tingle::synth::whisper {

// The sound of one segment, before the per-block controls (sibilance, breathiness,
// closeness) are applied.
struct SegmentSound {
  dsp::Float4 formant_gain{};    // noise gain into F1..F4
  dsp::Float4 frication_gain{};  // noise gain into: sibilant, hushing, shaped, (unused)
  dsp::Float4 log2_formant{};    // target F1..F4, log2 Hz
  float log2_band = 0.0f;        // shaped lane centre, log2 Hz (when shaped)
  float band_q = 1.0f;
  float bandwidth_factor = 1.0f;  // × the formants' reference bandwidths
  float decay = 0.0f;             // share of its amplitude lost by its end (x² in time)
  float close_breath = 0.0f;      // gain of the unformed aspiration at closeness 1
  bool shaped = false;            // uses the shaped lane
};

class Articulation {
 public:
  // Reference bandwidths of whispered formants, Hz. Whispered formants are broad: the
  // open glottis couples the tract to the lungs and damps it (Swerdlin et al. 2010
  // estimate a glottal area near 40 mm² in whisper), most of all F1. breathiness widens
  // them further.
  static constexpr std::array<double, 4> kBandwidthHz = {160.0, 150.0, 200.0, 260.0};
  // RMS of a neutral vowel nucleus at level 1 (about -21 dBFS): a phrase's loudest
  // stressed syllables. With prosody and pauses a default render sits near -28 dBFS
  // RMS (-22 LUFS placed at the default distance), between brushing and rain.
  static constexpr double kVowelRms = 0.085;
  // Source and radiation: formant amplitudes rise as (F / 1 kHz)^kSlope on top of the
  // cascade's own shape (turbulent aspiration noise is flat to rising, radiation adds
  // 6 dB/oct): whispered speech is brightest around 2-4 kHz, and its F1 is weaker
  // against the other formants than in voiced speech (Niekrasz, "The acoustic effects
  // of articulatory differences between whispered and normal speech", Edinburgh 2002).
  static constexpr double kSlope = 1.3;
  // The aspiration noise itself falls above this corner (a one-pole low-pass in the
  // noise tract, noise_tract.hpp): with the band-passes' own skirts the formant lanes
  // fall 12 dB/oct above F4, as a cascade of resonators does, instead of leaving a
  // flat hiss up to Nyquist. Formant gains make up for it at each formant.
  static constexpr double kSourceCornerHz = 3000.0;
  // A vowel's amplitude falls by this share over its length (x²: -4.4 dB at its end),
  // so each syllable swells and ebbs, as syllables do, instead of holding a plateau.
  static constexpr double kNucleusDecay = 0.4;
  // Aspiration amplitudes through the formants (× the segment's level), relative to a
  // vowel: the breath after p t k and after b d g, during a burst, during a fricative,
  // in a hiatus break, and a breath intake (soft: some 30 dB under the loudest vowels).
  static constexpr double kAspiration = 0.32;
  static constexpr double kWeakAspiration = 0.12;
  static constexpr double kBurstAspiration = 0.08;
  static constexpr double kFricativeAspiration = 0.06;
  static constexpr double kGapAspiration = 0.08;
  static constexpr double kBreathLevel = 0.025;
  // Breath intakes are wide open: their formants this much broader.
  static constexpr double kBreathBandwidth = 2.6;
  // h and aspiration: somewhat broader than a vowel.
  static constexpr double kAspirateBandwidth = 1.4;
  // Q of the lanes with fixed bands, /s/ and /ʃ/ (their centres: phones.hpp, scaled
  // with the voice).
  static constexpr double kSibilantQ = 1.5;
  static constexpr double kHushingQ = 1.8;
  // Close breath at closeness 1, RMS relative to the aspiration it goes with.
  static constexpr double kCloseBreath = 0.3;
  // Proximity: at closeness 1 the aspiration below kProximityHz is this much louder
  // (a one-pole shelf in the noise tract): the body a voice gains up close.
  static constexpr double kProximityHz = 250.0;
  static constexpr double kProximityBoost = 1.8;  // +9 dB

  void Prepare(double sample_rate, double tract_scale) {
    sample_rate_ = sample_rate;
    sibilant_hz_ = PhoneOf(kS).band_hz * tract_scale;
    hushing_hz_ = PhoneOf(kSh).band_hz * tract_scale;
    // The close breath is the difference of the aspiration's two one-pole low-passes
    // (coefficients a, b): for white noise its power is a/(2-a) + b/(2-b) - 2ab/(1 -
    // (1-a)(1-b)) times the noise's; four independent lanes add up to twice the RMS.
    const double a = OnePoleCoefficient(kSourceCornerHz, sample_rate);
    const double b = OnePoleCoefficient(kProximityHz, sample_rate);
    const double band_power = a / (2.0 - a) + b / (2.0 - b) - 2.0 * a * b / (1.0 - (1.0 - a) * (1.0 - b));
    close_breath_scale_ = kCloseBreath * kVowelRms / std::sqrt(band_power / 3.0) / 2.0;
    // A neutral vowel of this voice has RMS kVowelRms (uniform noise: variance 1/3).
    const std::array<double, 4> neutral = WhisperedFormantsHz(PhoneOf(kSchwa).formant_hz, tract_scale);
    const std::array<double, 4> g = CascadeGains(neutral);
    double power = 0.0;
    for (std::size_t n = 0; n < 4; ++n) power += g[n] * g[n] * kPi * kBandwidthHz[n] / sample_rate;
    formant_scale_ = kVowelRms / std::sqrt(power / 3.0);
  }

  double sibilant_hz() const { return sibilant_hz_; }
  double hushing_hz() const { return hushing_hz_; }

  // y += c (x - y) with c for a corner frequency (matched-z).
  static double OnePoleCoefficient(double corner_hz, double sample_rate) {
    return 1.0 - std::exp(-kTwoPi * corner_hz / sample_rate);
  }

  // Peak gains of a cascade of four resonances (unit DC gain, bandwidths kBandwidthHz)
  // at each formant, times the source-radiation slope.
  static std::array<double, 4> CascadeGains(const std::array<double, 4>& f) {
    std::array<double, 4> gain{};
    for (std::size_t n = 0; n < 4; ++n) {
      const double at = f[n];
      const double source = at / kSourceCornerHz;
      double product = std::pow(at / 1000.0, kSlope) * std::sqrt(1.0 + source * source);
      for (std::size_t k = 0; k < 4; ++k) {
        const double r = at / f[k];
        const double real = 1.0 - r * r;
        const double imaginary = at * kBandwidthHz[k] / (f[k] * f[k]);
        product /= std::sqrt(real * real + imaginary * imaginary);
      }
      gain[n] = product;
    }
    return gain;
  }

  SegmentSound SoundOf(const Segment& seg) const {
    SegmentSound sound;
    for (std::size_t n = 0; n < 4; ++n) sound.log2_formant[n] = static_cast<float>(std::log2(seg.formant_hz[n]));
    const Phone* phone = seg.phone < kPhoneCount ? &PhoneOf(seg.phone) : nullptr;
    double aspiration = 0.0;
    switch (seg.role) {
      case SegmentRole::kNucleus:
        aspiration = 1.0;
        sound.decay = static_cast<float>(kNucleusDecay);
        break;
      case SegmentRole::kConsonant:
        if (phone->kind == PhoneKind::kFricative) {
          aspiration = kFricativeAspiration;
          SetFrication(*phone, seg, sound);
        } else {
          aspiration = phone->level;  // h and the sonorants
          if (phone->kind == PhoneKind::kAspirate) sound.bandwidth_factor = kAspirateBandwidth;
        }
        break;
      case SegmentRole::kClosure:
        break;
      case SegmentRole::kBurst:
        aspiration = kBurstAspiration;
        SetFrication(*phone, seg, sound);
        break;
      case SegmentRole::kAspiration:
        aspiration = phone->aspirated ? kAspiration : kWeakAspiration;
        sound.bandwidth_factor = kAspirateBandwidth;
        break;
      case SegmentRole::kGap:
        aspiration = kGapAspiration;
        break;
      case SegmentRole::kPause:
        break;
      case SegmentRole::kBreath:
        aspiration = kBreathLevel;
        sound.bandwidth_factor = kBreathBandwidth;
        break;
    }
    aspiration *= seg.level * seg.source_scale;
    if (aspiration > 0.0) {
      const std::array<double, 4> g = CascadeGains(seg.formant_hz);
      for (std::size_t n = 0; n < 4; ++n) {
        sound.formant_gain[n] = static_cast<float>(formant_scale_ * aspiration * g[n]);
      }
      sound.close_breath = static_cast<float>(close_breath_scale_ * aspiration);
    }
    return sound;
  }

  // Noise gain that gives a band-pass lane at centre_hz and q an RMS of
  // `level` × kVowelRms.
  double LaneGain(double level, double centre_hz, double q) const {
    const double bandwidth = centre_hz / q;
    return level * kVowelRms * std::sqrt(3.0 * sample_rate_ / (kPi * bandwidth));
  }

 private:
  void SetFrication(const Phone& phone, const Segment& seg, SegmentSound& sound) const {
    const double level = phone.level * seg.level * seg.source_scale;
    switch (phone.lane) {
      case FricationLane::kSibilant:
        sound.frication_gain[0] = static_cast<float>(LaneGain(level, sibilant_hz_, kSibilantQ));
        break;
      case FricationLane::kHushing:
        sound.frication_gain[1] = static_cast<float>(LaneGain(level, hushing_hz_, kHushingQ));
        break;
      case FricationLane::kShaped:
        sound.frication_gain[2] = static_cast<float>(LaneGain(level, seg.band_hz, seg.band_q));
        sound.log2_band = static_cast<float>(std::log2(seg.band_hz));
        sound.band_q = static_cast<float>(seg.band_q);
        sound.shaped = true;
        break;
      case FricationLane::kNone:
        break;
    }
  }

  double sample_rate_ = 48000.0;
  double sibilant_hz_ = 5200.0;
  double hushing_hz_ = 2900.0;
  double close_breath_scale_ = 0.0;
  double formant_scale_ = 1.0;
};

}  // namespace tingle::synth::whisper
