#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/random.hpp"
#include "dsp/quad_svf.hpp"
#include "dsp/svf.hpp"
#include "support/signal_stats.hpp"

namespace tingle::dsp {
namespace {

constexpr double kSampleRate = 48000.0;

// `samples` of one lane of a QuadSvf (the others set to unrelated filters), retuned every
// 64 samples along `cutoffs_hz`, fed with `input` in that lane and other noise elsewhere.
std::vector<float> QuadLane(int lane, const std::vector<float>& input,
                            const std::vector<double>& cutoffs_hz, double q,
                            const SvfBlend& blend) {
  QuadSvf quad;
  Pcg32 other(7);
  std::vector<float> out(input.size());
  for (std::size_t n = 0; n < input.size(); ++n) {
    if (n % 64 == 0) {
      for (int l = 0; l < QuadSvf::kLanes; ++l) {
        if (l == lane) {
          quad.set_lane(l, cutoffs_hz[n / 64] / kSampleRate, q, blend);
        } else {
          quad.set_lane(l, (300.0 + 2000.0 * l) / kSampleRate, 2.0, {0.0, 1.0, 0.0});
        }
      }
    }
    Float4 x = {other.SignedFloat(), other.SignedFloat(), other.SignedFloat(), other.SignedFloat()};
    x[lane] = input[n];
    out[n] = quad.Tick(x)[lane];
  }
  return out;
}

template <FilterMode mode>
std::vector<float> ScalarSvf(const std::vector<float>& input, const std::vector<double>& cutoffs_hz,
                             double q) {
  Svf svf;
  std::vector<float> out(input.size());
  for (std::size_t n = 0; n < input.size(); ++n) {
    if (n % 64 == 0) svf.set_f_q(cutoffs_hz[n / 64] / kSampleRate, q);
    out[n] = svf.Process<mode>(input[n]);
  }
  return out;
}

double RelativeError(const std::vector<float>& a, const std::vector<float>& b) {
  double error = 0.0, power = 0.0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    error += (static_cast<double>(a[n]) - b[n]) * (static_cast<double>(a[n]) - b[n]);
    power += static_cast<double>(b[n]) * b[n];
  }
  return std::sqrt(error / power);
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE(
      "QuadSvf: every lane is the SVF of svf.hpp, retuned each block, whatever its neighbours") {
    Pcg32 noise(3);
    std::vector<float> input(48000);
    for (float& x : input) x = noise.SignedFloat();
    // A sweep from 80 Hz to 12 kHz and back, one step per 64-sample block.
    std::vector<double> cutoffs(input.size() / 64 + 1);
    for (std::size_t b = 0; b < cutoffs.size(); ++b) {
      const double x = static_cast<double>(b) / static_cast<double>(cutoffs.size());
      cutoffs[b] = 80.0 * std::exp2(7.2 * (1.0 - std::fabs(2.0 * x - 1.0)));
    }
    for (int lane = 0; lane < QuadSvf::kLanes; ++lane) {
      for (double q : {0.5, 0.707, 4.0}) {
        INFO("lane " << lane << ", q " << q);
        const double lp = RelativeError(QuadLane(lane, input, cutoffs, q, {1.0, 0.0, 0.0}),
                                        ScalarSvf<FilterMode::kLowPass>(input, cutoffs, q));
        const double bp = RelativeError(QuadLane(lane, input, cutoffs, q, {0.0, 1.0, 0.0}),
                                        ScalarSvf<FilterMode::kBandPass>(input, cutoffs, q));
        const double hp = RelativeError(QuadLane(lane, input, cutoffs, q, {0.0, 0.0, 1.0}),
                                        ScalarSvf<FilterMode::kHighPass>(input, cutoffs, q));
        INFO("relative error: low " << lp << ", band " << bp << ", high " << hp);
        // The same filter computed in another order: float rounding only (-80 dB).
        CHECK(lp < 1e-4);
        CHECK(bp < 1e-4);
        CHECK(hp < 1e-4);
      }
    }
  }

  TEST_CASE("QuadSvf: a blend is the weighted sum of its responses") {
    Pcg32 noise(5);
    std::vector<float> input(9600);
    for (float& x : input) x = noise.SignedFloat();
    const std::vector<double> cutoffs(input.size() / 64 + 1, 1500.0);
    const auto low = QuadLane(1, input, cutoffs, 0.8, {1.0, 0.0, 0.0});
    const auto band = QuadLane(1, input, cutoffs, 0.8, {0.0, 1.0, 0.0});
    const auto high = QuadLane(1, input, cutoffs, 0.8, {0.0, 0.0, 1.0});
    const auto blend = QuadLane(1, input, cutoffs, 0.8, {0.25, 1.0, 0.5});
    std::vector<float> sum(input.size());
    for (std::size_t n = 0; n < sum.size(); ++n) {
      sum[n] = 0.25f * low[n] + band[n] + 0.5f * high[n];
    }
    CHECK(RelativeError(blend, sum) < 1e-5);
  }

  TEST_CASE("QuadSvf: the band-pass peaks at unity at its centre and falls away an octave off") {
    const double centre = 2000.0;
    QuadSvf quad;
    quad.set_lane(2, centre / kSampleRate, 2.0, {0.0, 1.0, 0.0});
    const auto response = [&](double hz) {
      QuadSvf q = quad;
      q.Reset();
      std::vector<float> out(24000);
      for (std::size_t n = 0; n < out.size(); ++n) {
        const auto x =
            static_cast<float>(std::sin(kTwoPi * hz * static_cast<double>(n) / kSampleRate));
        out[n] = q.Tick(Float4{0.0f, 0.0f, x, 0.0f})[2];
      }
      // Amplitude after the transient: RMS of the second half times √2.
      const std::vector<float> tail(out.begin() + 12000, out.end());
      return test::Rms(tail) * std::sqrt(2.0);
    };
    CHECK(response(centre) == doctest::Approx(1.0).epsilon(0.01));
    // Q 2: an octave away the response is 1 / sqrt(1 + Q² (2 - 1/2)²) = 0.32.
    CHECK(response(2.0 * centre) == doctest::Approx(0.316).epsilon(0.03));
    CHECK(response(0.5 * centre) == doctest::Approx(0.316).epsilon(0.03));
  }
}

}  // namespace tingle::dsp
