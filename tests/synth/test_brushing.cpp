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
#include "synth/brushing/bristle_ticks.hpp"
#include "synth/brushing/brushing.hpp"
#include "synth/brushing/stroke_gesture.hpp"
#include "synth/registry.hpp"

namespace tingle::synth {
namespace {

using test::ChoiceNamed;
using test::Number;
using test::RenderTexture;
using test::StereoBuffer;
using test::TextureRun;

constexpr double kSampleRate = 48000.0;
const std::string kBrushNames[] = {"soft", "bristle", "hair", "mic-cover"};
const std::string kPatternNames[] = {"back-and-forth", "circles", "random"};

TextureRun Run(ParamValues values, double seconds, std::uint64_t seed = 1,
               double sample_rate = kSampleRate) {
  return test::MakeRun("brushing", std::move(values), seconds, seed, sample_rate);
}

ParamValue Brush(const std::string& name) { return ChoiceNamed("brushing", "brush", name); }
ParamValue Pattern(const std::string& name) { return ChoiceNamed("brushing", "pattern", name); }

using test::Mono;

double Centroid(const StereoBuffer& buffer, double sample_rate = kSampleRate) {
  return test::SpectralCentroid(test::PowerSpectrum(Mono(buffer), 4096), sample_rate);
}

double RmsDb(const StereoBuffer& buffer) {
  return 10.0 * std::log10(0.5 * (test::Rms(buffer.left) * test::Rms(buffer.left) +
                                  test::Rms(buffer.right) * test::Rms(buffer.right)));
}

// RMS of both channels in frames of `hop` samples: the loudness envelope.
std::vector<double> Envelope(const StereoBuffer& buffer, std::size_t hop) {
  std::vector<double> envelope;
  for (std::size_t i = 0; i + hop <= buffer.left.size(); i += hop) {
    double sum = 0.0;
    for (std::size_t j = i; j < i + hop; ++j) {
      sum += static_cast<double>(buffer.left[j]) * buffer.left[j] +
             static_cast<double>(buffer.right[j]) * buffer.right[j];
    }
    envelope.push_back(std::sqrt(sum / (2.0 * static_cast<double>(hop))));
  }
  return envelope;
}

// The frequency (Hz) in [low_hz, high_hz] where the mean-removed envelope, sampled at
// frame_hz, has the most power: a fine DFT scan (0.1 % steps), not limited to FFT bins.
double DominantModulationHz(std::vector<double> envelope, double frame_hz, double low_hz,
                            double high_hz) {
  double mean = 0.0;
  for (double e : envelope) mean += e;
  mean /= static_cast<double>(envelope.size());
  for (double& e : envelope) e -= mean;
  double best_hz = low_hz, best_power = -1.0;
  for (double hz = low_hz; hz <= high_hz; hz *= 1.001) {
    const std::complex<double> step = std::polar(1.0, -kTwoPi * hz / frame_hz);
    std::complex<double> phasor(1.0, 0.0), sum(0.0, 0.0);
    for (double e : envelope) {
      sum += e * phasor;
      phasor *= step;
    }
    if (std::norm(sum) > best_power) {
      best_power = std::norm(sum);
      best_hz = hz;
    }
  }
  return best_hz;
}

// Autocorrelation of x (mean removed, unit variance) at lags 0 .. max_lag, by FFT.
std::vector<double> Autocorrelation(std::vector<double> x, std::size_t max_lag) {
  double mean = 0.0;
  for (double v : x) mean += v;
  mean /= static_cast<double>(x.size());
  std::size_t n = 1;
  while (n < 2 * x.size()) n <<= 1;
  std::vector<std::complex<double>> data(n);
  for (std::size_t i = 0; i < x.size(); ++i) data[i] = x[i] - mean;
  // Iterative radix-2 FFT (forward with sign -1, inverse with +1).
  const auto fft = [](std::vector<std::complex<double>>& a, double sign) {
    const std::size_t size = a.size();
    for (std::size_t i = 1, j = 0; i < size; ++i) {
      std::size_t bit = size >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) std::swap(a[i], a[j]);
    }
    for (std::size_t length = 2; length <= size; length <<= 1) {
      const std::complex<double> step =
          std::polar(1.0, sign * kTwoPi / static_cast<double>(length));
      for (std::size_t start = 0; start < size; start += length) {
        std::complex<double> w(1.0, 0.0);
        for (std::size_t k = 0; k < length / 2; ++k) {
          const std::complex<double> even = a[start + k];
          const std::complex<double> odd = a[start + k + length / 2] * w;
          a[start + k] = even + odd;
          a[start + k + length / 2] = even - odd;
          w *= step;
        }
      }
    }
  };
  fft(data, -1.0);
  for (auto& v : data) v = std::norm(v);
  fft(data, 1.0);
  std::vector<double> r(max_lag + 1);
  for (std::size_t lag = 0; lag <= max_lag; ++lag) {
    // Unbiased: each lag averages the products it has.
    r[lag] = data[lag].real() / static_cast<double>(x.size() - lag);
  }
  const double variance = r[0];
  for (double& v : r) v /= variance;
  return r;
}

// Bartlett's standard error of an autocorrelation at `lag`, beyond `memory` (where the
// true correlation is zero), from n samples: sqrt((1 + 2 Σ_{k=1..memory} r_k²) / (n - lag))
// (n - lag products enter the estimate at that lag).
double BartlettError(const std::vector<double>& r, std::size_t memory, std::size_t n,
                     std::size_t lag) {
  double sum = 1.0;
  for (std::size_t k = 1; k <= memory && k < r.size(); ++k) sum += 2.0 * r[k] * r[k];
  return std::sqrt(sum / static_cast<double>(n - lag));
}

}  // namespace

