// How much rain falls, how many drops land near the listener, and how big and fast
// they are: the one mapping from `intensity`, `near_drops` and `drop_size_mm` to
// physical rates, used by the texture, its tests and its documentation.
//
// - Rain rate R (mm/h) is log-linear in intensity, from drizzle to a downpour: weather
//   services call < 2.5 mm/h light and > 50 mm/h violent (AMS Glossary of Meteorology).
// - Drop sizes follow Marshall & Palmer ("The distribution of raindrops with size",
//   J. Meteorology 5, 165, 1948): N(D) = N0 exp(-Λ D), N0 = 8000 m^-3 mm^-1,
//   Λ = 4.1 R^-0.21 mm^-1.
// - Drops fall at terminal velocity, v(D) = 9.65 - 10.3 exp(-0.6 D) m/s (D in mm; the
//   fit of Atlas, Srivastava & Sekhon, Rev. Geophys. 11, 1, 1973, to the measurements
//   of Gunn & Kinzer, J. Meteorology 6, 243, 1949).
// - The drops landing on a surface per m² and second are the flux ∫ N(D) v(D) dD,
//   which with these two forms integrates in closed form. Drops below
//   kAudibleDiameterMm are too faint to stand out; they are part of the bed.
// - `near_drops` is the share of the drops landing on the patch near the listener
//   (kNearPatchM2) that are rendered as distinct drops; the others join the bed.
// So the near-drop rate is NearDropsPerSecond(intensity, near_drops) below: about 23 /s
// (drizzle) to 490 /s (downpour) at near_drops = 1.
#pragma once

#include <algorithm>
#include <cmath>

namespace tingle::synth {

// Rain rates at intensity 0 and 1, mm/h.
inline constexpr double kDrizzleMmPerHour = 0.5;
inline constexpr double kDownpourMmPerHour = 100.0;
// Marshall–Palmer intercept, m^-3 mm^-1, and slope law Λ = kSlopeScale R^kSlopeExponent.
inline constexpr double kMarshallPalmerN0 = 8000.0;
inline constexpr double kMarshallPalmerSlopeScale = 4.1;
inline constexpr double kMarshallPalmerSlopeExponent = -0.21;
// Atlas et al. (1973) terminal-velocity fit:
// v = kVelocityLimit - kVelocitySpan e^(-kVelocityRate D).
inline constexpr double kVelocityLimit = 9.65;  // m/s
inline constexpr double kVelocitySpan = 10.3;   // m/s
inline constexpr double kVelocityRate = 0.6;    // 1/mm
// Smallest drop heard as a drop of its own: below it, v < 2 m/s and the impulse is
// under a twentieth of a 2 mm drop's.
inline constexpr double kAudibleDiameterMm = 0.5;
// Surface near the listener whose drops can be told apart (a window pane, the part of
// a roof or an umbrella overhead): sets the rate at near_drops = 1.
inline constexpr double kNearPatchM2 = 0.05;
// Raindrops larger than this break up in free fall (Villermaux & Bossa, "Single-drop
// fragmentation determines size distribution of raindrops", Nature Physics 5, 2009).
inline constexpr double kLargestDropMm = 6.0;

// Rain rate for intensity in [0, 1], mm/h.
inline double RainRateMmPerHour(double intensity) {
  const double i = std::clamp(intensity, 0.0, 1.0);
  return kDrizzleMmPerHour * std::pow(kDownpourMmPerHour / kDrizzleMmPerHour, i);
}

// Terminal velocity of a drop of diameter_mm, m/s (never negative).
inline double TerminalVelocity(double diameter_mm) {
  return std::max(kVelocityLimit - kVelocitySpan * std::exp(-kVelocityRate * diameter_mm), 0.0);
}

// Drops of diameter >= min_diameter_mm landing per m² per second at rain rate R (mm/h):
// ∫ N0 e^(-ΛD) (a - b e^(-cD)) dD from min_diameter_mm to infinity.
inline double DropFluxPerSquareMetre(double rain_mm_per_hour, double min_diameter_mm) {
  const double slope = kMarshallPalmerSlopeScale *
                       std::pow(rain_mm_per_hour, kMarshallPalmerSlopeExponent);
  const double faster = slope + kVelocityRate;
  return kMarshallPalmerN0 *
         (kVelocityLimit * std::exp(-slope * min_diameter_mm) / slope -
          kVelocitySpan * std::exp(-faster * min_diameter_mm) / faster);
}

// Distinct near drops per second for intensity and near_drops in [0, 1].
inline double NearDropsPerSecond(double intensity, double near_drops) {
  return std::clamp(near_drops, 0.0, 1.0) * kNearPatchM2 *
         DropFluxPerSquareMetre(RainRateMmPerHour(intensity), kAudibleDiameterMm);
}

// Mean diameter of the near drops, mm: drop_size_mm at intensity 0.5, scaled with the
// Marshall–Palmer size scale 1/Λ ∝ R^0.21, so heavier rain brings bigger drops
// (×0.57 at drizzle, ×1.75 in a downpour).
inline double MeanDropDiameterMm(double drop_size_mm, double intensity) {
  const double reference = RainRateMmPerHour(0.5);
  return drop_size_mm *
         std::pow(RainRateMmPerHour(intensity) / reference, -kMarshallPalmerSlopeExponent);
}

}  // namespace tingle::synth
