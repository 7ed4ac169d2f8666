// A mono signal read front to back, with skips: what a spectrogram is drawn from.
#pragma once

#include <cstdint>

namespace tingle::preview {

class MonoSource {
 public:
  virtual ~MonoSource() = default;

  virtual double sample_rate() const = 0;  // Hz
  virtual std::int64_t frames() const = 0;  // length, >= 1

  // The next `frames` samples into `out`; fewer only at the end (returns how many).
  virtual int Read(float* out, int frames) = 0;

  // Moves `frames` ahead; the samples skipped are not needed (a file may seek past them).
  virtual void Skip(std::int64_t frames) = 0;
};

}  // namespace tingle::preview
