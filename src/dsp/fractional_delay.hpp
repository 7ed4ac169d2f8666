// A short delay line fed a block at a time and read at a delay that glides across the block,
// by 4-point cubic Hermite interpolation.
//
// Hermite (Catmull-Rom) keeps a delay that glides sample by sample free of the zipper
// noise of linear interpolation's varying low-pass, at four taps a read (Zölzer, DAFX,
// 2nd ed., §2.6.2). The line is one flat array, the history followed by the newest block,
// so reads index it directly (no wrap-around mask), and a delay that stays put in a block
// becomes a fixed four-tap filter the compiler vectorises.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/block.hpp"
#include "dsp/float4.hpp"
#include "dsp/hermite_glide.hpp"

namespace tingle::dsp {

class FractionalDelay {
 public:
  // Longest delay that will be read, in samples.
  void Prepare(double max_delay_samples) {
    history_ = static_cast<int>(std::ceil(max_delay_samples)) + 2;
    line_.assign(static_cast<std::size_t>(history_ + kBlockFrames), 0.0f);
  }

  // Moves the line on by a block and returns where the next kBlockFrames input samples
  // go: the caller fills all of them (filtering in place there saves a copy) before Read.
  float* Advance() {
    std::copy(line_.end() - history_, line_.end(), line_.begin());
    return line_.data() + history_;
  }

  // Appends the next kBlockFrames input samples.
  void Write(const float* block) { std::copy(block, block + kBlockFrames, Advance()); }

  // out[i] = the input of frame i of the last written block, delayed by
  // from + (to - from) i / kBlockFrames samples (2 <= delay <= max: all four taps lie in
  // the past, so a delay of 2 reads no sample newer than frame i), times a gain that glides
  // from gain_from to gain_to the same way (a tap's level rides along for free).
  void Read(double from, double to, float* out, float gain_from = 1.0f, float gain_to = 1.0f) const {
    const float* x = line_.data() + history_;
    const float gain_step = (gain_to - gain_from) / kBlockFrames;
    if (from == to) {
      // A fixed delay: one set of Hermite weights for the whole block.
      const int whole = static_cast<int>(std::floor(-from));
      const auto t = static_cast<float>(-from - whole);
      const float* tap = x + whole;
      if (t == 0.0f) {
        // A whole number of samples: the taps' weights are 0, 1, 0, 0.
        for (int i = 0; i < kBlockFrames; ++i) out[i] = (gain_from + gain_step * static_cast<float>(i)) * tap[i];
        return;
      }
      const float t2 = t * t;
      const float t3 = t2 * t;
      const float w_before = -0.5f * t + t2 - 0.5f * t3;
      const float w_at = 1.0f - 2.5f * t2 + 1.5f * t3;
      const float w_after = 0.5f * t + 2.0f * t2 - 1.5f * t3;
      const float w_after2 = -0.5f * t2 + 0.5f * t3;
      for (int i = 0; i < kBlockFrames; ++i) {
        const float gain = gain_from + gain_step * static_cast<float>(i);
        out[i] = gain * (w_before * tap[i - 1] + w_at * tap[i] + w_after * tap[i + 1] + w_after2 * tap[i + 2]);
      }
      return;
    }
    // A delay that glides by less than a sample in the block (any motion slower than
    // 48 samples a second, i.e. every motion a listener would call slow): one set of
    // taps, offset k, serves the whole block and frame i reads taps i + k - 1 .. i + k + 2
    // with t_i = q_i - k, where q_i = -delay_i is the fractional offset. k is the floor of
    // the smallest q_i, so t stays in [0, 1 + glide]: just past the segment's end, where
    // the Catmull-Rom spline continues smoothly (C1) into the next segment. Taps are then
    // plain vector loads, four frames at a time.
    if (std::fabs(to - from) < 1.0) {
      const double q_first = -from;
      const double q_last = -(from + (to - from) * (kBlockFrames - 1) / kBlockFrames);
      const int k = static_cast<int>(std::floor(std::min(q_first, q_last)));
      const auto t_first = static_cast<float>(q_first - k);
      const auto t_step = static_cast<float>(-(to - from) / kBlockFrames);  // per frame
      HermiteGlide(x + k, t_first, t_step, gain_from, gain_step, out);
      return;
    }
    // Faster glides, four frames at a time: positions, their floor and the Hermite sums in SIMD lanes,
    // the taps gathered. Positions are counted from the start of the line, where they
    // are positive, so truncation is the floor; as floats they are exact to 1e-5 of a
    // sample, far below what a delay that glides can be heard to do.
    const auto start = static_cast<float>(static_cast<double>(history_) - from);
    const auto slope = static_cast<float>(1.0 - (to - from) / kBlockFrames);  // per frame
    const float* line = line_.data();
    for (int i = 0; i < kBlockFrames; i += 4) {
      const Float4 frame = Float4{0.0f, 1.0f, 2.0f, 3.0f} + static_cast<float>(i);
      const Float4 position = start + slope * frame;
      const Int4 whole = __builtin_convertvector(position, Int4);
      const Float4 t = position - __builtin_convertvector(whole, Float4);
      const float* tap0 = line + whole[0];
      const float* tap1 = line + whole[1];
      const float* tap2 = line + whole[2];
      const float* tap3 = line + whole[3];
      const Float4 before{tap0[-1], tap1[-1], tap2[-1], tap3[-1]};
      const Float4 at{tap0[0], tap1[0], tap2[0], tap3[0]};
      const Float4 after{tap0[1], tap1[1], tap2[1], tap3[1]};
      const Float4 after2{tap0[2], tap1[2], tap2[2], tap3[2]};
      Float4 y;
      TINGLE_HERMITE(before, at, after, after2, t, y);
      StoreFloat4(out + i, (gain_from + gain_step * frame) * y);
    }
  }

 private:
  int history_ = 0;
  std::vector<float> line_;  // history_ past samples, then the newest block
};

}  // namespace tingle::dsp
