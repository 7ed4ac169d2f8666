// The room around the object: a diffuse tail, noise carrying the room's reverberant energy.
//
// Two textbook results make a cheap, smooth late reverb. The diffuse field's energy obeys
// dE/dt = g P(t) - 2 sigma E (Sabine's energy balance; Kuttruff, "Room Acoustics", 5th
// ed. 2009, ch. 5), so a tap's energy enters the room and dies at the room's decay rate
// sigma = ln(1000) / T60. And late reverberation is, to the ear, Gaussian noise under
// that energy envelope (Polack, "La transmission de l'energie sonore dans les salles",
// 1988; Jot, "Digital delay networks for designing artificial reverberators", AES 1991).
// Two bands (split by a one-pole at kSplitHz) carry their own energy and T60
// (furnishings absorb the highs), so the tail keeps the colour of what went in; two
// one-poles at kAirHz above them (12 dB/oct) stand for air absorption, which leaves a
// small room's tail little above 10 kHz (ISO 9613-1). Below kLowestHz a bedroom has no
// modes to ring, so the low band is high-passed there (a one-pole low-pass subtracted),
// which also keeps the tail free of DC. Each ear hears its own noise, so the tail is
// decorrelated like a diffuse field while the direct sound stays one point source.
//
// Cost: the tail runs at half the sample rate and is linearly interpolated (as the rain
// bed's lower bands are). It holds little above kAirHz, and the interpolation's images of
// that lie above 17 kHz at 44.1 kHz, some 20 dB under what makes them (the tail itself
// is 3 dB under the taps in a live room, 8 dB at the default `room`); the interpolation
// also softens the tail by 1 dB at kAirHz. That halves the noise draws and the filter
// steps, the larger part of a tapping layer's cost.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "dsp/lane_noise.hpp"

namespace tingle::synth {

class RoomTail {
 public:
  void Prepare(std::uint64_t seed, double sample_rate) {
    noise_.Seed(seed);
    const double tail_rate = 0.5 * sample_rate;
    const auto low = static_cast<float>(OnePole(kSplitHz, tail_rate));
    const auto air = static_cast<float>(OnePole(kAirHz, tail_rate));
    const auto lowest = static_cast<float>(OnePole(kLowestHz, tail_rate));
    first_ = OnePoles::Of(Lanes{low, low, air, air});
    second_ = OnePoles::Of(Lanes{lowest, lowest, air, air});
    const double analysis_rate = sample_rate / kAnalysisStride;
    const auto analysis_low = static_cast<float>(OnePole(kSplitHz, analysis_rate));
    const auto analysis_air = static_cast<float>(OnePole(kAirHz, analysis_rate));
    analysis_ = OnePoles::Of(Lanes{analysis_low, analysis_air, analysis_low, analysis_air});
    const double block_s = kBlockFrames / sample_rate;
    for (int b = 0; b < kBands; ++b) {
      const double sigma = kLn1000 / kT60S[b];
      retain_[b] = std::exp(-2.0 * sigma * block_s);
      // Energy in = 2 sigma x ratio x (sum of x^2 / sample rate), the sum taken over every
      // kAnalysisStride-th sample: the steady-state tail then holds `ratio` times the
      // direct sound's mean square.
      inject_[b] = 2.0 * sigma / analysis_rate * kBandRatio[b];
    }
    MeasureBandPowers();
    first_state_ = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    second_state_ = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    last_steps_ = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    analysis_state_ = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    power_ = {};
    energy_ = {};
  }

