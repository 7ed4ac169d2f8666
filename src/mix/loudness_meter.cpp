#include "mix/loudness_meter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tingle::mix {
namespace {

// BS.1770's loudness of a mean square (channel weights 1 for left and right).
double LoudnessOf(double mean_square) { return -0.691 + 10.0 * std::log10(mean_square); }

}  // namespace

LoudnessMeter::LoudnessMeter(double sample_rate)
    : step_frames_(static_cast<int>(std::lround(0.1 * sample_rate))),
      bin_blocks_(kBins, 0),
      bin_energy_(kBins, 0.0) {
  weighting_.Init(sample_rate);
}

void LoudnessMeter::Add(const float* left, const float* right, int frames) {
  while (frames > 0) {
    const int take = std::min(frames, step_frames_ - frames_in_step_);
    weighting_.Accumulate(left, right, take, step_left_, step_right_);
    left += take;
    right += take;
    frames -= take;
    frames_in_step_ += take;
    if (frames_in_step_ == step_frames_) EndStep();
  }
}

void LoudnessMeter::EndStep() {
  last_steps_[static_cast<std::size_t>(steps_ % 4)] = step_left_ + step_right_;
  ++steps_;
  step_left_ = step_right_ = 0.0;
  frames_in_step_ = 0;
  if (steps_ < 4) return;
  const double mean_square =
      ((last_steps_[0] + last_steps_[1]) + (last_steps_[2] + last_steps_[3])) / (4.0 * step_frames_);
  const double lufs = LoudnessOf(mean_square);
  if (!(lufs > kAbsoluteGateLufs)) return;
  const auto bin = std::min(kBins - 1, static_cast<int>((lufs - kAbsoluteGateLufs) / kBinLu));
  ++bin_blocks_[static_cast<std::size_t>(bin)];
  bin_energy_[static_cast<std::size_t>(bin)] += mean_square;
}

double LoudnessMeter::integrated_lufs() const {
  std::int64_t blocks = 0;
  double energy = 0.0;
  for (int bin = 0; bin < kBins; ++bin) {
    blocks += bin_blocks_[static_cast<std::size_t>(bin)];
    energy += bin_energy_[static_cast<std::size_t>(bin)];
  }
  if (blocks == 0) return -std::numeric_limits<double>::infinity();
  // Relative gate: bins whose middle lies above it count.
  const double gate = LoudnessOf(energy / static_cast<double>(blocks)) - 10.0;
  blocks = 0;
  energy = 0.0;
  for (int bin = 0; bin < kBins; ++bin) {
    const double middle = kAbsoluteGateLufs + (bin + 0.5) * kBinLu;
    if (middle <= gate) continue;
    blocks += bin_blocks_[static_cast<std::size_t>(bin)];
    energy += bin_energy_[static_cast<std::size_t>(bin)];
  }
  if (blocks == 0) return -std::numeric_limits<double>::infinity();
  return LoudnessOf(energy / static_cast<double>(blocks));
}

}  // namespace tingle::mix
