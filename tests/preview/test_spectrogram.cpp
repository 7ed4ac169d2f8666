#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/units.hpp"
#include "preview/palette.hpp"
#include "preview/spectrogram.hpp"
#include "preview/spectrogram_picture.hpp"

namespace tingle::preview {
namespace {

constexpr double kRate = 48000.0;
constexpr double kLowHz = 40.0;
const SpectrogramShape kShape = SpectrogramPicture::Shape(kLowHz);

// A signal computed sample by sample, that counts what the analysis reads and skips.
class FunctionSource : public MonoSource {
 public:
  FunctionSource(std::int64_t frames, std::function<float(std::int64_t)> sample)
      : frames_(frames), sample_(std::move(sample)) {}

  double sample_rate() const override { return kRate; }
  std::int64_t frames() const override { return frames_; }
  int Read(float* out, int frames) override {
    const auto count = static_cast<int>(std::min<std::int64_t>(frames, frames_ - position_));
    for (int i = 0; i < count; ++i) out[i] = sample_(position_ + i);
    position_ += count;
    read_ += count;
    return count;
  }
  void Skip(std::int64_t frames) override {
    REQUIRE(frames >= 0);
    REQUIRE(position_ + frames <= frames_);
    position_ += frames;
  }

  std::int64_t read() const { return read_; }

