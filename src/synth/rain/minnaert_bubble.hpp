// The air bubble a drop traps in water: its ring frequency, decay and rising pitch.
//
// A bubble of radius R rings at the Minnaert frequency f0 = 3.26 / R Hz·m (Minnaert,
// "On musical air-bubbles and the sounds of running water", Phil. Mag. 16, 1933, for
// air in water at 1 atm), decays as e^(-d t) with d = 0.13 / R + 0.0072 R^-1.5 s^-1
// (radiation, thermal and viscous losses together, as fitted by van den Doel,
// "Physically based models for liquid sounds", ACM Trans. Applied Perception 2(4),
// 534, 2005), and its
// pitch rises as it nears the surface, f(t) = f0 (1 + ξ d t), ξ ≈ 0.1 (ibid.). Its
// amplitude grows as R^1.5 (ibid., α = 3/2).
//
// Which bubble a drop makes: Pumphrey & Crum ("Underwater sound produced by individual
// drop impacts and rainfall", JASA 85, 1518, 1989) find drops of about 1 mm trapping
// bubbles that ring near 14 kHz (R ≈ 0.23 mm), and larger drops trapping larger bubbles,
// irregularly. So R = kRadiusPerDiameter × D, spread over ±kRadiusSpreadOctaves.
// Bubbles of bigger drops are louder (R^1.5) and ring longer, so they carry most of
// the tonal energy of a puddle.
#pragma once

#include <algorithm>
#include <cmath>

namespace tingle::synth {

struct MinnaertBubble {
  // Minnaert's constant for air in water at atmospheric pressure, Hz·m.
  static constexpr double kFrequencyTimesRadius = 3.26;
  // van den Doel (2005) damping fit, s^-1: d = kLargeBubbleDamping / R +
  // kSmallBubbleDamping R^-1.5 (the second term dominates below R ≈ 3 mm).
  static constexpr double kLargeBubbleDamping = 0.13;
  static constexpr double kSmallBubbleDamping = 0.0072;
  // Pitch rise per unit of decay (van den Doel's ξ).
  static constexpr double kRiseXi = 0.1;
  // Amplitude ∝ R^kAmplitudeExponent (van den Doel's α).
  static constexpr double kAmplitudeExponent = 1.5;
  // Bubble radius per drop diameter: 1 mm drops ring near 13 kHz (Pumphrey & Crum 1989).
  static constexpr double kRadiusPerDiameter = 0.25;
  // Spread of the radius either side of that, octaves: larger drops entrain bubbles
  // irregularly, over a range of sizes (ibid.).
  static constexpr double kRadiusSpreadOctaves = 0.6;
  // Smallest radius van den Doel's damping fit covers, m (above 20 kHz anyway).
  static constexpr double kSmallestRadiusM = 0.15e-3;

  // Bubble radius, m, for a drop of diameter_mm and a spread draw in [-1, 1].
  static double RadiusForDrop(double diameter_mm, double spread) {
    const double radius_m =
        kRadiusPerDiameter * diameter_mm * 1.0e-3 * std::exp2(spread * kRadiusSpreadOctaves);
    return std::max(radius_m, kSmallestRadiusM);
  }

  static double FrequencyHz(double radius_m) { return kFrequencyTimesRadius / radius_m; }

  // Amplitude decay rate d, 1/s.
  static double DecayPerSecond(double radius_m) {
    return kLargeBubbleDamping / radius_m +
           kSmallBubbleDamping / (radius_m * std::sqrt(radius_m));
  }

  // 60 dB in nepers.
  static constexpr double kLnThousand = 6.907755278982137;

  // Time to decay by 60 dB, s: ln(1000) / d.
  static double T60Seconds(double radius_m) { return kLnThousand / DecayPerSecond(radius_m); }

  // Relative pitch rise per second: f(t) = f0 (1 + RisePerSecond t).
  static double RisePerSecond(double radius_m) { return kRiseXi * DecayPerSecond(radius_m); }
};

}  // namespace tingle::synth
