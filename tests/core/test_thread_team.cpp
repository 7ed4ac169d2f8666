#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include <sched.h>

#include "core/thread_team.hpp"
#include "support/one_cpu.hpp"

namespace tingle {
TEST_SUITE("core") {

struct Calls {
  std::array<std::atomic<int>, 3> by_member{};
  std::atomic<bool> release{false};
};

// Member 0 (the caller) runs at once; the others wait until released, so a test can see
// what happens while they are still at work.
void CountCall(void* context, int member) {
  auto& calls = *static_cast<Calls*>(context);
  if (member != 0) {
    while (!calls.release.load()) {
    }
  }
  calls.by_member[static_cast<std::size_t>(member)].fetch_add(1);
}

TEST_CASE("ThreadTeam: Start leaves the caller free, Finish runs its share and waits for the rest") {
  ThreadTeam team(3);
  REQUIRE(team.size() == 3);
  Calls calls;
  for (int round = 1; round <= 3; ++round) {
    calls.release = false;
    team.Start(&CountCall, &calls);
    CHECK(calls.by_member[0].load() == round - 1);  // Start does not run the caller's part
    CHECK(calls.by_member[1].load() == round - 1);  // the workers are held
    calls.release = true;
    team.Finish();
    // Every member ran exactly once more, and Finish returned only after all had.
    for (const auto& count : calls.by_member) CHECK(count.load() == round);
  }
}

TEST_CASE("ThreadTeam: Run is Start and Finish") {
  ThreadTeam team(3);
  Calls calls;
  calls.release = true;
  team.Run(&CountCall, &calls);
  team.Run(&CountCall, &calls);
  for (const auto& count : calls.by_member) CHECK(count.load() == 2);
}

// The CPU time the calling thread has used, in seconds.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

void SleepUnlessCaller(void* /*context*/, int member) {
  if (member != 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

TEST_CASE("ThreadTeam: a long wait sleeps instead of spinning") {
  // The caller's Finish waits 100 ms for a sleeping worker: it may spin briefly first,
  // but not for long (an unbounded spin would use the whole 100 ms).
  ThreadTeam team(2);
  const double cpu_start = ThreadCpuSeconds();
  const auto wall_start = std::chrono::steady_clock::now();
  team.Run(&SleepUnlessCaller, nullptr);
  const double cpu_seconds = ThreadCpuSeconds() - cpu_start;
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  const double wall_seconds = wall.count();
  INFO("waited " << wall_seconds << " s, using " << cpu_seconds << " s of CPU");
  CHECK(wall_seconds >= 0.099);
  CHECK(cpu_seconds < 0.01);
}

TEST_CASE("ThreadTeam: a team with more members than CPUs to run on never spins") {
  cpu_set_t allowed;
  REQUIRE(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
  const int cpus = CPU_COUNT(&allowed);
  CHECK(ThreadTeam(cpus).spins());
  CHECK_FALSE(ThreadTeam(cpus + 1).spins());
  // Confined to one CPU (as by taskset), two members would fight over it.
  CHECK_FALSE(test::OnOneCpu([] { return ThreadTeam(2).spins(); }));
}

}  // TEST_SUITE
}  // namespace tingle
