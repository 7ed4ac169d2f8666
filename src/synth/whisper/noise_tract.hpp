// The whisper's audio path: aspiration noise through four formant band-passes and
// frication noise through four more, each lane its own noise, in two SIMD registers.
//
// Formants F1..F4 are one dsp::QuadSvf (unity-peak band-passes, retuned once per block
// from the glided tract: its coefficients may move every block without clicks); the
// frication bank is another (/s/, /ʃ/, the shaped band for f, θ, x and bursts; its
// fourth lane is idle). The aspiration noise first passes a one-pole low-pass (the
// source's high-frequency fall, Articulation::kSourceCornerHz) and a low shelf
// (proximity, set by `closeness`), four lanes at once; the difference of those two
// low-passes, unformed, is the close breath. Gains ramp linearly across each
// block from the last block's values, so no gain ever steps. White noise comes from
// SIMD-lane xorshift generators (one draw feeds both registers). The recursions are
// independent, so they overlap in the pipeline; a register whose input has been silent
// for a while is skipped.
//
// Tuning coefficients needs tan(π f / fs) per lane; a table over log-frequency (1/32
// octave, linearly interpolated: error far below a cent) replaces tan and exp2, since
// the tract glides in log-frequency already.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/lane_noise.hpp"
#include "dsp/quad_svf.hpp"
#include "synth/whisper/articulation.hpp"
#include "synth/whisper/tract_glide.hpp"

namespace tingle::synth::whisper {

// Per-block controls on top of the tract's sounds.
struct VoiceControls {
  dsp::Float4 frication_scale{1.0f, 1.0f, 1.0f, 1.0f};  // per frication lane
  float bandwidth_scale = 1.0f;                         // × every formant bandwidth
  float proximity = 0.0f;  // extra gain of the aspiration below Articulation::kProximityHz
  float close_breath = 0.0f;  // × the tract's close-breath gain
};

class NoiseTract {
 public:
  // A register is skipped once its input has been silent this long: by then its output
  // has decayed by some 100 dB (the narrowest lane, F1 at breathiness 0, 128 Hz wide,
  // rings with a time constant of 1 / (π B) = 2.5 ms).
  static constexpr double kRestSeconds = 0.03;

  void Prepare(std::uint64_t seed, double sample_rate, const Articulation& articulation) {
    noise_.Seed(StreamSeed(seed, "noise"));
    log2_lowest_ = std::log2(kLowestHz);
    source_pole_ = dsp::Broadcast(static_cast<float>(
        Articulation::OnePoleCoefficient(Articulation::kSourceCornerHz, sample_rate)));
    proximity_pole_ = dsp::Broadcast(static_cast<float>(
        Articulation::OnePoleCoefficient(Articulation::kProximityHz, sample_rate)));
    const double highest = 0.45 * sample_rate;
    table_size_ = std::min(kTableSize, static_cast<int>((std::log2(highest) - log2_lowest_) *
                                                        kStepsPerOctave) + 2);
    for (int i = 0; i < table_size_; ++i) {
      const double hz = std::min(kLowestHz * std::exp2(i / kStepsPerOctave), highest);
      hz_[static_cast<std::size_t>(i)] = hz;
      g_[static_cast<std::size_t>(i)] = std::tan(kPi * hz / sample_rate);
    }
    log2_highest_ = std::log2(highest);
    rest_blocks_ = static_cast<int>(std::ceil(kRestSeconds * sample_rate / kBlockFrames));
    const dsp::SvfBlend band{0.0, 1.0, 0.0};
    frication_.set_lane(0, articulation.sibilant_hz() / sample_rate, Articulation::kSibilantQ, band);
    frication_.set_lane(1, articulation.hushing_hz() / sample_rate, Articulation::kHushingQ, band);
    frication_.set_lane(2, 3000.0 / sample_rate, 1.0, band);
    frication_.set_lane(3, 1000.0 / sample_rate, 1.0, band);
    Reset();
  }

  void Reset() {
    formants_.Reset();
    frication_.Reset();
    source_ = low_ = dsp::Float4{};
    formant_gain_ = frication_gain_ = dsp::Float4{};
    breath_gain_ = 0.0f;
    formant_quiet_ = frication_quiet_ = rest_blocks_;
    band_log2_ = -1.0f;
    band_q_ = -1.0f;
  }

