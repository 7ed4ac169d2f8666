#include <doctest/doctest.h>

#include "core/duration.hpp"

namespace tingle {
TEST_SUITE("core") {

TEST_CASE("ParseDuration: accepts the forms people write") {
  CHECK(ParseDuration("45s") == 45.0);
  CHECK(ParseDuration("10m") == 600.0);
  CHECK(ParseDuration("1h30m") == 5400.0);
  CHECK(ParseDuration("8h") == 28800.0);
  CHECK(ParseDuration("1h02m03s") == 3723.0);
  CHECK(ParseDuration("250ms") == doctest::Approx(0.25));
  CHECK(ParseDuration("1m30s500ms") == doctest::Approx(90.5));
  CHECK(ParseDuration("1.5h") == 5400.0);
  CHECK(ParseDuration("90") == 90.0);
  CHECK(ParseDuration("0.5") == 0.5);
}

TEST_CASE("ParseDuration: rejects what is not a duration") {
  for (const char* bad : {"", "ten minutes", "10", "1m30", "30s1m", "1h1h", "h", "1.2.3s",
                          "-5s", "5 s", "5x", "1d"}) {
    INFO("text: " << bad);
    if (std::string(bad) == "10") {
      CHECK(ParseDuration(bad).has_value());  // plain seconds are fine
      continue;
    }
    CHECK_FALSE(ParseDuration(bad).has_value());
  }
}

TEST_CASE("FormatDuration: compact and exact to the second") {
  CHECK(FormatDuration(28800.0) == "8h00m00s");
  CHECK(FormatDuration(5400.0) == "1h30m00s");
  CHECK(FormatDuration(75.0) == "1m15s");
  CHECK(FormatDuration(9.0) == "9s");
  CHECK(FormatDuration(0.25) == "0.25s");
}

}
}  // namespace tingle
