// A short spin before a thread sleeps on a condition variable.
//
// On a virtual machine a thread that sleeps halts its virtual CPU, which the host must
// wake again (tens of microseconds); a render's threads hand work to each other every few
// hundred microseconds. So a wait first spins while its condition holds, for at most
// kSpinSeconds, and only then takes the lock and sleeps: a long wait, such as a worker's
// between renders, still costs no CPU. Threads that outnumber the CPUs they may use never
// spin: a spinning thread would hold the CPU the one it waits for needs (a two-thread
// render pinned to one CPU took five times as long).
#pragma once

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "core/cpus_available.hpp"

namespace tingle {

// About the caller's master chain between two batches of 8192 frames.
inline constexpr double kSpinSeconds = 0.00025;

// Whether `threads` threads working together should spin before they sleep.
inline bool ShouldSpin(int threads) { return threads <= CpusAvailable(); }

inline void CpuPause() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

// Spins while `waiting()` holds, for at most kSpinSeconds (the clock read every 64
// pauses); returns at once if `spin` is false. The caller then locks and waits on its
// condition as before: the spin only saves the sleep when the wait is short.
template <typename Condition>
void SpinWhile(bool spin, Condition waiting) {
  if (!spin || !waiting()) return;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(kSpinSeconds);
  while (waiting()) {
    for (int i = 0; i < 64; ++i) CpuPause();
    if (std::chrono::steady_clock::now() > give_up) return;
  }
}

}  // namespace tingle
