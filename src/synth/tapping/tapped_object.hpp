// The one object a tapping layer strikes: its modes, drawn once from the layer's seed.
//
// A fixed object has fixed modes: the material's ratio set, mistuned a little (no two
// real jars are identical), degenerate pairs split so they beat, and a modal gain per
// mode for how strongly it radiates. Where a finger lands changes only how much of each
// mode it excites, by the mode's shape at that point (modal synthesis: the excitation
// gain of mode m is its mode shape at the contact, van den Doel & Pai, "The sounds of
// physical shapes", Presence 1998).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/random.hpp"
#include "core/units.hpp"
#include "synth/tapping/materials.hpp"

namespace tingle::synth {

// Where a tap lands, in unit coordinates of the shape family: beam x along the bar;
// panel (x, y) across the plate; ring x = angle / 2 pi, y = height (rim at 1); disc
// x = angle / 2 pi, y = radius (edge at 1).
struct StrikePoint {
  double x;
  double y;
};

// Mode shape at a point, in [-1, 1]: the sin(k pi x)-style weights of each family.
inline double ModeWeight(const ModeSpec& mode, StrikePoint point) {
  switch (mode.shape) {
    case ModeShape::kBeam: {
      // Free-free bar away from its ends: cos / sin of beta_k (x - 1/2) for symmetric /
      // antisymmetric modes, beta_k L ≈ (k + 3/2) pi (Fletcher & Rossing ch. 2).
      const double beta = (mode.a + 1.5) * kPi;
      const double u = point.x - 0.5;
      return mode.a % 2 == 0 ? std::cos(beta * u) : std::sin(beta * u);
    }
    case ModeShape::kPanel:
      return std::sin(mode.a * kPi * point.x) * std::sin(mode.b * kPi * point.y);
    case ModeShape::kRing: {
      // Wall bending grows toward the free rim (Rossing 1990); the pair's partners
      // follow cos and sin of n theta.
      const double angle = kTwoPi * mode.a * point.x;
      const double around = mode.quadrature ? std::sin(angle) : std::cos(angle);
      return around * (0.35 + 0.65 * point.y);
    }
    case ModeShape::kDisc: {
      const double angle = kTwoPi * mode.a * point.x;
      const double around =
          mode.a == 0 ? 1.0 : (mode.quadrature ? std::sin(angle) : std::cos(angle));
      // Radial factor: modes without nodal circles grow toward the edge (~r^2 near the
      // centre); with s circles, a cosine with its first node near r = 0.68 for s = 1
      // (the (0,1) Chladni circle of a free plate).
      const double r = point.y;
      const double radial = mode.b == 0 ? r * r : std::cos((mode.b - 0.26) * kPi * r);
      return around * radial;
    }
  }
  return 0.0;
}

class TappedObject {
 public:
  static constexpr int kMaxModes = 16;

  // Draws this object's mistuning, pair splits, modal gains and home strike point.
  void Build(const MaterialSpec& material, std::uint64_t seed) {
    material_ = &material;
    mode_count_ = std::min(static_cast<int>(material.modes.size()), kMaxModes);
    const double pair_split = material.max_pair_split * (0.3 + 0.7 * EventUnit(seed, 0, 1));
    double gain_sum = 0.0;
    for (int m = 0; m < mode_count_; ++m) {
      const ModeSpec& spec = material.modes[static_cast<std::size_t>(m)];
      const auto k = static_cast<std::uint64_t>(m + 1);
      const double detune = material.max_detune * (2.0 * EventUnit(seed, k, 0) - 1.0);
      const double split = spec.quadrature ? pair_split : 0.0;
      ratios_[static_cast<std::size_t>(m)] = spec.ratio * (1.0 + detune + split);
      // Modal gain: a finger's contact patch averages each mode shape over its area, so
      // the shorter waves of higher modes couple a little less; each mode also varies
      // by up to 40 % (its modal mass and radiation).
      const double gain = std::pow(spec.ratio, -kGainTilt) * (0.6 + 0.4 * EventUnit(seed, k, 1));
      gains_[static_cast<std::size_t>(m)] = gain;
      gain_sum += gain;
    }
    // The gains sum to one: one tap's modal output can never exceed its impulse.
    for (int m = 0; m < mode_count_; ++m) gains_[static_cast<std::size_t>(m)] /= gain_sum;
    home_ = {kHomeLow + (kHomeHigh - kHomeLow) * EventUnit(seed, 0, 2),
             kHomeLowY + (kHomeHighY - kHomeLowY) * EventUnit(seed, 0, 3)};
  }

  int mode_count() const { return mode_count_; }
  // Frequency of mode m over the nominal fundamental (the material's ratio, mistuned).
  double ratio(int m) const { return ratios_[static_cast<std::size_t>(m)]; }
  double gain(int m) const { return gains_[static_cast<std::size_t>(m)]; }
  const ModeSpec& spec(int m) const { return material_->modes[static_cast<std::size_t>(m)]; }
  const MaterialSpec& material() const { return *material_; }
  // Where the index finger lands on average.
  StrikePoint home() const { return home_; }

 private:
  // Spectral tilt of the modal gains: gain ∝ ratio^-kGainTilt.
  static constexpr double kGainTilt = 0.3;
  // Home strike region: off-centre (odd modes would vanish at x = 1/2) and off the edges.
  static constexpr double kHomeLow = 0.2;
  static constexpr double kHomeHigh = 0.4;
  static constexpr double kHomeLowY = 0.4;
  static constexpr double kHomeHighY = 0.8;

  const MaterialSpec* material_ = nullptr;
  int mode_count_ = 0;
  std::array<double, kMaxModes> ratios_{};
  std::array<double, kMaxModes> gains_{};
  StrikePoint home_{0.3, 0.6};
};

}  // namespace tingle::synth
