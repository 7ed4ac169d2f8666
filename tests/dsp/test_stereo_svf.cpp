#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/random.hpp"
#include "dsp/stereo_svf.hpp"
#include "dsp/svf.hpp"

namespace tingle::dsp {
namespace {

constexpr double kSampleRate = 48000.0;

// RMS difference of StereoSvf's four-frame steps from the sample-by-sample Svf, relative
// to the Svf's output RMS, over one second of noise in calls of `call_size` frames, with
// the cutoff retuned halfway (the state carries over).
template <FilterMode mode>
double RelativeError(double first_hz, double second_hz, double q, int call_size) {
  const int frames = static_cast<int>(kSampleRate);
  Pcg32 random(11);
  std::vector<float> left(static_cast<std::size_t>(frames)), right(left.size());
  for (std::size_t n = 0; n < left.size(); ++n) {
    left[n] = random.SignedFloat();
    right[n] = random.SignedFloat();
  }
  Svf reference_left, reference_right;
  StereoSvf stereo;
  double error = 0.0, power = 0.0;
  for (int start = 0; start < frames; start += call_size) {
    const int size = std::min(call_size, frames - start);
    if (start == 0 || (start < frames / 2 && start + size >= frames / 2)) {
      const double hz = start == 0 ? first_hz : second_hz;
      reference_left.set_f_q(hz / kSampleRate, q);
      reference_right.set_f_q(hz / kSampleRate, q);
      stereo.set_f_q(hz / kSampleRate, q);
    }
    std::vector<float> expected_left(static_cast<std::size_t>(size)), expected_right(expected_left.size());
    reference_left.Process<mode>(&left[static_cast<std::size_t>(start)], expected_left.data(), size);
    reference_right.Process<mode>(&right[static_cast<std::size_t>(start)], expected_right.data(), size);
    stereo.Process<mode>(&left[static_cast<std::size_t>(start)], &right[static_cast<std::size_t>(start)], size);
    for (int i = 0; i < size; ++i) {
      const auto n = static_cast<std::size_t>(start + i);
      const auto e = static_cast<std::size_t>(i);
      error += std::pow(left[n] - expected_left[e], 2) + std::pow(right[n] - expected_right[e], 2);
      power += std::pow(expected_left[e], 2) + std::pow(expected_right[e], 2);
    }
  }
  return std::sqrt(error / power);
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("StereoSvf: four frames a step is the sample-by-sample filter, to float rounding") {
    // Every mode, cutoffs from a noise bed's 20 Hz low cut to near Nyquist, calls of whole
    // blocks and of sizes that leave single steps, retuned halfway.
    for (const int call_size : {64, 7}) {
      for (const double hz : {20.0, 200.0, 4800.0, 21600.0}) {
        INFO("call size " << call_size << ", " << hz << " Hz");
        CHECK(RelativeError<FilterMode::kHighPass>(hz, hz * 1.1, kButterworthQ, call_size) < 1e-5);
        CHECK(RelativeError<FilterMode::kLowPass>(hz, hz * 0.9, kButterworthQ, call_size) < 1e-5);
        CHECK(RelativeError<FilterMode::kBandPass>(hz, hz * 1.05, 3.0, call_size) < 1e-5);
      }
    }
  }
}

}  // namespace tingle::dsp
