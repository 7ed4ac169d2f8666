// The picture of a spectrogram: its levels through the inferno palette on a fixed dB
// scale (so every file in a library is drawn alike and levels compare across cards),
// a time axis below with ticks and labels, a log-frequency axis at the left ("100",
// "1k", "10k").
#pragma once

#include "preview/rgb_image.hpp"
#include "preview/spectrogram.hpp"

namespace tingle::preview {

struct SpectrogramPicture {
  static constexpr int kWidth = 800;
  static constexpr int kHeight = 200;
  // The plot: one pixel per spectrogram column and row.
  static constexpr int kPlotLeft = 30;  // room for "10k" and a tick
  static constexpr int kPlotTop = 6;
  static constexpr int kPlotWidth = kWidth - kPlotLeft - 12;
  static constexpr int kPlotHeight = kHeight - kPlotTop - 16;  // room for a tick and a label

  // The scale, dB relative to a full-scale sine: below the floor is black (16-bit
  // dither sits near -130 dB a bin), at the top pale yellow (a quiet ASMR track rarely
  // has a bin above -30 dB).
  static constexpr double kFloorDb = -120.0;
  static constexpr double kTopDb = -20.0;

  static SpectrogramShape Shape(double low_hz) { return {kPlotWidth, kPlotHeight, low_hz}; }
};

inline constexpr Rgb kPictureBackground = {0x15, 0x17, 0x1c};
inline constexpr Rgb kAxisColour = {0xb4, 0xb8, 0xc0};

// Draws `spectrogram` (of SpectrogramPicture::Shape) of a signal `seconds` long whose axis
// runs from low_hz to high_hz.
RgbImage DrawSpectrogram(const Spectrogram& spectrogram, double seconds, double low_hz, double high_hz);

}  // namespace tingle::preview
