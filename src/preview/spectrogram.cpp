#include "preview/spectrogram.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>

#include "core/units.hpp"
#include "dsp/fft.hpp"
#include "preview/log_frequency_axis.hpp"

namespace tingle::preview {
namespace {

// About 40 ms: fine enough in time to show taps apart, in frequency to show a whisper's
// formants.
constexpr double kWindowSeconds = 0.04;

// How a row reads the spectrum: the mean power of bins [first, last), or, when that is
// empty (a row narrower than a bin), the level at fractional bin `centre`.
struct RowBins {
  int first = 0;
  int last = 0;
  double centre = 0.0;
};

std::vector<RowBins> MapRows(const LogFrequencyAxis& axis, int window, double sample_rate) {
  const double bin_hz = sample_rate / window;
  const int top_bin = window / 2;
  std::vector<RowBins> rows(static_cast<std::size_t>(axis.rows()));
  for (int r = 0; r < axis.rows(); ++r) {
    RowBins& row = rows[static_cast<std::size_t>(r)];
    // Bins whose centre frequency k * bin_hz lies in [bottom, top).
    row.first = std::clamp(static_cast<int>(std::ceil(axis.Frequency(r) / bin_hz)), 0, top_bin + 1);
    row.last = std::clamp(static_cast<int>(std::ceil(axis.Frequency(r + 1) / bin_hz)), row.first, top_bin + 1);
    row.centre = std::min(axis.Frequency(r + 0.5) / bin_hz, static_cast<double>(top_bin));
  }
  return rows;
}

float PowerDb(double power) {
  return power > 0.0 ? std::max(kSilenceDb, static_cast<float>(10.0 * std::log10(power))) : kSilenceDb;
}

// The level at fractional bin `centre`, between bins k and k + 1. Next to a peak (either
// bin a local maximum) it is read from the parabola, in dB, through the peak bin and its
// two neighbours: a Hann window's main lobe is close to a parabola in dB, so a sine's
// loudest row lands at its frequency (quadratically interpolated FFT: Smith, "Spectral
// Audio Signal Processing", 2011) instead of on the nearest bin, a fifth of an octave off
// at 60 Hz. Elsewhere it is the straight line between the two bins. Each piece passes
// through both bins' levels, so the rows join without steps.
float InterpolatedDb(double centre, const std::vector<float>& level_db) {
  const auto y = [&](int k) { return static_cast<double>(level_db[static_cast<std::size_t>(k)]); };
  const int top = static_cast<int>(level_db.size()) - 1;
  const int k = std::clamp(static_cast<int>(centre), 0, top - 1);
  const double fraction = centre - k;
  const auto is_peak = [&](int bin) { return bin > 0 && bin < top && y(bin) >= y(bin - 1) && y(bin) >= y(bin + 1); };
  const int peak = is_peak(k) ? k : is_peak(k + 1) ? k + 1 : -1;
  if (peak < 0) return static_cast<float>(y(k) + fraction * (y(k + 1) - y(k)));
  const double p = centre - peak;
  const double level = y(peak) + 0.5 * p * (y(peak + 1) - y(peak - 1)) +
                       0.5 * p * p * (y(peak + 1) - 2.0 * y(peak) + y(peak - 1));
  // The vertex rises above the peak bin by what the bins missed of the lobe's top: at
  // most 1.4 dB for Hann (its scalloping loss), never more.
  constexpr double kMaxRiseDb = 1.5;
  return static_cast<float>(std::min(level, y(peak) + kMaxRiseDb));
}

float RowLevel(const RowBins& row, const std::vector<double>& power, const std::vector<float>& level_db) {
  if (row.last <= row.first) return InterpolatedDb(row.centre, level_db);
  double mean = 0.0;
  for (int k = row.first; k < row.last; ++k) mean += power[static_cast<std::size_t>(k)];
  return PowerDb(mean / (row.last - row.first));
}

// Keeps the last `size` samples of the source, for windows that may overlap.
class WindowReader {
 public:
  WindowReader(MonoSource& source, int size) : source_(source), recent_(static_cast<std::size_t>(size), 0.0f) {}

  // The samples [start, start + size), zero past the end of the signal. `start` >= 0
  // never decreases from one call to the next.
  const std::vector<float>& At(std::int64_t start) {
    const auto size = static_cast<std::int64_t>(recent_.size());
    if (start >= consumed_) {
      // Nothing kept is needed: skip to the window and read it whole.
      const std::int64_t gap = std::min(start, source_.frames()) - std::min(consumed_, source_.frames());
      if (gap > 0) source_.Skip(gap);
      consumed_ = start;
      Fill(0, size);
    } else if (start + size > consumed_) {
      const std::int64_t fresh = start + size - consumed_;
      std::copy(recent_.begin() + fresh, recent_.end(), recent_.begin());
      Fill(size - fresh, fresh);
    }
    return recent_;
  }

