// CpusAvailable counts the CPUs the affinity mask allows, not the machine's.
#include <doctest/doctest.h>

#include <sched.h>

#include "core/cpus_available.hpp"

namespace tingle {
TEST_SUITE("core") {

TEST_CASE("CpusAvailable: the CPUs the process may run on, as taskset confines it") {
  cpu_set_t allowed;
  REQUIRE(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
  CHECK(CpusAvailable() == CPU_COUNT(&allowed));
  int first = 0;
  while (!CPU_ISSET(first, &allowed)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
  const int confined = CpusAvailable();
  REQUIRE(sched_setaffinity(0, sizeof allowed, &allowed) == 0);
  CHECK(confined == 1);
}

}  // TEST_SUITE
}  // namespace tingle
