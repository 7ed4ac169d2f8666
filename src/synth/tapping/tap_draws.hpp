// Per-tap random draws: counter-based and named, so tap k is the same whoever asks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/random.hpp"
#include "core/units.hpp"

namespace tingle::synth {

// Each quantity of a tap draws from its own slot of EventUnit(seed, tap, slot); Gaussian
// draws take two consecutive slots.
enum class TapDraw : std::uint64_t {
  kInterval = 0,  // + 1
  kGroupSize = 2,
  kFinger = 3,
  kVelocity = 4,   // + 5
  kPositionX = 6,  // + 7
  kPositionY = 8,  // + 9
  kContact = 10,   // + 11
  kClick = 12,     // + 13
};

inline double TapUnit(std::uint64_t seed, std::uint64_t tap, TapDraw draw) {
  return EventUnit(seed, tap, static_cast<std::uint64_t>(draw));
}

// Standard normal by Box-Muller, clipped to +-kGaussianClip so no draw is ever wild.
inline constexpr double kGaussianClip = 3.0;

inline double TapGaussian(std::uint64_t seed, std::uint64_t tap, TapDraw draw) {
  const auto slot = static_cast<std::uint64_t>(draw);
  const double u1 = 1.0 - EventUnit(seed, tap, slot);  // (0, 1]
  const double u2 = EventUnit(seed, tap, slot + 1);
  const double g = std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  return std::clamp(g, -kGaussianClip, kGaussianClip);
}

}  // namespace tingle::synth
