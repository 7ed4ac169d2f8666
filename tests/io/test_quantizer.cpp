// Quantizer: TPDF dither statistics, chunk independence, clamping.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/random.hpp"
#include "io/quantizer.hpp"

namespace tingle::io {
namespace {

constexpr double kLsb16 = 1.0 / 32768.0;
constexpr double kTwoPi = 6.283185307179586;

std::vector<float> Sine(std::size_t count, double amplitude, double cycles_per_sample) {
  std::vector<float> x(count);
  for (std::size_t i = 0; i < count; ++i) {
    x[i] = static_cast<float>(amplitude * std::sin(kTwoPi * cycles_per_sample * i));
  }
  return x;
}

std::vector<std::int16_t> ToPcm16(std::uint64_t seed, const std::vector<float>& x) {
  std::vector<std::int16_t> out(x.size());
  Quantizer quantizer(seed);
  quantizer.ToPcm16(x.data(), out.data(), x.size());
  return out;
}

}  // namespace

TEST_SUITE("io") {

TEST_CASE("Quantizer: a 0.4-LSB sine survives as dithered 16-bit samples at its level") {
  // Without dither, rounding maps every sample of a 0.4-LSB sine to 0 (DEPS §4c).
  constexpr std::size_t kCount = 48000;
  constexpr double kAmplitudeLsb = 0.4;
  constexpr double kCyclesPerSample = 440.0 / 48000.0;
  const auto x = Sine(kCount, kAmplitudeLsb * kLsb16, kCyclesPerSample);
  const auto codes = ToPcm16(11, x);
  std::size_t non_zero = 0;
  double projection = 0.0;  // amplitude of the sine component, in LSB
  for (std::size_t i = 0; i < kCount; ++i) {
    if (codes[i] != 0) ++non_zero;
    projection += 2.0 * codes[i] * std::sin(kTwoPi * kCyclesPerSample * i) / kCount;
  }
  // TPDF alone rounds to ±1 for a quarter of samples near zero.
  CHECK(non_zero > kCount / 10);
  // TPDF makes quantization linear on average: the sine keeps its 0.4 LSB. The estimate's
  // standard deviation is sqrt(0.5 / N) ≈ 0.003 LSB; 0.03 is ten of them.
  CHECK(std::abs(projection - kAmplitudeLsb) < 0.03);
}

TEST_CASE("Quantizer: dither error stays within ±1.5 LSB, unbiased, with TPDF power") {
  constexpr std::size_t kCount = 200000;
  std::vector<float> x(kCount);
  Pcg32 signal(3);
  for (float& v : x) v = 0.9f * signal.SignedFloat();
  const auto codes = ToPcm16(5, x);
  double sum = 0.0;
  double sum_squares = 0.0;
  double worst = 0.0;
  for (std::size_t i = 0; i < kCount; ++i) {
    const double error = codes[i] - static_cast<double>(x[i]) * 32768.0;
    sum += error;
    sum_squares += error * error;
    worst = std::max(worst, std::abs(error));
  }
  const double mean = sum / kCount;
  const double variance = sum_squares / kCount - mean * mean;
  // ±1 LSB triangular dither plus ±0.5 LSB rounding.
  CHECK(worst <= 1.5);
  CHECK(std::abs(mean) < 0.01);
  // Total error power of TPDF-dithered rounding is 1/6 (dither) + 1/12 (rounding) = 1/4
  // LSB² (Lipshitz et al. 1992); 0.02 is many standard errors at this N.
  CHECK(std::abs(variance - 0.25) < 0.02);
}

TEST_CASE("Quantizer: 24-bit codes stay within ±1.5 LSB of the input") {
  constexpr std::size_t kCount = 20000;
  const auto x = Sine(kCount, 0.7, 0.013);
  std::vector<std::int32_t> codes(kCount);
  Quantizer quantizer(9);
  quantizer.ToPcm24(x.data(), codes.data(), kCount);
  bool any_dithered = false;
  for (std::size_t i = 0; i < kCount; ++i) {
    INFO("sample: " << i);
    const double exact = static_cast<double>(x[i]) * 8388608.0;
    REQUIRE(std::abs(codes[i] - exact) <= 1.5);
    if (codes[i] != static_cast<std::int32_t>(std::floor(exact + 0.5))) any_dithered = true;
  }
  CHECK(any_dithered);
}

TEST_CASE("Quantizer: the same seed gives identical codes however the samples are split") {
  const auto x = Sine(10000, 0.3, 0.01);
  const auto whole = ToPcm16(21, x);
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
    INFO("chunk: " << chunk);
    Quantizer quantizer(21);
    std::vector<std::int16_t> pieces(x.size());
    for (std::size_t start = 0; start < x.size(); start += chunk) {
      const std::size_t count = std::min(chunk, x.size() - start);
      quantizer.ToPcm16(x.data() + start, pieces.data() + start, count);
    }
    CHECK(pieces == whole);
  }
}

TEST_CASE("Quantizer: both builds give the codes of the written-out rule, sample by sample") {
  // The rule: one Pcg32 draw per sample, its 16-bit halves' difference as the dither in
  // LSB, NaN as 0, then floor(x 2^(bits-1) + dither + 0.5) clamped to the codes.
  const auto rule = [](std::uint64_t seed, const std::vector<float>& x, int bits) {
    Pcg32 dither(seed);
    const double full_scale = std::ldexp(1.0, bits - 1);
    std::vector<std::int32_t> codes;
    for (float sample : x) {
      const std::uint32_t draw = dither.Next();
      const double triangular =
          (static_cast<double>(draw >> 16) - static_cast<double>(draw & 0xffffu)) / 65536.0;
      if (std::isnan(sample)) sample = 0.0f;
      double code = std::floor(static_cast<double>(sample) * full_scale + triangular + 0.5);
      code = std::min(std::max(code, -full_scale), full_scale - 1.0);
      codes.push_back(static_cast<std::int32_t>(code));
    }
    return codes;
  };
  // Noise at every level, codes on rounding edges, the clamps, NaN, infinities, -0.
  std::vector<float> x;
  Pcg32 random(3);
  for (int i = 0; i < 3000; ++i) x.push_back(random.SignedFloat() * std::ldexp(1.0f, -(i % 17)));
  for (int code = -4; code <= 4; ++code) {
    for (const float offset : {-0.5f, -0.25f, 0.0f, 0.25f, 0.5f}) {
      x.push_back((static_cast<float>(code) + offset) / 32768.0f);
    }
  }
  for (const float special : {1.0f, -1.0f, 1.5f, -1.5f, 1e30f, -1e30f, -0.0f,
                              std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                              std::numeric_limits<float>::quiet_NaN()}) {
    x.push_back(special);
  }
  for (const bool portable : {false, true}) {
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{255}, std::size_t{257},
                                    std::size_t{100000}}) {
      INFO("portable: " << portable << ", chunk: " << chunk);
      Quantizer sixteen(11), twenty_four(12);
      if (portable) {
        sixteen.UsePortableBuild();
        twenty_four.UsePortableBuild();
      }
      std::vector<std::int16_t> codes16(x.size());
      std::vector<std::int32_t> codes24(x.size());
      for (std::size_t start = 0; start < x.size(); start += chunk) {
        const std::size_t count = std::min(chunk, x.size() - start);
        sixteen.ToPcm16(x.data() + start, codes16.data() + start, count);
        twenty_four.ToPcm24(x.data() + start, codes24.data() + start, count);
      }
      CHECK(std::vector<std::int32_t>(codes16.begin(), codes16.end()) == rule(11, x, 16));
      CHECK(codes24 == rule(12, x, 24));
    }
  }
}

