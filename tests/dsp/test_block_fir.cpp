// The block FIR of the head-related responses: exact to its documented order of sums, and
// the same bits from the portable and the AVX2 builds.
#include <doctest/doctest.h>

#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "dsp/block_fir.hpp"
#include "dsp/cpu_features.hpp"
#include "support/same_bits.hpp"

namespace tingle::dsp {
namespace {

using test::SameBits;

// Scalar, in the order block_fir.hpp promises: lane l sums taps l, l + 4, ... from k = 0,
// then (lane 0 + lane 2) + (lane 1 + lane 3).
std::vector<float> Reference(const std::vector<float>& reversed, const std::vector<float>& x) {
  const int taps = static_cast<int>(reversed.size());
  std::vector<float> out(kBlockFrames);
  for (int i = 0; i < kBlockFrames; ++i) {
    float lanes[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int k = 0; k < taps; ++k) {
      lanes[k % 4] += reversed[static_cast<std::size_t>(k)] * x[static_cast<std::size_t>(i + k)];
    }
    out[static_cast<std::size_t>(i)] = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
  }
  return out;
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("BlockFir: both builds give the reference's bits for every length") {
    Pcg32 random(11);
    for (const int taps : {4, 8, 12, 92, 96, 100, 256}) {
      INFO("taps " << taps);
      std::vector<float> reversed(static_cast<std::size_t>(taps));
      std::vector<float> x(static_cast<std::size_t>(taps - 1 + kBlockFrames));
      for (float& tap : reversed) tap = random.SignedFloat();
      // Inputs over a wide range of magnitudes, so any change of order shows in the bits.
      for (float& sample : x) sample = random.SignedFloat() * (random.UnitFloat() < 0.1f ? 1000.0f : 0.001f);
      const std::vector<float> expected = Reference(reversed, x);
      std::vector<float> portable(kBlockFrames), dispatched(kBlockFrames);
      BlockFirPortable(reversed.data(), taps, x.data(), portable.data());
      BlockFir(reversed.data(), taps, x.data(), dispatched.data());
      CHECK(SameBits(portable, expected));
      CHECK(SameBits(dispatched, expected));
      if (CpuHasAvx2()) {
        std::vector<float> avx2(kBlockFrames);
        BlockFirAvx2(reversed.data(), taps, x.data(), avx2.data());
        CHECK(SameBits(avx2, expected));
      }
    }
  }
}

}  // namespace tingle::dsp
