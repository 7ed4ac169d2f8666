#include "mix/true_peak_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "core/units.hpp"

namespace tingle::mix {

void TruePeakLimiter::Prepare(double sample_rate, double ceiling_dbtp) {
  threshold_ = DbToGain(ceiling_dbtp - kSafetyMarginDb);
  average_frames_ = std::max(1, static_cast<int>(SecondsToFrames(kAverageSeconds, sample_rate)));
  // Frames the two averages span, and the latency the gain computer needs: the detector's
  // look-ahead, the averages and the margin after the frame. The delay rounds that up to
  // whole blocks; the extra frames join the hold, so the gain comes down a little earlier
  // instead of the gains waiting in a second delay line.
  const int smoothing_span = 2 * average_frames_ - 1;
  const int needed = dsp::PeakOversampler::kLatency + (smoothing_span - 1) + kMargin;
  latency_frames_ = (needed + kBlockFrames - 1) / kBlockFrames * kBlockFrames;
  const int extra = latency_frames_ - needed;
  hold_frames_ = smoothing_span + 2 * kMargin + extra;
  release_coefficient_ = static_cast<std::int64_t>(
      std::llround((1.0 - std::exp(-1.0 / (kReleaseSeconds * sample_rate))) * static_cast<double>(kUnity)));
  full_sum_ = static_cast<std::int64_t>(average_frames_) * average_frames_ * kUnity;

  oversampler_.Reset();
  delay_left_.assign(static_cast<std::size_t>(latency_frames_), 0.0f);
  delay_right_.assign(static_cast<std::size_t>(latency_frames_), 0.0f);
  delay_position_ = 0;
  hold_.Init(hold_frames_, kUnity);
  held_ = kUnity;
  hold_needs_refill_ = false;
  envelope_ = kUnity;
  average_1_.assign(static_cast<std::size_t>(average_frames_), kUnity);
  average_2_.assign(static_cast<std::size_t>(average_frames_), average_frames_ * kUnity);
  average_position_ = 0;
  sum_1_ = average_frames_ * kUnity;
  sum_2_ = full_sum_;
  gains_.fill(1.0f);
  max_input_peak_ = 0.0;
  min_gain_ = 1.0;
}

bool TruePeakLimiter::Idle() const {
  return envelope_ == kUnity && sum_2_ == full_sum_ && sum_1_ == average_frames_ * kUnity &&
         held_ == kUnity;
}

void TruePeakLimiter::Process(float* left, float* right) noexcept {
  // Peaks are computed only where they matter: above the threshold when limiting (a frame
  // that cannot reach it needs unity; its peak reads 0), above the largest so far when
  // only measuring.
  std::array<float, kBlockFrames> peaks;
  const double threshold = threshold_;
  const float skip_at_or_below = static_cast<float>(enabled_ ? threshold : max_input_peak_);
  const bool computed = oversampler_.Process(left, right, skip_at_or_below, peaks.data());
  if (computed) {
    const float block_peak = dsp::PeakOversampler::LargestPeak(peaks.data());
    max_input_peak_ = std::max(max_input_peak_, static_cast<double>(block_peak));
  }

  // The output block is the input of latency_frames_ ago; the input takes its place.
  float* delayed_left = delay_left_.data() + delay_position_;
  float* delayed_right = delay_right_.data() + delay_position_;
  for (int i = 0; i < kBlockFrames; ++i) {
    std::swap(left[i], delayed_left[i]);
    std::swap(right[i], delayed_right[i]);
  }
  delay_position_ = (delay_position_ + kBlockFrames) % delay_left_.size();

  if (!enabled_ || (!computed && Idle())) {
    // Nothing near the ceiling and nothing to release: unity, bit for bit, and every
    // value the hold keeps is unity.
    held_ = kUnity;
    hold_needs_refill_ = true;
    average_position_ = (average_position_ + kBlockFrames) % average_1_.size();
    gains_.fill(1.0f);
    return;
  }
  if (hold_needs_refill_) {
    hold_.Fill(kUnity);
    hold_needs_refill_ = false;
  }

  // The gain each frame's true peak needs, rounded down: threshold / peak in fixed point
  // (truncation is the floor, as it is positive), unity at or below the threshold (where
  // the quotient is >= 1, or infinite for silence), and 0 for a NaN peak. Selects, not
  // branches: on a hard-driven signal they would mispredict. Then held at its minimum.
  // (In 32 bits, as kUnity fits, so the compiler can convert in SIMD lanes.)
  std::array<std::int32_t, kBlockFrames> needed_32;
  for (std::size_t i = 0; i < kBlockFrames; ++i) {
    double scaled = threshold / static_cast<double>(peaks[i]) * static_cast<double>(kUnity);
    scaled = scaled >= 0.0 ? scaled : 0.0;
    scaled = scaled < static_cast<double>(kUnity) ? scaled : static_cast<double>(kUnity);
    needed_32[i] = static_cast<std::int32_t>(scaled);
  }
  std::array<std::int64_t, kBlockFrames> needed;
  std::copy(needed_32.begin(), needed_32.end(), needed.begin());
  std::array<std::int64_t, kBlockFrames> held;
  hold_.Push(needed.data(), held.data(), kBlockFrames);

  const std::size_t average_size = average_1_.size();
  const std::int64_t release = release_coefficient_;
  const double inverse_full_sum = 1.0 / static_cast<double>(full_sum_);
  std::int64_t envelope = envelope_;
  std::int64_t sum_1 = sum_1_;
  std::int64_t sum_2 = sum_2_;
  std::size_t position = average_position_;
  double min_gain = min_gain_;
  for (std::size_t i = 0; i < kBlockFrames; ++i) {
    // Instant attack to the held value, exponential release towards it; the release step
    // rounds down, and once it would round to nothing the envelope lands on the value.
    // (A positive step means the value is above the envelope: a release.)
    const std::int64_t step = ((held[i] - envelope) * release) >> 30;
    envelope = step > 0 ? envelope + step : held[i];
    // Two moving sums of B frames; the second sums the first, so the gain is the
    // double average sum_2 / (B^2 kUnity). The integer is exact in a double (< 2^53) and
    // the product with the inverse is within 2^-52 of the quotient, so a window all at
    // unity rounds to a float gain of exactly 1; otherwise rounding to float moves the
    // gain by < 2^-24 (6e-8 dB, inside the safety margin).
    sum_1 += envelope - average_1_[position];
    average_1_[position] = envelope;
    sum_2 += sum_1 - average_2_[position];
    average_2_[position] = sum_1;
    position = position + 1 == average_size ? 0 : position + 1;
    const double gain = static_cast<double>(sum_2) * inverse_full_sum;
    min_gain = std::min(min_gain, gain);
    gains_[i] = static_cast<float>(gain);
  }
  for (std::size_t i = 0; i < kBlockFrames; ++i) {
    left[i] *= gains_[i];
    right[i] *= gains_[i];
  }
  held_ = held[kBlockFrames - 1];
  envelope_ = envelope;
  sum_1_ = sum_1;
  sum_2_ = sum_2;
  average_position_ = position;
  min_gain_ = min_gain;
}

}  // namespace tingle::mix
