#include "mix/true_peak_limiter.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "core/units.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::mix {

void TruePeakLimiter::Prepare(double sample_rate, double ceiling_dbtp) {
  threshold_ = DbToGain(ceiling_dbtp - kSafetyMarginDb);
  const auto average_groups = static_cast<int>(
      (SecondsToFrames(kAverageSeconds, sample_rate) + kGroupFrames - 1) / kGroupFrames);
  groups_per_average_ = std::max(1, average_groups);
  average_frames_ = groups_per_average_ * kGroupFrames;
  // Frames the two averages span, and the latency the gain computer needs: the detector's
  // look-ahead, the averages and the margin after the frame. The delay rounds that up to
  // whole blocks; the extra frames join the hold, so the gain comes down a little earlier
  // instead of the gains waiting in a second delay line.
  const int smoothing_span = 2 * average_frames_ - 1;
  const int needed = dsp::PeakOversampler::kLatency + (smoothing_span - 1) + kMargin;
  latency_frames_ = (needed + kBlockFrames - 1) / kBlockFrames * kBlockFrames;
  const int extra = latency_frames_ - needed;
  const int hold_frames = smoothing_span + 2 * kMargin + extra;
  // The hold of the group holding frame j spans groups whose frames reach from at or
  // before j - hold_frames + 1 (for the group's first frame too) to the group's end.
  hold_groups_ = (hold_frames + 2 * kGroupFrames - 2) / kGroupFrames;
  release_coefficient_ = static_cast<std::int64_t>(std::llround(
      (1.0 - std::exp(-kGroupFrames / (kReleaseSeconds * sample_rate))) * static_cast<double>(kUnity)));
  full_sum_ = static_cast<std::int64_t>(average_frames_) * average_frames_ * kUnity;

  oversampler_.Reset();
  delay_left_.assign(static_cast<std::size_t>(latency_frames_), 0.0f);
  delay_right_.assign(static_cast<std::size_t>(latency_frames_), 0.0f);
  delay_position_ = 0;
  hold_.Init(hold_groups_, kUnity);
  held_ = kUnity;
  hold_needs_refill_ = false;
  envelope_ = kUnity;
  past_envelopes_.resize(static_cast<std::size_t>(groups_per_average_));
  past_steps_.resize(static_cast<std::size_t>(groups_per_average_));
  past_sums_.resize(static_cast<std::size_t>(groups_per_average_) + 1);
  ResetAverages();
  gains_.fill(1.0f);
  max_input_peak_ = 0.0;
  min_gain_ = 1.0;
}

void TruePeakLimiter::ResetAverages() {
  std::fill(past_envelopes_.begin(), past_envelopes_.end(), kUnity);
  std::fill(past_steps_.begin(), past_steps_.end(), 0);
  std::fill(past_sums_.begin(), past_sums_.end(), average_frames_ * kUnity);
  past_position_ = 0;
  past_sums_position_ = 0;
  sum_1_ = average_frames_ * kUnity;
  sum_2_ = full_sum_;
}

bool TruePeakLimiter::Idle() const {
  return envelope_ == kUnity && sum_2_ == full_sum_ && sum_1_ == average_frames_ * kUnity &&
         held_ == kUnity;
}

