// Whisper: no pitch, formants where the babble schedules them, the syllable rate and the
// pause share asked for, languages that differ and stay themselves, and the usual
// guarantees (finite, DC-free, unclipped, deterministic, allocation-free, late starts).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/svf.hpp"
#include "support/alloc_counter.hpp"
#include "support/render_texture.hpp"
#include "support/signal_stats.hpp"
#include "synth/registry.hpp"
#include "synth/whisper/babble.hpp"
#include "synth/whisper/letter_to_sound.hpp"
#include "synth/whisper/tract_glide.hpp"
#include "synth/whisper/whisper.hpp"

namespace tingle::synth {
namespace {

using test::Mono;
using test::Number;
using test::RenderTexture;
using whisper::Babble;
using whisper::Phrase;
using whisper::Segment;
using whisper::SegmentRole;

constexpr double kSampleRate = 48000.0;

test::TextureRun Run(ParamValues values, double seconds, std::uint64_t seed = 1,
                     double sample_rate = kSampleRate) {
  return test::MakeRun("whisper", std::move(values), seconds, seed, sample_rate);
}

WhisperSettings SettingsOf(const ParamValues& values) {
  WhisperSettings settings;
  BindParams(kWhisperParams, values, settings);
  return settings;
}

// Every segment the texture schedules in its first `seconds`, as it asks for them.
std::vector<Segment> Schedule(const ParamValues& values, std::uint64_t seed, double seconds) {
  const WhisperSettings settings = SettingsOf(values);
  Babble babble;
  Whisper::PrepareBabble(settings, seed, babble);
  auto phrase = std::make_unique<Phrase>();
  std::vector<Segment> segments;
  double start = 0.0;
  while (start < seconds) {
    Whisper::NextPhrase(settings, start, babble, *phrase);
    for (int i = 0; i < phrase->segment_count; ++i) segments.push_back(phrase->segments[static_cast<std::size_t>(i)]);
    start = phrase->end_s;
  }
  return segments;
}

using test::Fft;


// Linear prediction: coefficients a[1..order] of A(z) = 1 + sum a_k z^-k from an
// autocorrelation (Levinson-Durbin).
std::vector<double> Levinson(const std::vector<double>& r, int order) {
  std::vector<double> a(static_cast<std::size_t>(order) + 1, 0.0), previous;
  a[0] = 1.0;
  double error = r[0];
  for (int i = 1; i <= order; ++i) {
    double acc = r[static_cast<std::size_t>(i)];
    for (int j = 1; j < i; ++j) acc += a[static_cast<std::size_t>(j)] * r[static_cast<std::size_t>(i - j)];
    const double k = -acc / error;
    previous = a;
    for (int j = 1; j < i; ++j) {
      a[static_cast<std::size_t>(j)] = previous[static_cast<std::size_t>(j)] + k * previous[static_cast<std::size_t>(i - j)];
    }
    a[static_cast<std::size_t>(i)] = k;
    error *= 1.0 - k * k;
  }
  return a;
}

// The largest local maximum of the normalised autocorrelation of x[begin, begin + n)
// between lags of 1/400 s and 1/60 s (pitches of 60-400 Hz), after LPC inverse
// filtering. Formant resonances correlate even pure noise over a few milliseconds, and
// a 40 ms frame of such coloured noise shows random autocorrelation peaks of 0.3-0.5;
// whitening first (the SIFT pitch tracker: Markel, IEEE Trans. Audio Electroacoust. 20,
// 367, 1972) leaves only what a glottal pulse train would leave: peaks at the pitch
// period, near 1 for voiced sound, about 0.1 for noise. Lags are normalised for their
// overlap (unbiased), so long periods are not penalised.
double PitchPeak(const std::vector<float>& x, std::size_t begin, std::size_t n, double sample_rate) {
  constexpr int kOrder = 24;
  // Autocorrelation of the Hann-windowed frame, with a -30 dB white floor (so the
  // inverse filter never boosts a spectral hole without bound).
  std::vector<double> r(kOrder + 1, 0.0);
  std::vector<double> windowed(n);
  for (std::size_t i = 0; i < n; ++i) {
    windowed[i] = x[begin + i] * (0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(i) / static_cast<double>(n - 1)));
  }
  for (std::size_t lag = 0; lag <= kOrder; ++lag) {
    for (std::size_t i = lag; i < n; ++i) r[lag] += windowed[i] * windowed[i - lag];
  }
  if (r[0] <= 0.0) return 0.0;
  r[0] *= 1.001;
  const std::vector<double> a = Levinson(r, kOrder);
  std::vector<double> residual;
  for (std::size_t i = kOrder; i < n; ++i) {
    double e = x[begin + i];
    for (std::size_t k = 1; k <= kOrder; ++k) e += a[k] * x[begin + i - k];
    residual.push_back(e);
  }
  const std::size_t m = residual.size();
  std::size_t size = 1;
  while (size < 2 * m) size *= 2;
  std::vector<std::complex<double>> data(size);
  for (std::size_t i = 0; i < m; ++i) data[i] = residual[i];
  Fft(data, false);
  for (auto& d : data) d = std::norm(d);
  Fft(data, true);
  const auto shortest = static_cast<std::size_t>(sample_rate / 400.0);
  const auto longest = static_cast<std::size_t>(sample_rate / 60.0);
  const double zero = data[0].real();
  const auto at = [&](std::size_t lag) {
    return data[lag].real() / zero * static_cast<double>(m) / static_cast<double>(m - lag);
  };
  double peak = 0.0;
  for (std::size_t lag = shortest; lag <= longest; ++lag) {
    const double value = at(lag);
    if (value >= at(lag - 1) && value >= at(lag + 1)) peak = std::max(peak, value);
  }
  return peak;
}

// Largest PitchPeak over the 40 ms frames of x whose RMS is within 50 dB of the
// loudest frame's.
double LargestPitchPeak(const std::vector<float>& x, double sample_rate) {
  const auto frame = static_cast<std::size_t>(0.04 * sample_rate);
  std::vector<double> rms;
  for (std::size_t start = 0; start + frame <= x.size(); start += frame) {
    double sum = 0.0;
    for (std::size_t i = 0; i < frame; ++i) sum += static_cast<double>(x[start + i]) * x[start + i];
    rms.push_back(std::sqrt(sum / static_cast<double>(frame)));
  }
  const double loudest = *std::max_element(rms.begin(), rms.end());
  double largest = 0.0;
  for (std::size_t f = 0; f < rms.size(); ++f) {
    if (rms[f] < loudest * 3.16e-3) continue;
    largest = std::max(largest, PitchPeak(x, f * frame, frame, sample_rate));
  }
  return largest;
}

// Roots of z^p + a1 z^(p-1) + ... + ap (Durand-Kerner iteration).
std::vector<std::complex<double>> Roots(const std::vector<double>& a) {
  const std::size_t p = a.size() - 1;
  std::vector<std::complex<double>> z(p);
  for (std::size_t i = 0; i < p; ++i) z[i] = std::pow(std::complex<double>(0.4, 0.9), static_cast<double>(i));
  for (int iteration = 0; iteration < 500; ++iteration) {
    for (std::size_t i = 0; i < p; ++i) {
      std::complex<double> value = 1.0;
      for (std::size_t k = 1; k <= p; ++k) value = value * z[i] + a[k];
      std::complex<double> denominator = 1.0;
      for (std::size_t j = 0; j < p; ++j) {
        if (j != i) denominator *= z[i] - z[j];
      }
      z[i] -= value / denominator;
    }
  }
  return z;
}

// High enough to resolve F1-F4 and the slopes around them in an averaged spectrum.
constexpr int kLpcOrder = 18;
constexpr double kLpcRate = kSampleRate / 4.0;

// Autocorrelation (lags 0..kLpcOrder, normalised to r[0] = 1) of x[begin, begin + n)
// low-passed at 5.5 kHz (windowed sinc), decimated to 12 kHz and Hann-windowed.
std::vector<double> DecimatedAutocorrelation(const std::vector<float>& x, std::size_t begin,
                                             std::size_t n) {
  constexpr int kTaps = 96;
  constexpr double kCutoff = 5500.0 / kSampleRate;
  std::vector<double> decimated;
  for (std::size_t i = begin; i + kTaps < begin + n; i += 4) {
    double sum = 0.0;
    for (int k = 0; k < kTaps; ++k) {
      const double m = k - (kTaps - 1) / 2.0;
      const double sinc = m == 0.0 ? 2.0 * kCutoff : std::sin(kTwoPi * kCutoff * m) / (kPi * m);
      const double window = 0.54 - 0.46 * std::cos(kTwoPi * k / (kTaps - 1));
      sum += sinc * window * x[i + static_cast<std::size_t>(k)];
    }
    decimated.push_back(sum);
  }
  const std::size_t m = decimated.size();
  for (std::size_t i = 0; i < m; ++i) decimated[i] *= 0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(i) / static_cast<double>(m - 1));
  std::vector<double> r(kLpcOrder + 1, 0.0);
  for (std::size_t lag = 0; lag <= kLpcOrder; ++lag) {
    for (std::size_t i = lag; i < m; ++i) r[lag] += decimated[i] * decimated[i - lag];
  }
  for (std::size_t lag = kLpcOrder + 1; lag-- > 0;) r[lag] /= r[0];
  return r;
}

