// Binaural placement with measured head-related responses: per ear a delay and a filter.
//
// Each ear reads the source through a fractional delay (the response's onset, gliding
// sample by sample as the source moves) and then an onset-aligned 2 ms FIR, updated once a
// segment (geometry_segments.hpp, 5.3 ms) from the set's interpolated responses; the
// changes from one segment to the next at any motion speed tingle allows are tiny, so the
// filter needs no cross-fade. Distance cues are added as for the spherical head (the set
// was measured at 1.4 m).
#pragma once

#include <memory>
#include <vector>

#include "dsp/fractional_delay.hpp"
#include "mix/distance_cues.hpp"
#include "mix/geometry_segments.hpp"
#include "mix/hrtf_set.hpp"
#include "mix/spatializer.hpp"

namespace tingle::mix {

class HrtfSpatializer final : public Spatializer {
 public:
  HrtfSpatializer(const Placement& placement, std::shared_ptr<const HrtfSet> set)
      : placement_(placement), set_(std::move(set)) {}

  void Prepare(double sample_rate) override;
  void Process(const BlockContext& block, const float* left, const float* right,
               StereoView out) noexcept override;

 private:
  // Process's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void ProcessBody(const BlockContext& block, const float* left, const float* right,
                   StereoView out) noexcept;
  struct Ear {
    std::vector<float> reversed_response;  // so each output is a dot product over memory
    std::vector<float> history;            // delayed samples; the block goes at write_position,
    std::size_t write_position = 0;        // after at least taps - 1 earlier ones
    double onset = 0.0;                    // samples, at the end of the segment
    double onset_at_start = 0.0;           // and at its start
  };

  // Loads both ears' responses and onsets for an azimuth.
  void LoadDirection(double azimuth_degrees) noexcept;

  Placement placement_;
  std::shared_ptr<const HrtfSet> set_;
  double sample_rate_ = 48000.0;
  int taps_ = 0;
  bool started_ = false;
  double azimuth_ = 0.0;   // degrees, of the responses loaded
  double distance_ = 0.0;  // metres, of the range cues in cues_
  GeometrySegments segments_;
  DistanceCues cues_at_start_{};  // of the segment the current block lies in
  DistanceCues cues_{};           // at its end
  DistanceFilter distance_filter_;
  dsp::FractionalDelay delay_;
  Ear ears_[2];
  std::vector<float> scratch_left_, scratch_right_;
  float block_[kBlockFrames] = {};
};

}  // namespace tingle::mix
