#include "mix/master.hpp"

#include "core/units.hpp"
#include "dsp/band_limiter.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/dc_blocker.hpp"
#include "mix/fade.hpp"
#include "mix/gain_ramp.hpp"

namespace tingle::mix {

std::array<dsp::BiquadSection, dsp::StereoBiquadCascade::kSections> Master::FilterSections(double sample_rate) {
  const auto band = dsp::BandLimiterSections();
  return {dsp::DcBlockerSection(kDcBlockerHz, sample_rate), band[0], band[1], band[2]};
}

void Master::Prepare(double sample_rate, std::int64_t total_frames) {
  sample_rate_ = sample_rate;
  total_frames_ = total_frames;
  fade_in_frames_ = SecondsToFrames(settings_.fade_in_seconds, sample_rate);
  fade_out_frames_ = SecondsToFrames(settings_.fade_out_seconds, sample_rate);
  FitFades(total_frames_, fade_in_frames_, fade_out_frames_);
  previous_level_ = -1.0f;
  filters_.Init(FilterSections(sample_rate));
  limiter_.Prepare(sample_rate, settings_.true_peak_dbtp);
  limiter_.set_enabled(limiting_);
}

inline void Master::ProcessBody(const BlockContext& block, StereoView io) noexcept {
  filters_.Process(io.left, io.right, io.frames);
  for (int offset = 0; offset < io.frames; offset += kBlockFrames) {
    ProcessBlock(block.first_frame + offset, io.left + offset, io.right + offset);
  }
}

void Master::ProcessBlock(std::int64_t first_frame, float* left, float* right) noexcept {
  // Level on the mix's timeline: the automation ramps across the block, times the
  // constant normalisation gain (exactly 1 when both are 0 dB: a bit-exact pass).
  const double seconds = static_cast<double>(first_frame) / sample_rate_;
  const auto level = static_cast<float>(DbToGain(settings_.gain_db.At(seconds) + normalization_gain_db_));
  if (previous_level_ < 0.0f) previous_level_ = level;
  ApplyGainRamp(left, previous_level_, level);
  ApplyGainRamp(right, previous_level_, level);
  previous_level_ = level;

  limiter_.Process(left, right);

  // Fades on the output's timeline, which the limiter has delayed.
  const std::int64_t out_frame = first_frame - limiter_.latency_frames();
  const auto fade_from =
      static_cast<float>(FadeGain(out_frame, total_frames_, fade_in_frames_, fade_out_frames_));
  const auto fade_to = static_cast<float>(
      FadeGain(out_frame + kBlockFrames, total_frames_, fade_in_frames_, fade_out_frames_));
  ApplyGainRamp(left, fade_from, fade_to);
  ApplyGainRamp(right, fade_from, fade_to);
}

void Master::Process(const BlockContext& block, StereoView io) noexcept {
  dsp::CallWidestBuild<&Master::ProcessBody>(this, block, io);
}

}  // namespace tingle::mix