// Spectral-envelope peaks: frequencies (Hz) of the LPC poles narrower than 800 Hz, from
// an autocorrelation at 12 kHz.
std::vector<double> LpcPeaks(const std::vector<double>& r) {
  std::vector<double> peaks;
  for (const auto& z : Roots(Levinson(r, kLpcOrder))) {
    if (z.imag() <= 0.0) continue;
    const double hz = std::arg(z) * kLpcRate / kTwoPi;
    const double bandwidth = -std::log(std::abs(z)) * kLpcRate / kPi;
    if (hz > 150.0 && bandwidth < 800.0) peaks.push_back(hz);
  }
  std::sort(peaks.begin(), peaks.end());
  return peaks;
}

// Level (dB) of x in Hann-windowed 20 ms frames every `hop` seconds, whole band.
std::vector<double> FrameLevels(const std::vector<float>& x, double sample_rate, double hop) {
  const auto frame = static_cast<std::size_t>(0.02 * sample_rate);
  const auto step = static_cast<std::size_t>(hop * sample_rate);
  std::vector<double> window(frame);
  for (std::size_t i = 0; i < frame; ++i) window[i] = 0.5 - 0.5 * std::cos(kTwoPi * static_cast<double>(i) / frame);
  std::vector<double> levels;
  for (std::size_t start = 0; start + frame <= x.size(); start += step) {
    double power = 1e-20;
    for (std::size_t i = 0; i < frame; ++i) {
      const double v = window[i] * x[start + i];
      power += v * v;
    }
    levels.push_back(10.0 * std::log10(power));
  }
  return levels;
}

