#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dsp/sinc_resample.hpp"

namespace tingle {
TEST_SUITE("dsp") {

TEST_CASE("SincResampler: a sine keeps its frequency and level from 44.1 to 48 and 96 kHz") {
  const double pi = 3.14159265358979323846;
  const double frequency = 3000.0;
  std::vector<float> in(2000);
  for (std::size_t n = 0; n < in.size(); ++n) {
    in[n] = static_cast<float>(0.5 * std::sin(2.0 * pi * frequency * static_cast<double>(n) / 44100.0));
  }
  for (double out_rate : {48000.0, 96000.0}) {
    INFO("to " << out_rate);
    const dsp::SincResampler resampler(in.size(), 44100.0, out_rate);
    const std::vector<float> out = resampler.Resample(in);
    CHECK(out.size() == static_cast<std::size_t>(std::ceil(2000.0 * out_rate / 44100.0)));
    // Away from the edges, every sample matches the ideal sine at the new rate.
    double worst = 0.0;
    for (std::size_t m = 100; m + 100 < out.size(); ++m) {
      const double ideal = 0.5 * std::sin(2.0 * pi * frequency * static_cast<double>(m) / out_rate);
      worst = std::max(worst, std::abs(static_cast<double>(out[m]) - ideal));
    }
    CHECK(worst < 1e-3);  // -54 dB against a -6 dBFS sine
  }
}

TEST_CASE("SincResampler: downsampling removes what the new rate cannot hold") {
  const double pi = 3.14159265358979323846;
  std::vector<float> in(4000);
  for (std::size_t n = 0; n < in.size(); ++n) {
    in[n] = static_cast<float>(std::sin(2.0 * pi * 30000.0 * static_cast<double>(n) / 96000.0));
  }
  const std::vector<float> out = dsp::SincResampler(in.size(), 96000.0, 48000.0).Resample(in);
  double peak = 0.0;
  for (std::size_t m = 100; m + 100 < out.size(); ++m) peak = std::max(peak, std::abs(static_cast<double>(out[m])));
  CHECK(peak < 0.01);  // a 30 kHz tone would alias to 18 kHz: it is gone instead (-40 dB)
}

}
}  // namespace tingle
