// Recipe -> render graph: textures from the registry, layers, master.
#pragma once

#include <string>

#include "mix/track.hpp"
#include "recipe/recipe.hpp"
#include "synth/registry.hpp"

namespace tingle::recipe {

// Builds (does not Prepare) the track. Throws RecipeError when a texture rejects a
// combination of its parameters or cannot load a file one names, located at the
// offending key.
mix::Track BuildTrack(const Recipe& recipe);

// What textures of the recipe at `recipe_path` are built with: sound files named in it
// are looked for next to it, then in tingle's samples folders (io/sample_file.hpp), and
// reported as `source "x.flac": <reason>`.
synth::BuildContext MakeBuildContext(const std::string& recipe_path);

}  // namespace tingle::recipe
