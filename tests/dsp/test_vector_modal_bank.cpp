// VectorModalBank: the same modes as ModalBank, four to a register.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/random.hpp"
#include "dsp/mode_coefficients.hpp"
#include "dsp/vector_modal_bank.hpp"

namespace tingle {
TEST_SUITE("dsp") {
  TEST_CASE("VectorModalBank: rings like a plain recursion per mode, sample for sample, any mode count") {
    constexpr double kRate = 48000.0;
    for (int modes : {1, 4, 7, 11, 16}) {
      dsp::VectorModalBank<16> vector;
      vector.set_mode_count(modes);
      std::vector<dsp::ModeCoefficients> reference_modes;
      for (int m = 0; m < modes; ++m) {
        const double hz = 180.0 * std::pow(1.37, m);
        vector.set_mode(m, hz, 0.2 + 0.1 * m, 0.05 * (m + 1), kRate);
        reference_modes.push_back(dsp::ModeCoefficients::From(hz, 0.2 + 0.1 * m, 0.05 * (m + 1), kRate));
      }
      // The reference: each mode's recursion on its own, in double precision.
      std::vector<double> y1(reference_modes.size(), 0.0), y2(reference_modes.size(), 0.0);
      auto reference_tick = [&](float x) {
        double sum = 0.0;
        for (std::size_t m = 0; m < reference_modes.size(); ++m) {
          const auto& c = reference_modes[m];
          const double y = static_cast<double>(c.a1) * y1[m] + static_cast<double>(c.a2) * y2[m] +
                           static_cast<double>(c.b) * x;
          y2[m] = y1[m];
          y1[m] = y;
          sum += y;
        }
        return sum;
      };
      Pcg32 noise(3);
      std::vector<float> excitation(4801, 0.0f);
      excitation[0] = 1.0f;
      for (std::size_t i = 1000; i < 1100; ++i) excitation[i] = noise.SignedFloat();
      std::vector<float> a(excitation.size(), 0.0f);
      std::vector<float> b(excitation.size(), 0.0f);
      // Odd block sizes exercise the four-sample path and its tail.
      for (std::size_t start = 0; start < excitation.size(); start += 67) {
        const int size = static_cast<int>(std::min<std::size_t>(67, excitation.size() - start));
        for (int i = 0; i < size; ++i) a[start + i] = static_cast<float>(reference_tick(excitation[start + i]));
        vector.Process(excitation.data() + start, b.data() + start, size);
      }
      double largest_error = 0.0;
      double largest = 0.0;
      for (std::size_t i = 0; i < a.size(); ++i) {
        largest_error = std::max(largest_error, static_cast<double>(std::fabs(a[i] - b[i])));
        largest = std::max(largest, static_cast<double>(std::fabs(a[i])));
      }
      INFO(modes << " modes: largest difference " << largest_error << " of " << largest);
      // Only the order of the float additions differs; a high-Q resonance accumulates
      // that rounding to about -90 dB of its level.
      CHECK(largest_error <= 1e-4 * largest);
      double reference_energy = 0.0;
      for (std::size_t m = 0; m < y1.size(); ++m) reference_energy += y1[m] * y1[m] + y2[m] * y2[m];
      CHECK(vector.Energy() == doctest::Approx(reference_energy).epsilon(1e-3));
    }
  }

  TEST_CASE("VectorModalBank: set_gain rescales only what comes in, not what rings") {
    constexpr double kRate = 48000.0;
    dsp::VectorModalBank<4> struck_again;
    struck_again.set_mode_count(1);
    struck_again.set_mode(0, 1000.0, 1.0, 1.0, kRate);
    std::vector<float> impulse(64, 0.0f);
    impulse[0] = 1.0f;
    std::vector<float> out(64, 0.0f);
    struck_again.Process(impulse.data(), out.data(), 64);
    dsp::VectorModalBank<4> left_alone = struck_again;
    struck_again.set_gain(0, 0.0);  // a tap where this mode has a node
    left_alone.set_gain(0, 0.0);
    std::vector<float> silence(64, 0.0f);
    std::vector<float> a(64, 0.0f);
    std::vector<float> b(64, 0.0f);
    struck_again.Process(impulse.data(), a.data(), 64);
    left_alone.Process(silence.data(), b.data(), 64);
    CHECK(a == b);                   // the new impulse reaches nothing
    CHECK(std::fabs(a[10]) > 0.1f);  // while the old ring goes on
  }
}
}  // namespace tingle
