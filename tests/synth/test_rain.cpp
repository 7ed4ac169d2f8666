// Rain: the drop process and its documented rate, the bubble physics, and properties of
// the rendered texture (surfaces, heavy-tailed high bands, level, no repetition).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "support/alloc_counter.hpp"
#include "support/render_texture.hpp"
#include "support/signal_stats.hpp"
#include "synth/rain/drop_process.hpp"
#include "synth/rain/minnaert_bubble.hpp"
#include "synth/rain/rain.hpp"
#include "synth/rain/rain_rates.hpp"
#include "synth/rain/wind_gusts.hpp"
#include "synth/registry.hpp"

namespace tingle::synth {
namespace {

using test::ChoiceNamed;
using test::Number;
using test::RenderTexture;
using test::StereoBuffer;
using test::TextureRun;

constexpr double kSampleRate = 48000.0;
const std::string kSurfaceNames[] = {"leaves", "window", "roof", "puddle", "umbrella", "pavement"};

TextureRun Run(ParamValues values, double seconds, std::uint64_t seed = 1,
               double sample_rate = kSampleRate) {
  return test::MakeRun("rain", std::move(values), seconds, seed, sample_rate);
}

ParamValue SurfaceNamed(const std::string& name) { return ChoiceNamed("rain", "surface", name); }

using test::Mono;

using test::Fft;


double Kurtosis(const std::vector<double>& x) {
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  double m2 = 0.0, m4 = 0.0;
  for (double v : x) {
    const double d = (v - mean) * (v - mean);
    m2 += d;
    m4 += d * d;
  }
  m2 /= static_cast<double>(x.size());
  m4 /= static_cast<double>(x.size());
  return m4 / (m2 * m2);
}

// Hilbert envelope of the band [low_hz, high_hz) of a spectrum (FFT of a real signal):
// positive-frequency bins only, inverse-transformed, magnitude, decimated to 1 kHz.
std::vector<double> BandEnvelope(const std::vector<std::complex<double>>& spectrum,
                                 double sample_rate, double low_hz, double high_hz) {
  const std::size_t n = spectrum.size();
  std::vector<std::complex<double>> band(n);
  for (std::size_t k = 1; k < n / 2; ++k) {
    const double f = static_cast<double>(k) * sample_rate / static_cast<double>(n);
    if (f >= low_hz && f < high_hz) band[k] = 2.0 * spectrum[k];
  }
  Fft(band, true);
  const auto hop = static_cast<std::size_t>(sample_rate / 1000.0);
  std::vector<double> envelope;
  for (std::size_t i = 0; i < n; i += hop) envelope.push_back(std::abs(band[i]));
  return envelope;
}

// Envelope kurtosis of a high band of `x` and of Gaussian noise with exactly its power
// spectrum (the same magnitudes, random phases).
struct KurtosisPair {
  double signal;
  double gaussian;
};

KurtosisPair HighBandKurtosis(const std::vector<float>& x, double low_hz, double high_hz) {
  std::size_t n = 1;
  while (n * 2 <= x.size()) n *= 2;
  std::vector<std::complex<double>> spectrum(n);
  for (std::size_t i = 0; i < n; ++i) spectrum[i] = x[i];
  Fft(spectrum, false);
  std::vector<std::complex<double>> surrogate(n);
  Pcg32 phases(StreamSeed(99, "surrogate phases"));
  for (std::size_t k = 1; k < n / 2; ++k) {
    surrogate[k] = std::polar(std::abs(spectrum[k]), kTwoPi * phases.UnitDouble());
  }
  return {Kurtosis(BandEnvelope(spectrum, kSampleRate, low_hz, high_hz)),
          Kurtosis(BandEnvelope(surrogate, kSampleRate, low_hz, high_hz))};
}

// Level of each octave band (125 Hz .. 16 kHz), dB re the loudest.
std::vector<double> OctaveProfile(const StereoBuffer& buffer) {
  const std::vector<double> spectrum = test::PowerSpectrum(Mono(buffer), 4096);
  std::vector<double> levels;
  for (double low = 125.0; low < 16000.0; low *= 2.0) {
    levels.push_back(10.0 * std::log10(test::BandPower(spectrum, kSampleRate, low, 2.0 * low)));
  }
  const double loudest = *std::max_element(levels.begin(), levels.end());
  for (double& level : levels) level -= loudest;
  return levels;
}

// The strong tonal peaks of short frames: each 512-frame Hann window whose largest bin
// between low_hz and high_hz stands 12 dB over the median of the bins around it
// (±2 kHz) gives that bin's frequency and power.
struct TonalPeak {
  double hz;
  double power;
};

std::vector<TonalPeak> TonalPeaks(const std::vector<float>& x, double low_hz, double high_hz) {
  constexpr std::size_t kFrame = 512;
  std::vector<TonalPeak> peaks;
  std::vector<std::complex<double>> frame(kFrame);
  const double bin_hz = kSampleRate / kFrame;
  const auto first = static_cast<std::size_t>(low_hz / bin_hz);
  const auto last = static_cast<std::size_t>(high_hz / bin_hz);
  const auto reach = static_cast<std::size_t>(2000.0 / bin_hz);
  std::vector<double> power(kFrame / 2);
  for (std::size_t start = 0; start + kFrame <= x.size(); start += kFrame / 2) {
    for (std::size_t i = 0; i < kFrame; ++i) {
      const double window = 0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(i) / kFrame);
      frame[i] = window * x[start + i];
    }
    Fft(frame, false);
    for (std::size_t k = 0; k < kFrame / 2; ++k) power[k] = std::norm(frame[k]);
    std::size_t best = first;
    for (std::size_t k = first; k < last && k < kFrame / 2; ++k) {
      if (power[k] > power[best]) best = k;
    }
    std::vector<double> around;
    const std::size_t around_end = std::min(best + reach, kFrame / 2);
    for (std::size_t k = best > reach ? best - reach : 1; k < around_end; ++k) {
      if (k + 2 < best || k > best + 2) around.push_back(power[k]);
    }
    std::nth_element(around.begin(), around.begin() + around.size() / 2, around.end());
    if (power[best] > 15.85 * around[around.size() / 2]) {
      peaks.push_back({static_cast<double>(best) * bin_hz, power[best]});
    }
  }
  return peaks;
}

// The frequency below which half of the weight lies.
double WeightedMedian(std::vector<std::pair<double, double>> values) {
  std::sort(values.begin(), values.end());
  double total = 0.0;
  for (const auto& v : values) total += v.second;
  double sum = 0.0;
  for (const auto& v : values) {
    sum += v.second;
    if (sum >= 0.5 * total) return v.first;
  }
  return values.back().first;
}

// Where the Minnaert model puts a puddle's tonal energy for drops of mean diameter
// mean_mm: drop sizes as DropProcess draws them, bubble radii as MinnaertBubble spreads
// them, each bubble's energy A² / 2d with A ∝ R^1.5; the energy-weighted median f0.
double PredictedBubbleHz(double mean_mm) {
  Pcg32 draws(StreamSeed(3, "bubble model"));
  std::vector<std::pair<double, double>> bubbles;
  for (int i = 0; i < 100000; ++i) {
    const double exponential = -std::log(1.0 - draws.UnitDouble());
    const double share = std::min(
        DropProcess::kSmallestShare + (1.0 - DropProcess::kSmallestShare) * exponential,
        DropProcess::kLargestShare);
    const double diameter = std::min(mean_mm * share, kLargestDropMm);
    const double radius = MinnaertBubble::RadiusForDrop(diameter, 2.0 * draws.UnitDouble() - 1.0);
    const double amplitude = std::pow(radius, MinnaertBubble::kAmplitudeExponent);
    bubbles.push_back({MinnaertBubble::FrequencyHz(radius),
                       amplitude * amplitude / (2.0 * MinnaertBubble::DecayPerSecond(radius))});
  }
  return WeightedMedian(bubbles);
}

// Counts the drops the process plays in `seconds` at a constant rate and mean size.
std::int64_t CountDrops(double drops_per_second, double seconds, std::uint64_t seed) {
  DropProcess process;
  process.Prepare(seed);
  const double per_block = drops_per_second * kBlockFrames / kSampleRate;
  const auto blocks = static_cast<std::int64_t>(seconds * kSampleRate / kBlockFrames);
  std::int64_t count = 0;
  for (std::int64_t b = 0; b < blocks; ++b) {
    process.Block(b, per_block, 2.0, [&](const Drop&) { ++count; });
  }
  return count;
}

}  // namespace

