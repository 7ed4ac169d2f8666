// A fixed team of threads that run one job together with the caller, then wait for the next.
//
// Made once (may throw), then Run (or Start, then Finish) costs two handshakes and
// allocates nothing, so work can be split across cores. Workers flush denormals like the
// render thread (DESIGN §9). Each wait spins briefly before it sleeps (core/spin_wait.hpp).
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core/denormals.hpp"
#include "core/spin_wait.hpp"

namespace tingle {

class ThreadTeam {
 public:
  // `size` members in all: the caller and size - 1 worker threads.
  explicit ThreadTeam(int size) : spin_(ShouldSpin(size)) {
    for (int member = 1; member < size; ++member) workers_.emplace_back(&ThreadTeam::Work, this, member);
  }

  ~ThreadTeam() {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    start_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

  ThreadTeam(const ThreadTeam&) = delete;
  ThreadTeam& operator=(const ThreadTeam&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Whether waits spin before they sleep (core/spin_wait.hpp). For tests.
  bool spins() const { return spin_; }

  // Calls job(context, member) once for every member, the caller being member 0, and
  // returns when all calls have returned. `job` must not throw.
  void Run(void (*job)(void* context, int member), void* context) {
    Start(job, context);
    Finish();
  }

  // Run in two halves, so the caller can do other work while the workers start on the
  // job: Start hands job(context, member) to members 1 .. size - 1; Finish calls
  // job(context, 0) and returns when every member's call has returned. Each Start must
  // be followed by a Finish before the next Start.
  void Start(void (*job)(void* context, int member), void* context) {
    {
      std::lock_guard lock(mutex_);
      job_ = job;
      context_ = context;
      running_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
      generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    start_.notify_all();
  }

  void Finish() {
    job_(context_, 0);
    SpinWhile(spin_, [this] { return running_.load(std::memory_order_acquire) != 0; });
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return running_.load(std::memory_order_relaxed) == 0; });
  }

 private:
  void Work(int member) {
    ScopedFlushDenormals flush_denormals;
    unsigned seen = 0;
    for (;;) {
      void (*job)(void*, int) = nullptr;
      void* context = nullptr;
      SpinWhile(spin_, [&] { return generation_.load(std::memory_order_acquire) == seen; });
      {
        std::unique_lock lock(mutex_);
        start_.wait(lock, [&] { return quit_ || generation_.load(std::memory_order_relaxed) != seen; });
        if (quit_) return;
        seen = generation_.load(std::memory_order_relaxed);
        job = job_;
        context = context_;
      }
      job(context, member);
      {
        std::lock_guard lock(mutex_);
        running_.fetch_sub(1, std::memory_order_release);
      }
      done_.notify_one();
    }
  }

  const bool spin_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  void (*job_)(void*, int) = nullptr;
  void* context_ = nullptr;
  // Written under mutex_, read by the spinning waits without it.
  std::atomic<unsigned> generation_{0};
  std::atomic<int> running_{0};
  bool quit_ = false;
};

}  // namespace tingle
