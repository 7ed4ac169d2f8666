// A validated recipe as plain data: what to render, with where each value came from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/param_spec.hpp"
#include "mix/layer.hpp"
#include "mix/master.hpp"

namespace tingle::recipe {

inline constexpr int kSupportedSampleRates[] = {44100, 48000, 96000};
inline constexpr double kMaxDurationSeconds = 100.0 * 3600.0;
inline constexpr std::uint64_t kDefaultSeed = 1;
inline constexpr int kDefaultSampleRate = 48000;
// At most this many variations of one recipe: more than a library needs of one sound,
// few enough that validating every variation before rendering stays quick.
inline constexpr int kMaxVariations = 100000;

struct LayerSpec {
  mix::LayerSettings common;
  std::string texture;
  ParamValues params;                              // every texture key, defaults filled in
  std::map<std::string, SourceLocation> where;     // key -> location of its value
  SourceLocation header;                           // the [[layer]] table
};

// One [[vary]] entry: a layer parameter drawn afresh for each variation.
struct Vary {
  std::string target;    // "tap.rate": the layer's name, a dot, the parameter's key
  SourceLocation where;  // the range or choices value: problems with a draw point here
  // A range: numbers uniform in [low, high); whole numbers (`whole`) each of low..high
  // equally often. Otherwise one of `choices`, each equally often.
  bool is_range = false;
  double low = 0.0;
  double high = 0.0;
  bool whole = false;
  std::vector<std::string> choices;  // TOML text of each: "\"glass\"", "2.5", "true"
};

struct Variations {
  // How many variations to render: --variations, else [variations] count; 0 when neither
  // is given, and the recipe is then one item rendered with its own seed.
  int count = 0;
  std::vector<Vary> vary;  // in recipe order
};

// A value one [[vary]] entry drew for one variation. It is applied as `--set` would apply
// `target=value`, so it is validated by the same code as every other value.
struct Draw {
  std::string target;     // "tap.rate"
  std::string value;      // TOML text: 2.31, "glass", true
  SourceLocation origin;  // the [[vary]] entry's range or choices
};

struct Recipe {
  std::string path;
  std::string title;
  double duration_seconds = 0.0;
  std::uint64_t seed = kDefaultSeed;
  int sample_rate = kDefaultSampleRate;
  mix::MasterSettings master;
  // master.spatial = "hrtf": placed layers use the measured HRTF set instead of the
  // spherical head; `spatial_where` locates the key for errors.
  bool hrtf = false;
  SourceLocation spatial_where;
  std::vector<LayerSpec> layers;
  Variations variations;
  std::uint64_t hash = 0;  // FNV-1a of the recipe bytes and every override (draws included)
};

// Command-line changes applied on top of the file.
struct Overrides {
  std::optional<double> duration_seconds;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;  // "layer.key=value" or "master.key=value"
  std::optional<int> variations;  // --variations N: replaces [variations] count
  // What [[vary]] drew for the variation being parsed (recipe/variations.hpp). Applied
  // before `sets`, so a --set of the same key wins.
  std::vector<Draw> draws;
};

// The bytes of the recipe file at `path`. Throws RecipeError `cannot read recipe: <reason>`.
std::string ReadRecipeText(const std::string& path);

// Reads, parses and validates a recipe. Throws RecipeError holding every problem found,
// each with its file:line:column.
Recipe LoadRecipe(const std::string& path, const Overrides& overrides = {});

// The same from text already in memory (`path` names it in messages).
Recipe ParseRecipe(const std::string& text, const std::string& path,
                   const Overrides& overrides = {});

// "seed=7 recipe=fnv1a64:0123456789abcdef": written into file metadata.
std::string ReproductionComment(const Recipe& recipe);

}  // namespace tingle::recipe