// x through a 300-3000 Hz band-pass (12 dB/oct on each side: Butterworth high- and
// low-pass state-variable filters).
std::vector<float> VowelBand(const std::vector<float>& x, double sample_rate) {
  dsp::Svf high_pass, low_pass;
  high_pass.set_f_q(300.0 / sample_rate, dsp::kButterworthQ);
  low_pass.set_f_q(3000.0 / sample_rate, dsp::kButterworthQ);
  std::vector<float> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    y[i] = low_pass.Process<dsp::FilterMode::kLowPass>(high_pass.Process<dsp::FilterMode::kHighPass>(x[i]));
  }
  return y;
}

double Percentile(std::vector<double> values, double share) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(share * static_cast<double>(values.size() - 1))];
}

// Syllable nuclei in the audio: peaks of the 300-3000 Hz level (5 ms frames, smoothed
// over 25 ms; the band of F1 and F2, where vowels are loud and consonants weak)
// standing at least 4 dB above the dips on both sides and within 20 dB of the loud
// frames (a released final stop's short puff is no syllable).
int CountNuclei(const std::vector<float>& x, double sample_rate) {
  constexpr double kProminenceDb = 4.0;
  constexpr double kFloorDb = 20.0;
  const std::vector<double> raw = FrameLevels(VowelBand(x, sample_rate), sample_rate, 0.005);
  std::vector<double> level(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    double sum = 0.0;
    int count = 0;
    for (std::size_t j = i >= 2 ? i - 2 : 0; j <= i + 2 && j < raw.size(); ++j, ++count) sum += raw[j];
    level[i] = sum / count;
  }
  const double floor = Percentile(level, 0.95) - kFloorDb;
  int count = 0;
  for (std::size_t i = 1; i + 1 < level.size(); ++i) {
    if (level[i] < floor || level[i] < level[i - 1] || level[i] < level[i + 1]) continue;
    // The deepest dip on each side before a higher level.
    double left = level[i], right = level[i];
    for (std::size_t j = i; j-- > 0 && level[j] <= level[i];) left = std::min(left, level[j]);
    for (std::size_t j = i + 1; j < level.size() && level[j] < level[i]; ++j) right = std::min(right, level[j]);
    if (level[i] - left >= kProminenceDb && level[i] - right >= kProminenceDb) ++count;
  }
  return count;
}

// Share of the time between the first and the last phrase onset heard that is pause:
// runs of at least 200 ms (longer than any stop closure) whose level (10 ms frames)
// stays `below_db` under the loudest speech (99th percentile). Breath intakes, soft as
// they are, count as pause.
double MeasuredPauseShare(const std::vector<float>& x, double sample_rate, double below_db) {
  constexpr double kHop = 0.01;
  const std::vector<double> level = FrameLevels(x, sample_rate, kHop);
  const double threshold = Percentile(level, 0.99) - below_db;
  const auto min_run = static_cast<std::size_t>(0.2 / kHop);
  std::vector<bool> pause(level.size(), false);
  for (std::size_t i = 0; i < level.size();) {
    std::size_t j = i;
    while (j < level.size() && level[j] < threshold) ++j;
    if (j - i >= min_run) std::fill(pause.begin() + static_cast<std::ptrdiff_t>(i), pause.begin() + static_cast<std::ptrdiff_t>(j), true);
    i = j == i ? i + 1 : j;
  }
  // Whole cycles: from the first speech after a pause to the last.
  std::size_t first = 0, last = 0;
  for (std::size_t i = 1; i < pause.size(); ++i) {
    if (pause[i - 1] && !pause[i]) {
      if (first == 0) first = i;
      last = i;
    }
  }
  if (last <= first) return -1.0;
  std::size_t paused = 0;
  for (std::size_t i = first; i < last; ++i) paused += pause[i] ? 1 : 0;
  return static_cast<double>(paused) / static_cast<double>(last - first);
}

}  // namespace

