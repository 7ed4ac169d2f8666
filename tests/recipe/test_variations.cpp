#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "recipe/variations.hpp"

namespace tingle::recipe {
namespace {

constexpr char kTaps[] = R"(duration = 1
seed = 5
[variations]
count = 4

[[layer]]
name = "tap"
texture = "tapping"

[[layer]]
name = "voice"
texture = "whisper"

[[vary]]
key = "tap.rate"
range = [1.0, 4.0]

[[vary]]
key = "tap.material"
choices = ["wood", "glass", "plastic"]

[[vary]]
key = "voice.language"
range = [1, 3]
)";

// The recipe text with `extra` appended (more [[vary]] entries, say).
std::string TapsWith(const std::string& extra) { return std::string(kTaps) + extra; }

// The first problem of a recipe that must fail, as printed.
std::string FirstProblem(const std::string& text, const Overrides& overrides = {}) {
  try {
    ParseRecipe(text, "v.toml", overrides);
  } catch (const RecipeError& error) {
    return error.diagnostics().front().Format();
  }
  return "(no error)";
}

// A recipe with one tapping layer "tap", one whisper layer "voice", 3 variations and the
// [[vary]] entries `vary`, written inline on line 2 (`vary = [` takes columns 1-8).
std::string OneVary(const std::string& vary) {
  return "duration = 1\n"
         "vary = [" + vary + "]\n"
         "[variations]\n"
         "count = 3\n"
         "[[layer]]\nname = \"tap\"\ntexture = \"tapping\"\n"
         "[[layer]]\nname = \"voice\"\ntexture = \"whisper\"\n";
}

// The drawn values of variation `index`, by key.
std::map<std::string, std::string> Drawn(const Recipe& recipe, std::int64_t index,
                                         const std::vector<std::string>& pinned = {}) {
  std::map<std::string, std::string> values;
  for (const Draw& draw : DrawVariation(recipe, index, pinned).draws) values[draw.target] = DrawnText(draw);
  return values;
}

}  // namespace

