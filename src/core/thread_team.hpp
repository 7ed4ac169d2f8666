// A fixed team of threads that run one job together with the caller, then wait for the next.
//
// Made once (may throw), then Run (or Start, then Finish) costs two handshakes and
// allocates nothing, so a render can split each batch of work across cores. Workers flush
// denormals like the render thread (DESIGN §9).
//
// Each wait first spins for up to kSpinSeconds, then sleeps on a condition variable. A
// render's batches come a few hundred microseconds apart, and on a virtual machine a
// thread that sleeps halts its virtual CPU, which the host must wake again. A two-minute
// render of the five-layer bench recipe on two threads, 31 runs alternated: median 0.190
// s with plain condition variables, 0.179 s spinning first (in an hour when the host was
// busier, 25 runs with a 1 ms spin: 0.216 s, the slowest 0.415 s, against 0.199 s and
// 0.221 s). A wait longer than the spin, such as a worker's between renders, costs no CPU.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "core/cpus_available.hpp"
#include "core/denormals.hpp"

namespace tingle {

class ThreadTeam {
 public:
  // `size` members in all: the caller and size - 1 worker threads.
  explicit ThreadTeam(int size) : spin_(size <= CpusAvailable()) {
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

  // Whether waits spin before they sleep (see above). For tests.
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
    SpinWhile([this] { return running_.load(std::memory_order_acquire) != 0; });
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return running_.load(std::memory_order_relaxed) == 0; });
  }

 private:
  // About the caller's master chain between two batches of 8192 frames.
  static constexpr double kSpinSeconds = 0.00025;

  // Spins while `waiting()` holds, for at most kSpinSeconds (the clock read every 64
  // pauses). The caller then takes the lock and waits on the condition as before: the
  // spin only saves the sleep when the wait is short. A team larger than the CPUs it may
  // use never spins: a spinning member would hold the CPU the one it waits for needs (a
  // two-thread render pinned to one CPU took five times as long).
  template <typename Condition>
  void SpinWhile(Condition waiting) const {
    if (!spin_ || !waiting()) return;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(kSpinSeconds);
    while (waiting()) {
      for (int i = 0; i < 64; ++i) Pause();
      if (std::chrono::steady_clock::now() > give_up) return;
    }
  }

  static void Pause() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }

  void Work(int member) {
    ScopedFlushDenormals flush_denormals;
    unsigned seen = 0;
    for (;;) {
      void (*job)(void*, int) = nullptr;
      void* context = nullptr;
      SpinWhile([&] { return generation_.load(std::memory_order_acquire) == seen; });
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