  // Renders one block of mono into out, ramping to the tract state at the block's end.
  void Render(const TractState& tract, const VoiceControls& controls, float* out) noexcept {
    proximity_ = dsp::Broadcast(controls.proximity);
    // Formant lanes: retune, and keep each lane's power as its bandwidth changes.
    const double widen = static_cast<double>(tract.bandwidth_factor) * static_cast<double>(controls.bandwidth_scale);
    for (int n = 0; n < 4; ++n) {
      double hz = 0.0;
      const double g = Lookup(tract.log2_formant[n], hz);
      formants_.set_lane_g(n, g, hz / (Articulation::kBandwidthHz[static_cast<std::size_t>(n)] * widen),
                           kBand);
    }
    if (tract.log2_band != band_log2_ || tract.band_q != band_q_) {
      band_log2_ = tract.log2_band;
      band_q_ = tract.band_q;
      double hz = 0.0;
      frication_.set_lane_g(2, Lookup(band_log2_, hz), static_cast<double>(band_q_), kBand);
    }
    const float raw = dsp::LaneNoise::kPairRawToUnit;
    const dsp::Float4 formant_target =
        tract.formant_gain * static_cast<float>(static_cast<double>(raw) / std::sqrt(widen));
    const dsp::Float4 frication_target = tract.frication_gain * controls.frication_scale * raw;
    const float breath_target = tract.close_breath * controls.close_breath * raw;

    const bool formants_on =
        Active(formant_gain_ + breath_gain_, formant_target + breath_target, formant_quiet_, formants_);
    const bool frication_on = Active(frication_gain_, frication_target, frication_quiet_, frication_);
    dsp::Float4 sums[kBlockFrames];
    if (formants_on && frication_on) {
      RunBoth(formant_target, breath_target, frication_target, sums);
    } else if (formants_on) {
      RunFormants(formant_target, breath_target, sums);
    } else if (frication_on) {
      RunFrication(frication_target, sums);
    } else {
      std::fill(out, out + kBlockFrames, 0.0f);
    }
    formant_gain_ = formant_target;
    breath_gain_ = breath_target;
    frication_gain_ = frication_target;
    if (!formants_on && !frication_on) return;
    // Lane sums, four frames at a time, in HorizontalSum's order.
    for (int f = 0; f < kBlockFrames; f += 4) {
      const dsp::Float4 ab = __builtin_shufflevector(sums[f], sums[f + 1], 0, 1, 4, 5) +
                             __builtin_shufflevector(sums[f], sums[f + 1], 2, 3, 6, 7);
      const dsp::Float4 cd = __builtin_shufflevector(sums[f + 2], sums[f + 3], 0, 1, 4, 5) +
                             __builtin_shufflevector(sums[f + 2], sums[f + 3], 2, 3, 6, 7);
      const dsp::Float4 mono = __builtin_shufflevector(ab, cd, 0, 2, 4, 6) +
                               __builtin_shufflevector(ab, cd, 1, 3, 5, 7);
      std::memcpy(out + f, &mono, sizeof mono);
    }
  }

 private:
  static constexpr double kLowestHz = 20.0;
  static constexpr double kStepsPerOctave = 32.0;
  static constexpr int kTableSize = 400;  // 12.4 octaves: 20 Hz up to 0.45 × 96 kHz
  static constexpr dsp::SvfBlend kBand{0.0, 1.0, 0.0};

  // g = tan(π f / fs) and f for a log2 frequency, clamped to the table.
  double Lookup(float log2_hz, double& hz) const {
    const double x = (std::clamp(static_cast<double>(log2_hz), log2_lowest_, log2_highest_) -
                      log2_lowest_) * kStepsPerOctave;
    const int i = std::min(static_cast<int>(x), table_size_ - 2);
    const double frac = x - i;
    const auto s = static_cast<std::size_t>(i);
    hz = hz_[s] + frac * (hz_[s + 1] - hz_[s]);
    return g_[s] + frac * (g_[s + 1] - g_[s]);
  }

  // Whether a register must run this block; a register at rest for long enough is
  // cleared (its ringing is long gone) and skipped.
  bool Active(dsp::Float4 from, dsp::Float4 to, int& quiet, dsp::QuadSvf& filter) const {
    const dsp::Float4 both = from * from + to * to;
    const bool silent = dsp::HorizontalSum(both) == 0.0f;
    if (!silent) {
      quiet = 0;
      return true;
    }
    if (quiet >= rest_blocks_) return false;
    if (++quiet == rest_blocks_) filter.Reset();
    return true;
  }

  // One sample of the aspiration path: the noise through the source low-pass and the
  // proximity shelf into the formants, plus the close breath (the band between them).
  struct Aspiration {
    dsp::Float4 source, low;
    dsp::Float4 source_pole, low_pole, proximity;

