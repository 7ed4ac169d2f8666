#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "core/cpus_available.hpp"
#include "core/pipelined_streams.hpp"

namespace tingle {
TEST_SUITE("core") {

// Records every piece rendered: which, in which order, how far ahead of the piece read,
// and on which thread.
struct Recorder {
  std::mutex mutex;
  std::vector<std::vector<std::int64_t>> pieces;  // per stream, in the order rendered
  std::atomic<std::int64_t> taken{-1};
  std::atomic<std::int64_t> furthest_ahead{0};
  std::thread::id consumer = std::this_thread::get_id();
  int by_consumer = 0;
  std::chrono::microseconds work{0};
};

void RecordPiece(void* context, int stream, std::int64_t piece, float* slot) {
  auto& recorder = *static_cast<Recorder*>(context);
  {
    std::lock_guard lock(recorder.mutex);
    recorder.pieces[static_cast<std::size_t>(stream)].push_back(piece);
    if (std::this_thread::get_id() == recorder.consumer) ++recorder.by_consumer;
  }
  const std::int64_t ahead = piece - recorder.taken.load();
  if (ahead > recorder.furthest_ahead.load()) recorder.furthest_ahead = ahead;
  if (recorder.work.count() > 0) std::this_thread::sleep_for(recorder.work);
  slot[0] = static_cast<float>(1000 * stream + piece);
  slot[1] = static_cast<float>(-piece);
}

TEST_CASE("PipelinedStreams: each stream's pieces are rendered once, in order, into the slot read") {
  for (int threads : {2, 3, 8}) {
    for (int streams : {1, 5}) {
      INFO("threads " << threads << ", streams " << streams);
      constexpr std::int64_t kPieces = 40;
      Recorder recorder;
      recorder.pieces.resize(static_cast<std::size_t>(streams));
      bool slots_right = true;
      {
        PipelinedStreams pipeline(threads, streams, kPieces, 2, &RecordPiece, &recorder);
        for (std::int64_t piece = 0; piece < kPieces; ++piece) {
          pipeline.Take(piece);
          recorder.taken = piece;
          for (int s = 0; s < streams; ++s) {
            const float* slot = pipeline.Slot(s);
            slots_right = slots_right && slot[0] == static_cast<float>(1000 * s + piece) &&
                          slot[1] == static_cast<float>(-piece);
          }
        }
      }
      CHECK(slots_right);
      for (const auto& rendered : recorder.pieces) {
        REQUIRE(rendered.size() == static_cast<std::size_t>(kPieces));
        for (std::int64_t p = 0; p < kPieces; ++p) CHECK(rendered[static_cast<std::size_t>(p)] == p);
      }
      // Never into the slot being read: at most kSlots - 1 pieces ahead of it.
      CHECK(recorder.furthest_ahead.load() <= PipelinedStreams::kSlots);
    }
  }
}

TEST_CASE("PipelinedStreams: nothing is rendered before the first Take") {
  // The owner may still be setting the streams up between making the pipeline and taking
  // the first piece (the renderer switches the layers' timing on then).
  Recorder recorder;
  recorder.pieces.resize(3);
  PipelinedStreams pipeline(3, 3, 10, 2, &RecordPiece, &recorder);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  {
    std::lock_guard lock(recorder.mutex);
    for (const auto& rendered : recorder.pieces) CHECK(rendered.empty());
  }
  pipeline.Take(0);
  std::lock_guard lock(recorder.mutex);
  for (const auto& rendered : recorder.pieces) CHECK_FALSE(rendered.empty());
}

TEST_CASE("PipelinedStreams: the consumer renders pieces while it waits") {
  // One worker cannot keep five streams ahead of a consumer that does nothing else, so
  // the consumer must render some pieces itself rather than wait for them.
  Recorder recorder;
  recorder.pieces.resize(5);
  recorder.work = std::chrono::microseconds(300);
  {
    PipelinedStreams pipeline(2, 5, 12, 2, &RecordPiece, &recorder);
    for (std::int64_t piece = 0; piece < 12; ++piece) pipeline.Take(piece);
  }
  CHECK(recorder.by_consumer > 0);
  CHECK(recorder.by_consumer < 60);
}

TEST_CASE("PipelinedStreams: stops cleanly with pieces rendering ahead") {
  // Destroyed after the first piece while the worker renders the next ones (the sanitizer
  // build checks that nothing is left running on freed memory).
  Recorder recorder;
  recorder.pieces.resize(3);
  recorder.work = std::chrono::microseconds(200);
  {
    PipelinedStreams pipeline(3, 3, 1000, 2, &RecordPiece, &recorder);
    pipeline.Take(0);
  }
  std::lock_guard lock(recorder.mutex);
  for (const auto& rendered : recorder.pieces) CHECK(rendered.size() <= static_cast<std::size_t>(PipelinedStreams::kSlots));
}

// The CPU time the whole process has used, in seconds.
double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

TEST_CASE("PipelinedStreams: workers with nothing left to render sleep") {
  Recorder recorder;
  recorder.pieces.resize(2);
  PipelinedStreams pipeline(2, 2, 3, 2, &RecordPiece, &recorder);
  for (std::int64_t piece = 0; piece < 3; ++piece) pipeline.Take(piece);
  // Every piece is rendered: the worker may spin briefly, then must sleep.
  const double cpu_start = ProcessCpuSeconds();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const double cpu_seconds = ProcessCpuSeconds() - cpu_start;
  INFO("the process used " << cpu_seconds << " s of CPU in 100 ms");
  CHECK(cpu_seconds < 0.01);
}

TEST_CASE("PipelinedStreams: more threads than CPUs never spin") {
  const int cpus = CpusAvailable();
  Recorder recorder;
  recorder.pieces.resize(1);
  CHECK(PipelinedStreams(cpus, 1, 1, 2, &RecordPiece, &recorder).spins());
  CHECK_FALSE(PipelinedStreams(cpus + 1, 1, 1, 2, &RecordPiece, &recorder).spins());
}

}  // TEST_SUITE
}  // namespace tingle
