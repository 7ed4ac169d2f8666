// The sound at the brush's contact: friction noise and bristle ticks through their
// filters, a light resonance of the body brushed, placed in the stereo field.
//
// Source–filter, as SDT splits interaction from resonator. Four filters run in the lanes
// of one dsp::QuadSvf, so the whole voice costs one filter's dependency chain per sample:
//   0, 1  friction: the fine surface profile (white noise, two independent draws)
//         through the contact filter, whose frequency the texture moves with speed and
//         pressure each block; left hears lane 0, right lane 0 blended with lane 1
//         (correlation kEarCoherence: one brush, heard close by two ears, by slightly
//         different paths);
//   2     ticks: bristle impulses through the brush's click band;
//   3     body: the brushed object's main mode (a band-pass of Q = 1 / η), driven by the
//         contact force itself (the unfiltered profile, RMS = the friction's) and by
//         every tick, heard in the middle.
// Friction follows the brush's pan, ramped across the block; ticks take the brush's pan
// too (per block: a tick is far shorter than the brush's travel in a block).
//
// Friction is scaled by the contact filter's noise power gain in the audible band (a
// table over frequency built in Prepare), so the level the texture asks for is the level
// heard, wherever the contact filter sits and at any sample rate; ticks are scaled by
// their click's peak. Brightness is set in octaves, the unit the texture computes it in.
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
#include "synth/brushing/brush_kind.hpp"

namespace tingle::synth {

class ContactVoice {
 public:
  // Correlation of the friction noise at the two ears: one source, close up, slightly
  // different paths (a point source would be 1; independent noise 0).
  static constexpr double kEarCoherence = 0.85;
  // The contact filter stays inside [kLowestContactHz, kHighestContactFraction × rate].
  static constexpr double kLowestContactHz = 40.0;
  static constexpr double kHighestContactFraction = 0.42;

  // Prepares for one brush kind at sample_rate (Hz); seed names the noise stream.
  void Prepare(const BrushKind& brush, std::uint64_t seed, double sample_rate) {
    brush_ = &brush;
    sample_rate_ = sample_rate;
    noise_.Seed(seed);
    svf_.Reset();
    const AudibleBand audible(sample_rate);
    lowest_octave_ = std::log2(kLowestContactHz);
    const double highest_octave = std::log2(kHighestContactFraction * sample_rate);
    octave_step_ = (highest_octave - lowest_octave_) / (kTableSize - 1);
    for (int i = 0; i < kTableSize; ++i) {
      const double g = std::tan(kPi * std::exp2(lowest_octave_ + octave_step_ * i) / sample_rate);
      tangent_[i] = g;
      const double power = audible.PowerGain(g, brush.contact_q, brush.contact_blend);
      // Uniform 16-bit noise has variance 1/3 in units of full scale.
      inverse_rms_[i] = 1.0 / std::sqrt(power / 3.0);
    }
    // The body's band-pass at Q = 1 / η rings for T60 = 2.2 / (f η), as the mode would;
    // its input is scaled so that its RMS is body_gain times the driving force's (white
    // noise at the friction's RMS).
    const dsp::SvfBlend band{.low_pass = 0.0, .band_pass = 1.0, .high_pass = 0.0};
    const double body_hz = std::min(brush.body_hz, kHighestContactFraction * sample_rate);
    const double body_g = std::tan(kPi * body_hz / sample_rate);
    const double body_q = 1.0 / brush.body_loss_factor;
    svf_.set_lane_g(kBodyLane, body_g, body_q, band);
    body_scale_ = brush.body_gain / std::sqrt(audible.PowerGain(body_g, body_q, band));
    contact_octave_ = std::log2(brush.contact_hz);
    tick_octave_ = std::log2(brush.tick_hz);
    set_brightness(0.0, 0.0);
  }

  // Moves the contact filter contact_octaves and the ticks' band tick_octaves above the
  // brush's own (call once per block; each stays inside the tables' range). Cheap: the
  // filters' g = tan(π f / rate) and the friction's power gain are interpolated from
  // tables 1/24 octave apart (g within 0.6 % of exact at the very top, far closer in the
  // bands that matter).
  void set_brightness(double contact_octaves, double tick_octaves) {
    const TableEntry contact = Lookup(contact_octave_ + contact_octaves);
    svf_.set_lane_g(0, contact.tangent, brush_->contact_q, brush_->contact_blend);
    svf_.set_lane_g(1, contact.tangent, brush_->contact_q, brush_->contact_blend);
    friction_unit_ = static_cast<float>(contact.inverse_rms);
    const TableEntry tick = Lookup(tick_octave_ + tick_octaves);
    const dsp::SvfBlend band{.low_pass = 0.0, .band_pass = 1.0, .high_pass = 0.0};
    svf_.set_lane_g(kTickLane, tick.tangent, brush_->tick_q, band);
    // A unit impulse starts the band-pass's click at k a2 = k g / (1 + g (g + k)) (its
    // first output sample, the click's peak): scale ticks so that it starts at 1.
    const double k = 1.0 / brush_->tick_q;
    const double g = tick.tangent;
    tick_gain_ = static_cast<float>((1.0 + g * (g + k)) / (k * g));
  }

