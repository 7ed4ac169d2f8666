#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dsp/modal_quad.hpp"
#include "support/signal_stats.hpp"

namespace tingle::dsp {
TEST_SUITE("dsp") {
  TEST_CASE("ModalQuad: an impulse rings at each mode's frequency, at the set amplitude") {
    const double sample_rate = 48000.0;
    const double frequencies[] = {440.0, 1250.0, 3100.0, 7700.0};
    for (int m = 0; m < ModalQuad::kModes; ++m) {
      INFO("mode: " << m);
      ModalQuad quad;
      quad.set_mode(m, frequencies[m], 0.5, 0.25, sample_rate);
      std::vector<float> out(4800);
      for (std::size_t n = 0; n < out.size(); ++n) out[n] = quad.Tick(n == 0 ? 1.0f : 0.0f);
      // Starts at `gain` (the envelope of b r^n sin((n+1) w) / sin w).
      double first_cycle_peak = 0.0;
      const auto period = static_cast<std::size_t>(sample_rate / frequencies[m]) + 1;
      for (std::size_t n = 0; n < period; ++n) {
        first_cycle_peak = std::max(first_cycle_peak, std::fabs(static_cast<double>(out[n])));
      }
      CHECK(first_cycle_peak == doctest::Approx(0.25).epsilon(0.05));
      // Its energy is at the mode, not an octave away.
      const double at_mode = test::GoertzelPower(out, frequencies[m], sample_rate);
      CHECK(at_mode > 100.0 * test::GoertzelPower(out, 2.0 * frequencies[m], sample_rate));
      CHECK(at_mode > 100.0 * test::GoertzelPower(out, 0.5 * frequencies[m], sample_rate));
    }
  }

  TEST_CASE("ModalQuad: a mode falls by 60 dB in its T60") {
    const double sample_rate = 48000.0;
    const double t60 = 0.2;
    ModalQuad quad;
    quad.set_mode(2, 1000.0, t60, 1.0, sample_rate);
    (void)quad.Tick(1.0f);
    const double start = quad.Energy();
    const auto frames = static_cast<int>(t60 * sample_rate);
    for (int n = 1; n < frames; ++n) (void)quad.Tick(0.0f);
    // Energy is a squared amplitude: -60 dB of amplitude is a factor 1e-6 of energy.
    // (Sum of two consecutive squared samples: within a few percent of the envelope².)
    CHECK(10.0 * std::log10(quad.Energy() / start) == doctest::Approx(-60.0).epsilon(0.02));
  }

  TEST_CASE("ModalQuad: muted and out-of-band lanes stay silent") {
    ModalQuad quad;
    quad.set_mode(0, 30000.0, 0.1, 1.0, 48000.0);  // above 0.49 × sample rate: muted
    quad.set_mode(1, 1000.0, 0.1, 1.0, 48000.0);
    quad.mute_mode(1);
    for (int n = 0; n < 100; ++n) CHECK(quad.Tick(n == 0 ? 1.0f : 0.0f) == 0.0f);
  }

}  // TEST_SUITE
}  // namespace tingle::dsp
