#include "mix/master.hpp"

#include "core/units.hpp"
#include "mix/fade.hpp"
#include "mix/gain_ramp.hpp"

namespace tingle::mix {

void Master::Prepare(double sample_rate, std::int64_t total_frames) {
  sample_rate_ = sample_rate;
  total_frames_ = total_frames;
  fade_in_frames_ = SecondsToFrames(settings_.fade_in_seconds, sample_rate);
  fade_out_frames_ = SecondsToFrames(settings_.fade_out_seconds, sample_rate);
  FitFades(total_frames_, fade_in_frames_, fade_out_frames_);
  previous_gain_ = -1.0f;
}

void Master::Process(const BlockContext& block, StereoView io) noexcept {
  const double seconds = static_cast<double>(block.first_frame) / sample_rate_;
  const auto level = static_cast<float>(DbToGain(settings_.gain_db.At(seconds)));
  if (previous_gain_ < 0.0f) previous_gain_ = level;
  const auto fade_from = static_cast<float>(
      FadeGain(block.first_frame, total_frames_, fade_in_frames_, fade_out_frames_));
  const auto fade_to = static_cast<float>(FadeGain(block.first_frame + kBlockFrames,
                                                    total_frames_, fade_in_frames_,
                                                    fade_out_frames_));
  ApplyGainRamp(io.left, previous_gain_ * fade_from, level * fade_to);
  ApplyGainRamp(io.right, previous_gain_ * fade_from, level * fade_to);
  previous_gain_ = level;
}

}  // namespace tingle::mix
