// The gliding Hermite read of a delay line: what it interpolates, and the same bits from
// the portable and the AVX2 builds as from the documented formula.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/hermite_glide.hpp"
#include "support/same_bits.hpp"

namespace tingle::dsp {
namespace {

using test::SameBits;

// One frame at a time, in the order hermite_glide.hpp gives.
std::vector<float> Reference(const float* tap, float t_first, float t_step, float gain_first,
                             float gain_step) {
  std::vector<float> out(kBlockFrames);
  for (int i = 0; i < kBlockFrames; ++i) {
    const auto frame = static_cast<float>(i);
    const float t = t_first + t_step * frame;
    const float before = tap[i - 1], at = tap[i], after = tap[i + 1], after2 = tap[i + 2];
    const float slope = 0.5f * (after - before);
    const float drop = at - after;
    const float w = slope + drop;
    const float cubic = w + drop + 0.5f * (after2 - at);
    const float quadratic = w + cubic;
    const float y = ((cubic * t - quadratic) * t + slope) * t + at;
    out[static_cast<std::size_t>(i)] = (gain_first + gain_step * frame) * y;
  }
  return out;
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("HermiteGlide: a straight line is read exactly where the fraction points") {
    // Taps on the line 0.5 + 0.25 n: Catmull-Rom reproduces it, so frame i reads
    // 0.5 + 0.25 (i + t_i), with the gain applied.
    std::vector<float> line(kBlockFrames + 3);
    for (std::size_t n = 0; n < line.size(); ++n) line[n] = 0.5f + 0.25f * (static_cast<float>(n) - 1.0f);
    std::vector<float> out(kBlockFrames);
    const float t_first = 0.2f, t_step = 0.01f, gain_first = 1.0f, gain_step = -0.005f;
    HermiteGlide(line.data() + 1, t_first, t_step, gain_first, gain_step, out.data());
    for (int i = 0; i < kBlockFrames; ++i) {
      const double t = t_first + t_step * i;
      const double expected = (gain_first + gain_step * i) * (0.5 + 0.25 * (i + t));
      CHECK(out[static_cast<std::size_t>(i)] == doctest::Approx(expected).epsilon(1e-6));
    }
  }

  TEST_CASE("HermiteGlide: both builds give the formula's bits") {
    Pcg32 random(23);
    for (int trial = 0; trial < 50; ++trial) {
      std::vector<float> line(kBlockFrames + 3);
      // Magnitudes over a wide range, so a change in the order of operations shows.
      for (float& sample : line) sample = random.SignedFloat() * (random.UnitFloat() < 0.1f ? 100.0f : 0.01f);
      const float* tap = line.data() + 1;
      const float t_first = random.UnitFloat();
      const float t_step = 0.03f * random.SignedFloat();
      const float gain_first = random.UnitFloat();
      const float gain_step = 0.01f * random.SignedFloat();
      const std::vector<float> expected = Reference(tap, t_first, t_step, gain_first, gain_step);
      std::vector<float> portable(kBlockFrames), dispatched(kBlockFrames);
      HermiteGlidePortable(tap, t_first, t_step, gain_first, gain_step, portable.data());
      HermiteGlide(tap, t_first, t_step, gain_first, gain_step, dispatched.data());
      CHECK(SameBits(portable, expected));
      CHECK(SameBits(dispatched, expected));
      if (CpuHasAvx2()) {
        std::vector<float> avx2(kBlockFrames);
        HermiteGlideAvx2(tap, t_first, t_step, gain_first, gain_step, avx2.data());
        CHECK(SameBits(avx2, expected));
      }
    }
  }
}
}  // namespace tingle::dsp