TEST_SUITE("synth") {

TEST_CASE("Whisper: no pitch, the autocorrelation peak at 60-400 Hz lags stays below 0.3") {
  // The measure itself finds pitch: a voiced vowel (a 150 Hz pulse train, falling
  // 6 dB/oct as glottal flow and radiation make it, with two formants on top) with
  // breath noise 20 dB down is flagged.
  {
    std::vector<float> voiced(48000);
    Pcg32 noise(StreamSeed(3, "buzz"));
    double tilt = 0.0, y1[2] = {0.0, 0.0}, y2[2] = {0.0, 0.0};
    const auto resonator = [](double hz, double bandwidth, double in, double (&y)[2]) {
      const double radius = std::exp(-kPi * bandwidth / kSampleRate);
      const double out = in + 2.0 * radius * std::cos(kTwoPi * hz / kSampleRate) * y[0] - radius * radius * y[1];
      y[1] = y[0];
      y[0] = out;
      return out;
    };
    for (std::size_t i = 0; i < voiced.size(); ++i) {
      tilt += 0.06 * ((i % 320 == 0 ? 1.0 : 0.0) - tilt);
      voiced[i] = static_cast<float>(tilt + 0.02 * resonator(700.0, 90.0, tilt, y1) +
                                     0.02 * resonator(1200.0, 120.0, tilt, y2));
    }
    const double rms = test::Rms(voiced);
    for (float& v : voiced) v += static_cast<float>(0.03 * rms * std::sqrt(3.0)) * noise.SignedFloat();
    const double peak = LargestPitchPeak(voiced, kSampleRate);
    INFO("voiced vowel: largest peak " << peak);
    CHECK(peak > 0.6);
  }
  struct Setting {
    const char* voice;
    double breathiness;
    double closeness;
  };
  for (const Setting& setting : {Setting{"low", 0.0, 1.0}, Setting{"mid", 0.5, 0.4}, Setting{"high", 1.0, 0.0}}) {
    ParamValues values;
    values["voice"] = test::ChoiceNamed("whisper", "voice", setting.voice);
    values["breathiness"] = Number(setting.breathiness);
    values["closeness"] = Number(setting.closeness);
    const auto sound = RenderTexture(Run(values, 10.0, 4));
    const double peak = LargestPitchPeak(sound.left, kSampleRate);
    INFO("voice " << std::string(setting.voice) << ", breathiness " << setting.breathiness
                  << ", closeness " << setting.closeness << ": largest peak " << peak);
    CHECK(peak < 0.3);
  }
}

TEST_CASE("Whisper: spectral peaks (LPC) sit within 10 % of the scheduled F1 and F2 of each vowel") {
  // The middle 60 ms of every vowel long enough to reach its targets; the spectra of each
  // vowel's instances are averaged (a single 60 ms stretch of noise gives too rough a
  // spectrum: its LPC poles scatter by some 10 %), then LPC at 12 kHz gives the
  // envelope's peaks, against the instances' mean targets (they vary by ±4 %).
  for (const char* voice : {"low", "mid", "high"}) {
    ParamValues values;
    values["voice"] = test::ChoiceNamed("whisper", "voice", voice);
    values["rate"] = Number(3.0);
    constexpr double kSeconds = 24.0;
    const auto sound = RenderTexture(Run(values, kSeconds, 9));
    const std::vector<float> mono = Mono(sound);
    // Per vowel: the summed autocorrelations, the summed F1 and F2 targets, and how many.
    struct Pool {
      std::vector<double> r;
      double f1 = 0.0, f2 = 0.0;
      int times = 0;
    };
    std::map<int, Pool> pools;
    for (const Segment& seg : Schedule(values, 9, kSeconds)) {
      if (seg.role != SegmentRole::kNucleus || seg.end_s > kSeconds - 0.1) continue;
      if (seg.end_s - seg.start_s < 0.1) continue;
      const double middle = 0.5 * (seg.start_s + seg.end_s);
      const auto begin = static_cast<std::size_t>((middle - 0.03) * kSampleRate);
      const std::vector<double> r =
          DecimatedAutocorrelation(mono, begin, static_cast<std::size_t>(0.06 * kSampleRate));
      Pool& pool = pools[seg.phone];
      pool.r.resize(r.size(), 0.0);
      for (std::size_t lag = 0; lag < r.size(); ++lag) pool.r[lag] += r[lag];
      pool.f1 += seg.formant_hz[0];
      pool.f2 += seg.formant_hz[1];
      ++pool.times;
    }
    int vowels = 0;
    for (const auto& entry : pools) {
      const Pool& pool = entry.second;
      if (pool.times < 3) continue;
      ++vowels;
      const std::vector<double> peaks = LpcPeaks(pool.r);
      for (int n = 0; n < 2; ++n) {
        const double target = (n == 0 ? pool.f1 : pool.f2) / pool.times;
        double nearest = 0.0;
        for (double p : peaks) {
          if (std::abs(p - target) < std::abs(nearest - target)) nearest = p;
        }
        INFO("voice " << std::string(voice) << ", vowel " << whisper::PhoneOf(entry.first).symbol
                      << " (" << pool.times << " times): F" << n + 1 << " target " << target
                      << " Hz, measured " << nearest << " Hz");
        CHECK(std::abs(nearest / target - 1.0) < 0.10);
      }
    }
    INFO("voice " << std::string(voice));
    CHECK(vowels >= 3);
  }
}

TEST_CASE("Whisper: syllable nuclei heard per second match rate within 15 %") {
  for (double rate : {2.0, 6.0}) {
    ParamValues values;
    values["rate"] = Number(rate);
    values["pause"] = Number(0.0);
    constexpr double kSeconds = 30.0;
    const auto sound = RenderTexture(Run(values, kSeconds, 5));
    const int nuclei = CountNuclei(Mono(sound), kSampleRate);
    const double heard = nuclei / kSeconds;
    INFO("rate " << rate << ": " << nuclei << " nuclei in " << kSeconds << " s = " << heard << "/s");
    CHECK(std::abs(heard / rate - 1.0) < 0.15);
  }
}

TEST_CASE("Whisper: two languages differ in syllable statistics, one language keeps them") {
  // Phone frequencies over 3000 syllables of babble.
  const auto statistics = [](double language, std::uint64_t seed) {
    ParamValues values;
    values["language"] = Number(language);
    std::map<int, double> counts;
    double total = 0.0;
    for (const Segment& seg : Schedule(values, seed, 1200.0)) {
      // Count each phone once (a stop's closure stands for it).
      if (seg.phone >= whisper::kPhoneCount || seg.role == SegmentRole::kBurst ||
          seg.role == SegmentRole::kAspiration) {
        continue;
      }
      counts[seg.phone] += 1.0;
      total += 1.0;
    }
    for (auto& c : counts) c.second /= total;
    return counts;
  };
  const auto distance = [](std::map<int, double> a, std::map<int, double> b) {
    double sum = 0.0;
    for (int id = 0; id < whisper::kPhoneCount; ++id) sum += std::abs(a[id] - b[id]);
    return 0.5 * sum;  // total variation
  };
  for (double other : {2.0, 3.0, 77.0}) {
    const double between = distance(statistics(1.0, 1), statistics(other, 1));
    INFO("language 1 vs " << other << ": total variation " << between);
    CHECK(between > 0.25);
  }
  for (double language : {1.0, 2.0, 3.0}) {
    const double within = distance(statistics(language, 1), statistics(language, 2));
    INFO("language " << language << ", two seeds: total variation " << within);
    CHECK(within < 0.06);
  }
  // The same language and seed, the same schedule.
  ParamValues values;
  values["language"] = Number(7.0);
  const std::vector<Segment> a = Schedule(values, 3, 60.0), b = Schedule(values, 3, 60.0);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].phone == b[i].phone);
    CHECK(a[i].start_s == b[i].start_s);
  }
}