  // Writes one block (kBlockFrames) into left/right. The friction RMS ramps from
  // friction_start to friction_end (full scale = 1), its pan (-1..1) from pan_start to
  // pan_end; ticks holds this block's tick impulses (each the peak of its click), heard
  // at tick_pan.
  void Render(const float* ticks, double friction_start, double friction_end, double pan_start,
              double pan_end, double tick_pan, float* left, float* right) noexcept {
    constexpr float kInt16ToUnit = 1.0f / 32768.0f;
    const float unit = friction_unit_ * kInt16ToUnit;
    const float f0 = static_cast<float>(friction_start) * unit;
    const float df = (static_cast<float>(friction_end) * unit - f0) * (1.0f / kBlockFrames);
    // The body's drive: the same noise at the friction's RMS (uniform noise × √3 has
    // unit RMS), scaled for its band.
    const float drive = static_cast<float>(kUniformToUnitRms * body_scale_) / friction_unit_;
    dsp::Float4 gain = {f0, f0, 0.0f, f0 * drive};
    const dsp::Float4 gain_step = {df, df, 0.0f, df * drive};
    // Ticks into their lane (scaled to their click's peak) and into the body.
    const dsp::Float4 tick_in = {0.0f, 0.0f, tick_gain_, static_cast<float>(body_scale_)};
    // Each frame's two friction lanes take 16 bits of noise each ({a, b, a, b}); the
    // body feels the first lane's (the same contact force), and the tick lane's gain is 0.
    dsp::Float4 noise[kBlockFrames];
    noise_.NextStereoPairsRaw(noise, kBlockFrames);
    dsp::Float4 lanes[kBlockFrames];
    dsp::QuadSvf svf = svf_;
    for (int i = 0; i < kBlockFrames; ++i) {
      const dsp::Float4 x =
          __builtin_shufflevector(noise[i], noise[i], 0, 1, 2, 0) * gain + ticks[i] * tick_in;
      gain += gain_step;
      lanes[i] = svf.Tick(x);
    }
    svf_ = svf;
    // Mix four frames at a time: a 4×4 transpose turns the per-frame lanes into per-lane
    // runs of four frames, which the ramps then weight with plain vector arithmetic.
    const auto left_gain = [](double pan) {
      return static_cast<float>(std::sqrt(0.5 * (1.0 - pan)));
    };
    const auto right_gain = [](double pan) {
      return static_cast<float>(std::sqrt(0.5 * (1.0 + pan)));
    };
    const dsp::Float4 ramp = dsp::Float4{0.0f, 1.0f, 2.0f, 3.0f} * (1.0f / kBlockFrames);
    const float pan_l0 = left_gain(pan_start);
    const float pan_r0 = right_gain(pan_start);
    const float pan_l_span = left_gain(pan_end) - pan_l0;
    const float pan_r_span = right_gain(pan_end) - pan_r0;
    // Gains of frames f .. f + 3 of the first group; each group moves on by four frames.
    dsp::Float4 pan_l = pan_l0 + pan_l_span * ramp;
    dsp::Float4 pan_r = pan_r0 + pan_r_span * ramp;
    const float pan_l_step = pan_l_span * (4.0f / kBlockFrames);
    const float pan_r_step = pan_r_span * (4.0f / kBlockFrames);
    const float tick_l = left_gain(tick_pan);
    const float tick_r = right_gain(tick_pan);
    const float center = static_cast<float>(kHalfPower);
    const float same = static_cast<float>(kEarCoherence);
    const float other = static_cast<float>(std::sqrt(1.0 - kEarCoherence * kEarCoherence));
    for (int f = 0; f < kBlockFrames; f += 4) {
      const dsp::Float4 low_01 = __builtin_shufflevector(lanes[f], lanes[f + 1], 0, 4, 1, 5);
      const dsp::Float4 high_01 = __builtin_shufflevector(lanes[f], lanes[f + 1], 2, 6, 3, 7);
      const dsp::Float4 low_23 = __builtin_shufflevector(lanes[f + 2], lanes[f + 3], 0, 4, 1, 5);
      const dsp::Float4 high_23 = __builtin_shufflevector(lanes[f + 2], lanes[f + 3], 2, 6, 3, 7);
      const dsp::Float4 friction_l = __builtin_shufflevector(low_01, low_23, 0, 1, 4, 5);
      // Right hears left's friction blended with its own (the filters are linear, so
      // blending after them is blending the noise): correlation kEarCoherence.
      const dsp::Float4 friction_r =
          same * friction_l + other * __builtin_shufflevector(low_01, low_23, 2, 3, 6, 7);
      const dsp::Float4 tick = __builtin_shufflevector(high_01, high_23, 0, 1, 4, 5);
      const dsp::Float4 body = __builtin_shufflevector(high_01, high_23, 2, 3, 6, 7) * center;
      const dsp::Float4 l = (pan_l * friction_l + tick_l * tick) + body;
      const dsp::Float4 r = (pan_r * friction_r + tick_r * tick) + body;
      pan_l += pan_l_step;
      pan_r += pan_r_step;
      std::memcpy(left + f, &l, sizeof l);
      std::memcpy(right + f, &r, sizeof r);
    }
  }