 private:
  // Reads the `count` samples from consumed_ on into recent_[offset ...].
  void Fill(std::int64_t offset, std::int64_t count) {
    float* out = recent_.data() + offset;
    const std::int64_t inside = std::clamp<std::int64_t>(source_.frames() - consumed_, 0, count);
    std::int64_t done = 0;
    while (done < inside) {
      const int got = source_.Read(out + done, static_cast<int>(inside - done));
      if (got <= 0) break;
      done += got;
    }
    std::fill(out + done, out + count, 0.0f);
    consumed_ += count;
  }

  MonoSource& source_;
  std::vector<float> recent_;
  std::int64_t consumed_ = 0;  // position just after the last sample kept
};

}  // namespace

int SpectrogramWindowSize(double sample_rate) {
  int size = 2;
  while (size < kWindowSeconds * sample_rate) size *= 2;
  return size;
}

Spectrogram AnalyseSpectrogram(MonoSource& source, const SpectrogramShape& shape) {
  const double sample_rate = source.sample_rate();
  if (!(sample_rate > 2.0 * shape.low_hz) || shape.columns < 1 || shape.rows < 1) {
    throw std::invalid_argument("AnalyseSpectrogram: no frequency axis at this sample rate or shape");
  }
  const int size = SpectrogramWindowSize(sample_rate);
  const int hop = size / 2;
  const LogFrequencyAxis axis(shape.low_hz, sample_rate / 2.0, shape.rows);
  const std::vector<RowBins> row_bins = MapRows(axis, size, sample_rate);

  std::vector<double> window(static_cast<std::size_t>(size));
  double window_sum = 0.0;
  for (int i = 0; i < size; ++i) {
    window[static_cast<std::size_t>(i)] = 0.5 - 0.5 * std::cos(kTwoPi * i / size);  // periodic Hann
    window_sum += window[static_cast<std::size_t>(i)];
  }
  // A sine of amplitude A peaks at |X| = A * sum(w) / 2: this scale reads it as A^2.
  const double power_scale = 1.0 / (0.25 * window_sum * window_sum);

  const dsp::Fft fft(static_cast<std::size_t>(size));
  std::vector<double> frame(static_cast<std::size_t>(size));
  std::vector<std::complex<double>> bins(static_cast<std::size_t>(size / 2 + 1));
  std::vector<double> power(bins.size());
  std::vector<float> bin_db(bins.size());
  WindowReader reader(source, size);

  Spectrogram result;
  result.columns = shape.columns;
  result.rows = shape.rows;
  result.level_db.assign(static_cast<std::size_t>(shape.columns) * static_cast<std::size_t>(shape.rows), kSilenceDb);
  const auto total = static_cast<double>(source.frames());
  const double span = total / shape.columns;
  const int windows = std::clamp(static_cast<int>(std::ceil(span / hop)), 1, kMaxWindowsPerColumn);
  for (int c = 0; c < shape.columns; ++c) {
    std::fill(power.begin(), power.end(), 0.0);
    for (int w = 0; w < windows; ++w) {
      const double centre = (c + (w + 0.5) / windows) * span;
      // Windows stay inside the signal where it is long enough: the first and last
      // columns show whole windows rather than a window mostly of silence.
      const std::int64_t centred = std::llround(centre) - size / 2;
      const std::int64_t start = std::max<std::int64_t>(0, std::min(centred, source.frames() - size));
      const std::vector<float>& samples = reader.At(start);
      for (std::size_t i = 0; i < frame.size(); ++i) frame[i] = static_cast<double>(samples[i]) * window[i];
      fft.TransformReal(frame, bins);
      for (std::size_t k = 0; k < bins.size(); ++k) power[k] += std::norm(bins[k]);
    }
    for (std::size_t k = 0; k < power.size(); ++k) {
      power[k] *= power_scale / windows;
      bin_db[k] = PowerDb(power[k]);
    }
    for (int r = 0; r < shape.rows; ++r) {
      result.level_db[static_cast<std::size_t>(r) * static_cast<std::size_t>(shape.columns) +
                      static_cast<std::size_t>(c)] = RowLevel(row_bins[static_cast<std::size_t>(r)], power, bin_db);
    }
  }
  return result;
}

}  // namespace tingle::preview
