// Binaural placement of a mono source around a spherical head, moving or still.
//
// Per ear: a fractional delay (Woodworth's interaural time difference, in Brown & Duda's
// per-ear form), the Brown-Duda head-shadow filter, and the near-field level of that ear's
// own distance to the source. Distance also sets the overall level, lifts the lows close
// up (proximity) and softens the highs far away. Geometry is computed once per block and
// glides linearly inside it, so motion has no zipper noise.
#pragma once

#include <array>

#include "core/block.hpp"
#include "core/stereo_view.hpp"
#include "dsp/fractional_delay.hpp"
#include "dsp/head_shadow.hpp"
#include "dsp/one_pole.hpp"
#include "mix/placement.hpp"

namespace tingle::mix {

class Spatializer {
 public:
  explicit Spatializer(const Placement& placement) : placement_(placement) {}

  void Prepare(double sample_rate);

  // Places kBlockFrames samples of `mono` into `out` (overwrites both channels).
  void Process(const BlockContext& block, const float* mono, StereoView out) noexcept;

  // What one ear receives at a moment; public for the tests.
  struct Ear {
    double delay_samples;
    double incidence_radians;  // 0: the source faces this ear
    float gain;                // near-field level of this ear's own distance
  };
  struct Geometry {
    Ear left;
    Ear right;
    float distance_gain;    // overall level against 1 m
    float proximity_gain;   // low-shelf gain (linear) close to the head
    float air_cutoff_norm;  // far-away high cut (cycles per sample); 0.5: none
  };
  Geometry GeometryAt(double seconds) const;

 private:
  Placement placement_;
  double sample_rate_ = 48000.0;
  Geometry previous_{};
  bool started_ = false;
  dsp::OnePole proximity_low_;
  dsp::OnePole air_;
  dsp::FractionalDelay delay_;
  dsp::HeadShadow shadow_left_;
  dsp::HeadShadow shadow_right_;
};

}  // namespace tingle::mix
