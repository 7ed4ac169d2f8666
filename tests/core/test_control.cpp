#include <doctest/doctest.h>

#include <cmath>

#include "core/control.hpp"

namespace tingle {
TEST_SUITE("core") {

TEST_CASE("Control: linear breakpoints interpolate and hold at both ends") {
  const Control c = Control::Points({{10.0, 0.0}, {20.0, 1.0}, {40.0, 0.5}}, Curve::kLinear);
  CHECK(c.At(0.0) == 0.0);
  CHECK(c.At(10.0) == 0.0);
  CHECK(c.At(15.0) == doctest::Approx(0.5));
  CHECK(c.At(20.0) == 1.0);
  CHECK(c.At(30.0) == doctest::Approx(0.75));
  CHECK(c.At(1e6) == 0.5);
  CHECK(c.Lowest() == 0.0);
  CHECK(c.Highest() == 1.0);
}

TEST_CASE("Control: the smooth curve eases in and out with the same end points") {
  const Control c = Control::Points({{0.0, 0.0}, {10.0, 1.0}}, Curve::kSmooth);
  CHECK(c.At(5.0) == doctest::Approx(0.5));
  CHECK(c.At(1.0) < 0.1);  // linear would be 0.1
  CHECK(c.At(9.0) > 0.9);
  CHECK(c.At(10.0) == 1.0);
}

TEST_CASE("Control: a step (two points at one time) jumps without dividing by zero") {
  const Control c = Control::Points({{0.0, 0.0}, {5.0, 0.0}, {5.0, 1.0}}, Curve::kLinear);
  CHECK(c.At(4.999) == 0.0);
  CHECK(c.At(5.0) == 1.0);
  CHECK(std::isfinite(c.At(5.0)));
}

TEST_CASE("Control: a wander stays inside value +- drift and moves slowly") {
  const double value = 0.5, drift = 0.2, period = 60.0;
  const Control c = Control::Wander(value, drift, period, 1234);
  double lowest = 1e9, highest = -1e9, largest_step = 0.0;
  double previous = c.At(0.0);
  for (double t = 0.0; t < 8 * 3600.0; t += 1.0) {
    const double v = c.At(t);
    lowest = std::min(lowest, v);
    highest = std::max(highest, v);
    largest_step = std::max(largest_step, std::abs(v - previous));
    previous = v;
  }
  CHECK(lowest >= value - drift);
  CHECK(highest <= value + drift);
  // It uses most of its range over eight hours...
  CHECK(lowest < value - 0.5 * drift);
  CHECK(highest > value + 0.5 * drift);
  // ...but never faster than a few drifts per period.
  CHECK(largest_step < 4.0 * drift / period);
}

TEST_CASE("Control: a wander never repeats itself one period or any whole number later") {
  const Control c = Control::Wander(0.0, 1.0, 10.0, 99);
  for (double shift : {10.0, 20.0, 30.0, 100.0, 1000.0}) {
    double differences = 0.0;
    for (double t = 0.0; t < 500.0; t += 0.5) differences += std::abs(c.At(t) - c.At(t + shift));
    INFO("shift: " << shift);
    CHECK(differences / 1000.0 > 0.1);
  }
}

TEST_CASE("Control: a wander is the same for the same seed and differs for another") {
  const Control a = Control::Wander(0.0, 1.0, 10.0, 5);
  const Control b = Control::Wander(0.0, 1.0, 10.0, 5);
  const Control c = Control::Wander(0.0, 1.0, 10.0, 6);
  CHECK(a.At(123.4) == b.At(123.4));
  CHECK(a.At(123.4) != c.At(123.4));
}

}
}  // namespace tingle
