// Independent streams rendered piece by piece on a pool of threads, ahead of a consumer.
//
// Each stream (a layer of a track) renders its pieces (batches of blocks) strictly in
// order, since its state carries from one to the next, but the streams are independent
// of each other. The consumer takes piece 0, 1, 2, ... of every stream at once. Pieces are
// written into a ring of kSlots slots per stream, so a stream may run up to kSlots - 1
// pieces ahead of the piece being read.
//
// Why not one job per piece for a team of threads: five layers do not split evenly over
// two threads, so at the end of every piece one thread waited for the other's last layer
// (spinning, about 9 % of the CPU time of a two-thread render). Here a thread that runs
// out of work for one piece starts on a later one, and the consumer, while it waits,
// renders pieces too. Every thread takes the stream that is furthest behind; a thread
// waits only when every stream is either taken or kSlots pieces ahead.
//
// The bytes do not depend on the thread count or on which thread renders what: a piece
// is rendered by exactly one thread, from the state its stream's previous piece left.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace tingle {

class PipelinedStreams {
 public:
  // Slots per stream: the piece being read and up to two rendered ahead.
  static constexpr int kSlots = 3;

  // Renders piece `piece` of stream `stream` into `slot` (slot_floats floats). Must not
  // throw; called for each stream's pieces in order, never for two pieces of one stream
  // at once.
  using RenderPiece = void (*)(void* context, int stream, std::int64_t piece, float* slot);

  // `threads` threads in all: the consumer and threads - 1 workers (at least 2 in all).
  // Allocates the slots and starts the workers, which begin at the first Take. May throw.
  PipelinedStreams(int threads, int streams, std::int64_t pieces, std::size_t slot_floats,
                   RenderPiece render, void* context);
  // Stops the workers once their pieces in progress are done.
  ~PipelinedStreams();
  PipelinedStreams(const PipelinedStreams&) = delete;
  PipelinedStreams& operator=(const PipelinedStreams&) = delete;

  // Frees the piece last taken and returns when every stream has rendered `piece`,
  // rendering pieces itself meanwhile. Pieces are taken in order from 0. Allocates
  // nothing.
  void Take(std::int64_t piece) noexcept;
  // Stream `stream`'s slot holding the piece last taken.
  const float* Slot(int stream) const { return slots_.data() + SlotOffset(stream, taken_); }

  // Whether waits spin before they sleep (core/spin_wait.hpp). For tests.
  bool spins() const { return spin_; }

 private:
  // The stream a thread should render next (the one furthest behind that no thread has
  // and that has a free slot), or -1. `needed_below`: only streams that have not yet
  // rendered that piece. Under mutex_.
  int Pick(std::int64_t needed_below) const;
  // Renders the next piece of stream s, which the caller has just picked (under `lock`,
  // released while rendering, held again on return).
  void RenderNext(int s, std::unique_lock<std::mutex>& lock);
  // Waits (spinning, then sleeping) until the shared state has changed since `seen`.
  void AwaitChange(unsigned seen, std::unique_lock<std::mutex>& lock);
  // Where in slots_ stream s's piece goes: the stream's slot piece % kSlots.
  std::size_t SlotOffset(int s, std::int64_t piece) const {
    return (static_cast<std::size_t>(s) * kSlots + static_cast<std::size_t>(piece % kSlots)) * slot_floats_;
  }
  void Changed();
  void Work();
  // Tells the workers to quit and joins them (each finishes the piece it is rendering).
  void Stop();

  const int streams_;
  const std::int64_t pieces_;
  const std::size_t slot_floats_;
  const RenderPiece render_;
  void* const context_;
  const bool spin_;
  std::vector<float> slots_;  // per stream, kSlots slots of slot_floats_

  std::mutex mutex_;
  std::condition_variable changed_;
  // Under mutex_: pieces each stream has rendered, and whether a thread is rendering one.
  std::vector<std::int64_t> rendered_;
  std::vector<char> busy_;
  // The piece the consumer reads (the pieces before it are free); -1 before the first Take.
  std::int64_t taken_ = -1;
  bool quit_ = false;
  // Bumped under mutex_ at every change, read by the spinning waits without it.
  std::atomic<unsigned> generation_{0};
  std::vector<std::thread> workers_;
};

}  // namespace tingle
