// Resamples short signals of one length (impulse responses) by windowed-sinc interpolation.
//
// For loading data once, not for streaming: each output sample is a Blackman-windowed
// sinc sum over kHalfWidth input samples each side, with the cut-off lowered to the
// output's Nyquist when downsampling (Smith, "Digital Audio Resampling Home Page",
// bandlimited interpolation). The weights are computed once for a length and a pair of
// rates, then applied to every signal. Allocates.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/units.hpp"

namespace tingle::dsp {

class SincResampler {
 public:
  SincResampler(std::size_t in_length, double in_rate, double out_rate) : in_length_(in_length) {
    const double ratio = in_rate / out_rate;  // input samples per output sample
    const double cutoff = kPassband * std::min(1.0, out_rate / in_rate);  // of input Nyquist
    out_length_ = static_cast<std::size_t>(std::ceil(static_cast<double>(in_length) / ratio));
    first_.resize(out_length_);
    weights_.assign(out_length_ * kTaps, 0.0f);
    for (std::size_t m = 0; m < out_length_; ++m) {
      const double t = static_cast<double>(m) * ratio;
      const long first = static_cast<long>(std::floor(t)) - kHalfWidth + 1;
      first_[m] = first;
      for (int j = 0; j < kTaps; ++j) {
        const double x = t - static_cast<double>(first + j);
        const double sinc = x == 0.0 ? 1.0 : std::sin(kPi * cutoff * x) / (kPi * cutoff * x);
        const double w = x / kHalfWidth;  // in (-1, 1]
        const double window = 0.42 + 0.5 * std::cos(kPi * w) + 0.08 * std::cos(kTwoPi * w);
        weights_[m * kTaps + static_cast<std::size_t>(j)] = static_cast<float>(cutoff * sinc * window);
      }
    }
  }

  std::size_t out_length() const { return out_length_; }

  // `in` has the length given at construction.
  std::vector<float> Resample(const std::vector<float>& in) const {
    std::vector<float> out(out_length_, 0.0f);
    for (std::size_t m = 0; m < out_length_; ++m) {
      double sum = 0.0;
      for (int j = 0; j < kTaps; ++j) {
        const long n = first_[m] + j;
        if (n < 0 || n >= static_cast<long>(in_length_)) continue;
        sum += static_cast<double>(in[static_cast<std::size_t>(n)]) *
               static_cast<double>(weights_[m * kTaps + static_cast<std::size_t>(j)]);
      }
      out[m] = static_cast<float>(sum);
    }
    return out;
  }

 private:
  static constexpr int kHalfWidth = 24;      // input samples each side of the output point
  static constexpr int kTaps = 2 * kHalfWidth;
  static constexpr double kPassband = 0.95;  // of the lower Nyquist: room for the window's roll-off

  std::size_t in_length_;
  std::size_t out_length_ = 0;
  std::vector<long> first_;
  std::vector<float> weights_;
};

}  // namespace tingle::dsp
