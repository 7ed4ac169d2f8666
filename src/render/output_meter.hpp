// Measures the rendered output (integrated loudness, true peak) on a worker thread.
//
// The loudness meter costs about 4.5 ns a stereo frame and the true-peak interpolation up
// to 14 where the output comes near its largest peak so far: on a second core that is
// taken off the render's wall time. The loop only copies each block into a ring of
// fixed slots; the worker meters them in the same order and the same 64-frame pieces, so
// the results do not depend on timing, chunk size or the number of cores (on one core it
// simply takes turns). Memory is the fixed ring, whatever the length.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/block.hpp"

namespace tingle::mix {
class LoudnessMeter;
}

namespace tingle::render {

class OutputMeter {
 public:
  struct Result {
    double integrated_lufs = 0.0;  // LUFS; -infinity for silence
    double true_peak = 0.0;        // linear (4x oversampled); 0 if not measured
    double worker_cpu_seconds = 0.0;  // CPU time the worker thread used
  };

  // Allocates the ring and starts the worker. measure_true_peak: also the true peak.
  OutputMeter(double sample_rate, bool measure_true_peak);
  // Stops the worker (discarding what is queued) if Finish was not called.
  ~OutputMeter();
  OutputMeter(const OutputMeter&) = delete;
  OutputMeter& operator=(const OutputMeter&) = delete;

  // Queues one block: kBlockFrames planar frames of which the first `frames` are output.
  // Waits only when the worker is a whole ring behind. Allocates nothing.
  void Add(const float* left, const float* right, int frames);

  // Meters what is queued, stops the worker and returns the measurements.
  Result Finish();

 private:
  // Blocks per slot and slots in the ring (512 KiB of floats). Waking the worker is a
  // system call and, on a virtual machine, an interrupt to the other core: 32768 frames a
  // slot (0.7 s) halve the wake-ups of 16384, which took 3.6 % of a render's samples in
  // perf (the five-layer bench recipe at -23 LUFS, one render thread). Two slots suffice:
  // the worker, several times faster than the render, meters one while the other fills.
  static constexpr int kSlotBlocks = 512;
  static constexpr int kSlots = 2;

  struct Slot {
    std::vector<float> left;   // kSlotBlocks * kBlockFrames
    std::vector<float> right;
    std::vector<int> frames;   // valid frames of each block
    int blocks = 0;
  };

  // Waits for a free slot, then hands the producer's slot to the worker.
  void Publish();
  // The worker: meters published slots in order until done (or aborted).
  void Work(std::unique_ptr<mix::LoudnessMeter> meter);

  bool measure_true_peak_;
  std::vector<Slot> slots_;
  int write_slot_ = 0;  // producer's slot (not yet published)
  std::mutex mutex_;
  std::condition_variable changed_;
  int published_ = 0;  // slots waiting for the worker
  bool done_ = false;  // no more slots will come
  bool abort_ = false;
  Result result_;
  std::thread worker_;
};

}  // namespace tingle::render