 private:
  // 40 Hz to 0.42 × 96 kHz is just under 10 octaves: 240 entries, 1/24 octave apart.
  static constexpr int kTableSize = 240;
  static constexpr int kTickLane = 2;
  static constexpr int kBodyLane = 3;
  static constexpr double kHalfPower = 0.70710678118654752;
  // Uniform noise in [-1, 1) times this has unit RMS.
  static constexpr double kUniformToUnitRms = 1.7320508075688772;

  // Power gains of lanes for white noise, counted over the audible band only: the
  // fraction of the noise's power that comes out between kLowestHz and kAudibleHz (or
  // Nyquist). Levels set through it are the levels heard, at 44.1 kHz as at 96 kHz, where
  // a plain sum of the squared impulse response would also count the octave above
  // 20 kHz. The TPT SVF is the bilinear transform of s² + k s + 1 with prewarping, so at
  // f its response is the analog one at x = tan(π f / rate) / g (Zavalishin, "The Art of
  // VA Filter Design", ch. 3): (low - high x² + j k x band) / (1 - x² + j k x). The
  // integral runs in log frequency (kSteps steps, midpoint rule), so a narrow low band
  // gets as many steps as a wide high one; tan(π f / rate) is tabulated once. 512 steps
  // (43 an octave) are within 0.0015 dB of 2048 for the contact filters (Q <= 0.8) and
  // 0.013 dB for the body (Q 3.3), at 44.1, 48 and 96 kHz, in a quarter of the time
  // (Prepare evaluates 242 gains).
  class AudibleBand {
   public:
    static constexpr double kLowestHz = 5.0;  // below every band: all have zero DC gain
    static constexpr double kAudibleHz = 20000.0;
    static constexpr int kSteps = 512;

    explicit AudibleBand(double sample_rate) : sample_rate_(sample_rate) {
      const double top = std::min(kAudibleHz, 0.5 * sample_rate);
      const double log_step = std::log(top / kLowestHz) / kSteps;
      for (int i = 0; i < kSteps; ++i) {
        const double hz = kLowestHz * std::exp((i + 0.5) * log_step);
        tangent_[i] = std::tan(kPi * hz / sample_rate);
        width_hz_[i] = hz * log_step;  // df = f d(ln f)
      }
    }

    double PowerGain(double g, double q, const dsp::SvfBlend& blend) const {
      const double k = 1.0 / q;
      double sum = 0.0;
      for (int i = 0; i < kSteps; ++i) {
        const double x = tangent_[i] / g;
        const double real = blend.low_pass - blend.high_pass * x * x;
        const double imaginary = k * x * blend.band_pass;
        const double denominator_real = 1.0 - x * x;
        const double denominator_imaginary = k * x;
        sum +=
            width_hz_[i] * (real * real + imaginary * imaginary) /
            (denominator_real * denominator_real + denominator_imaginary * denominator_imaginary);
      }
      return sum / (0.5 * sample_rate_);
    }

   private:
    double sample_rate_;
    std::array<double, kSteps> tangent_{};
    std::array<double, kSteps> width_hz_{};
  };

  struct TableEntry {
    double tangent;
    double inverse_rms;
  };

  // The tables at 2^octave Hz, clamped to their range, linearly interpolated.
  TableEntry Lookup(double octave) const {
    const double position =
        std::clamp((octave - lowest_octave_) / octave_step_, 0.0, kTableSize - 1.0);
    const int index = std::min(static_cast<int>(position), kTableSize - 2);
    const double fraction = position - index;
    return {tangent_[index] + (tangent_[index + 1] - tangent_[index]) * fraction,
            inverse_rms_[index] + (inverse_rms_[index + 1] - inverse_rms_[index]) * fraction};
  }

  const BrushKind* brush_ = &kBrushKinds[0];
  double sample_rate_ = 48000.0;
  dsp::LaneNoise noise_;
  dsp::QuadSvf svf_;
  double lowest_octave_ = 0.0;
  double octave_step_ = 1.0;
  std::array<double, kTableSize> inverse_rms_{};
  std::array<double, kTableSize> tangent_{};
  float friction_unit_ = 1.0f;
  double contact_octave_ = 0.0;  // log2 of the brush's contact and tick frequencies
  double tick_octave_ = 0.0;
  float tick_gain_ = 1.0f;   // tick lane input per unit of click peak
  double body_scale_ = 0.0;  // body lane input per unit of force
};

}  // namespace tingle::synth
