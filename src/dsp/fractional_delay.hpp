// A short delay line read at fractional positions by 4-point cubic Hermite interpolation.
//
// Hermite (Catmull-Rom) keeps a delay that glides sample by sample free of the zipper
// noise of linear interpolation's varying low-pass, at four taps a read (Zölzer, DAFX,
// 2nd ed., §2.6.2). Capacity is a power of two fixed at Prepare.
#pragma once

#include <cstdint>
#include <vector>

namespace tingle::dsp {

class FractionalDelay {
 public:
  // Longest delay that will be read, in samples (whole or fractional).
  void Prepare(double max_delay_samples) {
    std::size_t size = 8;
    while (static_cast<double>(size) < max_delay_samples + 4.0) size *= 2;
    buffer_.assign(size, 0.0f);
    mask_ = size - 1;
    write_ = 0;
  }

  void Write(float sample) {
    buffer_[write_ & mask_] = sample;
    ++write_;
  }

  // The sample written `delay` samples before the last Write (delay >= 1 for a causal
  // read with all four taps in the past; 0 <= delay <= max_delay).
  float Read(double delay) const {
    const double position = static_cast<double>(write_ - 1) - delay;
    const auto whole = static_cast<std::int64_t>(position < 0.0 ? position - 1.0 : position);
    const auto t = static_cast<float>(position - static_cast<double>(whole));
    const float xm1 = At(whole - 1);
    const float x0 = At(whole);
    const float x1 = At(whole + 1);
    const float x2 = At(whole + 2);
    const float c1 = 0.5f * (x1 - xm1);
    const float c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
    const float c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
    return ((c3 * t + c2) * t + c1) * t + x0;
  }

 private:
  float At(std::int64_t index) const { return buffer_[static_cast<std::size_t>(index) & mask_]; }

  std::vector<float> buffer_;
  std::size_t mask_ = 0;
  std::uint64_t write_ = 0;
};

}  // namespace tingle::dsp
