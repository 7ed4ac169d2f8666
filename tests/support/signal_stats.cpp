#include "support/signal_stats.hpp"

#include <cmath>
#include <complex>
#include <cstddef>

#include "dsp/fft.hpp"

namespace tingle::test {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

void Fft(std::vector<std::complex<double>>& data, bool inverse) {
  dsp::Fft(data.size()).Transform(data, inverse);
}

double Rms(const std::vector<float>& x) {
  double sum = 0.0;
  for (float v : x) sum += static_cast<double>(v) * v;
  return x.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(x.size()));
}

double Peak(const std::vector<float>& x) {
  double peak = 0.0;
  for (float v : x) peak = std::max(peak, static_cast<double>(std::fabs(v)));
  return peak;
}

double Mean(const std::vector<float>& x) {
  double sum = 0.0;
  for (float v : x) sum += v;
  return x.empty() ? 0.0 : sum / static_cast<double>(x.size());
}

bool AllFinite(const std::vector<float>& x) {
  for (float v : x) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

double Correlation(const std::vector<float>& a, const std::vector<float>& b) {
  const double mean_a = Mean(a);
  const double mean_b = Mean(b);
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const double da = a[i] - mean_a;
    const double db = b[i] - mean_b;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / std::sqrt(aa * bb);
}

std::vector<double> PowerSpectrum(const std::vector<float>& x, int fft_size) {
  const auto n = static_cast<std::size_t>(fft_size);
  std::vector<double> window(n);
  double window_power = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    window[i] = 0.5 - 0.5 * std::cos(2.0 * kPi * static_cast<double>(i) / static_cast<double>(n));
    window_power += window[i] * window[i];
  }
  std::vector<double> spectrum(n / 2 + 1, 0.0);
  std::vector<std::complex<double>> frame(n);
  int frames = 0;
  for (std::size_t start = 0; start + n <= x.size(); start += n / 2) {
    for (std::size_t i = 0; i < n; ++i) frame[i] = x[start + i] * window[i];
    Fft(frame);
    for (std::size_t k = 0; k <= n / 2; ++k) spectrum[k] += std::norm(frame[k]);
    ++frames;
  }
  for (double& bin : spectrum) bin /= static_cast<double>(frames) * window_power;
  return spectrum;
}

double BandPower(const std::vector<double>& spectrum, double sample_rate, double low_hz,
                 double high_hz) {
  const double bin_hz = sample_rate / (2.0 * static_cast<double>(spectrum.size() - 1));
  double sum = 0.0;
  int count = 0;
  for (std::size_t k = 0; k < spectrum.size(); ++k) {
    const double f = static_cast<double>(k) * bin_hz;
    if (f >= low_hz && f <= high_hz) {
      sum += spectrum[k];
      ++count;
    }
  }
  return count > 0 ? sum / count : 0.0;
}

double SpectralCentroid(const std::vector<double>& spectrum, double sample_rate) {
  const double bin_hz = sample_rate / (2.0 * static_cast<double>(spectrum.size() - 1));
  double weighted = 0.0, total = 0.0;
  for (std::size_t k = 1; k < spectrum.size(); ++k) {
    weighted += static_cast<double>(k) * bin_hz * spectrum[k];
    total += spectrum[k];
  }
  return weighted / total;
}

double GoertzelPower(const std::vector<float>& x, double frequency_hz, double sample_rate) {
  const double coefficient = 2.0 * std::cos(2.0 * kPi * frequency_hz / sample_rate);
  double s1 = 0.0, s2 = 0.0;
  for (float v : x) {
    const double s0 = v + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  const double n = static_cast<double>(x.size());
  return power / (n * n);
}

}  // namespace tingle::test
