// What strikes the object: a fingernail (hard, short contact) or a fingertip (soft pad).
//
// Contact time follows Hertz: tau ∝ (m^2 / (R E*^2 v))^(1/5), 1/E* = 1/E_striker +
// 1/E_object (Johnson, "Contact Mechanics", 1985, ch. 11; Goldsmith, "Impact", 1960). So a
// hard nail on glass touches for ~0.2 ms (a bright click), the same nail on soft board
// longer, a fingertip pad for ~3 ms whatever it hits (a dull thud), and every striker
// touches shorter the faster it comes in (tau ∝ v^-1/5): harder taps are brighter.
#pragma once

#include <algorithm>
#include <cmath>

#include "synth/tapping/tapping_params.hpp"

namespace tingle::synth {

struct StrikerSpec {
  double rigid_contact_s;     // contact time on a rigid surface at the reference velocity, s
  double youngs_modulus_gpa;  // nail plate keratin ~2.5 GPa; fingertip pulp ~1 MPa
  // Hunt-Crossley dissipation, dimensionless (lambda v0 / k): sets how lopsided the force
  // pulse is. Nail keratin is nearly elastic; fingertip pulp is very lossy.
  double contact_damping;
  double click_level;           // contact noise relative to the impulse given to the modes
  double click_decay_contacts;  // contact noise decay time, in contact times
  double click_band_q;          // Q of the contact noise band-pass
};

// Nail: ~0.2-0.5 ms contacts; fingertip: 2-5 ms (issue 3). Keratin and pulp moduli from
// Farren, Shayler & Ennos, "The fracture properties and mechanical design of human
// fingernails" (J. Exp. Biol. 2004) and Wang & Hayward, "In vivo biomechanics of the
// fingerpad skin under local tangential traction" (J. Biomech. 2007).
inline constexpr StrikerSpec kStrikers[] = {
    // nail: the nail plate's own tick is a short, bright noise burst
    {0.22e-3, 2.5, 0.15, 0.45, 1.6, 0.8},
    // fingertip: a soft, low "thup" of skin meeting the surface
    {3.0e-3, 0.001, 0.8, 0.12, 1.0, 0.6},
};

inline const StrikerSpec& StrikerOf(Striker striker) {
  return kStrikers[static_cast<int>(striker)];
}

// Velocity at which rigid_contact_s holds (taps run 0..1 in velocity).
inline constexpr double kReferenceVelocity = 0.5;
// Longest contact the exciter plays: far above any real tap, and below the 25 ms shortest
// gap between taps, so two contacts never overlap.
inline constexpr double kLongestContactS = 10.0e-3;

// Contact time, s, of this striker on a surface of stiffness object_gpa at velocity v
// (0 < v <= 1).
inline double ContactSeconds(const StrikerSpec& striker, double object_gpa, double velocity) {
  const double stiffness_factor =
      std::pow(1.0 + striker.youngs_modulus_gpa / object_gpa, 0.4);  // (E_s / E*)^(2/5)
  const double velocity_factor = std::pow(velocity / kReferenceVelocity, -0.2);
  return std::min(striker.rigid_contact_s * stiffness_factor * velocity_factor, kLongestContactS);
}

}  // namespace tingle::synth
