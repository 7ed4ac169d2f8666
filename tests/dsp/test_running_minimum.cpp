#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/random.hpp"
#include "dsp/running_minimum.hpp"

namespace tingle::dsp {

TEST_SUITE("dsp") {
  TEST_CASE("RunningMinimum: equals the minimum of the last window values, at every step") {
    for (const int window : {1, 2, 7, 95}) {
      INFO("window " << window);
      RunningMinimum running;
      constexpr std::int64_t kFill = 1000;
      running.Init(window, kFill);
      std::vector<std::int64_t> history(static_cast<std::size_t>(window), kFill);
      Pcg32 random(static_cast<std::uint64_t>(window));
      for (int n = 0; n < 5000; ++n) {
        // Runs of rising, falling and random values, so every queue shape occurs.
        const int shape = (n / 40) % 3;
        const std::int64_t value = shape == 0 ? n % 40 : shape == 1 ? 40 - n % 40 : random.Next() % 1000;
        history.push_back(value);
        const std::int64_t expected = *std::min_element(history.end() - window, history.end());
        const std::int64_t got = running.Push(value);
        if (got != expected) {
          FAIL_CHECK("step " << n << ": " << got << " != " << expected);
          break;
        }
      }
    }
  }

  TEST_CASE("RunningMinimum: a run of values pushed at once gives each one's minimum, across segments") {
    constexpr int kWindow = 95;
    RunningMinimum running;
    running.Init(kWindow, 1000);
    std::vector<std::int64_t> history(kWindow, 1000);
    Pcg32 random(3);
    std::vector<std::int64_t> values, minima;
    // Runs from 1 to 200 values: shorter and longer than the window, from every position.
    for (std::size_t count = 1; count <= 200; count += 7) {
      values.resize(count);
      minima.assign(count, -1);
      for (std::int64_t& value : values) value = random.Next() % 1000;
      running.Push(values.data(), minima.data(), count);
      for (std::size_t i = 0; i < count; ++i) {
        history.push_back(values[i]);
        const std::int64_t expected = *std::min_element(history.end() - kWindow, history.end());
        REQUIRE(minima[i] == expected);
      }
    }
  }

  TEST_CASE("RunningMinimum: Fill makes the whole window that value, wherever the segment was") {
    RunningMinimum running;
    running.Init(5, 100);
    for (const std::int64_t value : {3, 1, 4, 1, 5, 9, 2}) running.Push(value);
    running.Fill(50);
    CHECK(running.Push(70) == 50);
    for (int n = 0; n < 3; ++n) running.Push(70);
    CHECK(running.Push(70) == 70);  // the fifth value after Fill: the 50s are gone
  }
}

}  // namespace tingle::dsp