 private:
  std::int64_t frames_;
  std::function<float(std::int64_t)> sample_;
  std::int64_t position_ = 0;
  std::int64_t read_ = 0;
};

std::function<float(std::int64_t)> Sine(double hz, double amplitude) {
  return [=](std::int64_t n) {
    // Phase from n mod the rate: exact over hours, where n * hz would lose digits.
    const double t = static_cast<double>(n % static_cast<std::int64_t>(kRate)) / kRate;
    return static_cast<float>(amplitude * std::sin(kTwoPi * hz * t));
  };
}

// The row holding `hz`, computed here rather than by LogFrequencyAxis, so a mistake in
// the axis cannot cancel out: rows of equal width in log frequency from kLowHz to Nyquist.
int ExpectedRow(double hz) {
  return static_cast<int>(std::floor(kShape.rows * std::log(hz / kLowHz) / std::log(kRate / 2.0 / kLowHz)));
}

int LoudestRow(const Spectrogram& spectrogram, int column) {
  int loudest = 0;
  for (int row = 1; row < spectrogram.rows; ++row) {
    if (spectrogram.at(column, row) > spectrogram.at(column, loudest)) loudest = row;
  }
  return loudest;
}

}  // namespace

TEST_SUITE("preview") {
  TEST_CASE("Spectrogram: a sine is loudest in the row of its frequency, in every column") {
    for (const double hz : {60.0, 100.0, 440.0, 1000.0, 3150.0, 10000.0, 19000.0}) {
      INFO("frequency: " << hz);
      FunctionSource source(static_cast<std::int64_t>(2.0 * kRate), Sine(hz, 0.5));
      const Spectrogram spectrogram = AnalyseSpectrogram(source, kShape);
      REQUIRE(spectrogram.columns == kShape.columns);
      for (const int column : {0, kShape.columns / 2, kShape.columns - 1}) {
        INFO("column: " << column);
        CHECK(std::abs(LoudestRow(spectrogram, column) - ExpectedRow(hz)) <= 1);
      }
    }
  }

  TEST_CASE("Spectrogram: a sine of amplitude A reads 20 log10 A dB where rows are finer than bins") {
    // 1 kHz at 48 kHz: rows 39 Hz wide, bins 23 Hz. Hann's scalloping between bins and
    // the row's interpolation lose at most 1.5 dB.
    FunctionSource source(static_cast<std::int64_t>(kRate), Sine(1000.0, 0.5));
    const Spectrogram spectrogram = AnalyseSpectrogram(source, kShape);
    const int column = kShape.columns / 2;
    const float loudest = spectrogram.at(column, LoudestRow(spectrogram, column));
    CHECK(loudest <= 20.0 * std::log10(0.5) + 0.1);
    CHECK(loudest >= 20.0 * std::log10(0.5) - 1.5);
  }

  TEST_CASE("Spectrogram: a click shows in the column of its time") {
    for (const double seconds : {0.05, 0.73, 1.5, 1.98}) {
      INFO("click at " << seconds << " s");
      const double length = 2.0;
      const auto click = static_cast<std::int64_t>(seconds * kRate);
      FunctionSource source(static_cast<std::int64_t>(length * kRate),
                            [click](std::int64_t n) { return n == click ? 1.0f : 0.0f; });
      const Spectrogram spectrogram = AnalyseSpectrogram(source, kShape);
      // The column whose windows hold the most of the click's (broadband) energy.
      int loudest = 0;
      double loudest_energy = -1.0;
      for (int column = 0; column < spectrogram.columns; ++column) {
        double energy = 0.0;
        for (int row = 0; row < spectrogram.rows; ++row) energy += std::pow(10.0, spectrogram.at(column, row) / 10.0);
        if (energy > loudest_energy) {
          loudest_energy = energy;
          loudest = column;
        }
      }
      const int expected = static_cast<int>(seconds / length * kShape.columns);
      CHECK(std::abs(loudest - expected) <= 1);
    }
  }

  TEST_CASE("Spectrogram: silence is drawn in the floor colour everywhere in the plot") {
    FunctionSource source(static_cast<std::int64_t>(kRate), [](std::int64_t) { return 0.0f; });
    const Spectrogram spectrogram = AnalyseSpectrogram(source, kShape);
    CHECK(std::all_of(spectrogram.level_db.begin(), spectrogram.level_db.end(),
                      [](float level) { return level == kSilenceDb; }));
    const RgbImage picture = DrawSpectrogram(spectrogram, 1.0, kLowHz, kRate / 2.0);
    const Rgb floor = PaletteColour(0.0);
    int other = 0;
    for (int y = SpectrogramPicture::kPlotTop; y < SpectrogramPicture::kPlotTop + SpectrogramPicture::kPlotHeight; ++y) {
      for (int x = SpectrogramPicture::kPlotLeft; x < SpectrogramPicture::kPlotLeft + SpectrogramPicture::kPlotWidth;
           ++x) {
        other += picture.at(x, y) != floor ? 1 : 0;
      }
    }
    CHECK(other == 0);
  }

  TEST_CASE("Spectrogram: the picture has axis ticks and labels outside the plot") {
    FunctionSource source(static_cast<std::int64_t>(kRate), Sine(1000.0, 0.5));
    const RgbImage picture = DrawSpectrogram(AnalyseSpectrogram(source, kShape), 30.0, kLowHz, kRate / 2.0);
    CHECK(picture.width == SpectrogramPicture::kWidth);
    CHECK(picture.height == SpectrogramPicture::kHeight);
    // The frequency axis' "1k" tick at the left of the plot, at 1 kHz's row.
    const int bottom = SpectrogramPicture::kPlotTop + SpectrogramPicture::kPlotHeight - 1;
    CHECK(picture.at(SpectrogramPicture::kPlotLeft - 1, bottom - ExpectedRow(1000.0)) == kAxisColour);
    CHECK(picture.at(SpectrogramPicture::kPlotLeft - 1, bottom - ExpectedRow(1000.0) + 3) == kPictureBackground);
    // The time axis' tick at 0 s below the plot's first column, and some label pixels.
    CHECK(picture.at(SpectrogramPicture::kPlotLeft, bottom + 1) == kAxisColour);
    int label_pixels = 0;
    for (int y = bottom + 1; y < picture.height; ++y) {
      for (int x = 0; x < picture.width; ++x) label_pixels += picture.at(x, y) == kAxisColour ? 1 : 0;
    }
    CHECK(label_pixels > 100);
  }

  TEST_CASE("Spectrogram: an 8-hour signal is sampled, not read whole, and keeps its sine") {
    const auto frames = static_cast<std::int64_t>(8.0 * 3600.0 * kRate);
    // 375 Hz: exactly 128 samples a period, so the 1.4 billion samples come from a table.
    std::vector<float> period(128);
    for (std::size_t n = 0; n < period.size(); ++n) period[n] = static_cast<float>(0.25 * std::sin(kTwoPi * n / 128.0));
    FunctionSource source(frames, [&period](std::int64_t n) { return period[static_cast<std::size_t>(n % 128)]; });
    const Spectrogram spectrogram = AnalyseSpectrogram(source, kShape);
    const int window = SpectrogramWindowSize(kRate);
    CHECK(source.read() <= static_cast<std::int64_t>(kShape.columns) * kMaxWindowsPerColumn * window);
    for (const int column : {0, 100, kShape.columns - 1}) {
      CHECK(std::abs(LoudestRow(spectrogram, column) - ExpectedRow(375.0)) <= 1);
    }
  }

  TEST_CASE("Spectrogram: a signal shorter than a window still fills every column") {
    FunctionSource source(300, Sine(2000.0, 0.5));
    const Spectrogram spectrogram = AnalyseSpectrogram(source, kShape);
    // Every window holds all 300 samples (zero-padded), so every column sees the sine.
    for (int column = 0; column < kShape.columns; column += 50) {
      INFO("column: " << column);
      CHECK(std::abs(LoudestRow(spectrogram, column) - ExpectedRow(2000.0)) <= 2);
    }
  }

  TEST_CASE("Spectrogram: the window is the smallest power of two of at least 40 ms") {
    CHECK(SpectrogramWindowSize(48000.0) == 2048);
    CHECK(SpectrogramWindowSize(44100.0) == 2048);
    CHECK(SpectrogramWindowSize(96000.0) == 4096);
    CHECK(SpectrogramWindowSize(8000.0) == 512);
  }

  TEST_CASE("Palette: runs from inferno's black to its pale yellow, brightening throughout") {
    CHECK(PaletteColour(0.0) == Rgb{0x00, 0x00, 0x04});
    CHECK(PaletteColour(-3.0) == Rgb{0x00, 0x00, 0x04});
    CHECK(PaletteColour(1.0) == Rgb{0xfc, 0xff, 0xa4});
    // Perceptual order: luma (Rec. 709 weights) never falls as the level rises.
    double previous = -1.0;
    for (int i = 0; i <= 100; ++i) {
      const Rgb colour = PaletteColour(i / 100.0);
      const double luma = 0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2];
      CHECK(luma >= previous - 0.5);
      previous = luma;
    }
  }
}

}  // namespace tingle::preview
