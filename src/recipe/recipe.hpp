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

struct LayerSpec {
  mix::LayerSettings common;
  std::string texture;
  ParamValues params;                              // every texture key, defaults filled in
  std::map<std::string, SourceLocation> where;     // key -> location of its value
  SourceLocation header;                           // the [[layer]] table
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
  std::uint64_t hash = 0;  // FNV-1a of the recipe bytes and every override
};

// Command-line changes applied on top of the file.
struct Overrides {
  std::optional<double> duration_seconds;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;  // "layer.key=value" or "master.key=value"
};

// Reads, parses and validates a recipe. Throws RecipeError holding every problem found,
// each with its file:line:column.
Recipe LoadRecipe(const std::string& path, const Overrides& overrides = {});

// The same from text already in memory (`path` names it in messages).
Recipe ParseRecipe(const std::string& text, const std::string& path,
                   const Overrides& overrides = {});

// "seed=7 recipe=fnv1a64:0123456789abcdef": written into file metadata.
std::string ReproductionComment(const Recipe& recipe);

}  // namespace tingle::recipe
