#include <doctest/doctest.h>

#include <string_view>

#include "core/suggest.hpp"

namespace tingle {
TEST_SUITE("core") {

TEST_CASE("EditDistance: each typo kind costs one, a swap included") {
  CHECK(EditDistance("gain", "gain") == 0);
  CHECK(EditDistance("gan", "gain") == 1);    // deletion
  CHECK(EditDistance("gainn", "gain") == 1);  // insertion
  CHECK(EditDistance("gein", "gain") == 1);   // substitution
  CHECK(EditDistance("gian", "gain") == 1);   // swap
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("kitten", "sitting") == 3);
}

TEST_CASE("Suggest: the nearest close name, or nothing for a stranger") {
  constexpr std::string_view keys[] = {"gain", "start", "end", "fade_in", "fade_out", "width"};
  CHECK(Suggest("gian", keys) == "gain");
  CHECK(Suggest("fade-in", keys) == "fade_in");
  CHECK(Suggest("widht", keys) == "width");
  CHECK(Suggest("intensity", keys).empty());
  CHECK(Suggest("x", keys).empty());
}

}
}  // namespace tingle
