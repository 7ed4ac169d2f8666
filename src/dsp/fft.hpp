// Radix-2 fast Fourier transform of complex or real signals, in double precision.
//
// Iterative Cooley-Tukey, decimation in time: the input is put in bit-reversed order,
// then log2(N) stages of butterflies combine transforms of length 2, 4, ... N (Cormen et
// al., "Introduction to Algorithms", 3rd ed., 30.3). The twiddle factors are computed
// once per size, each straight from cos/sin rather than by repeated multiplication, so
// their rounding error does not grow with N.
//
// A real signal of N samples is transformed as N/2 complex ones (even samples real, odd
// samples imaginary) and the two interleaved spectra separated afterwards (Press et al.,
// "Numerical Recipes", 3rd ed., 12.3.2): half the work of a complex transform.
#pragma once

#include <cmath>
#include <complex>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/units.hpp"

namespace tingle::dsp {

class Fft {
 public:
  // `size`: a power of two. Allocates the twiddle table; the transforms allocate nothing.
  explicit Fft(std::size_t size) : size_(size) {
    if (size == 0 || (size & (size - 1)) != 0) {
      throw std::invalid_argument("Fft: the size must be a power of two");
    }
    twiddles_.resize(size / 2);
    for (std::size_t k = 0; k < size / 2; ++k) {
      const double angle = -kTwoPi * static_cast<double>(k) / static_cast<double>(size);
      twiddles_[k] = {std::cos(angle), std::sin(angle)};
    }
  }

  std::size_t size() const { return size_; }

  // In place; data.size() == size(). Forward: X[k] = sum_n x[n] e^(-2 pi i k n / N).
  // Inverse: the same with e^(+...), without the 1/N.
  void Transform(std::span<std::complex<double>> data, bool inverse) const {
    Butterflies(data, 1, inverse);
  }

  // Forward transform of size() real samples (size() >= 2) into bins 0 .. size()/2 of
  // `bins` (size()/2 + 1 values; the rest of the spectrum is their mirror image).
  void TransformReal(std::span<const double> samples, std::span<std::complex<double>> bins) const {
    const std::size_t half = size_ / 2;
    for (std::size_t m = 0; m < half; ++m) bins[m] = {samples[2 * m], samples[2 * m + 1]};
    // A transform of half the size uses every other twiddle of this one.
    Butterflies(bins.first(half), 2, false);
    // Z = FFT(even + i odd): E[k] = (Z[k] + conj Z[half - k]) / 2 is the even samples'
    // spectrum, O[k] = (Z[k] - conj Z[half - k]) / 2i the odd ones', and
    // X[k] = E[k] + W^k O[k]. Bins k and half - k are computed together, since
    // X[half - k] = conj(E[k] - W^k O[k]).
    const std::complex<double> z0 = bins[0];
    bins[0] = z0.real() + z0.imag();
    bins[half] = z0.real() - z0.imag();
    for (std::size_t k = 1; k <= half / 2; ++k) {
      const std::complex<double> zk = bins[k];
      const std::complex<double> zm = std::conj(bins[half - k]);
      const std::complex<double> even = 0.5 * (zk + zm);
      const std::complex<double> odd = std::complex<double>(0.0, -0.5) * (zk - zm);
      const std::complex<double> turned = twiddles_[k] * odd;
      bins[k] = even + turned;
      bins[half - k] = std::conj(even - turned);
    }
  }

 private:
  // In-place transform of data.size() = size() / stride points.
  void Butterflies(std::span<std::complex<double>> data, std::size_t stride, bool inverse) const {
    const std::size_t n = data.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
      std::size_t bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) std::swap(data[i], data[j]);
    }
    for (std::size_t length = 2; length <= n; length <<= 1) {
      const std::size_t half = length / 2;
      const std::size_t step = stride * (n / length);  // twiddle k of this stage: W_length^k
      for (std::size_t start = 0; start < n; start += length) {
        for (std::size_t k = 0; k < half; ++k) {
          const std::complex<double> w = twiddles_[k * step];
          const std::complex<double> odd = data[start + k + half] * (inverse ? std::conj(w) : w);
          const std::complex<double> even = data[start + k];
          data[start + k] = even + odd;
          data[start + k + half] = even - odd;
        }
      }
    }
  }

  std::size_t size_;
  std::vector<std::complex<double>> twiddles_;  // e^(-2 pi i k / size), k < size / 2
};

}  // namespace tingle::dsp
