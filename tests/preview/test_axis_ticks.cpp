#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "preview/axis_ticks.hpp"

namespace tingle::preview {
namespace {

std::vector<std::string> Labels(const std::vector<Tick>& ticks) {
  std::vector<std::string> labels;
  for (const Tick& tick : ticks) labels.push_back(tick.label);
  return labels;
}

}  // namespace

TEST_SUITE("preview") {
  TEST_CASE("TimeLabel: seconds, minutes and hours as people write durations") {
    CHECK(TimeLabel(0.0, 0.5) == "0");
    CHECK(TimeLabel(0.5, 0.5) == "0.5s");
    CHECK(TimeLabel(3 * 0.1, 0.1) == "0.3s");
    // A hair under a whole minute is the minute, not "60s".
    CHECK(TimeLabel(59.999999999, 0.1) == "1m");
    CHECK(TimeLabel(1.0, 0.5) == "1s");
    CHECK(TimeLabel(45.0, 15.0) == "45s");
    CHECK(TimeLabel(90.0, 30.0) == "1m30s");
    CHECK(TimeLabel(120.0, 60.0) == "2m");
    CHECK(TimeLabel(5400.0, 1800.0) == "1h30m");
    CHECK(TimeLabel(8 * 3600.0, 3600.0) == "8h");
  }

  TEST_CASE("TimeTicks: the finest step whose labels do not touch, from 0 to the end") {
    // 30 s over 758 pixels, labels 35 wide plus 10 apart: 2 s is 50 px, 1 s only 25.
    CHECK(Labels(TimeTicks(30.0, 758, 35, 10)) ==
          std::vector<std::string>{"0", "2s", "4s", "6s", "8s", "10s", "12s", "14s", "16s", "18s", "20s", "22s",
                                   "24s", "26s", "28s", "30s"});
    // 10 s: half a second is 38 px, enough for a label but not for the gap after it.
    CHECK(TimeTicks(10.0, 758, 35, 10).size() == 11);
    // 8 hours: half an hour is 47 px.
    const std::vector<std::string> night = Labels(TimeTicks(8 * 3600.0, 758, 35, 10));
    REQUIRE(night.size() == 17);
    CHECK(std::vector<std::string>(night.begin(), night.begin() + 4) ==
          std::vector<std::string>{"0", "30m", "1h", "1h30m"});
    CHECK(night.back() == "8h");
    // A tick a rounding hair past the end is kept: 3 x 0.1 s is 0.30000000000000004.
    CHECK(Labels(TimeTicks(0.3, 200, 35, 10)) == std::vector<std::string>{"0", "0.1s", "0.2s", "0.3s"});
    CHECK(TimeTicks(0.0, 758, 35, 10).empty());
  }

  TEST_CASE("FrequencyTicks: 1-2-5 steps inside the axis, the decades labelled") {
    const std::vector<Tick> ticks = FrequencyTicks(40.0, 24000.0);
    std::vector<double> values;
    for (const Tick& tick : ticks) values.push_back(tick.value);
    CHECK(values == std::vector<double>{50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000});
    CHECK(Labels(ticks) == std::vector<std::string>{"", "100", "", "", "1k", "", "", "10k", ""});
  }
}

}  // namespace tingle::preview