TEST_SUITE("synth") {
  TEST_CASE(
      "StrokeGesture: a back-and-forth stroke is minimum-jerk: still at both ends, 1.875x its mean "
      "speed midway, covering its length") {
    StrokeGesture gesture;
    gesture.Prepare(StrokePattern::kBackAndForth, 9);
    gesture.Reset(0.0);
    const double rate = 1.0;    // strokes/s: stroke k spans [k, k + 1) s at humanize 0
    const double length = 0.1;  // m
    const double pause = StrokeGesture::kTurnPause;
    const int steps = 20000;
    for (int k = 0; k < 4; ++k) {
      INFO("stroke " << k);
      double distance = 0.0, peak = 0.0;
      BrushMotion first, last;
      for (int i = 0; i < steps; ++i) {
        const double phase = k + (i + 0.5) / steps;
        gesture.AdvanceTo(phase, 0.0);
        REQUIRE(gesture.stroke_index() == k);
        const BrushMotion m = gesture.At(phase, rate, length);
        distance += m.speed_mps / (rate * steps);
        peak = std::max(peak, m.speed_mps);
        if (i == 0) first = m;
        last = m;
        if (std::fabs(phase - k - 0.5) < 0.5 / steps) {
          CHECK(m.direction == (k % 2 == 0 ? 1 : -1));
          CHECK(m.since_turn_s == doctest::Approx(0.5 - 0.5 * pause).epsilon(1e-3));
        }
      }
      // Still while it turns, the whole length covered, and the bell's peak at 30/16
      // times the mean speed of the moving part.
      CHECK(first.speed_mps == 0.0);
      CHECK(last.speed_mps == 0.0);
      CHECK(distance == doctest::Approx(length).epsilon(1e-3));
      CHECK(peak == doctest::Approx(1.875 * length / ((1.0 - pause) / rate)).epsilon(1e-3));
      // The pan sweeps the whole swing: left to right, then back.
      const double from = k % 2 == 0 ? -1.0 : 1.0;
      CHECK(first.pan == doctest::Approx(from));
      CHECK(last.pan == doctest::Approx(-from));
    }
  }

  TEST_CASE(
      "StrokeGesture: circles never stop and swell once per half turn, fastest across the long "
      "sides") {
    StrokeGesture gesture;
    gesture.Prepare(StrokePattern::kCircles, 9);
    gesture.Reset(0.0);
    const double rate = 2.0, length = 0.08;
    for (int k = 0; k < 4; ++k) {
      INFO("stroke " << k);
      double slowest = 1e9, fastest = 0.0, fastest_at = 0.0;
      for (int i = 0; i < 1000; ++i) {
        const double phase = k + (i + 0.5) / 1000.0;
        gesture.AdvanceTo(phase, 0.0);
        const BrushMotion m = gesture.At(phase, rate, length);
        slowest = std::min(slowest, m.speed_mps);
        if (m.speed_mps > fastest) {
          fastest = m.speed_mps;
          fastest_at = phase - k;
        }
        CHECK(m.direction == (k % 2 == 0 ? 1 : -1));
        CHECK(m.since_turn_s == BrushMotion::kLongAgo);
      }
      // Harmonic motion on an ellipse: speed between b ω and a ω, the peak midway.
      CHECK(slowest / fastest == doctest::Approx(StrokeGesture::kCircleAspect).epsilon(0.01));
      CHECK(fastest_at == doctest::Approx(0.5).epsilon(0.01));
    }
  }

  TEST_CASE(
      "StrokeGesture: strokes average exactly one per phase unit, and humanize spreads their "
      "timing") {
    for (double humanize : {0.0, 0.4, 1.0}) {
      for (StrokePattern pattern :
           {StrokePattern::kBackAndForth, StrokePattern::kCircles, StrokePattern::kRandom}) {
        INFO("humanize " << humanize << ", pattern " << static_cast<int>(pattern));
        StrokeGesture gesture;
        gesture.Prepare(pattern, 21);
        gesture.Reset(humanize);
        const int strokes = 20000;
        double sum = 0.0, sum_sq = 0.0;
        for (int k = 0; k < strokes; ++k) {
          const double span = gesture.stroke_end() - gesture.stroke_start();
          sum += span;
          sum_sq += span * span;
          gesture.AdvanceTo(gesture.stroke_end(), humanize);
        }
        const double mean = sum / strokes;
        const double cv = std::sqrt(sum_sq / strokes - mean * mean) / mean;
        const bool random = pattern == StrokePattern::kRandom;
        const double expected_cv =
            random ? StrokeGesture::kRandomCv + StrokeGesture::kRandomHumanCv * humanize
                   : StrokeGesture::kHumanCv * humanize;
        INFO("mean " << mean << ", cv " << cv << " (model " << expected_cv << ")");
        // The mean within 5 standard errors of 1 (exactly 1 when mechanical), the spread
        // within 10 % of the model's.
        CHECK(std::fabs(mean - 1.0) <= 5.0 * expected_cv / std::sqrt(strokes) + 1e-12);
        CHECK(cv == doctest::Approx(expected_cv).epsilon(0.1));
      }
    }
  }

  TEST_CASE(
      "BristleTicks: the tick count matches the rate's integral within 4 sqrt(N), and ticks "
      "average to zero") {
    BristleTicks ticks;
    ticks.Prepare(17);
    const int blocks = static_cast<int>(60.0 * kSampleRate) / kBlockFrames;
    double expected = 0.0, sum = 0.0;
    int count = 0;
    std::vector<int> per_tenth(600, 0);
    for (int b = 0; b < blocks; ++b) {
      // A rate that sweeps 100 .. 900 ticks/s and back every second, ramped per block.
      const auto rate_at = [](int block) {
        const double t = block * kBlockFrames / kSampleRate;
        return 500.0 + 400.0 * std::sin(kTwoPi * t);
      };
      const double r0 = rate_at(b), r1 = rate_at(b + 1);
      expected += 0.5 * (r0 + r1) * kBlockFrames / kSampleRate;
      float out[kBlockFrames] = {};
      ticks.Render(out, r0, r1, 1.0, kSampleRate);
      for (int i = 0; i < kBlockFrames; ++i) {
        if (out[i] == 0.0f) continue;
        ++count;
        sum += out[i];
        const auto tenth = static_cast<std::size_t>((b * kBlockFrames + i) / (0.1 * kSampleRate));
        if (tenth < per_tenth.size()) ++per_tenth[tenth];
      }
    }
    INFO("ticks " << count << ", expected " << expected);
    CHECK(std::fabs(count - expected) < 4.0 * std::sqrt(expected));
    // Signs are symmetric: the mean tick is within 5 standard errors of zero
    // (E[u⁶] = 1/7 is a tick's mean square).
    CHECK(std::fabs(sum / count) < 5.0 * std::sqrt(BristleTicks::kMeanSquare / count));
    // Within a tenth of a second the rate barely moves: counts there are Poisson
    // (variance over mean about 1, the sine's own swing adding a little).
    double mean = 0.0, variance = 0.0;
    for (int c : per_tenth) mean += c;
    mean /= static_cast<double>(per_tenth.size());
    // Each tenth's expected count, to take the sweep out.
    for (std::size_t w = 0; w < per_tenth.size(); ++w) {
      const double t = (static_cast<double>(w) + 0.5) * 0.1;
      const double local = 0.1 * (500.0 + 400.0 * std::sin(kTwoPi * t));
      variance += (per_tenth[w] - local) * (per_tenth[w] - local) / local;
    }
    variance /= static_cast<double>(per_tenth.size());
    INFO("normalised variance " << variance);
    CHECK(variance > 0.8);
    CHECK(variance < 1.25);
  }

  TEST_CASE(
      "Brushing: the envelope's dominant modulation is at stroke_rate within 5 %, every pattern") {
    // One stroke is one swell in every pattern (strokes per envelope cycle = 1): a
    // back-and-forth sweep one way, half a circle, one random move.
    for (const std::string& pattern : kPatternNames) {
      for (double rate : {0.5, 1.5, 4.0}) {
        const double seconds = std::max(60.0, 40.0 / rate);
        const StereoBuffer out = RenderTexture(
            Run({{"pattern", Pattern(pattern)}, {"stroke_rate", Number(rate)}}, seconds, 7));
        const double frame_hz = 100.0;
        const auto envelope = Envelope(out, static_cast<std::size_t>(kSampleRate / frame_hz));
        const double found = DominantModulationHz(envelope, frame_hz, 0.05, 20.0);
        INFO(pattern << " at " << rate << " strokes/s: dominant modulation " << found << " Hz");
        CHECK(std::fabs(found / rate - 1.0) < 0.05);
      }
    }
  }

  TEST_CASE("Brushing: pressure raises the level and the spectral centroid, for every brush") {
    for (const std::string& brush : kBrushNames) {
      const auto light =
          RenderTexture(Run({{"brush", Brush(brush)}, {"pressure", Number(0.2)}}, 20.0));
      const auto firm =
          RenderTexture(Run({{"brush", Brush(brush)}, {"pressure", Number(0.8)}}, 20.0));
      const double light_db = RmsDb(light), firm_db = RmsDb(firm);
      const double light_hz = Centroid(light), firm_hz = Centroid(firm);
      INFO(brush << ": pressure 0.2 → " << light_db << " dBFS, " << light_hz << " Hz; 0.8 → "
                 << firm_db << " dBFS, " << firm_hz << " Hz");
      CHECK(firm_db > light_db + 3.0);
      CHECK(firm_hz > light_hz * 1.1);
    }
  }

  TEST_CASE("Brushing: brush kinds order by spectral centroid: mic-cover, soft, bristle, hair") {
    double previous_hz = 0.0;
    for (const char* brush : {"mic-cover", "soft", "bristle", "hair"}) {
      const double hz = Centroid(RenderTexture(Run({{"brush", Brush(brush)}}, 20.0, 3)));
      INFO(brush << ": centroid " << hz << " Hz, the darker one before it " << previous_hz
                 << " Hz");
      // Each at least a fifth of an octave above the one before.
      CHECK(hz > previous_hz * 1.15);
      previous_hz = hz;
    }
  }

  TEST_CASE("Brushing: faster strokes are louder and brighter") {
    for (const std::string& brush : kBrushNames) {
      const auto slow =
          RenderTexture(Run({{"brush", Brush(brush)}, {"stroke_rate", Number(0.75)}}, 20.0));
      const auto fast =
          RenderTexture(Run({{"brush", Brush(brush)}, {"stroke_rate", Number(3.0)}}, 20.0));
      const double slow_db = RmsDb(slow), fast_db = RmsDb(fast);
      const double slow_hz = Centroid(slow), fast_hz = Centroid(fast);
      INFO(brush << ": 0.75 strokes/s → " << slow_db << " dBFS, " << slow_hz << " Hz; 3 → "
                 << fast_db << " dBFS, " << fast_hz << " Hz");
      // Four times the speed: the stroke peaks twice as loud (level ∝ v / sqrt(v_peak)).
      CHECK(fast_db > slow_db + 3.0);
      CHECK(fast_hz > slow_hz * 1.1);
    }
  }

  TEST_CASE("Brushing: back-and-forth: the sound moves with the brush, one way and then back") {
    // Humanize 0: stroke k is the second [k, k + 1) at 1 stroke/s; even strokes sweep
    // left to right.
    const StereoBuffer out = RenderTexture(Run(
        {{"stroke_rate", Number(1.0)}, {"stroke_length", Number(1.0)}, {"humanize", Number(0.0)}},
        24.0, 5));
    // Balance (R - L) / (R + L) of the energy in a stretch of seconds.
    const auto balance = [&](double from_s, double to_s) {
      double left = 0.0, right = 0.0;
      for (auto i = static_cast<std::size_t>(from_s * kSampleRate);
           i < static_cast<std::size_t>(to_s * kSampleRate); ++i) {
        left += static_cast<double>(out.left[i]) * out.left[i];
        right += static_cast<double>(out.right[i]) * out.right[i];
      }
      return (right - left) / (right + left);
    };
    int followed = 0;
    const int strokes = 24;
    for (int k = 0; k < strokes; ++k) {
      const double early = balance(k + 0.1, k + 0.4);
      const double late = balance(k + 0.6, k + 0.9);
      const double moved = k % 2 == 0 ? late - early : early - late;
      INFO("stroke " << k << ": balance " << early << " → " << late);
      CHECK(moved > 0.0);
      if (moved > 0.15) ++followed;
    }
    // Clearly, yet modestly: a layer's own placement comes on top of this.
    CHECK(followed >= strokes - 1);
    const double widest = std::max(std::fabs(balance(0.75, 0.9)), std::fabs(balance(1.75, 1.9)));
    INFO("balance near a stroke's end " << widest);
    CHECK(widest < 0.6);
  }

  TEST_CASE(
      "Brushing: every extreme renders finite, DC-free output within full scale, every brush and "
      "pattern") {
    for (const std::string& brush : kBrushNames) {
      for (const std::string& pattern : kPatternNames) {
        for (double extreme : {0.0, 1.0}) {
          const ParamValues values = {{"brush", Brush(brush)},
                                      {"pattern", Pattern(pattern)},
                                      {"stroke_rate", Number(extreme == 0.0 ? 0.1 : 6.0)},
                                      {"stroke_length", Number(extreme)},
                                      {"pressure", Number(extreme)},
                                      {"roughness", Number(extreme)},
                                      {"humanize", Number(extreme)}};
          INFO(brush << ", " << pattern << ", all at " << (extreme == 0.0 ? "minimum" : "maximum"));
          const StereoBuffer out = RenderTexture(Run(values, 12.0, 11));
          for (const auto* channel : {&out.left, &out.right}) {
            CHECK(test::AllFinite(*channel));
            CHECK(test::Peak(*channel) <= 1.0);
            CHECK(std::fabs(test::Mean(*channel)) < 1e-3);
          }
          // Even the slowest, lightest dabs are heard.
          CHECK(test::Rms(out.left) > 1e-5);
        }
      }
    }
  }

  TEST_CASE("Brushing: default strokes peak between -20 and -6 dBFS") {
    const StereoBuffer out = RenderTexture(Run({}, 20.0));
    const double peak_db = 20.0 * std::log10(std::max(test::Peak(out.left), test::Peak(out.right)));
    INFO("peak " << peak_db << " dBFS, rms " << RmsDb(out) << " dBFS");
    CHECK(peak_db > -20.0);
    CHECK(peak_db < -6.0);
  }

  TEST_CASE("Brushing: Render allocates nothing, every brush and pattern") {
    const TextureEntry* entry = FindTexture("brushing");
    REQUIRE(entry != nullptr);
    for (const std::string& brush : kBrushNames) {
      for (const std::string& pattern : kPatternNames) {
        INFO(brush << ", " << pattern);
        auto texture = entry->create({{"brush", Brush(brush)},
                                      {"pattern", Pattern(pattern)},
                                      {"stroke_rate", Number(6.0)},
                                      {"roughness", Number(1.0)}});
        texture->Prepare({kSampleRate, 5, static_cast<std::int64_t>(kSampleRate) * 60});
        float left[kBlockFrames], right[kBlockFrames];
        test::AllocCounter counter;
        // Starting late (a replay) and then running on.
        for (std::int64_t block = 1000; block < 1000 + 48000 * 5 / kBlockFrames; ++block) {
          texture->Render({block * kBlockFrames}, {left, right, kBlockFrames});
        }
        CHECK(counter.count() == 0);
      }
    }
  }

  TEST_CASE("Brushing: re-renders are byte-identical, another seed differs") {
    for (const std::string& pattern : kPatternNames) {
      INFO(pattern);
      const ParamValues values = {{"pattern", Pattern(pattern)}, {"brush", Brush("bristle")}};
      const auto first = RenderTexture(Run(values, 5.0, 8));
      const auto second = RenderTexture(Run(values, 5.0, 8));
      const auto other = RenderTexture(Run(values, 5.0, 9));
      const std::size_t bytes = first.left.size() * sizeof(float);
      CHECK(std::memcmp(first.left.data(), second.left.data(), bytes) == 0);
      CHECK(std::memcmp(first.right.data(), second.right.data(), bytes) == 0);
      CHECK(std::memcmp(first.left.data(), other.left.data(), bytes) != 0);
    }
  }

  TEST_CASE(
      "Brushing: an hour never repeats: the envelope's autocorrelation stays at chance beyond 1 "
      "s") {
    // Two envelopes of one hour at the defaults (1.5 strokes/s):
    // - per stroke period (2/3 s): a window one period long holds one whole swell
    //   whatever its phase, so the rhythm itself cancels and what is left is how each
    //   stroke differs (reach, pressure, lifts, tremor). Strokes two or more apart
    //   (lags > 1 s) share no draws: their correlation must be chance.
    // - fine (48 ms): here the rhythm shows, and a steady hand keeps its tempo for a
    //   while; its timing is a random walk, so the rhythm forgets its phase within a
    //   minute or so. Beyond two minutes the fine envelope must be at chance too.
    // "Chance" is Bartlett's standard error at each lag; 5.5 of them is the bound (for
    // Gaussian noise, exceeded at one lag in 25 million). A loop (an exact repeat) puts
    // a correlation near 1 at its length: the control below shows that the same
    // statistic catches one.
    constexpr double kChance = 5.5;
    const TextureEntry* entry = FindTexture("brushing");
    REQUIRE(entry != nullptr);
    auto texture = entry->create({});
    const std::int64_t hour = static_cast<std::int64_t>(3600.0 * kSampleRate);
    texture->Prepare({kSampleRate, 13, hour});
    const std::int64_t stroke_blocks = 500;  // 32000 frames = 2/3 s = one stroke at 1.5/s
    const std::int64_t fine_blocks = 36;     // 2304 frames = 48 ms
    std::vector<double> per_stroke, fine;
    double stroke_sum = 0.0, fine_sum = 0.0;
    float left[kBlockFrames], right[kBlockFrames];
    for (std::int64_t b = 0; b < hour / kBlockFrames; ++b) {
      texture->Render({b * kBlockFrames}, {left, right, kBlockFrames});
      double energy = 0.0;
      for (int i = 0; i < kBlockFrames; ++i) {
        energy += static_cast<double>(left[i]) * left[i] + static_cast<double>(right[i]) * right[i];
      }
      stroke_sum += energy;
      fine_sum += energy;
      if ((b + 1) % stroke_blocks == 0) {
        per_stroke.push_back(std::sqrt(stroke_sum));
        stroke_sum = 0.0;
      }
      if ((b + 1) % fine_blocks == 0) {
        fine.push_back(std::sqrt(fine_sum));
        fine_sum = 0.0;
      }
    }
    {
      const std::size_t max_lag = per_stroke.size() / 2;  // 30 minutes
      const auto r = Autocorrelation(per_stroke, max_lag);
      double worst = 0.0;  // in standard errors
      std::size_t worst_lag = 0;
      for (std::size_t lag = 2; lag <= max_lag; ++lag) {  // 2 strokes = 1.33 s
        const double z = std::fabs(r[lag]) / BartlettError(r, 1, per_stroke.size(), lag);
        if (z > worst) {
          worst = z;
          worst_lag = lag;
        }
      }
      INFO("per stroke: largest |r| " << r[worst_lag] << " at " << worst_lag * 2.0 / 3.0
                                      << " s: " << worst << " standard errors");
      CHECK(worst < kChance);
    }
    {
      const double frame_s = 0.048;
      const auto lag_of = [&](double seconds) {
        return static_cast<std::size_t>(seconds / frame_s);
      };
      const std::size_t max_lag = fine.size() / 2;
      const auto r = Autocorrelation(fine, max_lag);
      const std::size_t memory = lag_of(120.0);
      double worst = 0.0;
      std::size_t worst_lag = 0;
      for (std::size_t lag = memory; lag <= max_lag; ++lag) {
        const double z = std::fabs(r[lag]) / BartlettError(r, memory, fine.size(), lag);
        if (z > worst) {
          worst = z;
          worst_lag = lag;
        }
      }
      INFO("fine: largest |r| beyond 2 min " << r[worst_lag] << " at " << worst_lag * frame_s
                                             << " s: " << worst << " standard errors");
      CHECK(worst < kChance);

      // Control: the first ten minutes looped six times is caught at its length.
      std::vector<double> looped;
      const std::size_t loop = lag_of(600.0);
      for (int copy = 0; copy < 6; ++copy)
        looped.insert(looped.end(), fine.begin(), fine.begin() + loop);
      const auto r_loop = Autocorrelation(looped, loop + 1);
      const double z_loop = r_loop[loop] / BartlettError(r_loop, memory, looped.size(), loop);
      INFO("looped control: r at the loop length " << r_loop[loop] << ", " << z_loop
                                                   << " standard errors");
      CHECK(z_loop > 2.0 * kChance);
    }
  }

  TEST_CASE("Brushing: a layer that starts late is mid-stroke exactly where a full render is") {
    const TextureEntry* entry = FindTexture("brushing");
    REQUIRE(entry != nullptr);
    const ParamValues values = {{"pattern", Pattern("random")}};
    const std::int64_t start_block = static_cast<std::int64_t>(300.0 * kSampleRate) / kBlockFrames;
    const std::int64_t blocks = static_cast<std::int64_t>(10.0 * kSampleRate) / kBlockFrames;
    const auto render = [&](std::int64_t first_block, std::uint64_t seed) {
      auto texture = entry->create(values);
      texture->Prepare({kSampleRate, seed, (start_block + blocks) * kBlockFrames});
      StereoBuffer kept;
      kept.left.resize(static_cast<std::size_t>(blocks * kBlockFrames));
      kept.right.resize(kept.left.size());
      float scratch_l[kBlockFrames], scratch_r[kBlockFrames];
      for (std::int64_t b = first_block; b < start_block + blocks; ++b) {
        const bool keep = b >= start_block;
        const auto offset = static_cast<std::size_t>((b - start_block) * kBlockFrames);
        texture->Render({b * kBlockFrames},
                        {keep ? kept.left.data() + offset : scratch_l,
                         keep ? kept.right.data() + offset : scratch_r, kBlockFrames});
      }
      return kept;
    };
    // 20 ms envelopes (in dB, so quiet stretches count as much as loud ones): the
    // strokes, the surface and the tremor coincide; the fine noise is a sequential stream
    // and does not. Another seed is the control.
    const auto envelope_db = [](const StereoBuffer& x) {
      auto e = Envelope(x, 960);
      for (double& v : e) v = 20.0 * std::log10(v + 1e-9);
      return e;
    };
    const auto correlation = [](const std::vector<double>& a, const std::vector<double>& b) {
      std::vector<float> fa(a.begin(), a.end()), fb(b.begin(), b.end());
      return test::Correlation(fa, fb);
    };
    const auto full = envelope_db(render(0, 4));
    const auto late = envelope_db(render(start_block, 4));
    const auto other = envelope_db(render(start_block, 5));
    const double same = correlation(full, late);
    const double control = correlation(full, other);
    INFO("envelope correlation: late start " << same << ", another seed " << control);
    CHECK(same > 0.95);
    CHECK(control < 0.5);
  }

  TEST_CASE("Brushing: the same level and brightness at 44.1 and 96 kHz") {
    const auto low = RenderTexture(Run({}, 20.0, 2, 44100.0));
    const auto high = RenderTexture(Run({}, 20.0, 2, 96000.0));
    const double low_db = RmsDb(low), high_db = RmsDb(high);
    // Centroids below 18 kHz, where both rates hold the spectrum.
    const auto centroid_below = [](const StereoBuffer& x, double rate) {
      const auto spectrum = test::PowerSpectrum(Mono(x), 4096);
      double weighted = 0.0, total = 0.0;
      for (std::size_t k = 1; k < spectrum.size(); ++k) {
        const double hz = static_cast<double>(k) * rate / 4096.0;
        if (hz > 18000.0) break;
        weighted += hz * spectrum[k];
        total += spectrum[k];
      }
      return weighted / total;
    };
    const double low_hz = centroid_below(low, 44100.0);
    const double high_hz = centroid_below(high, 96000.0);
    INFO("44.1 kHz: " << low_db << " dBFS, " << low_hz << " Hz; 96 kHz: " << high_db << " dBFS, "
                      << high_hz << " Hz");
    CHECK(std::fabs(low_db - high_db) < 1.0);
    CHECK(std::fabs(std::log2(low_hz / high_hz)) < 0.15);
  }

  TEST_CASE("Brushing: the two ears hear one brush, slightly differently") {
    const StereoBuffer out = RenderTexture(Run({}, 10.0));
    const double correlation = test::Correlation(out.left, out.right);
    INFO("L/R correlation " << correlation);
    CHECK(correlation > 0.5);
    CHECK(correlation < 0.98);
  }
}

}  // namespace tingle::synth
