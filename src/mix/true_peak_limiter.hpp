// Look-ahead true-peak limiter: a smooth gain that never lets the 4x-oversampled peak
// pass the ceiling, and is exactly 1 while nothing comes near it.
//
// The gain computer follows the "peak hold + box filter" design (G. Luff, Signalsmith
// Audio, "Designing a straightforward limiter", 2022): each frame's required gain
// r = threshold / true peak is held at its minimum over a window, released
// exponentially, then smoothed by two cascaded moving averages of B frames. An average of
// values that are each <= r is <= r, so if the hold covers everything the smoother looks
// at, the smoothed gain is <= r at the frame it is applied to: no overshoot by
// construction, with an S-shaped attack of 2B - 1 frames. The hold also reaches kMargin
// frames either side of each frame, so every input frame that the interpolation of a peak
// weighs is turned down at least as far as that peak needs.
//
// The hold and the release run on groups of kGroupFrames frames (a group's r is the least
// of its frames'), the moving averages frame by frame: the held gain and the envelope
// are steps of 8 frames (0.17 ms) that the averages of B = 48 frames smooth, and a group's
// hold reaches at least as far either side as each of its frames' would, so the bound
// above still holds. With B a whole number of groups, across a group the first sum then
// moves by a constant step each frame and the second by a quadratic, so both are worked
// out a group at a time, exactly (the integers stay below 2^53, so in double lanes too).
//
// Gains run in 2^-30 fixed point: moving sums are exact integers (no drift over hours, and
// a full window of unity sums back to exactly 1), the rounding always goes down (never
// above r), and the output is bit-identical to the input until the ceiling is approached.
//
// The audio is delayed by latency_frames() (a whole number of kBlockFrames blocks); the
// caller compensates (the renderer runs the master that many frames ahead).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/block.hpp"
#include "dsp/peak_oversampler.hpp"
#include "dsp/running_minimum.hpp"

namespace tingle::mix {

class TruePeakLimiter {
 public:
  // Headroom kept below the ceiling for the differences between true-peak meters' 4x
  // interpolators (ours, libebur128's, ffmpeg's): 0.1 dB, the resolution those meters print.
  static constexpr double kSafetyMarginDb = 0.1;
  // Moving-average length B (rounded up to whole groups): the attack is 2B - 1 frames,
  // about 2 ms, so the gain never moves faster than its whole change over 1 ms (no
  // clicks; a shorter attack modulates low notes within a cycle). The look-ahead, and the
  // latency, grow with it.
  static constexpr double kAverageSeconds = 0.001;
  // Time constant of the gain's recovery (exponential, as in the smooth branching peak
  // detector of Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design -
  // A Tutorial and Analysis", JAES 60(6), 2012). 80 ms is 2.4 cycles of 30 Hz, so even
  // the lowest bass is barely modulated within a cycle, and still short enough to
  // recover in the gaps between taps (a few hundred ms).
  static constexpr double kReleaseSeconds = 0.08;

  // Allocates the delay and the gain computer's windows. ceiling_dbtp <= 0.
  void Prepare(double sample_rate, double ceiling_dbtp);

  // Disabled: unity gain (for the loudness-measuring pass), still delayed and measured.
  void set_enabled(bool enabled) { enabled_ = enabled; }

  // In place on one kBlockFrames block: reads input frames [n, n + kBlockFrames) and
  // writes output frames [n - latency_frames(), ...). Allocates nothing.
  void Process(float* left, float* right) noexcept;

  int latency_frames() const { return latency_frames_; }
  // The linear level the true peak is held to: the ceiling less kSafetyMarginDb.
  double threshold() const { return threshold_; }
  // The largest true peak (linear) of the input so far, measured where it matters: exact
  // when disabled, and when enabled exact if above threshold() (else at most threshold()).
  double max_input_peak() const { return max_input_peak_; }
  // The smallest gain applied so far (1 when the limiter never acted).
  double min_gain() const { return min_gain_; }
  // The gain applied to each frame of the last output block.
  const std::array<float, kBlockFrames>& gains() const { return gains_; }

 private:
  // Process's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void ProcessBody(float* left, float* right) noexcept;
  // Gains in fixed point: kUnity is a gain of 1.
  static constexpr std::int64_t kUnity = std::int64_t{1} << 30;
  // The interpolation reaches this many frames either side of a point.
  static constexpr int kMargin = dsp::PeakOversampler::kLatency;
  // Frames that share one held value and one envelope value.
  static constexpr int kGroupFrames = 8;
  static constexpr int kBlockGroups = kBlockFrames / kGroupFrames;
  static_assert(kBlockFrames % kGroupFrames == 0 && kMargin % kGroupFrames == 0,
                "the block's peaks start on a group boundary");

  // The moving sums at rest: every value in their windows unity.
  void ResetAverages();
  bool Idle() const;

  dsp::PeakOversampler oversampler_;
  bool enabled_ = true;
  double threshold_ = 1.0;       // linear ceiling minus the safety margin
  int latency_frames_ = 0;
  int average_frames_ = 1;       // B
  int hold_groups_ = 1;          // groups the hold spans
  std::int64_t release_coefficient_ = 0;  // per group, fixed point
  std::int64_t full_sum_ = kUnity;        // B^2 * kUnity: the second sum at unity

  // Delayed audio: latency_frames_ / kBlockFrames blocks, oldest at delay_position_.
  std::vector<float> delay_left_;
  std::vector<float> delay_right_;
  std::size_t delay_position_ = 0;

  // The required gain held at its minimum over the last hold_groups_ groups. After idle
  // blocks every value in it is unity; it is refilled only when work resumes.
  dsp::RunningMinimum hold_;
  std::int64_t held_ = kUnity;  // the last minimum it gave
  bool hold_needs_refill_ = false;

  // The envelope (one value a group) and the two moving sums at the end of the last group.
  // Per group g, with m = B / kGroupFrames: E the envelope, D = E_g - E_(g-m) the first
  // sum's step a frame, S the first sum at the group's end, the last m (S: m + 1) kept.
  std::int64_t envelope_ = kUnity;
  int groups_per_average_ = 1;  // m
  std::vector<std::int64_t> past_envelopes_;
  std::vector<std::int64_t> past_steps_;
  std::size_t past_position_ = 0;
  std::vector<std::int64_t> past_sums_;
  std::size_t past_sums_position_ = 0;
  std::int64_t sum_1_ = 0;
  std::int64_t sum_2_ = 0;

  std::array<float, kBlockFrames> gains_{};
  double max_input_peak_ = 0.0;
  double min_gain_ = 1.0;
};

}  // namespace tingle::mix
