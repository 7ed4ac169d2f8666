// Runs a function with the calling thread confined to one CPU of those it may use, as
// `taskset -c N` would confine a process, and restores the affinity mask afterwards.
#pragma once

#include <sched.h>

#include <doctest/doctest.h>

namespace tingle::test {

template <typename Function>
auto OnOneCpu(Function function) {
  cpu_set_t allowed;
  REQUIRE(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
  int first = 0;
  while (!CPU_ISSET(first, &allowed)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
  const auto result = function();
  REQUIRE(sched_setaffinity(0, sizeof allowed, &allowed) == 0);
  return result;
}

}  // namespace tingle::test
