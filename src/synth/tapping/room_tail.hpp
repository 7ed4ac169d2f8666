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
// small room's tail little above 10 kHz (ISO 9613-1). Each ear hears its own noise, so
// the tail is decorrelated like a diffuse field while the direct sound stays one point
// source.
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

namespace tingle::synth {

class RoomTail {
 public:
  void Prepare(std::uint64_t seed, double sample_rate) {
    noise_state_ = seed;
    const auto low = static_cast<float>(OnePole(kSplitHz, sample_rate));
    const auto air = static_cast<float>(OnePole(kAirHz, sample_rate));
    coefficients_ = Lanes{low, low, air, air};
    decay_ = 1.0f - coefficients_;
    decay_squared_ = decay_ * decay_;
    decay_coefficients_ = decay_ * coefficients_;
    const double analysis_rate = sample_rate / kAnalysisStride;
    analysis_low_coefficient_ = static_cast<float>(OnePole(kSplitHz, analysis_rate));
    analysis_air_coefficient_ = static_cast<float>(OnePole(kAirHz, analysis_rate));
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
    ears_ = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    air_ = Lanes{0.0f, 0.0f, 0.0f, 0.0f};
    analysis_low_ = 0.0f;
    analysis_air_ = 0.0f;
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
    float dry_low = analysis_low_;
    float dry_air = analysis_air_;
    float power_low = 0.0f;  // one block's sums: float is ample
    float power_high = 0.0f;
    for (int i = 0; i < kBlockFrames; i += kAnalysisStride) {
      dry_low += analysis_low_coefficient_ * (dry[i] - dry_low);
      dry_air += analysis_air_coefficient_ * (dry[i] - dry_air);
      power_low += dry_low * dry_low;
      power_high += (dry_air - dry_low) * (dry_air - dry_low);
    }
    analysis_low_ = dry_low;
    analysis_air_ = dry_air;
    power_ = {power_low, power_high};
    if (loudest < kSilentEnergy) return;  // below -120 dBFS: the room has gone quiet

    // Speak: out = low gain x low band + high gain x (air - low band), per ear. The
    // gains step once per block: 0.2 dB at the room's decay, and a tap's entry is masked
    // by the tap itself.
    const Lanes gains = {amp[0] - amp[1], amp[0] - amp[1], amp[1], amp[1]};
    Lanes ears = ears_;
    Lanes air = air_;
    std::uint64_t state = noise_state_;
    for (int i = 0; i < kBlockFrames; i += 4) {
      Lanes pairs[2];  // {L, R, L, R} of samples i, i + 1 and i + 2, i + 3
      for (int half = 0; half < 2; ++half) {
        // One SplitMix64 draw: 16-bit noise for both ears, two samples.
        const std::uint64_t bits = SplitMix64(state);
        state += kGoldenGamma;
        Shorts shorts;
        std::memcpy(&shorts, &bits, sizeof shorts);
        const Lanes white = __builtin_convertvector(shorts, Lanes);  // {L0, R0, L1, R1}
        const Lanes white_1 = __builtin_shufflevector(white, white, 0, 1, 0, 1);
        const Lanes white_2 = __builtin_shufflevector(white, white, 2, 3, 2, 3);
        // Two steps of y = d y + c x at once, both from the old state, so only one
        // multiply-add per two samples sits on each recursion.
        const Lanes ears_1 = decay_ * ears + coefficients_ * white_1;
        const Lanes ears_2 =
            decay_squared_ * ears + (decay_coefficients_ * white_1 + coefficients_ * white_2);
        const Lanes air_1 = decay_ * air + coefficients_ * ears_1;
        const Lanes air_2 =
            decay_squared_ * air + (decay_coefficients_ * ears_1 + coefficients_ * ears_2);
        ears = ears_2;
        air = air_2;
        const Lanes out_1 = gains * __builtin_shufflevector(ears_1, air_1, 0, 1, 6, 7);
        const Lanes out_2 = gains * __builtin_shufflevector(ears_2, air_2, 0, 1, 6, 7);
        pairs[half] = __builtin_shufflevector(out_1, out_2, 0, 1, 4, 5) +
                      __builtin_shufflevector(out_1, out_2, 2, 3, 6, 7);
      }
      AddLanes(left + i, __builtin_shufflevector(pairs[0], pairs[1], 0, 2, 4, 6));
      AddLanes(right + i, __builtin_shufflevector(pairs[0], pairs[1], 1, 3, 5, 7));
    }
    noise_state_ = state;
    ears_ = ears;
    air_ = air;
  }

