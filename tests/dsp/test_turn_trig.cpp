// Cosine and sine in turns: within 4e-13 of the true values at any angle, exact at the
// quarter turns, and the folding into [0, 1/2] turn exact.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

#include "dsp/turn_trig.hpp"

namespace tingle::dsp {

TEST_SUITE("dsp") {
  TEST_CASE("CosTurns and SinTurns: within 4e-13 of long-double cos and sin, any number of turns") {
    const long double two_pi = 6.283185307179586476925286766559L;
    double worst = 0.0;
    for (int i = -200000; i <= 200000; ++i) {
      // Small angles, angles around every octant, and a sleep track's thousands of turns.
      for (const double offset : {0.0, 0.0625, 3000.0}) {
        const double turns = offset + i * 1.0000037e-5;
        // The reference reduces the angle exactly too: long double cos of a huge argument
        // carries the error of 2 pi's rounding, times the turns.
        const long double fraction = static_cast<long double>(turns) - std::floor(static_cast<long double>(turns));
        worst = std::fmax(worst, std::fabs(static_cast<double>(CosTurns(turns) - std::cos(two_pi * fraction))));
        worst = std::fmax(worst, std::fabs(static_cast<double>(SinTurns(turns) - std::sin(two_pi * fraction))));
      }
    }
    CHECK(worst < 4e-13);
    CHECK(CosTurns(0.0) == 1.0);
    CHECK(CosTurns(0.5) == -1.0);
    CHECK(CosTurns(0.25) == 0.0);
    CHECK(SinTurns(0.25) == 1.0);
    CHECK(SinTurns(-0.25) == -1.0);
    CHECK(CosTurns(1e6) == 1.0);
    CHECK(std::isnan(CosTurns(std::nan(""))));
  }

  TEST_CASE("TurnsFromWhole: the distance to the nearest whole turn, exactly") {
    CHECK(TurnsFromWhole(0.25) == 0.25);
    CHECK(TurnsFromWhole(-0.25) == 0.25);
    CHECK(TurnsFromWhole(0.75) == 0.25);
    CHECK(TurnsFromWhole(2.5) == 0.5);
    CHECK(TurnsFromWhole(-7.125) == 0.125);
    CHECK(TurnsFromWhole(1e17) == 0.0);
    // 90 degrees from the right ear (+90) is the front or the back: a quarter turn.
    CHECK(TurnsFromWhole(0.0 / 360.0 - 0.25) == 0.25);
    CHECK(TurnsFromWhole(180.0 / 360.0 - 0.25) == 0.25);
  }
}

}  // namespace tingle::dsp
