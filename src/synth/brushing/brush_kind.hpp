// What each brush sounds like: its contact noise band, its bristle ticks and the body it
// brushes.
//
// One row per `brush` choice, read by the texture. Values hold at the reference stroke
// speed (Brushing::kReferenceSpeed), pressure 0.5 and roughness 0.5; the texture moves
// them from there. Sources and reasoning:
// - Contact band. A surface profile read at speed v sounds at temporal frequencies
//   f = v k for its spatial frequencies k (van den Doel, Kry & Pai, "FoleyAutomatic",
//   SIGGRAPH 2001; Thoret et al., "From sound to shape: auditory perception of drawing
//   movements", JEP:HPP 40, 2014, who drive a band-pass's centre with the pen speed).
//   What sets k here is the tip that touches: fine fibres (hair, a makeup brush) resolve
//   finer detail than stiff bristles, and a fluffy fur cover smears the surface over
//   centimetres, so only a low, woolly band is left.
// - Ticks. Bristle tips catch on asperities and slip free, each a micro-impact (SDT's
//   scraping model: impacts whose density follows grain and speed; Conan et al., "An
//   intuitive synthesizer of continuous-interaction sounds: rubbing, scratching and
//   rolling", Computer Music Journal 38(4), 2014: scratching is sparse, strong impacts,
//   rubbing dense, weak ones). Density is ticks per metre of travel: a few stiff
//   bristle rows (a hairbrush, ~1 per mm across its rows) against thousands of fine
//   strands. Tick band: the shorter and stiffer the contact, the higher.
// - Flick: at a reversal the bristles bend over the other way and their tips snap free,
//   a short burst of ticks (audible in any close recording of a brush going back and
//   forth); stiff bristles flick hardest, fur not at all.
// - Body: the object brushed rings lightly in its main mode, damped by a loss factor η
//   (Q = 1 / η, T60 = ln(1000) / (π f η) ≈ 2.2 / (f η); Cremer & Heckl, "Structure-Borne
//   Sound"): a microphone's low thump as its capsule and stand are shaken (close-miked
//   brushing is full of it), a head under hair (skin and hair: heavily damped, η ≈ 0.3).
// - Bands, densities, sizes and levels are tuned, not measured: `soft` (the default)
//   against the texture statistics and spectrograms of the texture-eval `brush`
//   recordings (a watercolour brush, a pen; McDermott & Simoncelli 2011 statistics), the
//   others from it by the reasoning above, keeping the kinds ordered by spectral
//   centroid: mic-cover < soft < bristle < hair.
#pragma once

#include "dsp/quad_svf.hpp"

namespace tingle::synth {

enum class BrushKindId { kSoft, kBristle, kHair, kMicCover };

struct BrushKind {
  // Friction noise: the surface profile through the contact filter. Band- and high-pass
  // shares only: every lane has zero gain at DC, so the texture is DC-free by design.
  double contact_hz;  // filter frequency at the reference speed, pressure 0.5
  double contact_q;
  dsp::SvfBlend contact_blend;
  // Bristle ticks.
  double ticks_per_m;  // tick density per metre of travel (pressure, roughness 0.5)
  double tick_hz;      // centre of the tick's band-pass
  double tick_q;
  double tick_size;    // largest tick's click peak over the friction RMS, reference speed
  double flick_ticks;  // ticks released at one reversal
  // Body of what is brushed: its main mode.
  double body_hz;
  double body_loss_factor;  // η: Q = 1 / η, T60 = 2.2 / (f η)
  double body_gain;         // body RMS relative to the contact force that drives it
  // Trim that brings every brush to about the RMS of `soft` at the defaults (-26 dBFS).
  double loudness;
};

inline constexpr BrushKind kBrushKinds[] = {
    // soft: a makeup brush swept over a microphone's basket: airy, breathy highs from
    // the fine fibres, quiet ticks, and the low thump of the microphone itself.
    {.contact_hz = 4500.0,
     .contact_q = 0.7,
     .contact_blend = {.low_pass = 0.0, .band_pass = 1.0, .high_pass = 0.2},
     .ticks_per_m = 3000.0,
     .tick_hz = 6000.0,
     .tick_q = 0.8,
     .tick_size = 1.5,
     .flick_ticks = 25.0,
     .body_hz = 200.0,
     .body_loss_factor = 0.3,
     .body_gain = 1.0,
     .loudness = 1.0},
    // bristle: a hairbrush's stiff bristles through hair: scratchy, sparse strong ticks.
    {.contact_hz = 5000.0,
     .contact_q = 0.7,
     .contact_blend = {.low_pass = 0.0, .band_pass = 1.0, .high_pass = 0.0},
     .ticks_per_m = 900.0,
     .tick_hz = 6500.0,
     .tick_q = 1.2,
     .tick_size = 3.0,
     .flick_ticks = 40.0,
     .body_hz = 400.0,
     .body_loss_factor = 0.3,
     .body_gain = 0.3,
     .loudness = 1.35},
    // hair: many fine strands sliding over each other: a high, dense rustle.
    {.contact_hz = 7500.0,
     .contact_q = 0.8,
     .contact_blend = {.low_pass = 0.0, .band_pass = 1.0, .high_pass = 0.3},
     .ticks_per_m = 9000.0,
     .tick_hz = 8500.0,
     .tick_q = 0.8,
     .tick_size = 1.5,
     .flick_ticks = 60.0,
     .body_hz = 600.0,
     .body_loss_factor = 0.3,
     .body_gain = 0.15,
     .loudness = 1.4},
    // mic-cover: a fluffy windscreen rubbed over the microphone: low, woolly rumble; fur
    // smears every tick away.
    {.contact_hz = 380.0,
     .contact_q = 0.5,
     .contact_blend = {.low_pass = 0.0, .band_pass = 1.0, .high_pass = 0.0},
     .ticks_per_m = 250.0,
     .tick_hz = 1100.0,
     .tick_q = 0.7,
     .tick_size = 0.6,
     .flick_ticks = 0.0,
     .body_hz = 110.0,
     .body_loss_factor = 0.3,
     .body_gain = 1.0,
     .loudness = 0.9},
};

inline const BrushKind& BrushKindOf(BrushKindId id) { return kBrushKinds[static_cast<int>(id)]; }

}  // namespace tingle::synth