TEST_SUITE("synth") {

TEST_CASE("Rain rates: the documented mapping from intensity and near_drops") {
  // Rain rate spans drizzle to downpour, log-linearly.
  CHECK(RainRateMmPerHour(0.0) == doctest::Approx(kDrizzleMmPerHour));
  CHECK(RainRateMmPerHour(1.0) == doctest::Approx(kDownpourMmPerHour));
  CHECK(RainRateMmPerHour(0.5) ==
        doctest::Approx(std::sqrt(kDrizzleMmPerHour * kDownpourMmPerHour)));
  // Gunn & Kinzer via Atlas et al.: a 2 mm drop falls at about 6.5 m/s, 5 mm at 9 m/s.
  CHECK(TerminalVelocity(2.0) == doctest::Approx(6.5).epsilon(0.03));
  CHECK(TerminalVelocity(5.0) == doctest::Approx(9.1).epsilon(0.03));
  // The closed-form flux equals the numerical integral of N(D) v(D) above 0.5 mm.
  for (double rain : {0.5, 7.0, 100.0}) {
    const double slope = kMarshallPalmerSlopeScale * std::pow(rain, kMarshallPalmerSlopeExponent);
    double integral = 0.0;
    for (double d = kAudibleDiameterMm; d < 20.0; d += 1.0e-4) {
      integral += kMarshallPalmerN0 * std::exp(-slope * (d + 0.5e-4)) *
                  TerminalVelocity(d + 0.5e-4) * 1.0e-4;
    }
    INFO("R = " << rain << " mm/h");
    CHECK(DropFluxPerSquareMetre(rain, kAudibleDiameterMm) ==
          doctest::Approx(integral).epsilon(0.002));
  }
  // Rates grow with intensity and scale with near_drops.
  double previous = 0.0;
  for (double intensity = 0.0; intensity <= 1.0; intensity += 0.1) {
    const double rate = NearDropsPerSecond(intensity, 1.0);
    CHECK(rate > previous);
    previous = rate;
    CHECK(NearDropsPerSecond(intensity, 0.25) == doctest::Approx(0.25 * rate));
  }
  CHECK(NearDropsPerSecond(0.0, 1.0) == doctest::Approx(23.0).epsilon(0.05));
  CHECK(NearDropsPerSecond(1.0, 1.0) == doctest::Approx(486.0).epsilon(0.05));
  CHECK(NearDropsPerSecond(0.7, 0.0) == 0.0);
  // Heavier rain brings bigger drops (Marshall–Palmer scale ∝ R^0.21).
  CHECK(MeanDropDiameterMm(2.0, 0.5) == doctest::Approx(2.0));
  CHECK(MeanDropDiameterMm(2.0, 1.0) > MeanDropDiameterMm(2.0, 0.0) * 3.0 - 1e-9);
}

TEST_CASE("Rain: near-drop onsets in 60 s match NearDropsPerSecond within 4 sqrt(N)") {
  for (double intensity : {0.0, 0.3, 0.5, 1.0}) {
    for (double near_drops : {0.1, 0.25, 1.0}) {
      const double expected = NearDropsPerSecond(intensity, near_drops) * 60.0;
      const auto seed = static_cast<std::uint64_t>(intensity * 100 + near_drops * 10);
      const std::int64_t count = CountDrops(NearDropsPerSecond(intensity, near_drops), 60.0, seed);
      INFO("intensity " << intensity << ", near_drops " << near_drops << ": " << count
                        << " drops, expected " << expected);
      CHECK(std::abs(static_cast<double>(count) - expected) < 4.0 * std::sqrt(expected));
    }
  }
}

TEST_CASE("Rain: drops arrive as a Poisson process (counts in 1 s windows: variance = mean)") {
  const double rate = NearDropsPerSecond(0.5, 0.25);
  DropProcess process;
  process.Prepare(5);
  const double per_block = rate * kBlockFrames / kSampleRate;
  const int windows = 300;
  const auto blocks_per_window = static_cast<std::int64_t>(kSampleRate / kBlockFrames);
  std::vector<double> counts(windows, 0.0);
  for (std::int64_t b = 0; b < windows * blocks_per_window; ++b) {
    process.Block(b, per_block, 2.0, [&](const Drop&) { counts[b / blocks_per_window] += 1.0; });
  }
  double mean = 0.0, variance = 0.0;
  for (double c : counts) mean += c;
  mean /= windows;
  for (double c : counts) variance += (c - mean) * (c - mean);
  variance /= windows - 1;
  INFO("mean " << mean << ", variance " << variance);
  // The dispersion index of a Poisson count over 300 windows is 1 ± 0.08 (1 sigma).
  CHECK(variance / mean > 0.7);
  CHECK(variance / mean < 1.3);
}

TEST_CASE("Rain: a block's drops are the same whoever asks, in frame order, sized about the mean") {
  DropProcess first, second;
  first.Prepare(17);
  second.Prepare(17);
  std::vector<double> sizes;
  for (std::int64_t b = 1000; b < 40000; ++b) {
    std::vector<Drop> a, c;
    first.Block(b, 0.3, 2.5, [&](const Drop& d) { a.push_back(d); });
    second.Block(b, 0.3, 2.5, [&](const Drop& d) { c.push_back(d); });
    REQUIRE(a.size() == c.size());
    for (std::size_t j = 0; j < a.size(); ++j) {
      CHECK(a[j].offset == c[j].offset);
      CHECK(a[j].diameter_mm == c[j].diameter_mm);
      if (j > 0) CHECK(a[j - 1].offset <= a[j].offset);
      CHECK(a[j].offset >= 0);
      CHECK(a[j].offset < kBlockFrames);
      CHECK(a[j].diameter_mm <= kLargestDropMm);
      sizes.push_back(a[j].diameter_mm);
    }
  }
  double mean = 0.0;
  for (double s : sizes) mean += s;
  mean /= static_cast<double>(sizes.size());
  CHECK(mean == doctest::Approx(2.5).epsilon(0.03));
  CHECK(*std::min_element(sizes.begin(), sizes.end()) >= 2.5 * DropProcess::kSmallestShare);
}

TEST_CASE("Minnaert bubble: f0 = 3.26 / R, van den Doel's decay and rise") {
  const double radius = 1.0e-3;
  CHECK(MinnaertBubble::FrequencyHz(radius) == doctest::Approx(3260.0));
  CHECK(MinnaertBubble::DecayPerSecond(radius) ==
        doctest::Approx(0.13 / radius + 0.0072 * std::pow(radius, -1.5)));
  CHECK(MinnaertBubble::RisePerSecond(radius) ==
        doctest::Approx(0.1 * MinnaertBubble::DecayPerSecond(radius)));
  // 1 mm drops ring near 13 kHz (Pumphrey & Crum 1989 measure 14 kHz), 4 mm near 3 kHz.
  CHECK(MinnaertBubble::FrequencyHz(MinnaertBubble::RadiusForDrop(1.0, 0.0)) ==
        doctest::Approx(13040.0).epsilon(0.01));
  CHECK(MinnaertBubble::FrequencyHz(MinnaertBubble::RadiusForDrop(4.0, 0.0)) ==
        doctest::Approx(3260.0).epsilon(0.01));
  // Larger bubbles ring lower and longer.
  CHECK(MinnaertBubble::T60Seconds(2.0e-3) > MinnaertBubble::T60Seconds(0.5e-3));
}

TEST_CASE("Rain: on a puddle, drops carry tonal bubbles whose pitch follows the drop size") {
  std::vector<double> medians;
  std::size_t puddle_peaks = 0;
  for (double size_mm : {1.0, 3.0}) {
    ParamValues values;
    values["surface"] = SurfaceNamed("puddle");
    values["drop_size_mm"] = Number(size_mm);
    values["near_drops"] = Number(0.5);
    values["intensity"] = Number(0.5);  // the mean drop is drop_size_mm
    const auto sound = RenderTexture(Run(values, 20.0, 4));
    const std::vector<TonalPeak> peaks = TonalPeaks(Mono(sound), 1000.0, 20000.0);
    std::vector<std::pair<double, double>> weighted;
    for (const TonalPeak& peak : peaks) weighted.push_back({peak.hz, peak.power});
    const double median = WeightedMedian(weighted);
    const double predicted = PredictedBubbleHz(size_mm);
    INFO("drop_size_mm " << size_mm << ": " << peaks.size()
                         << " tonal frames, power-weighted median " << median
                         << " Hz; Minnaert model " << predicted << " Hz");
    CHECK(peaks.size() > 150);
    // Within a quarter of the model (a frame's bin is 94 Hz wide; bubbles glide up).
    CHECK(median > 0.75 * predicted);
    CHECK(median < 1.33 * predicted);
    medians.push_back(median);
    puddle_peaks = std::max(puddle_peaks, peaks.size());
  }
  // Three times the size rings more than twice lower (less than three times: the
  // largest drops are capped at 6 mm).
  CHECK(medians[0] > 2.0 * medians[1]);
  // Pavement (a bubble only where a drop finds a film of water) is far less tonal.
  ParamValues pavement;
  pavement["surface"] = SurfaceNamed("pavement");
  pavement["near_drops"] = Number(0.5);
  const auto dry = RenderTexture(Run(pavement, 20.0, 4));
  CHECK(4 * TonalPeaks(Mono(dry), 1000.0, 20000.0).size() < puddle_peaks);
}

TEST_CASE("Rain: high-band envelopes are heavier-tailed than same-spectrum Gaussian noise") {
  for (const std::string& surface : kSurfaceNames) {
    ParamValues values;
    values["surface"] = SurfaceNamed(surface);
    const auto sound = RenderTexture(Run(values, 11.5, 8));
    for (double low_hz : {4000.0, 8000.0}) {
      const KurtosisPair k = HighBandKurtosis(Mono(sound), low_hz, 2.0 * low_hz);
      INFO(surface << ", " << low_hz << "-" << 2 * low_hz << " Hz: envelope kurtosis "
                   << k.signal << ", same-spectrum Gaussian " << k.gaussian);
      // A Rayleigh envelope has kurtosis 3.25; the drops must lift it clearly.
      CHECK(k.gaussian == doctest::Approx(3.25).epsilon(0.08));
      CHECK(k.signal > k.gaussian + 1.0);
    }
  }
}

TEST_CASE("Rain: the near drops make the high bands far more heavy-tailed than the bed alone") {
  ParamValues bed_only;
  bed_only["near_drops"] = Number(0.0);
  const KurtosisPair bed =
      HighBandKurtosis(Mono(RenderTexture(Run(bed_only, 11.5, 8))), 4000.0, 8000.0);
  ParamValues many;
  many["near_drops"] = Number(0.6);
  const KurtosisPair drops =
      HighBandKurtosis(Mono(RenderTexture(Run(many, 11.5, 8))), 4000.0, 8000.0);
  INFO("bed only " << bed.signal << " (Gaussian " << bed.gaussian << "), with drops "
                   << drops.signal);
  CHECK(drops.signal > bed.signal + 2.0);
}

TEST_CASE("Rain: surfaces differ measurably in spectrum") {
  std::vector<std::vector<double>> profiles;
  std::vector<double> centroids;
  for (const std::string& surface : kSurfaceNames) {
    ParamValues values;
    values["surface"] = SurfaceNamed(surface);
    values["near_drops"] = Number(0.5);
    profiles.push_back(OctaveProfile(RenderTexture(Run(values, 10.0, 2))));
    // The drops' own brightness: light rain (a bed 50 dB down) with every near drop heard.
    values["intensity"] = Number(0.0);
    values["near_drops"] = Number(1.0);
    const std::vector<double> spectrum =
        test::PowerSpectrum(Mono(RenderTexture(Run(values, 10.0, 2))), 4096);
    centroids.push_back(test::SpectralCentroid(spectrum, kSampleRate));
  }
  for (std::size_t a = 0; a < profiles.size(); ++a) {
    for (std::size_t b = a + 1; b < profiles.size(); ++b) {
      double sum = 0.0;
      for (std::size_t band = 0; band < profiles[a].size(); ++band) {
        const double d = profiles[a][band] - profiles[b][band];
        sum += d * d;
      }
      const double rms_db = std::sqrt(sum / static_cast<double>(profiles[a].size()));
      INFO(kSurfaceNames[a] << " vs " << kSurfaceNames[b] << ": " << rms_db << " dB RMS");
      CHECK(rms_db > 1.0);
    }
  }
  // Glass ticks are brighter than leaf pats; a tin roof rings higher than fabric.
  INFO("centroids: leaves " << centroids[0] << ", window " << centroids[1] << ", roof "
                            << centroids[2] << ", umbrella " << centroids[4]);
  CHECK(centroids[1] > centroids[0]);
  CHECK(centroids[2] > centroids[4]);
}

TEST_CASE("Rain: a tin roof rings on after its drops, leaves do not") {
  // Ringing stretches each drop's envelope: the autocorrelation of the 1-4 kHz envelope
  // 50 ms apart (light rain, every near drop heard, the bed far below).
  const auto envelope_memory = [](const std::string& surface) {
    ParamValues values;
    values["surface"] = SurfaceNamed(surface);
    values["intensity"] = Number(0.0);
    values["near_drops"] = Number(0.5);
    const std::vector<float> mono = Mono(RenderTexture(Run(values, 11.5, 6)));
    std::vector<std::complex<double>> spectrum(1 << 19);
    for (std::size_t i = 0; i < spectrum.size(); ++i) spectrum[i] = mono[i];
    Fft(spectrum, false);
    const std::vector<double> envelope = BandEnvelope(spectrum, kSampleRate, 1000.0, 4000.0);
    const std::vector<float> now(envelope.begin(), envelope.end() - 50);
    const std::vector<float> later(envelope.begin() + 50, envelope.end());
    return test::Correlation(now, later);
  };
  const double roof = envelope_memory("roof");
  const double leaves = envelope_memory("leaves");
  INFO("envelope autocorrelation at 50 ms: roof " << roof << ", leaves " << leaves);
  CHECK(roof > 0.1);
  CHECK(leaves < 0.05);
}

TEST_CASE("Rain: intensity raises the level and darkens the bed") {
  double previous_rms = 0.0;
  double previous_centroid = 1e9;
  for (double intensity : {0.0, 0.5, 1.0}) {
    ParamValues values;
    values["intensity"] = Number(intensity);
    values["near_drops"] = Number(0.0);
    const auto sound = RenderTexture(Run(values, 5.0, 3));
    const double rms = test::Rms(sound.left);
    const double centroid =
        test::SpectralCentroid(test::PowerSpectrum(Mono(sound), 4096), kSampleRate);
    INFO("intensity " << intensity << ": RMS " << rms << ", centroid " << centroid << " Hz");
    CHECK(rms > 2.0 * previous_rms);
    CHECK(centroid < previous_centroid);
    previous_rms = rms;
    previous_centroid = centroid;
  }
  // The bed's level follows BedLevels: the RMS of the four bands, within 0.5 dB.
  const auto levels = Rain::BedLevels(0.5, 0.0, SurfaceKind::kPavement);
  double power = 0.0;
  for (double level : levels) power += level * level;
  ParamValues values;
  values["near_drops"] = Number(0.0);
  const auto sound = RenderTexture(Run(values, 5.0, 3));
  const double level_db = 20.0 * std::log10(test::Rms(sound.left) / std::sqrt(power));
  INFO("bed level against BedLevels: " << level_db << " dB");
  CHECK(std::fabs(level_db) < 0.5);
}

TEST_CASE("Rain: wind gusts make the drop rate swell and ebb around the same mean") {
  WindGusts gusts;
  gusts.Prepare(StreamSeed(5, "gusts"));
  double mean = 0.0, lowest = 1e9, highest = -1e9;
  const int steps = 200000;
  for (int i = 0; i < steps; ++i) {
    const double strength = gusts.Strength(i * 0.05);
    mean += strength;
    lowest = std::min(lowest, strength);
    highest = std::max(highest, strength);
  }
  mean /= steps;
  // Mean 0 by construction, over 10 000 s (about 1400 slow knots).
  CHECK(std::abs(mean) < 0.05);
  CHECK(lowest >= -1.0);
  CHECK(highest <= 2.0);
  CHECK(highest - lowest > 1.5);
  // Counts in 5 s windows: Poisson (dispersion 1) without wind, overdispersed with it.
  const auto dispersion = [&](double wind) {
    DropProcess process;
    process.Prepare(9);
    const double base = NearDropsPerSecond(0.5, 0.25) * kBlockFrames / kSampleRate;
    const auto per_window = static_cast<std::int64_t>(5.0 * kSampleRate / kBlockFrames);
    std::vector<double> counts(120, 0.0);
    for (std::int64_t b = 0; b < 120 * per_window; ++b) {
      const double t = static_cast<double>(b * kBlockFrames) / kSampleRate;
      process.Block(b, base * Rain::DensityFactor(wind, gusts.Strength(t)), 2.0,
                    [&](const Drop&) { counts[b / per_window] += 1.0; });
    }
    double m = 0.0, v = 0.0;
    for (double c : counts) m += c;
    m /= static_cast<double>(counts.size());
    for (double c : counts) v += (c - m) * (c - m);
    v /= static_cast<double>(counts.size() - 1);
    return v / m;
  };
  const double calm = dispersion(0.0);
  const double windy = dispersion(1.0);
  INFO("dispersion calm " << calm << ", windy " << windy);
  CHECK(calm < 1.5);
  CHECK(windy > 3.0);
}

TEST_CASE("Rain: every surface at every extreme stays finite, DC-free and within full scale") {
  for (const std::string& surface : kSurfaceNames) {
    for (double level : {0.0, 1.0}) {
      ParamValues values;
      values["surface"] = SurfaceNamed(surface);
      values["intensity"] = Number(level);
      values["near_drops"] = Number(level);
      values["wind"] = Number(level);
      values["drop_size_mm"] = Number(level > 0.5 ? 5.0 : 0.5);
      const auto sound = RenderTexture(Run(values, 4.0, 12));
      INFO(surface << " at " << level);
      for (const auto* channel : {&sound.left, &sound.right}) {
        REQUIRE(test::AllFinite(*channel));
        CHECK(test::Peak(*channel) <= 1.0);
        CHECK(std::abs(test::Mean(*channel)) < 1e-3);
        CHECK(test::Rms(*channel) > 1e-4);
      }
    }
  }
}

TEST_CASE("Rain: Render allocates nothing at the busiest settings of every surface") {
  const synth::TextureEntry* entry = synth::FindTexture("rain");
  REQUIRE(entry != nullptr);
  for (const std::string& surface : kSurfaceNames) {
    ParamValues values;
    values["surface"] = SurfaceNamed(surface);
    values["intensity"] = Number(1.0);
    values["near_drops"] = Number(1.0);
    values["wind"] = Number(1.0);
    auto texture = entry->create(values);
    texture->Prepare({kSampleRate, 4, 48000 * 60});
    float left[kBlockFrames], right[kBlockFrames];
    std::int64_t allocations = 0;
    {
      test::AllocCounter counter;
      for (std::int64_t block = 0; block < 48000 * 3 / kBlockFrames; ++block) {
        texture->Render({block * kBlockFrames}, {left, right, kBlockFrames});
      }
      allocations = counter.count();
    }
    INFO(surface);
    CHECK(allocations == 0);
  }
}

TEST_CASE("Rain: the two ears hear decorrelated rain") {
  const auto sound = RenderTexture(Run({}, 5.0, 3));
  const double correlation = test::Correlation(sound.left, sound.right);
  INFO("L/R correlation " << correlation);
  CHECK(std::abs(correlation) < 0.3);
}

TEST_CASE("Rain: the same level and brightness at 44.1 and 96 kHz") {
  const auto at = [](double rate) {
    const auto sound = RenderTexture(Run({}, 10.0, 5, rate));
    const std::vector<double> spectrum =
        test::PowerSpectrum(Mono(sound), rate > 50000.0 ? 8192 : 4096);
    const double tilt_db = 10.0 * std::log10(test::BandPower(spectrum, rate, 2000.0, 8000.0) /
                                             test::BandPower(spectrum, rate, 200.0, 800.0));
    return std::pair<double, double>{test::Rms(sound.left), tilt_db};
  };
  const auto low = at(44100.0);
  const auto high = at(96000.0);
  INFO("RMS " << low.first << " vs " << high.first << "; tilt " << low.second << " vs "
              << high.second << " dB");
  CHECK(20.0 * std::log10(high.first / low.first) == doctest::Approx(0.0).epsilon(1.0));
  CHECK(high.second == doctest::Approx(low.second).epsilon(2.0));
}

TEST_CASE("Rain: a layer that starts late plays the drops a full render plays there") {
  // The same drops (counter-based), and those landed during the pre-roll still ring:
  // the high-band envelopes of a full render and of a late start correlate strongly
  // (the bed's noise differs; it is quiet here, and muffled by the window).
  ParamValues values;
  values["surface"] = SurfaceNamed("window");
  values["intensity"] = Number(0.0);
  values["near_drops"] = Number(1.0);
  values["drop_size_mm"] = Number(4.0);
  const synth::TextureEntry* entry = synth::FindTexture("rain");
  const std::int64_t start = 48000 * 30;  // 30 s
  constexpr std::size_t kLength = 1 << 16;
  const auto render = [&](std::int64_t from) {
    auto texture = entry->create(values);
    texture->Prepare({kSampleRate, 6, start + 48000 * 4});
    std::vector<float> mono;
    float left[kBlockFrames], right[kBlockFrames];
    for (std::int64_t frame = from; mono.size() < kLength; frame += kBlockFrames) {
      texture->Render({frame}, {left, right, kBlockFrames});
      if (frame >= start) {
        for (int i = 0; i < kBlockFrames; ++i) mono.push_back(0.5f * (left[i] + right[i]));
      }
    }
    return mono;
  };
  const auto high_envelope = [](const std::vector<float>& x) {
    std::vector<std::complex<double>> spectrum(kLength);
    for (std::size_t i = 0; i < kLength; ++i) spectrum[i] = x[i];
    Fft(spectrum, false);
    const std::vector<double> envelope = BandEnvelope(spectrum, kSampleRate, 2000.0, 16000.0);
    return std::vector<float>(envelope.begin(), envelope.end());
  };
  const std::vector<float> full = render(0);
  const std::vector<float> late = render(start);
  const double correlation = test::Correlation(high_envelope(full), high_envelope(late));
  INFO("2-16 kHz envelope correlation " << correlation);
  CHECK(correlation > 0.8);
  CHECK(test::Rms(late) == doctest::Approx(test::Rms(full)).epsilon(0.1));
}

TEST_CASE("Rain: an hour never repeats (envelope autocorrelation beyond 1 s stays at chance)") {
  const synth::TextureEntry* entry = synth::FindTexture("rain");
  for (double wind : {0.0, 0.6}) {
    ParamValues values;
    values["wind"] = Number(wind);
    auto texture = entry->create(values);
    // An hour at the defaults; half an hour with gusts (their own check, beyond 60 s).
    const std::int64_t total = wind > 0.0 ? 48000LL * 1800 : 48000LL * 3600;
    texture->Prepare({kSampleRate, 21, total});
    // Energy in 100 ms frames (75 blocks).
    constexpr int kBlocksPerFrame = 75;
    std::vector<double> energy;
    float left[kBlockFrames], right[kBlockFrames];
    double sum = 0.0;
    int blocks = 0;
    for (std::int64_t frame = 0; frame < total; frame += kBlockFrames) {
      texture->Render({frame}, {left, right, kBlockFrames});
      for (int i = 0; i < kBlockFrames; ++i) sum += static_cast<double>(left[i]) * left[i];
      if (++blocks == kBlocksPerFrame) {
        energy.push_back(std::log(sum + 1e-20));
        sum = 0.0;
        blocks = 0;
      }
    }
    const std::size_t n = energy.size();
    double mean = 0.0;
    for (double e : energy) mean += e;
    mean /= static_cast<double>(n);
    std::vector<std::complex<double>> data(1 << 17);
    for (std::size_t i = 0; i < n; ++i) data[i] = energy[i] - mean;
    Fft(data, false);
    for (auto& d : data) d = std::norm(d);
    Fft(data, true);
    const double zero_lag = data[0].real();
    // Gusts correlate the envelope over tens of seconds; repetition would show as a peak
    // far beyond. Chance level: Bartlett's standard error of the autocorrelation with
    // the short-lag correlations, 1 .. short_lags frames.
    const std::size_t short_lags = wind > 0.0 ? 600 : 10;  // 60 s with gusts, else 1 s
    double bartlett = 1.0;
    for (std::size_t lag = 1; lag < short_lags; ++lag) {
      const double r = data[lag].real() / zero_lag;
      bartlett += 2.0 * r * r;
    }
    const double standard_error = std::sqrt(bartlett / static_cast<double>(n));
    double largest = 0.0;
    std::size_t at = 0;
    for (std::size_t lag = short_lags; lag < n / 2; ++lag) {
      const double r = std::abs(data[lag].real() / zero_lag);
      if (r > largest) {
        largest = r;
        at = lag;
      }
    }
    INFO("wind " << wind << ": largest |r| " << largest << " at " << at * 0.1 << " s; "
                 << "standard error " << standard_error);
    CHECK(largest < 5.5 * standard_error);
  }
}

}
}  // namespace tingle::synth
