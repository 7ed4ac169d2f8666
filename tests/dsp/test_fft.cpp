#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <vector>

#include "core/random.hpp"
#include "core/units.hpp"
#include "dsp/fft.hpp"

namespace tingle::dsp {
namespace {

// The definition, O(N^2): the reference the fast transform must agree with.
std::vector<std::complex<double>> DirectDft(const std::vector<std::complex<double>>& x, bool inverse) {
  const std::size_t n = x.size();
  std::vector<std::complex<double>> out(n);
  const double sign = inverse ? 1.0 : -1.0;
  for (std::size_t k = 0; k < n; ++k) {
    std::complex<double> sum = 0.0;
    for (std::size_t t = 0; t < n; ++t) {
      // k t mod n keeps the angle small, so the reference itself stays exact.
      const double angle = sign * kTwoPi * static_cast<double>((k * t) % n) / static_cast<double>(n);
      sum += x[t] * std::complex<double>(std::cos(angle), std::sin(angle));
    }
    out[k] = sum;
  }
  return out;
}

std::vector<std::complex<double>> RandomSignal(std::size_t n, std::uint64_t seed) {
  Pcg32 random(seed);
  std::vector<std::complex<double>> x(n);
  for (auto& value : x) value = {2.0 * random.UnitDouble() - 1.0, 2.0 * random.UnitDouble() - 1.0};
  return x;
}

double LargestError(const std::vector<std::complex<double>>& a, const std::vector<std::complex<double>>& b) {
  double error = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) error = std::max(error, std::abs(a[i] - b[i]));
  return error;
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("Fft: the complex transform equals the direct DFT, both directions") {
    for (std::size_t n = 1; n <= 1024; n *= 2) {
      for (const bool inverse : {false, true}) {
        INFO("size: " << n << ", inverse: " << inverse);
        const auto x = RandomSignal(n, n + (inverse ? 1000 : 0));
        auto fast = x;
        Fft(n).Transform(fast, inverse);
        // Rounding grows like log2(N) * sqrt(N) times the bins' size (about sqrt(N) here).
        CHECK(LargestError(fast, DirectDft(x, inverse)) < 1e-12 * static_cast<double>(n));
      }
    }
  }

  TEST_CASE("Fft: the real transform equals the direct DFT's first half") {
    for (std::size_t n = 2; n <= 1024; n *= 2) {
      INFO("size: " << n);
      auto x = RandomSignal(n, 7 * n);
      std::vector<double> samples(n);
      for (std::size_t i = 0; i < n; ++i) {
        samples[i] = x[i].real();
        x[i] = x[i].real();
      }
      std::vector<std::complex<double>> bins(n / 2 + 1);
      Fft(n).TransformReal(samples, bins);
      auto reference = DirectDft(x, false);
      reference.resize(n / 2 + 1);
      CHECK(LargestError(bins, reference) < 1e-12 * static_cast<double>(n));
    }
  }

  TEST_CASE("Fft: inverse of forward gives the signal back, times N") {
    const std::size_t n = 4096;
    const auto x = RandomSignal(n, 3);
    auto y = x;
    const Fft fft(n);
    fft.Transform(y, false);
    fft.Transform(y, true);
    for (auto& value : y) value /= static_cast<double>(n);
    CHECK(LargestError(x, y) < 1e-13);
  }

  TEST_CASE("Fft: a size that is not a power of two is refused") {
    CHECK_THROWS_AS(Fft(0), std::invalid_argument);
    CHECK_THROWS_AS(Fft(12), std::invalid_argument);
  }
}

}  // namespace tingle::dsp
