// A spectrogram on a log-frequency axis, from a mono signal of any length in constant
// memory: the level of each (time column, frequency row) pixel.
//
// Short-time Fourier transform with a Hann window of about 40 ms (the smallest power of
// two at or above 0.04 s of samples: 2048 at 44.1 and 48 kHz), which resolves 23 Hz at
// 48 kHz: the lowest rows are smooth interpolations between a few bins, the top ones
// average many. Levels are power, in dB relative to a full-scale sine (a sine of
// amplitude 1 reads 0 dB in its row).
//
// Column c stands for the frames [c T / W, (c + 1) T / W) of a signal of T frames in W
// columns. It averages the power of windows spread evenly across that span, half a
// window apart, and at most kMaxWindowsPerColumn of them: a column narrower than a window
// gets one window centred on it (moved inside the signal at its two ends), and an 8-hour
// file in 758 columns (38 s each) gets 16 windows a column (3 % of the audio) instead of
// 1.4 million transforms. Frames between the windows are skipped (a file may seek past
// them). A row averages the power of the
// bins whose centres fall inside it, so noise with a flat spectrum looks flat; a row
// narrower than a bin (below about 640 Hz at 48 kHz) reads the level at its centre on the
// parabola (in dB) through the nearest three bins, which puts a sine's loudest row at its
// frequency rather than at the nearest bin.
#pragma once

#include <cstdint>
#include <vector>

#include "preview/mono_source.hpp"

namespace tingle::preview {

struct SpectrogramShape {
  int columns = 0;       // time, left to right
  int rows = 0;          // frequency, bottom (low_hz) to top (the Nyquist frequency)
  double low_hz = 40.0;  // bottom edge of the axis: below it there is little but rumble
};

struct Spectrogram {
  int columns = 0;
  int rows = 0;
  std::vector<float> level_db;  // rows * columns, row 0 (lowest frequency) first

  float at(int column, int row) const {
    return level_db[static_cast<std::size_t>(row) * static_cast<std::size_t>(columns) +
                    static_cast<std::size_t>(column)];
  }
};

// Windows averaged per column at most.
inline constexpr int kMaxWindowsPerColumn = 16;
// Levels below this are written as it (the power of silence is zero).
inline constexpr float kSilenceDb = -200.0f;

// Reads `source` front to back (skipping what no window covers). Its sample rate must
// exceed 2 * shape.low_hz.
Spectrogram AnalyseSpectrogram(MonoSource& source, const SpectrogramShape& shape);

// The window length used at `sample_rate`, in samples.
int SpectrogramWindowSize(double sample_rate);

}  // namespace tingle::preview