  // Feeds one block of the dry (direct) sound to the room and adds the room's tail to
  // left and right. ratio: reverberant to direct energy, >= 0 (0.1 = -10 dB). The tail
  // answers one block (1.3 ms at 48 kHz) late, inside a room's initial delay gap.
  void Process(const float* dry, double ratio, float* left, float* right) {
    // Energy balance for the last block's input.
    double loudest = 0.0;
    std::array<float, kBands> amp{};
    for (int b = 0; b < kBands; ++b) {
      energy_[b] = energy_[b] * retain_[b] + ratio * inject_[b] * static_cast<double>(power_[b]);
      amp[b] = static_cast<float>(std::sqrt(energy_[b] / unit_power_[b]));
      loudest = std::max(loudest, energy_[b]);
    }
    // Listen: band powers of the dry sound from every kAnalysisStride-th sample (an
    // energy estimate needs no more; content above its Nyquist folds into the high band).
    // The split's low-pass and the air one-pole run in two lanes, two samples a step.
    Lanes analysis = analysis_state_;  // {low, air, low, air}: lanes 2 and 3 repeat 0 and 1
    Lanes sums = {0.0f, 0.0f, 0.0f, 0.0f};  // one block's sums: float is ample
    const Lanes zero = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int i = 0; i < kBlockFrames; i += 2 * kAnalysisStride) {
      Lanes y_1, y_2;
      analysis_.TwoSteps(analysis, dsp::Broadcast(dry[i]), dsp::Broadcast(dry[i + kAnalysisStride]),
                         y_1, y_2);
      const Lanes both = __builtin_shufflevector(y_1, y_2, 0, 1, 4, 5);  // {low, air, low, air}
      const Lanes bands = both - __builtin_shufflevector(zero, both, 0, 4, 0, 6);  // {low, high, ..}
      sums += bands * bands;
    }
    analysis_state_ = analysis;
    power_ = {sums[0] + sums[2], sums[1] + sums[3]};
    if (loudest < kSilentEnergy) return;  // below -120 dBFS: the room has gone quiet

    // Speak: out = low gain x low band + high gain x (air - low band), per ear, with the
    // low band less its part under kLowestHz (`sub`): (low gain - high gain) x first +
    // high gain x air - low gain x sub. The gains step once per block: 0.2 dB at the
    // room's decay, and a tap's entry is masked by the tap itself.
    const Lanes gains = {amp[0] - amp[1], amp[0] - amp[1], amp[1], amp[1]};
    const Lanes sub_gains = {-amp[0], -amp[0], 0.0f, 0.0f};
    Lanes first = first_state_;    // {low L, low R, air L, air R}, first pole
    Lanes second = second_state_;  // {sub L, sub R, air L, air R}
    Lanes last_steps = last_steps_;
    dsp::LaneNoise noise = noise_;
    for (int i = 0; i < kBlockFrames; i += 4) {
      // Four frames are two half-rate steps: one draw gives both ears' noise for both.
      const Lanes white = noise.NextRaw();  // {L1, R1, L2, R2}
      Lanes first_1, first_2, second_1, second_2;
      first_.TwoSteps(first, __builtin_shufflevector(white, white, 0, 1, 0, 1),
                      __builtin_shufflevector(white, white, 2, 3, 2, 3), first_1, first_2);
      second_.TwoSteps(second, first_1, first_2, second_1, second_2);
      const Lanes out_1 =
          gains * __builtin_shufflevector(first_1, second_1, 0, 1, 6, 7) + sub_gains * second_1;
      const Lanes out_2 =
          gains * __builtin_shufflevector(first_2, second_2, 0, 1, 6, 7) + sub_gains * second_2;
      const Lanes steps = __builtin_shufflevector(out_1, out_2, 0, 1, 4, 5) +
                          __builtin_shufflevector(out_1, out_2, 2, 3, 6, 7);  // {L1, R1, L2, R2}
      // Each step is heard at the second of its two frames; the first lies halfway from
      // the step before.
      const Lanes before = __builtin_shufflevector(last_steps, steps, 2, 3, 4, 5);
      const Lanes between = 0.5f * (before + steps);
      AddLanes(left + i, __builtin_shufflevector(between, steps, 0, 4, 2, 6));
      AddLanes(right + i, __builtin_shufflevector(between, steps, 1, 5, 3, 7));
      last_steps = steps;
    }
    noise_ = noise;
    first_state_ = first;
    second_state_ = second;
    last_steps_ = last_steps;
  }

 private:
  // Four float lanes (one SSE / NEON register), {left low, right low, left air, right
  // air}: both ears' filters advance in one instruction. GCC/Clang vector extension:
  // plain IEEE arithmetic per lane, as deterministic as scalar code.
  using Lanes = dsp::Float4;

  // One-pole low-passes y = d y + c x, one per lane, and their two-step form: two steps
  // at once, both from the old state, so only one multiply-add per two steps sits on each
  // recursion.
  struct OnePoles {
    Lanes c, d, d_squared, d_c;

