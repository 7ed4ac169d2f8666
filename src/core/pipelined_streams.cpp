#include "core/pipelined_streams.hpp"

#include "core/denormals.hpp"
#include "core/spin_wait.hpp"

namespace tingle {

PipelinedStreams::PipelinedStreams(int threads, int streams, std::int64_t pieces,
                                   std::size_t slot_floats, RenderPiece render, void* context)
    : streams_(streams),
      pieces_(pieces),
      slot_floats_(slot_floats),
      render_(render),
      context_(context),
      spin_(ShouldSpin(threads)),
      slots_(static_cast<std::size_t>(streams) * kSlots * slot_floats, 0.0f),
      rendered_(static_cast<std::size_t>(streams), 0),
      busy_(static_cast<std::size_t>(streams), 0) {
  try {
    for (int worker = 1; worker < threads; ++worker) workers_.emplace_back(&PipelinedStreams::Work, this);
  } catch (...) {
    Stop();  // the workers already started, before the members go
    throw;
  }
}

PipelinedStreams::~PipelinedStreams() { Stop(); }

void PipelinedStreams::Stop() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
    Changed();
  }
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
}

void PipelinedStreams::Take(std::int64_t piece) noexcept {
  std::unique_lock lock(mutex_);
  taken_ = piece;
  Changed();  // the slots of the pieces before it are free
  for (;;) {
    bool ready = true;
    for (int s = 0; s < streams_; ++s) ready = ready && rendered_[static_cast<std::size_t>(s)] > piece;
    if (ready) return;
    // Render what this piece still needs; if another thread has all of that in hand,
    // render ahead rather than wait.
    int s = Pick(piece + 1);
    if (s < 0) s = Pick(pieces_);
    if (s >= 0) {
      RenderNext(s, lock);
    } else {
      AwaitChange(generation_.load(std::memory_order_relaxed), lock);
    }
  }
}

int PipelinedStreams::Pick(std::int64_t needed_below) const {
  // Nothing before the first Take: until then the streams' owner may still be setting
  // them up (a layer's timing is switched on after it is prepared).
  if (taken_ < 0) return -1;
  const std::int64_t free_below = std::min(pieces_, std::min(needed_below, taken_ + kSlots));
  int best = -1;
  for (int s = 0; s < streams_; ++s) {
    const auto index = static_cast<std::size_t>(s);
    if (busy_[index] || rendered_[index] >= free_below) continue;
    if (best < 0 || rendered_[index] < rendered_[static_cast<std::size_t>(best)]) best = s;
  }
  return best;
}

void PipelinedStreams::RenderNext(int s, std::unique_lock<std::mutex>& lock) {
  const auto index = static_cast<std::size_t>(s);
  const std::int64_t piece = rendered_[index];
  busy_[index] = 1;
  lock.unlock();
  render_(context_, s, piece, slots_.data() + SlotOffset(s, piece));
  lock.lock();
  busy_[index] = 0;
  ++rendered_[index];
  Changed();
}

void PipelinedStreams::AwaitChange(unsigned seen, std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  SpinWhile(spin_, [&] { return generation_.load(std::memory_order_acquire) == seen; });
  lock.lock();
  changed_.wait(lock, [&] { return quit_ || generation_.load(std::memory_order_relaxed) != seen; });
}

void PipelinedStreams::Changed() {
  generation_.fetch_add(1, std::memory_order_release);
  changed_.notify_all();
}

void PipelinedStreams::Work() {
  ScopedFlushDenormals flush_denormals;
  std::unique_lock lock(mutex_);
  while (!quit_) {
    const int s = Pick(pieces_);
    if (s >= 0) {
      RenderNext(s, lock);
    } else {
      AwaitChange(generation_.load(std::memory_order_relaxed), lock);
    }
  }
}

}  // namespace tingle
