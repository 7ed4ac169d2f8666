// Variations of a recipe: the seed of each, and the values its [[vary]] entries draw.
//
// Variation v of a recipe whose seed is S renders with the seed StreamSeed(S, v), and each
// [[vary]] entry draws from a stream of its own, seeded from (S, its key), at counter v:
// a variation never depends on how many there are, on which other variations render
// (--jobs, --shard), or on the other [[vary]] entries. A recipe without variations
// renders with S itself, so adding nothing changes nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "recipe/recipe.hpp"

namespace tingle::recipe {

// What variation v renders with.
struct Variation {
  std::uint64_t seed = 0;
  std::vector<Draw> draws;  // one per [[vary]] entry not pinned by --set, in recipe order
};

// The seed of variation `index` (from 0) of a recipe with seed `recipe_seed`.
std::uint64_t VariationSeed(std::uint64_t recipe_seed, std::int64_t index);

// Variation `index` of `recipe`, parsed with the command line's overrides but no draws
// (its seed is the base seed). With no variations (count 0) that is the recipe's own seed
// and nothing drawn. `pinned_sets` are the --set options ("tap.rate=2"): an entry whose
// key one of them sets draws nothing, and the --set value stands.
Variation DrawVariation(const Recipe& recipe, std::int64_t index,
                        std::span<const std::string> pinned_sets = {});

// The value as a reader wants it: "2.31", "glass", "true" (TOML strings unquoted).
std::string DrawnText(const Draw& draw);

// The shortest decimal text that reads back as exactly `value` ("0.1", "2", "1e-07").
std::string ExactNumberText(double value);

}  // namespace tingle::recipe
