// cos(2 pi t) and sin(2 pi t) of an angle t in turns, for the spatializers' control-rate
// geometry (a few calls per moving layer and block).
//
// glibc's cos and sin cost about 5 % of the spherical head each, call for call: they save
// and restore the floating-point environment around a correctly rounded result that
// geometry updated every 1.3 ms does not need. Here the reduction is exact in turns (the
// whole turns and the symmetries of the circle are subtractions without rounding error),
// and what is left, |x| <= pi/4 radians, goes through the Taylor polynomials of cos (to
// x^12) and sin (to x^13), evaluated by Estrin's scheme so the chain of dependent
// operations is short. Truncation error below 4e-13; the results do not depend on the libm.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/units.hpp"

namespace tingle::dsp {

namespace turn_trig_detail {

// cos x and sin x for |x| <= pi/4.
inline double Cos(double x) {
  const double y = x * x, y2 = y * y, y4 = y2 * y2;
  const double low = 1.0 - y * (1.0 / 2.0);
  const double middle = 1.0 / 24.0 - y * (1.0 / 720.0);
  const double high = (1.0 / 40320.0 - y * (1.0 / 3628800.0)) + y2 * (1.0 / 479001600.0);
  return (low + y2 * middle) + y4 * high;
}
inline double Sin(double x) {
  const double y = x * x, y2 = y * y, y4 = y2 * y2;
  const double low = 1.0 - y * (1.0 / 6.0);
  const double middle = 1.0 / 120.0 - y * (1.0 / 5040.0);
  const double high = (1.0 / 362880.0 - y * (1.0 / 39916800.0)) + y2 * (1.0 / 6227020800.0);
  return x * ((low + y2 * middle) + y4 * high);
}

}  // namespace turn_trig_detail

// How far an angle is from the nearest whole number of turns, in [0, 1/2] turns (the
// size of the angle folded into [-180, 180] degrees), exactly: the truncation and both
// subtractions have no rounding error. NaN stays NaN; beyond 2^52 every double is a whole
// number of turns.
inline double TurnsFromWhole(double turns) {
  if (!(std::fabs(turns) < 4503599627370496.0)) return std::isnan(turns) ? turns : 0.0;
  const double r = std::fabs(turns - static_cast<double>(static_cast<std::int64_t>(turns)));
  return r > 0.5 ? 1.0 - r : r;
}

// cos(2 pi turns), for any finite turns.
inline double CosTurns(double turns) {
  using namespace turn_trig_detail;
  // cos is even and 1-periodic in turns.
  const double r = TurnsFromWhole(turns);
  // cos(2 pi (1/2 - r)) = -cos(2 pi r): into [0, 1/4], then each eighth its polynomial
  // (cos(2 pi q) = sin(2 pi (1/4 - q))).
  const bool negate = r > 0.25;
  const double q = negate ? 0.5 - r : r;
  const double value = q <= 0.125 ? Cos(kTwoPi * q) : Sin(kTwoPi * (0.25 - q));
  return negate ? -value : value;
}

// sin(2 pi turns) = cos(2 pi (turns - 1/4)).
inline double SinTurns(double turns) { return CosTurns(turns - 0.25); }

}  // namespace tingle::dsp
