// The pinking filter's two builds: the AVX2 one must give the portable one's bits.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "dsp/pinking_filter.hpp"

namespace tingle::dsp {

TEST_SUITE("dsp") {
  TEST_CASE("PinkingFilter: the portable and the AVX2 builds give the same bits") {
    PinkingFilter best, portable;
    best.Prepare(48000.0);
    portable.Prepare(48000.0);
    portable.UsePortableBuild();
    Pcg32 random(23);
    // Whole blocks, then sizes around the AVX2 build's 64-frame chunks (the previous
    // input carried across a chunk's and a call's edge).
    constexpr int kSizes[] = {kBlockFrames, 1, 7, 63, 64, 65, 129, 200};
    for (int block = 0; block < 200; ++block) {
      const int size = block < 100 ? kBlockFrames : kSizes[block % 8];
      INFO("block " << block << ", size " << size);
      float left[256] = {}, right[256] = {};
      for (int i = 0; i < size; ++i) {
        left[i] = random.SignedFloat();
        right[i] = 0.01f * random.SignedFloat();
      }
      float left_copy[256], right_copy[256];
      std::memcpy(left_copy, left, sizeof left);
      std::memcpy(right_copy, right, sizeof right);
      best.Process(left, right, size);
      portable.Process(left_copy, right_copy, size);
      REQUIRE(std::memcmp(left, left_copy, sizeof(float) * static_cast<std::size_t>(size)) == 0);
      REQUIRE(std::memcmp(right, right_copy, sizeof(float) * static_cast<std::size_t>(size)) == 0);
    }
  }
}

}  // namespace tingle::dsp
