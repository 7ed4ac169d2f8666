// Per-block articulation: the schedule's segment sounds crossfaded at their joins and
// the formants glided towards their targets, so nothing ever steps.
//
// Gains crossfade with a smoothstep over each join (the segment's ramp either side of
// it): C1-continuous, and as sharp as a stop's burst needs. Formants glide: their
// log-frequencies follow the targets through two one-pole smoothers in series (a
// critically damped second-order glide, 10 ms each), so a consonant pulls the tract
// towards its locus and the vowel after it starts from there. This is coarticulation:
// transitions take some 40-60 ms, as CV transitions do (Kent & Read, "The Acoustic
// Analysis of Speech", 1992), and at fast rates short vowels fall short of their
// targets (undershoot), as in real speech (Lindblom, JASA 35, 1773, 1963).
#pragma once

#include <algorithm>
#include <cmath>

#include "core/block.hpp"
#include "dsp/float4.hpp"
#include "synth/whisper/articulation.hpp"
#include "synth/whisper/segment.hpp"

namespace tingle::synth::whisper {

// Where the tract is at the end of one block.
struct TractState {
  dsp::Float4 formant_gain{};
  dsp::Float4 frication_gain{};
  dsp::Float4 log2_formant{};
  float bandwidth_factor = 1.0f;
  float close_breath = 0.0f;
  float log2_band = 11.0f;
  float band_q = 1.0f;
};

class TractGlide {
 public:
  static constexpr double kFormantTimeS = 0.010;  // per smoother; two in series
  static constexpr double kBandTimeS = 0.002;     // the shaped lane's centre, while sounding

  void Prepare(double sample_rate) {
    const double block_s = kBlockFrames / sample_rate;
    formant_step_ = static_cast<float>(1.0 - std::exp(-block_s / kFormantTimeS));
    band_step_ = static_cast<float>(1.0 - std::exp(-block_s / kBandTimeS));
  }

  // Snaps the glides to a segment's targets (at a start or restart).
  void Reset(const SegmentSound& sound) {
    formant_first_ = formant_second_ = sound.log2_formant;
    band_ = sound.shaped ? sound.log2_band : 11.0f;
    band_q_ = sound.shaped ? sound.band_q : 1.0f;
  }

  // The tract at time t (s) inside the phrase: cursor is the index of the segment that
  // held the previous block's time; it only moves forwards.
  TractState Step(const Phrase& phrase, const SegmentSound* sounds, int& cursor, double t) {
    const int last = phrase.segment_count - 1;
    while (cursor < last && t >= phrase.segments[static_cast<std::size_t>(cursor)].end_s) ++cursor;
    const Segment& seg = phrase.segments[static_cast<std::size_t>(cursor)];
    const SegmentSound& sound = sounds[cursor];

    // Which two sounds meet here, how far the crossfade has gone, and how far each has
    // decayed (a vowel fades over its length: the syllable's swell).
    const double length = seg.end_s - seg.start_s;
    const double into = t - seg.start_s;
    const double x = length > 0.0 ? std::clamp(into / length, 0.0, 1.0) : 1.0;
    const auto here = static_cast<float>(1.0 - static_cast<double>(sound.decay) * x * x);
    const SegmentSound* from = &sound;
    const SegmentSound* to = &sound;
    float from_scale = here, to_scale = here;
    float w = 1.0f;
    if (cursor == 0) {
      // A phrase starts from the silence of the pause before it.
      from = &silence_;
      w = Smoothstep(into / seg.ramp_s);
    } else if (into < seg.ramp_s) {
      from = &sounds[cursor - 1];
      from_scale = 1.0f - from->decay;
      w = Smoothstep(0.5 + into / (2.0 * seg.ramp_s));
    } else if (cursor < last) {
      const Segment& next = phrase.segments[static_cast<std::size_t>(cursor + 1)];
      const double left = seg.end_s - t;
      if (left < next.ramp_s) {
        to = &sounds[cursor + 1];
        to_scale = 1.0f;
        w = Smoothstep(0.5 - left / (2.0 * next.ramp_s));
      }
    }
    TractState state;
    const dsp::Float4 weight = dsp::Broadcast(w * to_scale);
    const dsp::Float4 keep = dsp::Broadcast((1.0f - w) * from_scale);
    state.formant_gain = keep * from->formant_gain + weight * to->formant_gain;
    state.frication_gain = keep * from->frication_gain + weight * to->frication_gain;
    state.bandwidth_factor = (1.0f - w) * from->bandwidth_factor + w * to->bandwidth_factor;
    state.close_breath = keep[0] * from->close_breath + weight[0] * to->close_breath;

    // Formants glide towards the current segment's targets.
    const dsp::Float4 step = dsp::Broadcast(formant_step_);
    formant_first_ += step * (sound.log2_formant - formant_first_);
    formant_second_ += step * (formant_first_ - formant_second_);
    state.log2_formant = formant_second_;

    // The shaped lane retunes quickly while it sounds, and at once while it is silent.
    const SegmentSound* shaped = to->shaped ? to : (from->shaped ? from : nullptr);
    if (shaped != nullptr) {
      if (state.frication_gain[2] > 0.0f && sounding_) {
        band_ += band_step_ * (shaped->log2_band - band_);
        band_q_ += band_step_ * (shaped->band_q - band_q_);
      } else {
        band_ = shaped->log2_band;
        band_q_ = shaped->band_q;
      }
    }
    sounding_ = state.frication_gain[2] > 0.0f;
    state.log2_band = band_;
    state.band_q = band_q_;
    return state;
  }

 private:
  static float Smoothstep(double x) {
    const double c = x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
    return static_cast<float>(c * c * (3.0 - 2.0 * c));
  }

  SegmentSound silence_;
  float formant_step_ = 0.1f;
  float band_step_ = 0.5f;
  dsp::Float4 formant_first_{};
  dsp::Float4 formant_second_{};
  float band_ = 11.0f;
  float band_q_ = 1.0f;
  bool sounding_ = false;
};

}  // namespace tingle::synth::whisper
