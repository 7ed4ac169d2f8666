#include <doctest/doctest.h>

#include <string>

#include "core/diagnostics.hpp"
#include "recipe/recipe.hpp"
#include "recipe/toml_nesting.hpp"

namespace tingle::recipe {

TEST_SUITE("recipe") {
  TEST_CASE("TOML nesting: the first bracket past the limit, outside strings and comments") {
    const std::string at_limit = "x = " + std::string(kMaxTomlNesting, '[') + std::string(kMaxTomlNesting, ']');
    CHECK_FALSE(FirstTooDeepBracket(at_limit).has_value());
    const std::string over = "x = " + std::string(kMaxTomlNesting + 1, '[');
    CHECK(FirstTooDeepBracket(over) == std::optional<std::size_t>(4 + kMaxTomlNesting));
    // Inline tables count as levels too.
    CHECK(FirstTooDeepBracket("x = " + std::string(kMaxTomlNesting + 1, '{')).has_value());
    // Closed levels are given back: many shallow arrays in a row are fine.
    std::string shallow;
    for (int i = 0; i < 100; ++i) shallow.append("a").append(std::to_string(i)).append(" = [[1], [2]]\n");
    CHECK_FALSE(FirstTooDeepBracket(shallow).has_value());
    // Brackets in strings and comments are text, not nesting.
    const std::string many(100, '[');
    const auto wrapped = [&many](const char* open, const char* close) {
      return std::string("x = ").append(open).append(many).append(close).append("\ny = [1]");
    };
    for (const std::string& text : {wrapped("\"", "\""), wrapped("'", "'"), wrapped("\"\"\"\n", "\n\"\"\""),
                                    wrapped("'''", "'''"), wrapped("\"\\\"", "\""), wrapped("1 # ", "")}) {
      INFO(text);
      CHECK_FALSE(FirstTooDeepBracket(text).has_value());
    }
    // A one-line string left open ends at its line; brackets after it count again.
    CHECK(FirstTooDeepBracket("x = \"open\ny = " + many).has_value());
  }

  TEST_CASE("TOML nesting: a recipe nested too deep is refused at the bracket, not parsed") {
    const std::string text = "title = \"deep\"\nduration = " + std::string(5000, '[') + "\n";
    try {
      ParseRecipe(text, "deep.toml");
      FAIL("no error");
    } catch (const RecipeError& error) {
      REQUIRE(error.diagnostics().size() == 1);
      CHECK(error.diagnostics().front().Format() ==
            "deep.toml:2:" + std::to_string(12 + kMaxTomlNesting) +
                ": error: invalid TOML: arrays and inline tables nested more than 32 deep");
    }
  }
}

}  // namespace tingle::recipe
