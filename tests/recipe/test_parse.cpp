#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "recipe/build.hpp"
#include "recipe/recipe.hpp"

namespace tingle::recipe {
namespace {

const std::filesystem::path kBadRecipes =
    std::filesystem::path(TINGLE_SOURCE_DIR) / "tests/data/recipes/bad";

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The first diagnostic of a recipe that must fail, parsing and building.
std::vector<Diagnostic> Problems(const std::string& text, const std::string& name,
                                 const Overrides& overrides = {}) {
  try {
    BuildTrack(ParseRecipe(text, name, overrides));
  } catch (const RecipeError& error) {
    return error.diagnostics();
  }
  return {};
}

constexpr char kGood[] = R"(title = "Rain test"
duration = "1h30m"
seed = 7
sample_rate = 44100

[master]
gain = -3          # an integer where a float is expected
fade_in = "20s"
fade_out = 90

[[layer]]
name = "bed"
texture = "noise"
color = "brown"
gain = { points = [["0s", -20], ["10m", -6.5]], curve = "smooth" }
width = { value = 0.5, drift = 0.25, period = "5m" }
start = "1m"
end = "1h"
fade_in = "30s"

[[layer]]
name = "hiss"
texture = "noise"
mute = true
)";

}  // namespace

TEST_SUITE("recipe") {

TEST_CASE("Recipe: every bad recipe in the catalogue fails with exactly its expected line") {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kBadRecipes)) {
    if (entry.path().extension() != ".toml") continue;
    const std::string text = ReadText(entry.path());
    const std::string first_line = text.substr(0, text.find('\n'));
    REQUIRE(first_line.rfind("# expect: ", 0) == 0);
    const std::string expected = first_line.substr(10);
    const auto problems = Problems(text, entry.path().filename().string());
    INFO("recipe: " << entry.path().filename().string());
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().Format() == expected);
    ++checked;
  }
  CHECK(checked >= 30);
}

TEST_CASE("Recipe: a full recipe reads into the values it says") {
  const Recipe recipe = ParseRecipe(kGood, "good.toml");
  CHECK(recipe.title == "Rain test");
  CHECK(recipe.duration_seconds == 5400.0);
  CHECK(recipe.seed == 7);
  CHECK(recipe.sample_rate == 44100);
  CHECK(recipe.master.gain_db.At(0.0) == -3.0);
  CHECK(recipe.master.fade_in_seconds == 20.0);
  CHECK(recipe.master.fade_out_seconds == 90.0);
  REQUIRE(recipe.layers.size() == 2);
  const LayerSpec& bed = recipe.layers[0];
  CHECK(bed.common.name == "bed");
  CHECK(bed.texture == "noise");
  CHECK(bed.params.at("color").choice == 2);
  CHECK(bed.params.at("low_cut").number.At(0.0) == 20.0);  // default filled in
  CHECK(bed.common.gain_db.At(0.0) == -20.0);
  CHECK(bed.common.gain_db.At(300.0) == doctest::Approx(-13.25));  // smooth midpoint
  CHECK(bed.common.gain_db.At(3600.0) == -6.5);
  CHECK(bed.common.width.Lowest() == 0.25);
  CHECK(bed.common.width.Highest() == 0.75);
  CHECK(bed.common.start_seconds == 60.0);
  CHECK(bed.common.end_seconds == 3600.0);
  CHECK(bed.common.fade_in_seconds == 30.0);
  CHECK(bed.where.at("color").line == 14);
  CHECK(recipe.layers[1].common.mute);
  CHECK(recipe.layers[1].common.end_seconds < 0.0);  // until the end
}

TEST_CASE("Recipe: the title defaults to the file name, seed and rate to 1 and 48000") {
  const Recipe recipe = ParseRecipe("duration = 5\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
                                    "dir/sleepy.toml");
  CHECK(recipe.title == "sleepy");
  CHECK(recipe.seed == 1);
  CHECK(recipe.sample_rate == 48000);
  CHECK(recipe.duration_seconds == 5.0);
}

TEST_CASE("Recipe: --set changes one key, and a bare word is taken as a string") {
  Overrides overrides;
  overrides.sets = {"bed.color=white", "bed.low_cut=100", "master.gain=-1.5",
                    "bed.gain={ value = -10, drift = 2, period = \"1m\" }"};
  const Recipe recipe = ParseRecipe(kGood, "good.toml", overrides);
  CHECK(recipe.layers[0].params.at("color").choice == 0);
  CHECK(recipe.layers[0].params.at("low_cut").number.At(0.0) == 100.0);
  CHECK(recipe.master.gain_db.At(0.0) == -1.5);
  CHECK(recipe.layers[0].common.gain_db.Highest() == -8.0);
}

TEST_CASE("Recipe: --set errors name the option") {
  Overrides overrides;
  overrides.sets = {"bde.color=white"};
  auto problems = Problems(kGood, "good.toml", overrides);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].Format() ==
        "--set bde.color=white: error: no layer named \"bde\" (did you mean \"bed\"?)");
  overrides.sets = {"bed.low_cut=5"};
  problems = Problems(kGood, "good.toml", overrides);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].Format() ==
        "--set bed.low_cut=5: error: layer \"bed\": low_cut = 5 is outside [10, 20000]");
  overrides.sets = {"color=white"};
  problems = Problems(kGood, "good.toml", overrides);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].Format() == "--set color=white: error: expected LAYER.KEY=VALUE or master.KEY=VALUE");
}

TEST_CASE("Recipe: overrides replace duration and seed, and the hash follows the recipe, not the seed") {
  const Recipe plain = ParseRecipe(kGood, "good.toml");
  Overrides overrides;
  overrides.duration_seconds = 12.0;
  overrides.seed = 99;
  const Recipe changed = ParseRecipe(kGood, "good.toml", overrides);
  CHECK(changed.duration_seconds == 12.0);
  CHECK(changed.seed == 99);
  CHECK(changed.hash != plain.hash);  // duration is part of what was rendered
  Overrides seed_only;
  seed_only.seed = 99;
  CHECK(ParseRecipe(kGood, "good.toml", seed_only).hash == plain.hash);
  CHECK(ReproductionComment(changed).rfind("seed=99 recipe=fnv1a64:", 0) == 0);
}

TEST_CASE("Recipe: every problem is reported, in file order, not just the first") {
  const auto problems = Problems(
      "duration = \"1x\"\nsample_rate = 1\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n"
      "low_cut = 1\nhigh_cut = 99999\n",
      "many.toml");
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].where.line == 1);
  CHECK(problems[1].where.line == 2);
  CHECK(problems[2].where.line == 6);
  CHECK(problems[3].where.line == 7);
}

TEST_CASE("Recipe: a file that cannot be read is one clear line") {
  try {
    LoadRecipe("/nonexistent/dir/r.toml");
    FAIL("expected an error");
  } catch (const RecipeError& error) {
    CHECK(error.diagnostics().front().Format() ==
          "/nonexistent/dir/r.toml: error: cannot read recipe: No such file or directory");
  }
}

}
}  // namespace tingle::recipe
