#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dsp/lane_noise.hpp"
#include "support/signal_stats.hpp"

namespace tingle::dsp {

TEST_SUITE("dsp") {
  TEST_CASE("LaneNoise: each lane is uniform on the signed unit interval, white, independent") {
    LaneNoise noise;
    noise.Seed(42);
    constexpr int kDraws = 1 << 18;
    std::vector<std::vector<float>> lanes(4, std::vector<float>(kDraws));
    for (int n = 0; n < kDraws; ++n) {
      const Float4 x = noise.Next();
      for (int lane = 0; lane < 4; ++lane) lanes[lane][n] = x[lane];
    }
    for (int lane = 0; lane < 4; ++lane) {
      INFO("lane " << lane);
      // Uniform: mean 0, variance 1/3 (standard errors 1e-3 and 5e-4 here).
      CHECK(std::fabs(test::Mean(lanes[lane])) < 0.006);
      const double rms = test::Rms(lanes[lane]);
      CHECK(rms * rms == doctest::Approx(1.0 / 3.0).epsilon(0.01));
      CHECK(test::Peak(lanes[lane]) <= 1.0);
      // White: flat within 1 dB from 100 Hz to 20 kHz (as a 48 kHz signal).
      const std::vector<double> spectrum = test::PowerSpectrum(lanes[lane], 1024);
      const double low = test::BandPower(spectrum, 48000.0, 100.0, 1000.0);
      const double high = test::BandPower(spectrum, 48000.0, 10000.0, 20000.0);
      CHECK(10.0 * std::log10(high / low) == doctest::Approx(0.0).epsilon(1.0));
      for (int other = lane + 1; other < 4; ++other) {
        CHECK(std::fabs(test::Correlation(lanes[lane], lanes[other])) < 0.01);
      }
    }
  }

  TEST_CASE("LaneNoise: the 16-bit pair draws are uniform halves, scaled by kPairRawToUnit") {
    LaneNoise noise;
    noise.Seed(7);
    std::vector<float> high(1 << 16), low(1 << 16);
    for (std::size_t n = 0; n < high.size(); ++n) {
      Float4 a, b;
      noise.NextPairRaw(a, b);
      high[n] = a[1] * LaneNoise::kPairRawToUnit;
      low[n] = b[1] * LaneNoise::kPairRawToUnit;
    }
    for (const auto* x : {&high, &low}) {
      CHECK(test::Peak(*x) <= 1.0);
      CHECK(test::Rms(*x) * test::Rms(*x) == doctest::Approx(1.0 / 3.0).epsilon(0.02));
    }
    CHECK(std::fabs(test::Correlation(high, low)) < 0.02);
  }

  TEST_CASE("LaneNoise: the same seed gives the same draws, another seed others") {
    LaneNoise a, b, c;
    a.Seed(5);
    b.Seed(5);
    c.Seed(6);
    int differing = 0;
    for (int n = 0; n < 1000; ++n) {
      const Float4 x = a.Next(), y = b.Next(), z = c.Next();
      for (int lane = 0; lane < 4; ++lane) {
        CHECK(x[lane] == y[lane]);
        differing += x[lane] != z[lane];
      }
    }
    CHECK(differing > 3990);
  }

}  // TEST_SUITE
}  // namespace tingle::dsp
