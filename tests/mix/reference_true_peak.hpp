// An independent true-peak meter for the tests: slow, long and simple.
//
// Zero-stuffing by `factor` followed by a 256-tap (per phase) Blackman-windowed sinc,
// evaluated directly in double precision at every point k / factor between frames. It
// shares nothing with dsp::PeakOversampler (other window, 8x the taps, no SIMD, no
// symmetry tricks), so agreement between the two means something. Outside the signal is
// silence.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace tingle::test {

// Largest |x| at every frame and every point k / factor after it, over both channels.
inline double ReferenceTruePeak(const std::vector<float>& left, const std::vector<float>& right,
                                int factor = 4) {
  constexpr int kHalfSpan = 128;  // frames either side of a point
  constexpr double kPi = 3.14159265358979323846;
  std::vector<std::vector<double>> taps(static_cast<std::size_t>(factor));
  for (int phase = 1; phase < factor; ++phase) {
    auto& row = taps[static_cast<std::size_t>(phase)];
    const double fraction = static_cast<double>(phase) / factor;
    double sum = 0.0;
    for (int j = -kHalfSpan + 1; j <= kHalfSpan; ++j) {
      const double t = static_cast<double>(j) - fraction;
      const double x = (t + kHalfSpan) / (2.0 * kHalfSpan);  // 0..1 across the span
      const double window = 0.42 - 0.5 * std::cos(2.0 * kPi * x) + 0.08 * std::cos(4.0 * kPi * x);
      row.push_back(std::sin(kPi * t) / (kPi * t) * window);
      sum += row.back();
    }
    for (double& tap : row) tap /= sum;
  }
  double peak = 0.0;
  for (const std::vector<float>* channel : {&left, &right}) {
    const auto& x = *channel;
    const auto frames = static_cast<long>(x.size());
    for (long m = 0; m < frames; ++m) {
      peak = std::max(peak, std::fabs(static_cast<double>(x[static_cast<std::size_t>(m)])));
      for (int phase = 1; phase < factor; ++phase) {
        const auto& row = taps[static_cast<std::size_t>(phase)];
        double y = 0.0;
        const long first = std::max<long>(0, m - kHalfSpan + 1);
        const long last = std::min<long>(frames - 1, m + kHalfSpan);
        for (long n = first; n <= last; ++n) {
          y += row[static_cast<std::size_t>(n - m + kHalfSpan - 1)] * x[static_cast<std::size_t>(n)];
        }
        peak = std::max(peak, std::fabs(y));
      }
    }
  }
  return peak;
}

}  // namespace tingle::test
