#include "core/control.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/random.hpp"

namespace tingle {
namespace {

// Cubic ease with zero slope at both ends: the "smooth" curve, and the wander's blend.
double SmoothStep(double x) { return x * x * (3.0 - 2.0 * x); }

// Smooth value noise in [-1, 1]: random knots one unit apart, eased between.
double ValueNoise(std::uint64_t seed, double position) {
  const double knot = std::floor(position);
  const auto k = static_cast<std::uint64_t>(static_cast<std::int64_t>(knot));
  const double a = 2.0 * EventUnit(seed, k, 0) - 1.0;
  const double b = 2.0 * EventUnit(seed, k + 1, 0) - 1.0;
  return a + (b - a) * SmoothStep(position - knot);
}

// Two octaves keep the wander moving where one octave eases to a stop at a knot.
constexpr double kWanderCoarseWeight = 2.0 / 3.0;
constexpr double kWanderFineWeight = 1.0 / 3.0;

}  // namespace

Control Control::Constant(double value) {
  Control control;
  control.value_ = value;
  return control;
}

Control Control::Points(std::vector<Breakpoint> points, Curve curve) {
  Control control;
  control.kind_ = Kind::kPoints;
  control.curve_ = curve;
  control.value_ = points.front().value;
  control.points_ = std::move(points);
  return control;
}

Control Control::Wander(double value, double drift, double period_seconds, std::uint64_t seed) {
  Control control;
  control.kind_ = Kind::kWander;
  control.value_ = value;
  control.drift_ = drift;
  control.period_seconds_ = period_seconds;
  control.seed_ = seed;
  return control;
}

double Control::WanderNoise(double seconds) const noexcept {
  const double position = seconds / period_seconds_;
  // The fine octave starts at an offset so its knots never line up with the coarse ones.
  return kWanderCoarseWeight * ValueNoise(seed_, position) +
         kWanderFineWeight * ValueNoise(StreamSeed(seed_, "fine"), 2.0 * position + 0.5);
}

double Control::At(double seconds) const noexcept {
  switch (kind_) {
    case Kind::kConstant:
      return value_;
    case Kind::kWander:
      return value_ + drift_ * WanderNoise(seconds);
    case Kind::kPoints:
      break;
  }
  const auto after = std::upper_bound(
      points_.begin(), points_.end(), seconds,
      [](double t, const Breakpoint& point) { return t < point.seconds; });
  if (after == points_.begin()) return points_.front().value;
  if (after == points_.end()) return points_.back().value;
  const Breakpoint& a = *(after - 1);
  const Breakpoint& b = *after;
  double x = (seconds - a.seconds) / (b.seconds - a.seconds);
  if (curve_ == Curve::kSmooth) x = SmoothStep(x);
  return a.value + (b.value - a.value) * x;
}

double Control::Lowest() const noexcept {
  switch (kind_) {
    case Kind::kConstant:
      return value_;
    case Kind::kWander:
      return value_ - drift_;
    case Kind::kPoints:
      break;
  }
  double lowest = points_.front().value;
  for (const Breakpoint& point : points_) lowest = std::min(lowest, point.value);
  return lowest;
}

double Control::Highest() const noexcept {
  switch (kind_) {
    case Kind::kConstant:
      return value_;
    case Kind::kWander:
      return value_ + drift_;
    case Kind::kPoints:
      break;
  }
  double highest = points_.front().value;
  for (const Breakpoint& point : points_) highest = std::max(highest, point.value);
  return highest;
}

}  // namespace tingle