TEST_SUITE("recipe") {

TEST_CASE("Variations: the variations table and vary entries read into the recipe, located") {
  const Recipe recipe = ParseRecipe(kTaps, "v.toml");
  CHECK(recipe.variations.count == 4);
  REQUIRE(recipe.variations.vary.size() == 3);
  const Vary& rate = recipe.variations.vary[0];
  CHECK(rate.target == "tap.rate");
  CHECK(rate.is_range);
  CHECK(rate.low == 1.0);
  CHECK(rate.high == 4.0);
  CHECK_FALSE(rate.whole);
  CHECK(rate.where.line == 16);
  CHECK(rate.where.column == 9);
  const Vary& material = recipe.variations.vary[1];
  CHECK_FALSE(material.is_range);
  CHECK(material.choices == std::vector<std::string>{"\"wood\"", "\"glass\"", "\"plastic\""});
  CHECK(recipe.variations.vary[2].whole);
}

TEST_CASE("Variations: --variations replaces the count, and without either there are none") {
  Overrides overrides;
  overrides.variations = 9;
  CHECK(ParseRecipe(kTaps, "v.toml", overrides).variations.count == 9);
  const Recipe plain = ParseRecipe("duration = 1\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n", "p.toml");
  CHECK(plain.variations.count == 0);
  CHECK(plain.variations.vary.empty());
  // --variations alone gives seed-only variations of any recipe.
  CHECK(ParseRecipe("duration = 1\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n", "p.toml", overrides)
            .variations.count == 9);
}

TEST_CASE("Variations: seeds and drawn values are pinned (they decide library bytes)") {
  const Recipe recipe = ParseRecipe(kTaps, "v.toml");
  // A change here changes every library ever rendered: only on purpose, with a version bump.
  CHECK(VariationSeed(5, 0) == 9935162105012360808ull);
  CHECK(VariationSeed(5, 1) == 6535538157283071170ull);
  CHECK(DrawVariation(recipe, 0).seed == 9935162105012360808ull);
  CHECK(Drawn(recipe, 0) == std::map<std::string, std::string>{
                                {"tap.rate", "3.78174"}, {"tap.material", "glass"}, {"voice.language", "3"}});
  CHECK(Drawn(recipe, 1) == std::map<std::string, std::string>{
                                {"tap.rate", "1.23343"}, {"tap.material", "plastic"}, {"voice.language", "1"}});
  CHECK(Drawn(recipe, 3) == std::map<std::string, std::string>{
                                {"tap.rate", "1.4624"}, {"tap.material", "glass"}, {"voice.language", "1"}});
  // The same again: nothing depends on what was drawn before.
  CHECK(Drawn(recipe, 1) == Drawn(ParseRecipe(kTaps, "v.toml"), 1));
}

TEST_CASE("Variations: a recipe without variations renders with its own seed, nothing drawn") {
  const Recipe recipe = ParseRecipe("duration = 1\nseed = 77\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n", "p.toml");
  const Variation variation = DrawVariation(recipe, 0);
  CHECK(variation.seed == 77);
  CHECK(variation.draws.empty());
  Overrides overrides;
  overrides.variations = 2;
  const Recipe varied = ParseRecipe("duration = 1\nseed = 77\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n", "p.toml", overrides);
  CHECK(DrawVariation(varied, 0).seed == VariationSeed(77, 0));
  CHECK(DrawVariation(varied, 1).seed == VariationSeed(77, 1));
  CHECK(VariationSeed(77, 0) != 77);
}

TEST_CASE("Variations: one entry's draws do not depend on the other entries or their order") {
  const Recipe three = ParseRecipe(kTaps, "v.toml");
  // Without the material entry, with one more entry, and with the entries reversed.
  const Recipe two = ParseRecipe(R"(duration = 1
seed = 5
[variations]
count = 4
[[layer]]
name = "tap"
texture = "tapping"
[[layer]]
name = "voice"
texture = "whisper"
[[vary]]
key = "voice.language"
range = [1, 3]
[[vary]]
key = "tap.rate"
range = [1.0, 4.0]
)", "v.toml");
  const Recipe four = ParseRecipe(TapsWith("[[vary]]\nkey = \"tap.humanize\"\nrange = [0, 1]\n"), "v.toml");
  for (std::int64_t index = 0; index < 4; ++index) {
    INFO("variation " << index);
    const auto reference = Drawn(three, index);
    CHECK(Drawn(two, index).at("tap.rate") == reference.at("tap.rate"));
    CHECK(Drawn(two, index).at("voice.language") == reference.at("voice.language"));
    CHECK(Drawn(four, index).at("tap.rate") == reference.at("tap.rate"));
    CHECK(Drawn(four, index).at("tap.material") == reference.at("tap.material"));
    CHECK(DrawVariation(two, index).seed == DrawVariation(three, index).seed);
  }
}

TEST_CASE("Variations: draws cover their range or list evenly, whole numbers included") {
  Overrides overrides;
  overrides.variations = 3000;
  const Recipe recipe = ParseRecipe(kTaps, "v.toml", overrides);
  std::map<std::string, int> materials;
  std::map<std::string, int> languages;
  double lowest = 10.0, highest = 0.0, sum = 0.0;
  for (std::int64_t index = 0; index < 3000; ++index) {
    const auto values = Drawn(recipe, index);
    const double rate = std::stod(values.at("tap.rate"));
    lowest = std::min(lowest, rate);
    highest = std::max(highest, rate);
    sum += rate;
    ++materials[values.at("tap.material")];
    ++languages[values.at("voice.language")];
  }
  CHECK(lowest >= 1.0);
  CHECK(highest < 4.0);
  CHECK(lowest < 1.01);    // 3000 uniform draws reach within 0.01 of each end
  CHECK(highest > 3.99);
  // Mean 2.5; the standard error of 3000 uniform draws over a span of 3 is 0.016.
  CHECK(sum / 3000.0 == doctest::Approx(2.5).epsilon(0.03));
  CHECK(materials.size() == 3);
  CHECK(languages == std::map<std::string, int>{{"1", languages["1"]}, {"2", languages["2"]}, {"3", languages["3"]}});
  for (const auto& [name, count] : materials) {
    INFO(name);
    CHECK(count > 900);  // 1000 expected, sigma 26
  }
  for (const auto& [name, count] : languages) {
    INFO(name);
    CHECK(count > 900);
  }
}

TEST_CASE("Variations: a drawn value is applied like --set, and the recipe hash includes it") {
  const Recipe base = ParseRecipe(kTaps, "v.toml");
  Overrides overrides;
  const Variation variation = DrawVariation(base, 1);
  overrides.seed = variation.seed;
  overrides.draws = variation.draws;
  const Recipe item = ParseRecipe(kTaps, "v.toml", overrides);
  CHECK(item.seed == variation.seed);
  CHECK(item.layers[0].params.at("rate").number.At(0.0) == 1.23343);
  CHECK(item.layers[0].params.at("material").choice == 2);  // plastic
  CHECK(item.hash != base.hash);
  overrides.draws = DrawVariation(base, 0).draws;
  CHECK(ParseRecipe(kTaps, "v.toml", overrides).hash != item.hash);
}

TEST_CASE("Variations: a --set of a varied key wins, and that key draws nothing") {
  const Recipe base = ParseRecipe(kTaps, "v.toml");
  const std::vector<std::string> pinned = {"tap.rate=2"};
  const auto values = Drawn(base, 0, pinned);
  CHECK(values.count("tap.rate") == 0);
  CHECK(values.at("tap.material") == Drawn(base, 0).at("tap.material"));
  Overrides overrides;
  overrides.sets = pinned;
  overrides.draws = DrawVariation(base, 0, pinned).draws;
  CHECK(ParseRecipe(kTaps, "v.toml", overrides).layers[0].params.at("rate").number.At(0.0) == 2.0);
}

TEST_CASE("Variations: every mistake in the variations table or a vary entry is one located line") {
  struct Case {
    std::string recipe;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {OneVary("{ key = \"tpa.rate\", range = [1, 2] }"),
       "v.toml:2:17: error: vary: \"tpa.rate\": no layer named \"tpa\" (did you mean \"tap\"?)"},
      {OneVary("{ key = \"tap.rat\", range = [1, 2] }"),
       "v.toml:2:17: error: vary: \"tap.rat\": texture \"tapping\" has no parameter \"rat\"; only "
       "texture parameters vary (did you mean \"rate\"?)"},
      {OneVary("{ key = \"tap.gain\", range = [-6, 0] }"),
       "v.toml:2:17: error: vary: \"tap.gain\": texture \"tapping\" has no parameter \"gain\"; only "
       "texture parameters vary (see `tingle describe tapping`)"},
      {OneVary("{ key = \"rate\", range = [1, 2] }"),
       "v.toml:2:17: error: vary: key = \"rate\" must be \"LAYER.PARAMETER\", e.g. \"rain.intensity\""},
      {OneVary("{ key = \"voice.text\", choices = [\"a\"] }"),
       "v.toml:2:17: error: vary: \"voice.text\": a text parameter cannot vary"},
      {OneVary("{ key = \"tap.rate\", range = [0.05, 2] }"),
       "v.toml:2:38: error: vary: \"tap.rate\" range = 0.05 is outside [0.1, 20]"},
      {OneVary("{ key = \"tap.rate\", range = [3, 2] }"),
       "v.toml:2:37: error: vary: \"tap.rate\": range = [3, 2] is empty: write [low, high] with low < high"},
      {OneVary("{ key = \"tap.rate\", range = [3] }"),
       "v.toml:2:37: error: vary: \"tap.rate\": range must be [low, high], two numbers"},
      {OneVary("{ key = \"tap.rate\", range = [1, \"4\"] }"),
       "v.toml:2:41: error: vary: \"tap.rate\" range must be a number, not a string"},
      {OneVary("{ key = \"voice.language\", range = [1, 2.5] }"),
       "v.toml:2:47: error: vary: \"voice.language\" range = 2.5 must be a whole number"},
      {OneVary("{ key = \"tap.material\", range = [1, 2] }"),
       "v.toml:2:41: error: vary: \"tap.material\" is a choice of wood, glass, plastic, metal, "
       "ceramic, cardboard: list some with choices = [...], not a range"},
      {OneVary("{ key = \"tap.material\", choices = [\"wood\", \"glas\"] }"),
       "v.toml:2:52: error: vary: \"tap.material\": \"glas\" is not one of wood, glass, plastic, "
       "metal, ceramic, cardboard (did you mean \"glass\"?)"},
      {OneVary("{ key = \"tap.rate\", choices = [1, 30] }"),
       "v.toml:2:43: error: vary: \"tap.rate\" choice = 30 is outside [0.1, 20]"},
      {OneVary("{ key = \"tap.rate\", choices = [] }"),
       "v.toml:2:39: error: vary: \"tap.rate\": choices must be a non-empty array"},
      {OneVary("{ key = \"tap.rate\", range = [1, 2], choices = [1] }"),
       "v.toml:2:55: error: vary: \"tap.rate\": give range or choices, not both"},
      {OneVary("{ key = \"tap.rate\" }"),
       "v.toml:2:17: error: vary: \"tap.rate\" needs range = [low, high] or choices = [...]"},
      {OneVary("{ key = \"tap.rate\", rnage = [1, 2] }"),
       "v.toml:2:37: error: vary: unknown key \"rnage\" (did you mean \"range\"?)"},
      {OneVary("{ range = [1, 2] }"), "v.toml:2:9: error: vary: no key (add key = \"LAYER.PARAMETER\")"},
      {OneVary("{ key = \"tap.rate\", range = [1, 2] }, { key = \"tap.rate\", range = [2, 3] }"),
       "v.toml:2:55: error: vary: \"tap.rate\" is already varied on line 2"},
      {OneVary("3"), "v.toml:2:9: error: each vary entry must be a table: write [[vary]]"},
      {"duration = 1\n[variations]\ncount = 0\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:3:9: error: variations: count = 0 must be a whole number from 1 to 100000"},
      {"duration = 1\n[variations]\ncount = 100001\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:3:9: error: variations: count = 100001 must be a whole number from 1 to 100000"},
      {"duration = 1\n[variations]\ncount = \"10\"\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:3:9: error: variations: count = \"10\" must be a whole number from 1 to 100000"},
      {"duration = 1\n[variations]\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:2:1: error: variations: no count (add count = 10)"},
      {"duration = 1\n[variations]\ncuont = 3\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:3:9: error: variations: unknown key \"cuont\" (did you mean \"count\"?)"},
      {"duration = 1\nvariations = 3\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:2:14: error: variations must be a table: write [variations]"},
      {"duration = 1\nvary = 3\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n",
       "v.toml:2:8: error: vary must be an array of tables: write [[vary]]"},
      {"duration = 1\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n[[vary]]\nkey = \"a.low_cut\"\nrange = [20, 40]\n",
       "v.toml:5:1: error: [[vary]] needs a number of variations: add [variations] count = 10 (or pass "
       "--variations)"},
  };
  for (const Case& c : cases) {
    INFO(c.recipe);
    CHECK(FirstProblem(c.recipe) == c.expected);
  }
}

TEST_CASE("Variations: --variations makes vary entries without a variations table valid") {
  Overrides overrides;
  overrides.variations = 2;
  const Recipe recipe = ParseRecipe(
      "duration = 1\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n[[vary]]\nkey = \"a.low_cut\"\nrange = [20, 40]\n",
      "v.toml", overrides);
  CHECK(recipe.variations.count == 2);
  CHECK(recipe.variations.vary.size() == 1);
}

TEST_CASE("Variations: a drawn range value never leaves the range, even with more digits than shown") {
  const Recipe recipe = ParseRecipe(OneVary("{ key = \"tap.rate\", range = [1.0000001, 1.0000002] }"), "v.toml");
  for (std::int64_t index = 0; index < 50; ++index) {
    INFO("variation " << index);
    const double value = std::stod(Drawn(recipe, index).at("tap.rate"));
    CHECK(value >= 1.0000001);
    CHECK(value <= 1.0000002);
  }
}

TEST_CASE("Variations: numbers as text read back exactly") {
  CHECK(ExactNumberText(0.1) == "0.1");
  CHECK(ExactNumberText(2.0) == "2");
  CHECK(ExactNumberText(1e-7) == "1e-07");
  CHECK(std::stod(ExactNumberText(1.0 / 3.0)) == 1.0 / 3.0);
}

}
}  // namespace tingle::recipe
