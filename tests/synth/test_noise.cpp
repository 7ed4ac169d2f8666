#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/diagnostics.hpp"
#include "support/render_texture.hpp"
#include "support/signal_stats.hpp"

namespace tingle {
namespace {

using test::ChoiceNamed;
using test::Number;

test::StereoBuffer RenderNoise(const std::string& color, double seconds, double sample_rate,
                               ParamValues extra = {}) {
  test::TextureRun run;
  run.texture = "noise";
  run.values = std::move(extra);
  run.values["color"] = ChoiceNamed("noise", "color", color);
  run.seconds = seconds;
  run.sample_rate = sample_rate;
  return test::RenderTexture(run);
}

// Largest deviation, in dB, of the measured spectrum from density ∝ f^-slope_power over
// third-octave bands from 50 Hz to 16 kHz, after fitting the level. Each band's expected
// value is the mean of f^-slope_power over the band (not the value at its centre).
double WorstSlopeDeviationDb(const std::vector<float>& x, double sample_rate, int slope_power) {
  const auto spectrum = test::PowerSpectrum(x, 16384);
  std::vector<double> deviations;
  for (double low = 50.0; low * std::pow(2.0, 1.0 / 3.0) <= 16000.0; low *= std::pow(2.0, 1.0 / 3.0)) {
    const double high = low * std::pow(2.0, 1.0 / 3.0);
    const double expected = slope_power == 1 ? std::log(high / low) / (high - low)
                                             : (1.0 / low - 1.0 / high) / (high - low);
    const double measured = test::BandPower(spectrum, sample_rate, low, high);
    deviations.push_back(10.0 * std::log10(measured / expected));
  }
  double mean = 0.0;
  for (double d : deviations) mean += d;
  mean /= static_cast<double>(deviations.size());
  double worst = 0.0;
  for (double d : deviations) worst = std::max(worst, std::abs(d - mean));
  return worst;
}

}  // namespace

TEST_SUITE("synth") {

TEST_CASE("Noise: pink falls 3 dB per octave within 1 dB from 50 Hz to 16 kHz") {
  for (double rate : {44100.0, 48000.0, 96000.0}) {
    INFO("sample rate: " << rate);
    const auto noise = RenderNoise("pink", 20.0, rate);
    CHECK(WorstSlopeDeviationDb(noise.left, rate, 1) < 1.0);
    CHECK(WorstSlopeDeviationDb(noise.right, rate, 1) < 1.0);
  }
}

TEST_CASE("Noise: brown falls 6 dB per octave within 1 dB from 50 Hz to 16 kHz") {
  for (double rate : {44100.0, 48000.0, 96000.0}) {
    INFO("sample rate: " << rate);
    const auto noise = RenderNoise("brown", 20.0, rate);
    CHECK(WorstSlopeDeviationDb(noise.left, rate, 2) < 1.0);
  }
}

TEST_CASE("Noise: the slope tests can fail (white is not pink, pink is not brown)") {
  const auto white = RenderNoise("white", 10.0, 48000.0);
  CHECK(WorstSlopeDeviationDb(white.left, 48000.0, 1) > 10.0);
  const auto pink = RenderNoise("pink", 10.0, 48000.0);
  CHECK(WorstSlopeDeviationDb(pink.left, 48000.0, 2) > 10.0);
}

TEST_CASE("Noise: brown noise does not drift away from zero over minutes") {
  const auto noise = RenderNoise("brown", 120.0, 48000.0);
  const double rms = test::Rms(noise.left);
  // Means over successive 10 s windows stay tiny next to the signal.
  for (std::size_t start = 0; start + 480000 <= noise.left.size(); start += 480000) {
    const std::vector<float> window(noise.left.begin() + static_cast<long>(start),
                                    noise.left.begin() + static_cast<long>(start + 480000));
    INFO("window at " << start / 48000 << " s");
    CHECK(std::abs(test::Mean(window)) < 0.01 * rms);
  }
}

TEST_CASE("Noise: left and right come from different streams") {
  const auto noise = RenderNoise("pink", 5.0, 48000.0);
  CHECK(std::abs(test::Correlation(noise.left, noise.right)) < 0.05);
  CHECK(test::Rms(noise.left) == doctest::Approx(test::Rms(noise.right)).epsilon(0.05));
}

TEST_CASE("Noise: every colour sits at the bed level of -20 dBFS RMS at the default cuts") {
  for (std::string color : {"white", "pink", "brown"}) {
    INFO("color: " << color);
    const auto noise = RenderNoise(color, 10.0, 48000.0);
    CHECK(20.0 * std::log10(test::Rms(noise.left)) == doctest::Approx(-20.0).epsilon(0.05));
  }
}

TEST_CASE("Noise: the cuts remove what lies beyond them") {
  ParamValues cuts;
  cuts["low_cut"] = Number(400.0);
  cuts["high_cut"] = Number(4000.0);
  const auto plain = RenderNoise("white", 10.0, 48000.0);
  const auto cut = RenderNoise("white", 10.0, 48000.0, cuts);
  const auto plain_spectrum = test::PowerSpectrum(plain.left, 4096);
  const auto cut_spectrum = test::PowerSpectrum(cut.left, 4096);
  auto drop_db = [&](double low, double high) {
    return 10.0 * std::log10(test::BandPower(plain_spectrum, 48000.0, low, high) /
                             test::BandPower(cut_spectrum, 48000.0, low, high));
  };
  CHECK(drop_db(50.0, 100.0) > 20.0);      // two octaves below 400 Hz: ~24 dB
  CHECK(drop_db(1200.0, 1400.0) < 0.5);    // the passband is untouched
  CHECK(drop_db(16000.0, 20000.0) > 20.0); // two octaves above 4 kHz
  CHECK(drop_db(400.0, 400.0 + 12.0) == doctest::Approx(3.0).epsilon(0.3));  // -3 dB at the corner
}

TEST_CASE("Noise: high_cut must stay above low_cut") {
  ParamValues crossed;
  crossed["low_cut"] = Number(5000.0);
  crossed["high_cut"] = Number(1000.0);
  CHECK_THROWS_WITH_AS(RenderNoise("pink", 0.1, 48000.0, crossed), "high_cut must stay above low_cut",
                       ParamError);
}

TEST_CASE("Noise: the bed never repeats (no lag up to 10 s correlates)") {
  const auto noise = RenderNoise("white", 12.0, 48000.0);
  // A loop would show as an exact copy: compare the first second with every later second.
  const std::vector<float> head(noise.left.begin(), noise.left.begin() + 48000);
  for (int second = 1; second < 11; ++second) {
    const std::vector<float> later(noise.left.begin() + second * 48000,
                                   noise.left.begin() + (second + 1) * 48000);
    INFO("lag " << second << " s");
    CHECK(std::abs(test::Correlation(head, later)) < 0.02);
  }
}

}
}  // namespace tingle
