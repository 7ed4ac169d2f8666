// The segments the spatializers compute geometry on: counted from frame 0 whatever block
// a layer starts at, and glides that land exactly on their ends.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "core/block.hpp"
#include "mix/geometry_segments.hpp"

namespace tingle::mix {

TEST_SUITE("mix") {
  TEST_CASE("GeometrySegments: new segments start at multiples of kFrames, the first where the layer does") {
    constexpr std::int64_t kSegment = GeometrySegments::kFrames;
    GeometrySegments segments;
    const std::int64_t start = 3 * kBlockFrames + 5 * kSegment;  // a late, unaligned layer
    segments.Start(start);
    std::vector<std::int64_t> ends;
    for (std::int64_t first = start; first < start + 3 * kSegment; first += kBlockFrames) {
      const bool entered = segments.Enter(first);
      CHECK(entered == (first == start || first % kSegment == 0));
      if (entered) ends.push_back(segments.end_frame());
      // The block lies inside its segment: fractions from 0 up to 1 at most.
      CHECK(segments.Fraction(first) >= 0.0);
      CHECK(segments.Fraction(first + kBlockFrames) <= 1.0);
    }
    // The first segment is the rest of the one the layer starts in.
    CHECK(ends == std::vector<std::int64_t>{6 * kSegment, 7 * kSegment, 8 * kSegment, 9 * kSegment});
    // The segment's last block ends exactly at fraction 1, its first starts at 0.
    CHECK(segments.Fraction(9 * kSegment) == 1.0);
    CHECK(segments.Fraction(8 * kSegment) == 0.0);
  }

  TEST_CASE("Glide: exact at both ends, and constant when the ends are equal") {
    // Delays of a far and a near ear, for which from + (to - from) is not `to` in doubles.
    const double from = 46.21224478256064, to = 2.12215109436442;
    REQUIRE(from + (to - from) != to);
    CHECK(Glide(from, to, 0.0) == from);
    CHECK(Glide(from, to, 1.0) == to);
    CHECK(Glide(from, to, 0.5) == doctest::Approx(0.5 * (from + to)));
    for (const double at : {0.0, 0.25, 0.7, 1.0}) CHECK(Glide(7.123, 7.123, at) == 7.123);
    CHECK(Glide(0.25f, 0.75f, 1.0f) == 0.75f);
  }
}

}  // namespace tingle::mix
