#include "render/output_meter.hpp"

#include <time.h>

#include <algorithm>
#include <array>
#include <memory>

#include "core/denormals.hpp"
#include "dsp/peak_oversampler.hpp"
#include "mix/loudness_meter.hpp"

namespace tingle::render {

OutputMeter::OutputMeter(double sample_rate, bool measure_true_peak)
    : measure_true_peak_(measure_true_peak), slots_(kSlots) {
  for (Slot& slot : slots_) {
    slot.left.assign(static_cast<std::size_t>(kSlotBlocks * kBlockFrames), 0.0f);
    slot.right.assign(static_cast<std::size_t>(kSlotBlocks * kBlockFrames), 0.0f);
    slot.frames.assign(static_cast<std::size_t>(kSlotBlocks), 0);
  }
  // The meter is created here, so a failure to start it throws in the caller's thread.
  worker_ = std::thread(&OutputMeter::Work, this, std::make_unique<mix::LoudnessMeter>(sample_rate));
}

void OutputMeter::Work(std::unique_ptr<mix::LoudnessMeter> meter) {
  ScopedFlushDenormals flush_denormals;
  dsp::PeakOversampler oversampler;
  std::array<float, kBlockFrames> peaks{};
  float true_peak = 0.0f;
  int read_slot = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return published_ > 0 || done_ || abort_; });
      if (abort_ || published_ == 0) break;  // aborted, or done and drained
    }
    Slot& slot = slots_[static_cast<std::size_t>(read_slot)];
    for (int b = 0; b < slot.blocks; ++b) {
      const float* left = slot.left.data() + b * kBlockFrames;
      const float* right = slot.right.data() + b * kBlockFrames;
      const int frames = slot.frames[static_cast<std::size_t>(b)];
      meter->Add(left, right, frames);
      // Only blocks that could raise the largest peak so far are interpolated.
      if (measure_true_peak_ && oversampler.Process(left, right, true_peak, peaks.data())) {
        true_peak = std::max(true_peak, dsp::PeakOversampler::LargestPeak(peaks.data()));
      }
    }
    read_slot = (read_slot + 1) % kSlots;
    {
      std::lock_guard lock(mutex_);
      --published_;
    }
    changed_.notify_all();
  }
  if (measure_true_peak_) {
    // The interpolation of the last frames reaches kLatency frames past them: silence.
    const std::array<float, kBlockFrames> silence{};
    if (oversampler.Process(silence.data(), silence.data(), true_peak, peaks.data())) {
      true_peak = std::max(true_peak, dsp::PeakOversampler::LargestPeak(peaks.data()));
    }
  }
  result_.integrated_lufs = meter->integrated_lufs();
  result_.true_peak = static_cast<double>(true_peak);
  timespec cpu{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0) {
    result_.worker_cpu_seconds = static_cast<double>(cpu.tv_sec) + 1e-9 * static_cast<double>(cpu.tv_nsec);
  }
}

OutputMeter::~OutputMeter() {
  if (worker_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      abort_ = true;
    }
    changed_.notify_all();
    worker_.join();
  }
}

void OutputMeter::Add(const float* left, const float* right, int frames) {
  Slot& slot = slots_[static_cast<std::size_t>(write_slot_)];
  const int offset = slot.blocks * kBlockFrames;
  // Frames past `frames` are zero: the interpolation of the last frames sees silence.
  std::copy(left, left + frames, slot.left.begin() + offset);
  std::fill(slot.left.begin() + offset + frames, slot.left.begin() + offset + kBlockFrames, 0.0f);
  std::copy(right, right + frames, slot.right.begin() + offset);
  std::fill(slot.right.begin() + offset + frames, slot.right.begin() + offset + kBlockFrames, 0.0f);
  slot.frames[static_cast<std::size_t>(slot.blocks)] = frames;
  if (++slot.blocks == kSlotBlocks) Publish();
}

void OutputMeter::Publish() {
  {
    std::unique_lock lock(mutex_);
    // Wait for a free slot: the worker is a whole ring behind.
    changed_.wait(lock, [this] { return published_ < kSlots - 1; });
    ++published_;
  }
  changed_.notify_all();
  write_slot_ = (write_slot_ + 1) % kSlots;
  slots_[static_cast<std::size_t>(write_slot_)].blocks = 0;
}

OutputMeter::Result OutputMeter::Finish() {
  if (slots_[static_cast<std::size_t>(write_slot_)].blocks > 0) Publish();
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
  worker_.join();
  return result_;
}

}  // namespace tingle::render
