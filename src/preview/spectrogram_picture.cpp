#include "preview/spectrogram_picture.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "preview/axis_ticks.hpp"
#include "preview/log_frequency_axis.hpp"
#include "preview/palette.hpp"
#include "preview/pixel_font.hpp"

namespace tingle::preview {
namespace {

using Picture = SpectrogramPicture;

constexpr int kMajorTick = 4;   // pixels
constexpr int kMinorTick = 2;
constexpr int kLabelGap = 2;    // between a tick and its label
constexpr int kMinLabelSpacing = 10;  // between neighbouring time labels
// Colours of the scale: 0.4 dB apart, below what the eye tells apart, and with the
// background and the axes' colour 256 at most, so the PNG is stored with a palette.
constexpr double kLevelSteps = 253.0;

void DrawFrequencyAxis(RgbImage& image, double low_hz, double high_hz) {
  const LogFrequencyAxis axis(low_hz, high_hz, Picture::kPlotHeight);
  const int bottom = Picture::kPlotTop + Picture::kPlotHeight - 1;
  for (const Tick& tick : FrequencyTicks(low_hz, high_hz)) {
    const int y = bottom - std::min(static_cast<int>(axis.Position(tick.value)), Picture::kPlotHeight - 1);
    const int length = tick.label.empty() ? kMinorTick : kMajorTick;
    image.FillRect(Picture::kPlotLeft - length, y, length, 1, kAxisColour);
    if (tick.label.empty()) continue;
    const int right = Picture::kPlotLeft - kMajorTick - kLabelGap;
    const int top = std::clamp(y - kGlyphHeight / 2, 0, Picture::kHeight - kGlyphHeight);
    DrawText(image, right - TextWidth(tick.label), top, tick.label, kAxisColour);
  }
}

void DrawTimeAxis(RgbImage& image, double seconds) {
  const int below = Picture::kPlotTop + Picture::kPlotHeight;
  // The widest label a time axis may need ("10m15s", "0.005s").
  const int label_width = TextWidth("10m15s");
  for (const Tick& tick : TimeTicks(seconds, Picture::kPlotWidth, label_width, kMinLabelSpacing)) {
    const int x = Picture::kPlotLeft +
                  std::min(static_cast<int>(tick.value / seconds * Picture::kPlotWidth), Picture::kPlotWidth - 1);
    image.FillRect(x, below, 1, kMajorTick, kAxisColour);
    const int width = TextWidth(tick.label);
    const int left = std::clamp(x - width / 2, 0, Picture::kWidth - width);
    DrawText(image, left, below + kMajorTick + kLabelGap, tick.label, kAxisColour);
  }
}

}  // namespace

RgbImage DrawSpectrogram(const Spectrogram& spectrogram, double seconds, double low_hz, double high_hz) {
  if (spectrogram.columns != Picture::kPlotWidth || spectrogram.rows != Picture::kPlotHeight) {
    throw std::invalid_argument("DrawSpectrogram: the spectrogram is not SpectrogramPicture::Shape");
  }
  RgbImage image(Picture::kWidth, Picture::kHeight, kPictureBackground);
  const double range = Picture::kTopDb - Picture::kFloorDb;
  for (int row = 0; row < spectrogram.rows; ++row) {
    const int y = Picture::kPlotTop + Picture::kPlotHeight - 1 - row;  // low frequencies at the bottom
    for (int column = 0; column < spectrogram.columns; ++column) {
      const double level = (static_cast<double>(spectrogram.at(column, row)) - Picture::kFloorDb) / range;
      image.Set(Picture::kPlotLeft + column, y, PaletteColour(std::round(level * kLevelSteps) / kLevelSteps));
    }
  }
  DrawFrequencyAxis(image, low_hz, high_hz);
  DrawTimeAxis(image, seconds);
  return image;
}

}  // namespace tingle::preview
