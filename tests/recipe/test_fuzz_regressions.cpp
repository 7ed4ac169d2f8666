// Every input the recipe fuzzer ever flagged (tests/data/fuzz/) runs cleanly now: it is
// rejected with diagnostics or renders, and the sanitizer build (.ci/run) sees no
// out-of-bounds access, leak or undefined behaviour on the way.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/diagnostics.hpp"
#include "fuzz/run_recipe_input.hpp"
#include "recipe/recipe.hpp"

namespace tingle::recipe {
namespace {

const std::filesystem::path kFindings = std::filesystem::path(TINGLE_SOURCE_DIR) / "tests/data/fuzz";

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

TEST_SUITE("recipe") {

TEST_CASE("Fuzz findings: every input is rejected cleanly or renders") {
  int inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFindings)) {
    INFO(entry.path().filename().string());
    CHECK_NOTHROW(test::RunRecipeInput(ReadAll(entry.path())));
    ++inputs;
  }
  CHECK(inputs >= 2);
}

TEST_CASE("Recipe: text that is not UTF-8 is one error at the first bad byte") {
  // toml11 3.7 reads past its buffer on these bytes; the parser must stop before it.
  try {
    ParseRecipe("duration = 1\n# caf\xc3\xa9\ntitle = 'ab\xc5'\n", "r.toml");
    FAIL("no error");
  } catch (const RecipeError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    CHECK(error.diagnostics()[0].Format() == "r.toml:3:12: error: invalid UTF-8 (byte 0xC5): recipes are UTF-8 text");
  }
  // Valid multi-byte text (an accent, an emoji) is fine.
  CHECK_NOTHROW(ParseRecipe("duration = 1\ntitle = 'caf\xc3\xa9 \xf0\x9f\x8c\xa7'\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n", "r.toml"));
}

}  // TEST_SUITE

}  // namespace tingle::recipe