 private:
  // Four float lanes (one SSE / NEON register), {left low, right low, left air, right
  // air}: both ears' filters advance in one instruction. GCC/Clang vector extension:
  // plain IEEE arithmetic per lane, as deterministic as scalar code.
  using Lanes = dsp::Float4;
  using Shorts = std::int16_t __attribute__((vector_size(8)));

  static constexpr int kBands = 2;
  static constexpr int kAnalysisStride = 4;
  static constexpr double kLn1000 = 6.907755278982137;
  static constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;
  static constexpr double kSplitHz = 1500.0;
  static constexpr double kAirHz = 5000.0;
  // A furnished bedroom or study: T60 0.3-0.5 s at low and mid frequencies (Diaz &
  // Pedrero, "The reverberation time of furnished rooms in dwellings", Appl. Acoust.
  // 2005), shorter in the highs where soft furnishings and air absorb most.
  static constexpr double kT60S[kBands] = {0.45, 0.25};
  // Sources and ears grow more directional with frequency, so the direct sound
  // outweighs the diffuse field more in the highs (directivity index; Kuttruff ch. 5):
  // the reverberant ratio per band, relative to the low band.
  static constexpr double kBandRatio[kBands] = {1.0, 0.35};
  static constexpr double kSilentEnergy = 1.0e-12;  // -120 dBFS

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

  // The band noises are normalised to unit power (of the raw 16-bit noise), so the
  // tail's mean square in each band is that band's reverberant energy.
  void MeasureBandPowers() {
    Lanes ears = {0.0f, 0.0f, 0.0f, 0.0f};
    Lanes air = {0.0f, 0.0f, 0.0f, 0.0f};
    std::array<double, kBands> power{};
    constexpr int kProbeFrames = 1 << 16;
    for (std::uint64_t i = 0; i < kProbeFrames; ++i) {
      const auto white = static_cast<float>(static_cast<std::int16_t>(SplitMix64(i) & 0xffffu));
      const Lanes in = {white, white, white, white};
      ears = decay_ * ears + coefficients_ * in;
      air = decay_ * air + coefficients_ * ears;
      power[0] += static_cast<double>(ears[0] * ears[0]);
      power[1] += static_cast<double>((air[2] - ears[0]) * (air[2] - ears[0]));
    }
    for (int b = 0; b < kBands; ++b) unit_power_[b] = power[b] / kProbeFrames;
  }

  std::uint64_t noise_state_ = 0;  // SplitMix64 stream
  Lanes coefficients_ = {};
  Lanes decay_ = {};
  Lanes decay_squared_ = {};
  Lanes decay_coefficients_ = {};
  float analysis_low_coefficient_ = 0.5f;
  float analysis_air_coefficient_ = 0.9f;
  Lanes ears_ = {};            // first one-pole stage, per lane
  Lanes air_ = {};             // second stage (only the air lanes are heard)
  float analysis_low_ = 0.0f;  // the dry sound's one-pole states
  float analysis_air_ = 0.0f;
  std::array<double, kBands> retain_{};
  std::array<double, kBands> inject_{};
  std::array<double, kBands> unit_power_{1.0, 1.0};
  std::array<float, kBands> power_{};    // the last block's dry power per band
  std::array<double, kBands> energy_{};  // reverberant energy (mean square) per band
};

}  // namespace tingle::synth
