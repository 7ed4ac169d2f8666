// The integral of a control over time up to any block: how far a scan has moved the read
// position, or how many grains a synchronous stream has started.
//
// A constant integrates in closed form; automation and wander are summed block by block
// from frame 0 (their value held over each block, as every control is), caching the
// last block asked for. Either way the integral at block b is the same whichever block is
// asked first, so a layer starting late, or a pre-roll, continues exactly where a render
// from the start would be.
#pragma once

#include <cstdint>

#include "core/block.hpp"
#include "core/control.hpp"

namespace tingle::synth {

class BlockIntegral {
 public:
  struct Span {
    double start;  // integral up to the block's first frame
    double end;    // ... and up to the next block's
  };

  // `control` must outlive this; sample_rate in Hz.
  void Prepare(const Control* control, double sample_rate) {
    control_ = control;
    sample_rate_ = sample_rate;
    block_ = 0;
    sum_ = 0.0;
  }

  // The integral over block `block` (>= 0), in control units × seconds.
  Span Over(std::int64_t block) noexcept {
    if (control_->is_constant()) {
      const double value = control_->At(0.0);
      return {value * Seconds(block), value * Seconds(block + 1)};
    }
    if (block < block_) {
      block_ = 0;
      sum_ = 0.0;
    }
    for (; block_ < block; ++block_) sum_ += Step(block_);
    return {sum_, sum_ + Step(block)};
  }

 private:
  double Seconds(std::int64_t block) const {
    return static_cast<double>(block * kBlockFrames) / sample_rate_;
  }
  double Step(std::int64_t block) const {
    return control_->At(Seconds(block)) * (kBlockFrames / sample_rate_);
  }

  const Control* control_ = nullptr;
  double sample_rate_ = 48000.0;
  std::int64_t block_ = 0;
  double sum_ = 0.0;
};

}  // namespace tingle::synth
