// A numeric parameter over time: a constant, breakpoint automation, or a seeded wander.
//
// Evaluated once per block from absolute time (never accumulated), so a value at hour 7
// is exact and independent of how the render was chunked (DESIGN §9).
#pragma once

#include <cstdint>
#include <vector>

namespace tingle {

enum class Curve { kLinear, kSmooth };

struct Breakpoint {
  double seconds;
  double value;
};

class Control {
 public:
  Control() = default;

  static Control Constant(double value);
  // points: at least one, times non-decreasing. Holds the first value before the first
  // point and the last value after the last one.
  static Control Points(std::vector<Breakpoint> points, Curve curve);
  // value ± drift, moving on a time scale of period_seconds; bounded, never periodic.
  static Control Wander(double value, double drift, double period_seconds, std::uint64_t seed);

  double At(double seconds) const noexcept;

  // The smallest and largest values At() can ever return.
  double Lowest() const noexcept;
  double Highest() const noexcept;

  bool is_constant() const noexcept { return kind_ == Kind::kConstant; }

 private:
  enum class Kind { kConstant, kPoints, kWander };

  double WanderNoise(double seconds) const noexcept;

  Kind kind_ = Kind::kConstant;
  double value_ = 0.0;
  double drift_ = 0.0;
  double period_seconds_ = 1.0;
  std::uint64_t seed_ = 0;
  Curve curve_ = Curve::kLinear;
  std::vector<Breakpoint> points_;
};

}  // namespace tingle
