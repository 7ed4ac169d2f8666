// What each crinkling material is made of: event statistics, crackle sound and rustle band.
//
// One row per material, read by the crumple process (when and how strong), the crackle
// voice (what one snap sounds like) and the rustle (the sliding between snaps). Values
// are for `size` 0.5 and `crispness` 0.5; the texture scales them from there.
//
// Sources and reasoning:
// - Energy exponents: Houle & Sethna, "Acoustic emission from crumpling paper", PRE 54,
//   278 (1996) measure p(E) ∝ E^-α with α ≈ 1.3–1.6 for paper, independent of the
//   sheet's size (the number of snaps grows with its area: `size` sets the rate, not
//   α); Kramer & Lobkovsky, "Universal power law in the noise from a crumpled elastic
//   sheet", PRE 53, 1465 (1996) find p(E) ∝ E^-1 for Mylar: polymer films have
//   relatively more large clicks. Plastic and cellophane take the low end of the paper
//   range (1.3–1.35), foil its high end (1.5: fewer large snaps from a ductile metal).
// - Resonance decay comes from a loss factor η: a mode at f rings for
//   T60 = ln(1000) / (π f η) ≈ 2.2 / (f η) (Q = 1/η). Paper is very lossy (fibres
//   rubbing; η ≈ 0.05–0.1), polymer films less so (η ≈ 0.02–0.04), aluminium foil rings
//   (η well below 0.01; thin metal sheets are lightly damped, cf. Cremer & Heckl,
//   "Structure-Borne Sound", loss-factor tables).
// - Snap durations: a ridge snapping through a thin sheet is a fast, broadband
//   transient; we take tens of µs for stiff films up to about a millisecond for soft
//   paper (the burst's e-folding time; crispness scales it).
// - Rates, avalanche sizes, levels and the paper row's brightness were tuned against
//   the texture statistics (McDermott & Simoncelli 2011: envelope moments, modulation,
//   cross-band correlation) and spectrograms of real crumpling recordings; the other
//   rows keep the paper row's structure with their material's band and damping.
#pragma once

namespace tingle::synth {

enum class CrinkleMaterialKind { kPaper, kPlastic, kFoil, kCellophane };

struct CrinkleMaterial {
  // Events (crumple_process.hpp).
  double avalanche_rate_hz;        // avalanche onsets per second at full activity, size 0.5
  double avalanche_size_exponent;  // τ of P(N >= n) = n^(1-τ) snaps per avalanche
  double max_crackles;             // largest avalanche, at size 0.5
  double crackle_gap_s;            // time scale between snaps inside an avalanche
  double energy_exponent;          // α of p(E) ∝ E^-α
  // One crackle (crackle_voice.hpp).
  double burst_s;               // e-folding time of the snap's excitation
  double excitation_cutoff_hz;  // brightness of the snap itself (one-pole low-pass)
  double mode_low_hz;           // resonances are drawn log-uniformly in [low, high]
  double mode_high_hz;
  double loss_factor;  // η: sets each resonance's T60 = 2.2 / (f η)
  int mode_count;      // resonances per crackle (at most CrackleSound::kMaxModes)
  double direct_gain;  // broadband snap heard directly
  double mode_gain;    // resonances: their summed energy relative to the snap's
  double loudness;     // trim that brings every material to a similar level
  // Rustle between crackles (rustle.hpp).
  double rustle_low_hz;   // high-pass corner
  double rustle_high_hz;  // low-pass corner
  double rustle_level;    // RMS at full activity, relative to full scale
};

inline constexpr CrinkleMaterial kCrinkleMaterials[] = {
    // paper: dull, soft snaps through low, heavily damped resonances; audible rustle.
    {.avalanche_rate_hz = 70.0,
     .avalanche_size_exponent = 1.8,
     .max_crackles = 32.0,
     .crackle_gap_s = 0.008,
     .energy_exponent = 1.45,
     .burst_s = 0.0004,
     .excitation_cutoff_hz = 14000.0,
     .mode_low_hz = 700.0,
     .mode_high_hz = 5000.0,
     .loss_factor = 0.08,
     .mode_count = 3,
     .direct_gain = 1.5,
     .mode_gain = 1.3,
     .loudness = 1.0,
     .rustle_low_hz = 400.0,
     .rustle_high_hz = 6000.0,
     .rustle_level = 0.0875},
    // plastic wrapper (polypropylene): bright, sparkly snaps, livelier resonances.
    {.avalanche_rate_hz = 80.0,
     .avalanche_size_exponent = 1.7,
     .max_crackles = 40.0,
     .crackle_gap_s = 0.004,
     .energy_exponent = 1.35,
     .burst_s = 0.00012,
     .excitation_cutoff_hz = 20000.0,
     .mode_low_hz = 1800.0,
     .mode_high_hz = 12000.0,
     .loss_factor = 0.03,
     .mode_count = 4,
     .direct_gain = 0.6,
     .mode_gain = 2.0,
     .loudness = 1.5,
     .rustle_low_hz = 2000.0,
     .rustle_high_hz = 16000.0,
     .rustle_level = 0.0375},
    // kitchen foil: fewer, metallic snaps that ring on lightly damped modes.
    {.avalanche_rate_hz = 40.0,
     .avalanche_size_exponent = 1.9,
     .max_crackles = 24.0,
     .crackle_gap_s = 0.008,
     .energy_exponent = 1.5,
     .burst_s = 0.0002,
     .excitation_cutoff_hz = 10000.0,
     .mode_low_hz = 1500.0,
     .mode_high_hz = 9000.0,
     .loss_factor = 0.006,
     .mode_count = 4,
     .direct_gain = 0.35,
     .mode_gain = 5.0,
     .loudness = 1.4,
     .rustle_low_hz = 1000.0,
     .rustle_high_hz = 10000.0,
     .rustle_level = 0.0375},
    // cellophane: the brightest and busiest: many tiny, very short crackles.
    {.avalanche_rate_hz = 100.0,
     .avalanche_size_exponent = 1.6,
     .max_crackles = 48.0,
     .crackle_gap_s = 0.003,
     .energy_exponent = 1.3,
     .burst_s = 0.00006,
     .excitation_cutoff_hz = 18000.0,
     .mode_low_hz = 3000.0,
     .mode_high_hz = 16000.0,
     .loss_factor = 0.04,
     .mode_count = 3,
     .direct_gain = 0.7,
     .mode_gain = 1.5,
     .loudness = 1.7,
     .rustle_low_hz = 2500.0,
     .rustle_high_hz = 16000.0,
     .rustle_level = 0.03125},
};

inline const CrinkleMaterial& MaterialOf(CrinkleMaterialKind kind) {
  return kCrinkleMaterials[static_cast<int>(kind)];
}

}  // namespace tingle::synth
