// A library to render: the recipes, read once and validated, and the items they make.
//
// Items are the recipes in command-line order, each expanded into its variations
// 0..count-1 (one item when it has none). An item's position in that list is what
// --shard selects on; its variation index is what names it, so adding a recipe to the
// command line never renames or changes another recipe's items.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"
#include "recipe/variations.hpp"

namespace tingle::render {

struct BatchRecipe {
  std::string path;  // as given on the command line
  std::string stem;  // the file name without its extension: {stem}
  // The bytes, read once: every item parses these, so editing the file during a run
  // changes nothing.
  std::string text;
  std::string text_sha256;
  recipe::Recipe base;  // parsed with the command line's overrides and no draws
  std::int64_t item_count = 1;  // its variations, or 1 without any
  // "name sha256:HEX" of each sound file its layers load (granular sources): they decide
  // the bytes too.
  std::vector<std::string> source_digests;
};

struct BatchItem {
  int recipe = 0;              // index into BatchPlan::recipes
  std::int64_t variation = 0;  // from 0 within its recipe: {index}
  std::int64_t position = 0;   // from 0 across the whole batch: what --shard selects on
};

struct BatchPlan {
  recipe::Overrides overrides;  // the command line's (no draws)
  std::vector<BatchRecipe> recipes;
  std::vector<BatchItem> items;
};

// Reads and validates one recipe, every variation included: each is parsed with its draws
// and built, so a drawn value that conflicts with another parameter is found before
// anything renders. Throws RecipeError with every problem; a variation's problems say
// "variation N: " (at most a few of them, then how many more).
BatchRecipe LoadBatchRecipe(const std::string& path, const recipe::Overrides& overrides);

// Every recipe, in order. Throws RecipeError holding the problems of all of them (a
// --set's problem, with several recipes, names the recipe: "--set a.b=1: error: r.toml: ...").
BatchPlan LoadBatch(const std::vector<std::string>& paths, const recipe::Overrides& overrides);

// The seed and draws of an item.
recipe::Variation ItemVariation(const BatchPlan& plan, const BatchItem& item);

// The item's recipe, parsed from the stored text with its seed and draws.
recipe::Recipe ItemRecipe(const BatchPlan& plan, const BatchItem& item);

}  // namespace tingle::render
