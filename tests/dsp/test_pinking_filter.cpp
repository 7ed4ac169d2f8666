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
    for (int block = 0; block < 200; ++block) {
      float left[kBlockFrames], right[kBlockFrames];
      for (int i = 0; i < kBlockFrames; ++i) {
        left[i] = random.SignedFloat();
        right[i] = 0.01f * random.SignedFloat();
      }
      float left_copy[kBlockFrames], right_copy[kBlockFrames];
      std::memcpy(left_copy, left, sizeof left);
      std::memcpy(right_copy, right, sizeof right);
      best.Process(left, right, kBlockFrames);
      portable.Process(left_copy, right_copy, kBlockFrames);
      REQUIRE(std::memcmp(left, left_copy, sizeof left) == 0);
      REQUIRE(std::memcmp(right, right_copy, sizeof right) == 0);
    }
  }
}

}  // namespace tingle::dsp