    static OnePoles Of(Lanes c) {
      const Lanes d = 1.0f - c;
      return {c, d, d * d, d * c};
    }
    Lanes Step(Lanes& state, Lanes x) const {
      state = d * state + c * x;
      return state;
    }
    void TwoSteps(Lanes& state, Lanes x_1, Lanes x_2, Lanes& y_1, Lanes& y_2) const {
      y_1 = d * state + c * x_1;
      y_2 = d_squared * state + (d_c * x_1 + c * x_2);
      state = y_2;
    }
  };

  static constexpr int kBands = 2;
  static constexpr int kAnalysisStride = 4;
  static constexpr double kLn1000 = 6.907755278982137;
  static constexpr double kSplitHz = 1500.0;
  static constexpr double kAirHz = 5000.0;
  // A bedroom's lowest axial mode lies near 40 Hz (c / 2L for a 4.3 m room).
  static constexpr double kLowestHz = 40.0;
  // A furnished bedroom or study: T60 0.3-0.5 s at low and mid frequencies (Diaz &
  // Pedrero, "The reverberation time of furnished rooms in dwellings", Appl. Acoust.
  // 2005), shorter in the highs where soft furnishings and air absorb most.
  static constexpr double kT60S[kBands] = {0.45, 0.25};
  // Sources and ears grow more directional with frequency, so the direct sound
  // outweighs the diffuse field more in the highs (directivity index; Kuttruff ch. 5):
  // the reverberant ratio per band, relative to the low band.
  static constexpr double kBandRatio[kBands] = {1.0, 0.35};
  static constexpr double kSilentEnergy = 1.0e-12;  // -120 dBFS
  static constexpr std::uint64_t kProbeSeed = 0x726f6f6d;  // any fixed seed

  static void AddLanes(float* out, Lanes value) {
    Lanes previous;
    std::memcpy(&previous, out, sizeof previous);
    previous += value;
    std::memcpy(out, &previous, sizeof previous);
  }

  // Matched-z one-pole low-pass coefficient for a cutoff.
  static double OnePole(double hz, double sample_rate) {
    return 1.0 - std::exp(-kTwoPi * hz / sample_rate);
  }

  // The band noises are normalised to unit power (of the raw lane noise, as heard after
  // the interpolation), so the tail's mean square in each band is that band's
  // reverberant energy.
  void MeasureBandPowers() {
    dsp::LaneNoise noise;
    noise.Seed(kProbeSeed);
    Lanes first = {0.0f, 0.0f, 0.0f, 0.0f};
    Lanes second = {0.0f, 0.0f, 0.0f, 0.0f};
    double low_before = 0.0, high_before = 0.0;
    std::array<double, kBands> power{};
    constexpr int kProbeSteps = 1 << 15;
    for (int step = 0; step < kProbeSteps; ++step) {
      const Lanes white = dsp::Broadcast(noise.NextRaw()[0]);
      first_.Step(first, white);
      second_.Step(second, first);
      // As heard: lanes 0 and 2 of out = first x gains + second x sub gains.
      const auto low = static_cast<double>(first[0] - second[0]);
      const auto high = static_cast<double>(second[2] - first[0]);
      // The frame between the steps, then the step's own.
      power[0] += 0.25 * (low_before + low) * (low_before + low) + low * low;
      power[1] += 0.25 * (high_before + high) * (high_before + high) + high * high;
      low_before = low;
      high_before = high;
    }
    for (int b = 0; b < kBands; ++b) unit_power_[b] = power[b] / (2.0 * kProbeSteps);
  }

  dsp::LaneNoise noise_;  // lanes {L1, R1, L2, R2}: two half-rate steps a draw
  OnePoles first_{};      // {low, low, air, air}
  OnePoles second_{};     // {lowest, lowest, air, air}
  Lanes first_state_ = {};
  Lanes second_state_ = {};
  Lanes last_steps_ = {};  // the last two steps' output, {L, R, L, R}
  OnePoles analysis_{};    // the dry sound's split and air one-poles, {low, air, low, air}
  Lanes analysis_state_ = {};
  std::array<double, kBands> retain_{};
  std::array<double, kBands> inject_{};
  std::array<double, kBands> unit_power_{1.0, 1.0};
  std::array<float, kBands> power_{};    // the last block's dry power per band
  std::array<double, kBands> energy_{};  // reverberant energy (mean square) per band
};

}  // namespace tingle::synth