inline void TruePeakLimiter::ProcessBody(float* left, float* right) noexcept {
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
    // value the hold keeps is unity. So are the envelopes the averages keep (their steps
    // 0): both sums full means the last 2B - 1 frames' envelopes were unity.
    held_ = kUnity;
    hold_needs_refill_ = true;
    gains_.fill(1.0f);
    return;
  }
  if (hold_needs_refill_) {
    hold_.Fill(kUnity);
    hold_needs_refill_ = false;
  }

  // The gain each group's largest true peak needs, rounded down: threshold / peak in
  // fixed point (truncation is the floor, as it is positive), unity at or below the
  // threshold (where the quotient is >= 1, or infinite for silence), and 0 for a NaN
  // peak. That is the least of its frames' own: the quotient's rounding keeps the order.
  // The largest is taken on the peaks' magnitude bits, which order as the values do and
  // put a NaN above every number. Selects, not branches: on a hard-driven signal they
  // would mispredict. Four groups at a time: their largest bits gathered into the lanes
  // of one register, the quotients two to a register (eight divisions one after another
  // took a quarter of the limiter's time). Then held at its minimum.
  typedef double Double2 __attribute__((vector_size(16)));
  static_assert(kGroupFrames == 8 && kBlockGroups % 4 == 0);
  const dsp::Int4 magnitude = {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff};
  const Double2 unity = {static_cast<double>(kUnity), static_cast<double>(kUnity)};
  const Double2 zero = {0.0, 0.0};
  std::array<std::int64_t, kBlockGroups> needed;
  const auto larger = [](dsp::Int4 a, dsp::Int4 b) { return a > b ? a : b; };
  const auto group_bits = [&](std::size_t g) {
    const float* group = &peaks[kGroupFrames * g];
    return larger(std::bit_cast<dsp::Int4>(dsp::LoadFloat4(group)) & magnitude,
                  std::bit_cast<dsp::Int4>(dsp::LoadFloat4(group + 4)) & magnitude);
  };
  // Groups g and g + 1 from their largest peaks.
  const auto quantize = [&](Double2 peak, std::size_t g) {
    Double2 scaled = threshold / peak * unity;
    scaled = scaled >= zero ? scaled : zero;
    scaled = scaled < unity ? scaled : unity;
    needed[g] = static_cast<std::int64_t>(scaled[0]);
    needed[g + 1] = static_cast<std::int64_t>(scaled[1]);
  };
  for (std::size_t first = 0; first < kBlockGroups; first += 4) {
    const dsp::Int4 bits0 = group_bits(first), bits1 = group_bits(first + 1);
    const dsp::Int4 bits2 = group_bits(first + 2), bits3 = group_bits(first + 3);
    // Halving twice: lanes {g0, g1, g0, g1} and {g2, g3, g2, g3}, then {g0, g1, g2, g3}.
    const dsp::Int4 halves01 = larger(__builtin_shufflevector(bits0, bits1, 0, 4, 1, 5),
                                      __builtin_shufflevector(bits0, bits1, 2, 6, 3, 7));
    const dsp::Int4 halves23 = larger(__builtin_shufflevector(bits2, bits3, 0, 4, 1, 5),
                                      __builtin_shufflevector(bits2, bits3, 2, 6, 3, 7));
    const dsp::Int4 largest = larger(__builtin_shufflevector(halves01, halves23, 0, 1, 4, 5),
                                     __builtin_shufflevector(halves01, halves23, 2, 3, 6, 7));
    const auto largest_peaks = std::bit_cast<dsp::Float4>(largest);
    const auto first_pair = __builtin_shufflevector(largest_peaks, largest_peaks, 0, 1);
    const auto second_pair = __builtin_shufflevector(largest_peaks, largest_peaks, 2, 3);
    quantize(__builtin_convertvector(first_pair, Double2), first);
    quantize(__builtin_convertvector(second_pair, Double2), first + 2);
  }
  std::array<std::int64_t, kBlockGroups> held;
  hold_.Push(needed.data(), held.data(), kBlockGroups);

  // Instant attack to the held value, exponential release towards it, a group a step; the
  // release step rounds down, and once it would round to nothing the envelope lands on
  // the value. (A positive step means the value is above the envelope: a release.)
  const std::int64_t release = release_coefficient_;
  std::int64_t envelope = envelope_;
  std::array<std::int64_t, kBlockGroups> envelopes;
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    const std::int64_t step = ((held[g] - envelope) * release) >> 30;
    envelope = step > 0 ? envelope + step : held[g];
    envelopes[g] = envelope;
  }

  // Two moving sums of B frames; the second sums the first, so the gain is the double
  // average sum_2 / (B^2 kUnity). Within group g, frame r (0..7) adds E_g and drops the
  // envelope of B frames before, E_(g-m), so the first sum is S_(g-1) + (r + 1) D_g; the
  // second adds that and drops the first sum of B frames before, S_(g-m-1) + (r + 1)
  // D_(g-m), so it is sum_2 + (r + 1) (S_(g-1) - S_(g-m-1)) + (r + 1)(r + 2) / 2 (D_g -
  // D_(g-m)). Every term is an integer below 2^53, exact in a double; the product with the
  // inverse is within 2^-52 of the quotient, so a window all at unity rounds to a float
  // gain of exactly 1, and otherwise rounding to float moves the gain by < 2^-24 (6e-8
  // dB, inside the safety margin). The smallest gain comes from the smallest sum, as the
  // product's rounding keeps the order.
  // A group's eight sums are worked out in double lanes (r + 1 and the triangles are
  // constants), each lane the same operations in the same order as one frame at a time,
  // and its eight gains stored at once: stored a frame at a time, they stalled the vector
  // loads of the multiply below (a load cannot be forwarded from several stores).
  typedef double Double8 __attribute__((vector_size(64)));
  typedef float Float8 __attribute__((vector_size(32)));
  static_assert(kGroupFrames == 8);
  const Double8 frames = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0};
  const Double8 triangles = {1.0, 3.0, 6.0, 10.0, 15.0, 21.0, 28.0, 36.0};  // (r + 1)(r + 2) / 2
  const double inverse_full_sum = 1.0 / static_cast<double>(full_sum_);
  const auto m = static_cast<std::size_t>(groups_per_average_);
  std::int64_t sum_1 = sum_1_;
  std::int64_t sum_2 = sum_2_;
  // The smallest sum so far, in two lanes: on the baseline's 128-bit registers a select
  // on a Double8 compiles to scalar code.
  Double2 smallest_sums = Double2{} + static_cast<double>(sum_2);
  std::size_t position = past_position_;
  std::size_t sums_position = past_sums_position_;
  for (std::size_t g = 0; g < kBlockGroups; ++g) {
    const std::int64_t step = envelopes[g] - past_envelopes_[position];
    const std::int64_t step_change = step - past_steps_[position];
    past_envelopes_[position] = envelopes[g];
    past_steps_[position] = step;
    position = position + 1 == m ? 0 : position + 1;
    const std::int64_t sum_1_change = sum_1 - past_sums_[sums_position];
    const auto base = static_cast<double>(sum_2);
    const auto linear = static_cast<double>(sum_1_change);
    const auto quadratic = static_cast<double>(step_change);
    const Double8 sums = base + frames * linear + triangles * quadratic;
    const Double2 firsts = __builtin_shufflevector(sums, sums, 0, 1);
    const Double2 seconds = __builtin_shufflevector(sums, sums, 2, 3);
    const Double2 thirds = __builtin_shufflevector(sums, sums, 4, 5);
    const Double2 fourths = __builtin_shufflevector(sums, sums, 6, 7);
    const Double2 early = firsts < seconds ? firsts : seconds;
    const Double2 late = thirds < fourths ? thirds : fourths;
    const Double2 group = early < late ? early : late;
    smallest_sums = group < smallest_sums ? group : smallest_sums;
    const Float8 gains = __builtin_convertvector(sums * inverse_full_sum, Float8);
    std::memcpy(gains_.data() + kGroupFrames * g, &gains, sizeof gains);
    sum_1 += kGroupFrames * step;
    past_sums_[sums_position] = sum_1;
    sums_position = sums_position == m ? 0 : sums_position + 1;
    sum_2 += kGroupFrames * sum_1_change + kGroupFrames * (kGroupFrames + 1) / 2 * step_change;
  }
  const double smallest_sum_2 = std::min(smallest_sums[0], smallest_sums[1]);
  for (std::size_t i = 0; i < kBlockFrames; ++i) {
    left[i] *= gains_[i];
    right[i] *= gains_[i];
  }
  held_ = held[kBlockGroups - 1];
  envelope_ = envelope;
  sum_1_ = sum_1;
  sum_2_ = sum_2;
  past_position_ = position;
  past_sums_position_ = sums_position;
  min_gain_ = std::min(min_gain_, smallest_sum_2 * inverse_full_sum);
}

void TruePeakLimiter::Process(float* left, float* right) noexcept {
  dsp::CallWidestBuild<&TruePeakLimiter::ProcessBody>(this, left, right);
}

}  // namespace tingle::mix
