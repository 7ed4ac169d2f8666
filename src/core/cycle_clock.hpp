// A clock cheap enough to time stretches of the audio path a fraction of a microsecond
// long, for the benchmark's shares (render::RenderTimes).
//
// On x86 it is the CPU's time-stamp counter: one read costs about 12 ns on the
// development machine, where steady_clock costs 40 ns, and every x86-64 CPU of the last
// decade counts it at a constant rate whatever the clock speed. Elsewhere it is
// steady_clock's nanoseconds. Either way a tick's length is for the caller to calibrate
// (tests/bench does, against steady_clock).
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace tingle {

inline std::uint64_t CycleClockTicks() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
#endif
}

// Time spent in a timed stretch of code, in CycleClockTicks, and how many times it ran:
// each run's sum also holds about one clock read (tests/bench subtracts it).
struct TickTime {
  std::uint64_t ticks = 0;
  std::int64_t calls = 0;

  TickTime& operator+=(const TickTime& other) {
    ticks += other.ticks;
    calls += other.calls;
    return *this;
  }
};

}  // namespace tingle
