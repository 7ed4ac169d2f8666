// Binaural placement around a spherical head: interaural delay, head shadow, distance.
//
// Per ear: a fractional delay (Woodworth's interaural time difference, in Brown & Duda's
// per-ear form) and the Brown-Duda head-shadow filter, on top of the distance cues.
// Geometry is computed once a segment (geometry_segments.hpp) and the delays and gains
// glide linearly between, so motion has no zipper noise; the head-shadow filters take each
// segment's end geometry.
#pragma once

#include "dsp/fractional_delay.hpp"
#include "dsp/head_shadow.hpp"
#include "mix/distance_cues.hpp"
#include "mix/geometry_segments.hpp"
#include "mix/spatializer.hpp"

namespace tingle::mix {

class SphericalHead final : public Spatializer {
 public:
  explicit SphericalHead(const Placement& placement) : placement_(placement) {}

  void Prepare(double sample_rate) override;
  void Process(const BlockContext& block, const float* left, const float* right,
               StereoView out) noexcept override;

 private:
  // Process's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void ProcessBody(const BlockContext& block, const float* left, const float* right,
                   StereoView out) noexcept;
  struct Geometry {
    double azimuth_degrees;
    double distance_metres;
    double left_delay_samples;
    double right_delay_samples;
    double left_incidence;  // radians; 0: the source faces this ear
    double right_incidence;
    DistanceCues cues;
  };
  Geometry GeometryAt(double seconds) const;

  Placement placement_;
  double sample_rate_ = 48000.0;
  // The segment the current block lies in, and its geometry at both ends.
  GeometrySegments segments_;
  Geometry segment_start_{};
  Geometry segment_end_{};
  bool started_ = false;
  DistanceFilter distance_filter_;
  dsp::FractionalDelay delay_;
  dsp::HeadShadow shadow_left_;
  dsp::HeadShadow shadow_right_;
};

}  // namespace tingle::mix
