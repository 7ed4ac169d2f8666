// The surface under the brush at the scale of its features: how hard the tips rub at each
// place, read at the brush's position so the stroke speed sets how fast it varies.
//
// van den Doel, Kry & Pai ("FoleyAutomatic", SIGGRAPH 2001) drive scraping with a surface
// profile read at the contact speed. The fine profile (sub-millimetre asperities, heard as
// the friction noise's spectrum) is the contact filter's business; this is the coarse
// one: millimetre-scale features (a weave, hair lying in strands, the grille's mesh) that
// make the rubbing swell and thin as the brush passes over them. Since it is a function
// of position, not time, a brush going back and forth meets the same bumps on every pass.
// Smooth value noise, two octaves, counter-based on the feature index: no table, no
// state, defined everywhere.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace tingle::synth {

class SurfaceProfile {
 public:
  // Spacing of the coarse features (hair lying in locks, folds of fabric, the curve of a
  // microphone's basket: centimetres) and of the finer octave (strands, weave, mesh:
  // millimetres).
  static constexpr double kFeatureM = 0.02;
  static constexpr double kFineFeatureM = 0.005;
  static constexpr double kFineWeight = 0.4;

  void Prepare(std::uint64_t seed) {
    seed_ = seed;
    fine_seed_ = StreamSeed(seed, "fine");
  }

  // Relief at position_m (metres along the surface), in about [-1, 1], mean 0.
  double At(double position_m) const noexcept {
    return (1.0 - kFineWeight) * ValueNoise(seed_, position_m / kFeatureM) +
           kFineWeight * ValueNoise(fine_seed_, position_m / kFineFeatureM);
  }

 private:
  static double SmoothStep(double x) { return x * x * (3.0 - 2.0 * x); }

  static double ValueNoise(std::uint64_t seed, double position) {
    const double knot = std::floor(position);
    const auto k = static_cast<std::uint64_t>(static_cast<std::int64_t>(knot));
    const double a = 2.0 * EventUnit(seed, k, 0) - 1.0;
    const double b = 2.0 * EventUnit(seed, k + 1, 0) - 1.0;
    return a + (b - a) * SmoothStep(position - knot);
  }

  std::uint64_t seed_ = 0;
  std::uint64_t fine_seed_ = 0;
};

}  // namespace tingle::synth