TEST_CASE("Whisper: pauses take the share of time pause asks for, within 10 %") {
  for (double pause : {0.3, 0.8}) {
    ParamValues values;
    values["pause"] = Number(pause);
    constexpr double kSeconds = 120.0;
    const auto sound = RenderTexture(Run(values, kSeconds, 8));
    const double share = MeasuredPauseShare(Mono(sound), kSampleRate, 26.0);
    const double asked = Babble::PauseShare(pause);
    INFO("pause " << pause << ": asked " << asked << " of the time, heard " << share);
    CHECK(std::abs(share / asked - 1.0) < 0.10);
  }
}

TEST_CASE("Whisper: every parameter at its extremes renders finite, DC-free, unclipped sound") {
  const TextureEntry* entry = FindTexture("whisper");
  REQUIRE(entry != nullptr);
  std::vector<std::pair<std::string, ParamValues>> cases;
  for (const ParamInfo& info : entry->params) {
    const std::string key(info.key);
    if (info.kind == ParamKind::kNumber) {
      for (double value : {info.min, info.max}) {
        ParamValues values;
        values[key] = Number(value);
        cases.push_back({key + " = " + std::to_string(value), values});
      }
    } else if (info.kind == ParamKind::kChoice) {
      for (std::size_t c = 0; c < info.choices.size(); ++c) {
        ParamValues values;
        values[key].choice = static_cast<int>(c);
        cases.push_back({key + " = " + std::string(info.choices[c].name), values});
      }
    } else {
      ParamValues values;
      values[key].text = "Hush now. Sleep, little one; the stars are out!";
      cases.push_back({key + " = a phrase", values});
      values[key].text = "?? 123 ...";
      cases.push_back({key + " = no letters", values});
    }
  }
  // Everything at once at both ends.
  for (bool high : {false, true}) {
    ParamValues values;
    for (const ParamInfo& info : entry->params) {
      if (info.kind == ParamKind::kNumber) values[std::string(info.key)] = Number(high ? info.max : info.min);
      if (info.kind == ParamKind::kChoice) values[std::string(info.key)].choice = high ? static_cast<int>(info.choices.size()) - 1 : 0;
    }
    cases.push_back({high ? "all at maximum" : "all at minimum", values});
  }
  for (const auto& item : cases) {
    const auto sound = RenderTexture(Run(item.second, 6.0, 2));
    INFO(item.first);
    REQUIRE(test::AllFinite(sound.left));
    // Below the safety saturator's knee (0.8): nothing clipped, nothing even rounded.
    CHECK(test::Peak(sound.left) < 0.8);
    CHECK(std::abs(test::Mean(sound.left)) < 1e-4);
    CHECK(test::Rms(sound.left) > 1e-3);
    CHECK(std::memcmp(sound.left.data(), sound.right.data(), sound.left.size() * sizeof(float)) == 0);
  }
}

