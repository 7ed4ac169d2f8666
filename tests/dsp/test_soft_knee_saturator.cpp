#include <doctest/doctest.h>

#include <cmath>

#include "dsp/soft_knee_saturator.hpp"

namespace tingle::dsp {
TEST_SUITE("dsp") {
  TEST_CASE("SoftKneeSaturator: exact below the knee, smooth at it, never at full scale") {
    const SoftKneeSaturator saturator(0.5f);
    // Untouched below the knee: not one bit changes.
    for (float x = -0.5f; x <= 0.5f; x += 0.01f) CHECK(saturator.Process(x) == x);
    // Slope continuous at the knee: 1 on both sides.
    const float h = 1e-3f;
    const float slope_above = (saturator.Process(0.5f + h) - saturator.Process(0.5f)) / h;
    CHECK(slope_above == doctest::Approx(1.0).epsilon(0.01));
    // Monotonic, odd, and strictly inside (-1, 1) for any level, however extreme.
    float previous = saturator.Process(0.0f);
    for (float x = 0.0f; x < 100.0f; x += 0.01f) {
      INFO("x: " << x);
      const float y = saturator.Process(x);
      CHECK(y >= previous);
      CHECK(y < 1.0f);
      CHECK(saturator.Process(-x) == -y);
      previous = y;
    }
    CHECK(saturator.Process(1e30f) < 1.0f);
  }

}  // TEST_SUITE
}  // namespace tingle::dsp
