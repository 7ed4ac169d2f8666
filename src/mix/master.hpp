// The master chain: level and track fades after the layers are summed.
//
// Loudness normalisation, the DC blocker and the true-peak limiter join this chain with
// the space-and-master work (DESIGN §7); until then integer output is clamped at full
// scale by the quantiser (never wrapped).
#pragma once

#include <cstdint>
#include <optional>

#include "core/block.hpp"
#include "core/control.hpp"
#include "core/stereo_view.hpp"

namespace tingle::mix {

struct MasterSettings {
  Control gain_db = Control::Constant(0.0);
  double fade_in_seconds = 0.0;
  double fade_out_seconds = 0.0;
  // Integrated loudness target (LUFS); empty: the level is left alone.
  std::optional<double> loudness_lufs;
  // True-peak ceiling (dBTP) the limiter guarantees.
  double true_peak_dbtp = -1.0;
};

class Master {
 public:
  explicit Master(const MasterSettings& settings) : settings_(settings) {}

  void Prepare(double sample_rate, std::int64_t total_frames);

  // Processes one kBlockFrames block in place.
  void Process(const BlockContext& block, StereoView io) noexcept;

 private:
  MasterSettings settings_;
  double sample_rate_ = 48000.0;
  std::int64_t total_frames_ = 0;
  std::int64_t fade_in_frames_ = 0;
  std::int64_t fade_out_frames_ = 0;
  float previous_gain_ = -1.0f;
};

}  // namespace tingle::mix
