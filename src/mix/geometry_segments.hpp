// The segments on which the spatializers compute a source's geometry.
//
// Direction, distance and everything derived from them (delays, filters, levels) are
// computed at frames that are multiples of kFrames (5.3 ms at 48 kHz), and what glides
// (delays and levels) moves linearly between. That geometry costs as much per block as
// the audio itself (trigonometry, square roots, divisions, an HRTF interpolation), and a
// source going round the head in two seconds moves under 2 degrees in a segment.
// Segments are counted from frame 0, so a layer's sound does not depend on how the render
// is cut into blocks.
#pragma once

#include <cstdint>

#include "core/block.hpp"

namespace tingle::mix {

class GeometrySegments {
 public:
  static constexpr int kFrames = 4 * kBlockFrames;

  // The first block starts at `first_frame`: its segment starts there.
  void Start(std::int64_t first_frame) { start_frame_ = end_frame_ = first_frame; }

  // Moves on to the block at `first_frame` (blocks arrive consecutively). True when it
  // starts a new segment: the caller computes the geometry at end_frame().
  bool Enter(std::int64_t first_frame) {
    if (first_frame < end_frame_) return false;
    start_frame_ = end_frame_;
    end_frame_ = (first_frame / kFrames + 1) * kFrames;
    return true;
  }

  std::int64_t end_frame() const { return end_frame_; }

  // How far `frame` lies into the segment: 0 at its start, 1 at its end.
  double Fraction(std::int64_t frame) const {
    return static_cast<double>(frame - start_frame_) / static_cast<double>(end_frame_ - start_frame_);
  }

 private:
  std::int64_t start_frame_ = 0;
  std::int64_t end_frame_ = 0;
};

// The value a fraction `at` of the way from `from` to `to`: exactly `from` at 0 and
// throughout when they are equal (a fixed source keeps its fixed delay), exactly `to` at 1.
template <typename Real>
Real Glide(Real from, Real to, Real at) {
  return at >= Real{1} ? to : from + (to - from) * at;
}

}  // namespace tingle::mix