TEST_CASE("Quantizer: different seeds give different dither") {
  const auto x = Sine(4096, 0.3, 0.01);
  const auto a = ToPcm16(1, x);
  const auto b = ToPcm16(2, x);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < x.size(); ++i) differing += a[i] != b[i] ? 1 : 0;
  // Two independent TPDF streams round differently about 40 % of the time.
  CHECK(differing > x.size() / 5);
}

TEST_CASE("Quantizer: out-of-range input clamps to the integer limits and never wraps") {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  // Full scale 1.0 is 32768 LSB, one past the largest code, so it clamps whatever the
  // dither; -1.0 is a valid code and is dithered like any other, so it is not listed.
  const std::vector<float> x = {1.5f, -1.5f, 1.0f, 2.0f, 3.0f, 1e30f, -1e30f, kInf, -kInf};
  const std::vector<std::int16_t> expected16 = {32767, -32768, 32767,  32767, 32767,
                                                32767, -32768, 32767, -32768};
  // Repeat with many seeds: dither must never push a clamped value past the limit.
  for (std::uint64_t seed = 0; seed < 64; ++seed) {
    INFO("seed: " << seed);
    CHECK(ToPcm16(seed, x) == expected16);
    std::vector<std::int32_t> codes24(x.size());
    Quantizer quantizer(seed);
    quantizer.ToPcm24(x.data(), codes24.data(), x.size());
    const std::vector<std::int32_t> expected24 = {8388607, -8388608, 8388607,
                                                  8388607, 8388607,  8388607,
                                                  -8388608, 8388607, -8388608};
    CHECK(codes24 == expected24);
  }
}

TEST_CASE("Quantizer: NaN quantizes as silence, within the dither") {
  const std::vector<float> x(1000, std::numeric_limits<float>::quiet_NaN());
  for (const std::int16_t code : ToPcm16(4, x)) {
    REQUIRE(code >= -1);
    REQUIRE(code <= 1);
  }
}

TEST_CASE("Quantizer: float output is clamped to full scale (±1) and otherwise exact") {
  const std::vector<float> x = {0.25f, -0.123456789f, 1.0f, 1.5f, -3.0f,
                                std::numeric_limits<float>::quiet_NaN(), 1e-30f};
  std::vector<float> out(x.size());
  Quantizer::ToFloat(x.data(), out.data(), x.size());
  const std::vector<float> expected = {0.25f, -0.123456789f, 1.0f, 1.0f, -1.0f, 0.0f, 1e-30f};
  CHECK(out == expected);
}

}  // TEST_SUITE("io")
}  // namespace tingle::io
