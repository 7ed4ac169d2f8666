// Diffuse layers at full width: decorrelated channels that fold down to mono cleanly.
//
// The fold-down is the constant-power mono downmix M = (L + R) / sqrt(2), played on both
// channels (a phone's mono switch, a mono speaker after a -3 dB pan law). Its loudness
// equals the stereo loudness when the channels are uncorrelated, rises 3 dB when they are
// identical, and falls when they cancel; a comb filter (one channel a delayed copy of the
// other) shows as notches in its spectrum. Within 1.5 dB in level and in every
// third-octave band means neither happens.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/units.hpp"
#include "mix/loudness_meter.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"
#include "support/memory_sink.hpp"
#include "support/signal_stats.hpp"

namespace tingle::mix {
namespace {

constexpr double kRate = 48000.0;

struct Channels {
  std::vector<float> left, right;
};

Channels RenderLayer(const std::string& layer_keys) {
  const std::string text = "duration = 12\nseed = 9\n[[layer]]\nname = \"bed\"\n" + layer_keys + "width = 1.0\n";
  const recipe::Recipe recipe = recipe::ParseRecipe(text, "width.toml");
  Track track = recipe::BuildTrack(recipe);
  test::MemorySink sink;
  render::RenderTrack(track, sink, {});
  Channels out;
  // The first second is skipped: the textures' beds settle in.
  for (std::size_t n = static_cast<std::size_t>(kRate); n < sink.samples.size() / 2; ++n) {
    out.left.push_back(sink.samples[2 * n]);
    out.right.push_back(sink.samples[2 * n + 1]);
  }
  return out;
}

double Loudness(const std::vector<float>& left, const std::vector<float>& right) {
  LoudnessMeter meter(kRate);
  meter.Add(left.data(), right.data(), static_cast<int>(left.size()));
  return meter.integrated_lufs();
}

}  // namespace

TEST_SUITE("mix") {

TEST_CASE("Width: diffuse layers at width 1 fold down to mono within 1.5 dB, with no comb filter") {
  for (const std::string keys : {"texture = \"rain\"\n", "texture = \"noise\"\ncolor = \"pink\"\n",
                                 "texture = \"noise\"\ncolor = \"white\"\n"}) {
    INFO(keys);
    const Channels stereo = RenderLayer(keys);
    std::vector<float> fold(stereo.left.size());
    for (std::size_t n = 0; n < fold.size(); ++n) {
      fold[n] = static_cast<float>((static_cast<double>(stereo.left[n]) + stereo.right[n]) / std::sqrt(2.0));
    }
    // Decorrelated channels.
    CHECK(std::fabs(test::Correlation(stereo.left, stereo.right)) < 0.15);
    // Level: the fold-down played on both channels against the stereo.
    const double level_change = Loudness(fold, fold) - Loudness(stereo.left, stereo.right);
    INFO("fold-down loudness change " << level_change << " dB");
    CHECK(std::fabs(level_change) <= 1.5);
    // Spectrum: third-octave bands from 100 Hz to 16 kHz, fold-down power against the
    // sum of the two channels' powers.
    constexpr int kFft = 4096;
    const std::vector<double> fold_spectrum = test::PowerSpectrum(fold, kFft);
    const std::vector<double> left_spectrum = test::PowerSpectrum(stereo.left, kFft);
    const std::vector<double> right_spectrum = test::PowerSpectrum(stereo.right, kFft);
    double worst = 0.0;
    for (double low = 100.0; low < 16000.0; low *= std::pow(2.0, 1.0 / 3.0)) {
      const double high = low * std::pow(2.0, 1.0 / 3.0);
      const double fold_power = test::BandPower(fold_spectrum, kRate, low, high);
      const double stereo_power = 0.5 * (test::BandPower(left_spectrum, kRate, low, high) +
                                         test::BandPower(right_spectrum, kRate, low, high));
      worst = std::max(worst, std::fabs(10.0 * std::log10(fold_power / stereo_power)));
    }
    INFO("largest third-octave deviation " << worst << " dB");
    CHECK(worst <= 1.5);
  }
}

}  // TEST_SUITE

}  // namespace tingle::mix
