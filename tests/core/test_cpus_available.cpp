// CpusAvailable counts the CPUs the affinity mask allows, not the machine's.
#include <doctest/doctest.h>

#include <sched.h>

#include "core/cpus_available.hpp"
#include "support/one_cpu.hpp"

namespace tingle {
TEST_SUITE("core") {

TEST_CASE("CpusAvailable: the CPUs the process may run on, as taskset confines it") {
  cpu_set_t allowed;
  REQUIRE(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
  CHECK(CpusAvailable() == CPU_COUNT(&allowed));
  CHECK(test::OnOneCpu([] { return CpusAvailable(); }) == 1);
}

}  // TEST_SUITE
}  // namespace tingle