TEST_CASE("Whisper: sibilance, closeness and voice change the sound the way they say") {
  // Sibilance: the level above 4 kHz inside the scheduled s (a language with many), at
  // sibilance 1 against 0. The lane moves by 20 dB; what else sounds there during an s
  // (the tract's own noise, the crossfades with its neighbours) takes a little of it.
  const auto sibilant_db = [](double sibilance) {
    ParamValues values;
    values["language"] = Number(6.0);
    values["sibilance"] = Number(sibilance);
    const auto sound = RenderTexture(Run(values, 20.0, 7));
    dsp::Svf first, second;
    first.set_f_q(4000.0 / kSampleRate, dsp::kButterworthQ);
    second.set_f_q(4000.0 / kSampleRate, dsp::kButterworthQ);
    std::vector<float> high(sound.left.size());
    for (std::size_t i = 0; i < high.size(); ++i) {
      high[i] = second.Process<dsp::FilterMode::kHighPass>(first.Process<dsp::FilterMode::kHighPass>(sound.left[i]));
    }
    double power = 0.0;
    for (const Segment& seg : Schedule(values, 7, 20.0)) {
      if (seg.role != SegmentRole::kConsonant || seg.phone != whisper::kS) continue;
      for (auto i = static_cast<std::size_t>(seg.start_s * kSampleRate);
           i < static_cast<std::size_t>(seg.end_s * kSampleRate) && i < high.size(); ++i) {
        power += static_cast<double>(high[i]) * high[i];
      }
    }
    return 10.0 * std::log10(power);
  };
  const double hiss = sibilant_db(1.0) - sibilant_db(0.0);
  // Closeness: the low end (below 300 Hz) against the whole grows as the mouth nears
  // the ear (proximity).
  const auto low_db = [](double closeness) {
    ParamValues values;
    values["closeness"] = Number(closeness);
    const auto sound = RenderTexture(Run(values, 20.0, 7));
    const std::vector<double> spectrum = test::PowerSpectrum(sound.left, 4096);
    return 10.0 * std::log10(test::BandPower(spectrum, kSampleRate, 50.0, 300.0) /
                             test::BandPower(spectrum, kSampleRate, 50.0, 16000.0));
  };
  const double body = low_db(1.0) - low_db(0.0);
  // Voice: a 14.5 cm tract puts the formants 21 % above a 17.5 cm one; the spectral
  // centroid (200 Hz - 6 kHz) follows.
  const auto centroid = [](const char* voice) {
    ParamValues values;
    values["voice"] = test::ChoiceNamed("whisper", "voice", voice);
    const auto sound = RenderTexture(Run(values, 20.0, 7));
    const std::vector<double> spectrum = test::PowerSpectrum(sound.left, 4096);
    double weighted = 0.0, total = 0.0;
    for (std::size_t k = 0; k < spectrum.size(); ++k) {
      const double hz = static_cast<double>(k) * kSampleRate / 4096.0;
      if (hz < 200.0 || hz > 6000.0) continue;
      weighted += hz * spectrum[k];
      total += spectrum[k];
    }
    return weighted / total;
  };
  const double ratio = centroid("high") / centroid("low");
  INFO("sibilance 1 vs 0: " << hiss << " dB above 4 kHz in s; closeness 1 vs 0: " << body
                            << " dB below 300 Hz; centroid high / low " << ratio);
  CHECK(hiss > 15.0);
  CHECK(body > 4.0);
  CHECK(ratio > 1.1);
  CHECK(ratio < 1.3);
}

