// Progress on stderr (percent, speed in x real time, time left), only on a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace tingle::cli {

class Progress {
 public:
  // Shows nothing unless `enabled` and stderr is a terminal.
  Progress(bool enabled, double sample_rate);
  ~Progress();

  void Update(std::int64_t frames_done, std::int64_t total_frames);

  // Seconds since construction.
  double elapsed_seconds() const;

 private:
  bool shown_;
  bool drawn_ = false;
  double sample_rate_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace tingle::cli