    dsp::Float4 Tick(dsp::Float4 noise, dsp::Float4 formant_gain, dsp::Float4 breath_gain,
                     dsp::QuadSvf& formants) {
      source += source_pole * (noise - source);
      low += low_pole * (noise - low);
      return formants.Tick((source + proximity * low) * formant_gain) +
             breath_gain * (source - low);
    }
  };

  Aspiration StartAspiration() const {
    return {source_, low_, source_pole_, proximity_pole_, proximity_};
  }

  void RunBoth(dsp::Float4 formant_target, float breath_target, dsp::Float4 frication_target,
               dsp::Float4 (&sums)[kBlockFrames]) {
    const float per_frame = 1.0f / kBlockFrames;
    const dsp::Float4 formant_step = (formant_target - formant_gain_) * per_frame;
    const dsp::Float4 breath_step = dsp::Broadcast((breath_target - breath_gain_) * per_frame);
    const dsp::Float4 frication_step = (frication_target - frication_gain_) * per_frame;
    dsp::Float4 formant_gain = formant_gain_, frication_gain = frication_gain_;
    dsp::Float4 breath_gain = dsp::Broadcast(breath_gain_);
    dsp::QuadSvf formants = formants_, frication = frication_;
    Aspiration aspiration = StartAspiration();
    for (int i = 0; i < kBlockFrames; ++i) {
      dsp::Float4 breath, hiss;
      noise_.NextPairRaw(breath, hiss);
      formant_gain += formant_step;
      breath_gain += breath_step;
      frication_gain += frication_step;
      sums[i] = aspiration.Tick(breath, formant_gain, breath_gain, formants) +
                frication.Tick(hiss * frication_gain);
    }
    formants_ = formants;
    frication_ = frication;
    source_ = aspiration.source;
    low_ = aspiration.low;
  }

  // The aspiration path alone (fed by the high noise halves).
  void RunFormants(dsp::Float4 formant_target, float breath_target, dsp::Float4 (&sums)[kBlockFrames]) {
    const float per_frame = 1.0f / kBlockFrames;
    const dsp::Float4 formant_step = (formant_target - formant_gain_) * per_frame;
    const dsp::Float4 breath_step = dsp::Broadcast((breath_target - breath_gain_) * per_frame);
    dsp::Float4 formant_gain = formant_gain_;
    dsp::Float4 breath_gain = dsp::Broadcast(breath_gain_);
    dsp::QuadSvf formants = formants_;
    Aspiration aspiration = StartAspiration();
    for (int i = 0; i < kBlockFrames; ++i) {
      dsp::Float4 breath, unused;
      noise_.NextPairRaw(breath, unused);
      formant_gain += formant_step;
      breath_gain += breath_step;
      sums[i] = aspiration.Tick(breath, formant_gain, breath_gain, formants);
    }
    formants_ = formants;
    source_ = aspiration.source;
    low_ = aspiration.low;
  }

  // The frication bank alone (fed by the low noise halves).
  void RunFrication(dsp::Float4 frication_target, dsp::Float4 (&sums)[kBlockFrames]) {
    const dsp::Float4 step = (frication_target - frication_gain_) * (1.0f / kBlockFrames);
    dsp::Float4 gain = frication_gain_;
    dsp::QuadSvf frication = frication_;
    for (int i = 0; i < kBlockFrames; ++i) {
      dsp::Float4 unused, hiss;
      noise_.NextPairRaw(unused, hiss);
      gain += step;
      sums[i] = frication.Tick(hiss * gain);
    }
    frication_ = frication;
  }

  dsp::LaneNoise noise_;
  dsp::QuadSvf formants_;
  dsp::QuadSvf frication_;
  dsp::Float4 formant_gain_{};
  dsp::Float4 frication_gain_{};
  float breath_gain_ = 0.0f;
  dsp::Float4 source_{};  // the aspiration noise after its low-pass
  dsp::Float4 low_{};     // ... and after the proximity shelf's low-pass
  dsp::Float4 source_pole_{};
  dsp::Float4 proximity_pole_{};
  dsp::Float4 proximity_{};
  int formant_quiet_ = 0;
  int frication_quiet_ = 0;
  int rest_blocks_ = 23;
  float band_log2_ = -1.0f;
  float band_q_ = -1.0f;
  double log2_lowest_ = 0.0;
  double log2_highest_ = 1.0;
  int table_size_ = 0;
  std::array<double, kTableSize> hz_{};
  std::array<double, kTableSize> g_{};
};

}  // namespace tingle::synth::whisper