TEST_CASE("Whisper: a long render at the defaults is as loud as the other textures, far from clipping") {
  // Whispering is soft and peaky: about -28 dBFS RMS over time (pauses included), its
  // stressed vowels near -22 dBFS; brushing sits near -26, rain near -34 dBFS.
  const auto sound = RenderTexture(Run({}, 30.0, 6));
  const double rms_db = 20.0 * std::log10(test::Rms(sound.left));
  const double peak_db = 20.0 * std::log10(test::Peak(sound.left));
  INFO("RMS " << rms_db << " dBFS, peak " << peak_db << " dBFS");
  CHECK(rms_db > -32.0);
  CHECK(rms_db < -24.0);
  CHECK(peak_db < -4.0);
}

TEST_CASE("Whisper: the same level and brightness at 44.1 and 96 kHz") {
  const auto at = [](double rate) {
    const auto sound = RenderTexture(Run({}, 20.0, 5, rate));
    const std::vector<double> spectrum = test::PowerSpectrum(sound.left, rate > 50000.0 ? 8192 : 4096);
    const double tilt_db = 10.0 * std::log10(test::BandPower(spectrum, rate, 2000.0, 8000.0) /
                                             test::BandPower(spectrum, rate, 200.0, 2000.0));
    return std::pair<double, double>{test::Rms(sound.left), tilt_db};
  };
  const auto low = at(44100.0);
  const auto high = at(96000.0);
  INFO("RMS " << low.first << " vs " << high.first << "; tilt " << low.second << " vs "
              << high.second << " dB");
  CHECK(std::abs(20.0 * std::log10(high.first / low.first)) < 1.0);
  CHECK(std::abs(high.second - low.second) < 1.5);
}

