// The minimum of the last `window` values of a stream, in constant time per value and
// without data-dependent branches (van Herk, "A fast algorithm for local minimum and
// maximum filters on rectangular and octagonal kernels", Pattern Recognition Letters
// 13(7), 1992; Gil & Werman, IEEE PAMI 15(5), 1993).
//
// Values arrive in segments of `window`. The window ending at a value spans the tail of
// the previous segment and the head of the current one, so its minimum is the smaller of
// the previous segment's minimum from that point on (kept as suffix minima, computed once
// when a segment completes) and the running minimum of the current segment so far. A
// monotonic queue gives the same minima, but its pops depend on the data, and on a signal
// that keeps changing (a limiter driven hard) those branches mispredict most frames.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace tingle::dsp {

class RunningMinimum {
 public:
  // Allocates; the window starts as `window` copies of `fill`.
  void Init(int window, std::int64_t fill) {
    values_.assign(static_cast<std::size_t>(window), fill);
    suffix_minima_.assign(static_cast<std::size_t>(window) + 1, fill);
    Fill(fill);
  }

  // As if the last `window` values were all `value`.
  void Fill(std::int64_t value) {
    std::fill(suffix_minima_.begin(), suffix_minima_.end() - 1, value);
    suffix_minima_.back() = kNone;
    position_ = 0;
    prefix_minimum_ = kNone;
  }

  // Adds a value; returns the minimum of the last `window` values (this one included).
  std::int64_t Push(std::int64_t value) {
    std::int64_t minimum;
    Push(&value, &minimum, 1);
    return minimum;
  }

  // Adds `count` values; minima[i] is what Push(values[i]) would return.
  void Push(const std::int64_t* values, std::int64_t* minima, std::size_t count) {
    while (count > 0) {
      // The stretch up to the end of this segment, with the state in locals: the stores
      // to values_ could otherwise alias the members.
      const std::size_t position = position_;
      const std::size_t take = std::min(count, values_.size() - position);
      std::int64_t* segment = values_.data() + position;
      // Previous segment from position + 1 on (none past its end), current one up to here.
      const std::int64_t* suffix = suffix_minima_.data() + position + 1;
      std::int64_t prefix = prefix_minimum_;
      for (std::size_t i = 0; i < take; ++i) {
        segment[i] = values[i];
        prefix = std::min(prefix, values[i]);
        minima[i] = std::min(suffix[i], prefix);
      }
      prefix_minimum_ = prefix;
      position_ = position + take;
      if (position_ == values_.size()) CloseSegment();
      values += take;
      minima += take;
      count -= take;
    }
  }

 private:
  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();

  void CloseSegment() {
    std::int64_t minimum = kNone;
    for (std::size_t i = values_.size(); i-- > 0;) {
      minimum = std::min(minimum, values_[i]);
      suffix_minima_[i] = minimum;
    }
    position_ = 0;
    prefix_minimum_ = kNone;
  }

  std::vector<std::int64_t> values_;         // the current segment so far
  std::vector<std::int64_t> suffix_minima_;  // the previous segment's, and kNone past it
  std::size_t position_ = 0;
  std::int64_t prefix_minimum_ = kNone;
};

}  // namespace tingle::dsp