TEST_CASE("Whisper: re-renders are byte-identical, another seed differs") {
  ParamValues values;
  values["text"].text = "soft words, slowly";
  for (const ParamValues& v : {ParamValues{}, values}) {
    const auto first = RenderTexture(Run(v, 5.0, 11));
    const auto second = RenderTexture(Run(v, 5.0, 11));
    const auto other = RenderTexture(Run(v, 5.0, 12));
    CHECK(std::memcmp(first.left.data(), second.left.data(), first.left.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(first.left.data(), other.left.data(), first.left.size() * sizeof(float)) != 0);
  }
}

TEST_CASE("Whisper: Render allocates nothing, from the start or from a late first block") {
  const TextureEntry* entry = FindTexture("whisper");
  ParamValues text;
  text["text"].text = "Whispered letters drive the syllables. Then a pause.";
  for (const ParamValues& values : {ParamValues{}, text}) {
    for (std::int64_t first_block : {std::int64_t{0}, std::int64_t{48000 * 90 / kBlockFrames}}) {
      auto texture = entry->create(values);
      texture->Prepare({kSampleRate, 4, 48000 * 120});
      float left[kBlockFrames], right[kBlockFrames];
      std::int64_t allocations = 0;
      {
        test::AllocCounter counter;
        for (std::int64_t b = first_block; b < first_block + 48000 * 10 / kBlockFrames; ++b) {
          texture->Render({b * kBlockFrames}, {left, right, kBlockFrames});
        }
        allocations = counter.count();
      }
      INFO("first block " << first_block);
      CHECK(allocations == 0);
    }
  }
}

TEST_CASE("Whisper: a layer that starts late whispers what a full render whispers there") {
  const TextureEntry* entry = FindTexture("whisper");
  const std::int64_t start = 48000 * 45;
  constexpr std::size_t kLength = 48000 * 6;
  const auto render = [&](std::int64_t from) {
    auto texture = entry->create({});
    texture->Prepare({kSampleRate, 6, start + 48000 * 10});
    std::vector<float> out;
    float left[kBlockFrames], right[kBlockFrames];
    for (std::int64_t frame = from; out.size() < kLength; frame += kBlockFrames) {
      texture->Render({frame}, {left, right, kBlockFrames});
      if (frame >= start) out.insert(out.end(), left, left + kBlockFrames);
    }
    return out;
  };
  const std::vector<float> full = render(0);
  const std::vector<float> late = render(start);
  // Level envelopes in 20 ms steps (the noise itself differs, the speech does not).
  const std::vector<double> a = FrameLevels(full, kSampleRate, 0.02);
  const std::vector<double> b = FrameLevels(late, kSampleRate, 0.02);
  const std::vector<float> af(a.begin() + 2, a.end()), bf(b.begin() + 2, b.end());
  const double correlation = test::Correlation(af, bf);
  INFO("level envelope correlation " << correlation);
  CHECK(correlation > 0.9);
  CHECK(test::Rms(late) == doctest::Approx(test::Rms(full)).epsilon(0.1));
}

TEST_CASE("Whisper: formants glide from target to target, never step") {
  ParamValues values;
  values["rate"] = Number(5.0);
  const WhisperSettings settings = SettingsOf(values);
  Babble babble;
  Whisper::PrepareBabble(settings, 3, babble);
  whisper::Articulation articulation;
  articulation.Prepare(kSampleRate, Whisper::TractScale(WhisperVoice::kMid));
  whisper::TractGlide glide;
  glide.Prepare(kSampleRate);
  auto phrase = std::make_unique<Phrase>();
  std::vector<whisper::SegmentSound> sounds(Phrase::kMaxSegments);
  double largest_step = 0.0, largest_target_jump = 0.0;
  bool started = false;
  whisper::TractState previous;
  double start = 0.0;
  for (int p = 0; p < 20; ++p) {
    Whisper::NextPhrase(settings, start, babble, *phrase);
    for (int i = 0; i < phrase->segment_count; ++i) sounds[static_cast<std::size_t>(i)] = articulation.SoundOf(phrase->segments[static_cast<std::size_t>(i)]);
    if (!started) glide.Reset(sounds[0]);
    int cursor = 0;
    for (double t = start; t < phrase->end_s; t += kBlockFrames / kSampleRate) {
      const whisper::TractState state = glide.Step(*phrase, sounds.data(), cursor, t);
      if (started) {
        for (int n = 0; n < 4; ++n) {
          largest_step = std::max(largest_step, static_cast<double>(std::abs(state.log2_formant[n] - previous.log2_formant[n])));
        }
      }
      previous = state;
      started = true;
    }
    for (int i = 1; i < phrase->segment_count; ++i) {
      const auto& a = phrase->segments[static_cast<std::size_t>(i - 1)].formant_hz;
      const auto& b = phrase->segments[static_cast<std::size_t>(i)].formant_hz;
      for (int n = 0; n < 4; ++n) {
        largest_target_jump = std::max(largest_target_jump, std::abs(std::log2(b[static_cast<std::size_t>(n)] / a[static_cast<std::size_t>(n)])));
      }
    }
    start = phrase->end_s;
  }
  INFO("largest target jump " << largest_target_jump << " octaves; largest step between blocks "
                              << largest_step << " octaves");
  // Targets jump by an octave or more at consonant-vowel joins; the tract takes at
  // least a dozen blocks (16 ms) to cover such a jump.
  CHECK(largest_target_jump > 0.5);
  CHECK(largest_step < largest_target_jump / 12.0);
}

TEST_CASE("Whisper: text drives the syllables through letter-to-sound rules") {
  using namespace whisper;
  const std::vector<Word> words = TextToWords("Sit, shh... Make tea!");
  // sit | break | shh (no vowel: a schwa) | break | make | tea | break
  REQUIRE(words.size() == 7);
  CHECK(words[0].count == 1);
  CHECK(words[0].syllables[0].count == 3);
  CHECK(words[0].syllables[0].phones[0] == kS);
  CHECK(words[0].syllables[0].phones[1] == kIh);
  CHECK(words[0].syllables[0].phones[2] == kT);
  CHECK(words[1].count == 0);
  CHECK(words[2].syllables[0].phones[0] == kSh);
  CHECK(words[2].syllables[0].phones[1] == kSchwa);
  CHECK(words[4].syllables[0].count == 3);  // m æ k: the final e is silent
  CHECK(words[5].syllables[0].phones[1] == kI);  // "ea"
  CHECK(words[6].count == 0);
  // Two syllables, consonants split between them: "whisper" = w ɪ s . p ɛ r.
  const std::vector<Word> two = TextToWords("whisper");
  REQUIRE(two.size() == 1);
  CHECK(two[0].count == 2);
  // The texture's schedule follows the text: its vowels in order, phrase by phrase.
  ParamValues values;
  values["text"].text = "Sit. Make tea!";
  std::vector<int> vowels;
  for (const Segment& seg : Schedule(values, 1, 6.0)) {
    if (seg.role == SegmentRole::kNucleus) vowels.push_back(seg.phone);
  }
  REQUIRE(vowels.size() >= 3);
  CHECK(vowels[0] == kIh);
  CHECK(vowels[1] == kAe);
  CHECK(vowels[2] == kI);
}

}
}  // namespace tingle::synth
