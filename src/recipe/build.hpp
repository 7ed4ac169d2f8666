// Recipe -> render graph: textures from the registry, layers, master.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mix/track.hpp"
#include "recipe/recipe.hpp"
#include "synth/registry.hpp"

namespace tingle::recipe {

// Builds (does not Prepare) the track. Throws RecipeError when a texture rejects a
// combination of its parameters or cannot load a file one names, located at the
// offending key. When `loaded_files` is given, the sound files the layers loaded are
// appended to it (a library item's key covers their bytes).
mix::Track BuildTrack(const Recipe& recipe,
                      std::vector<std::filesystem::path>* loaded_files = nullptr);

// What textures of the recipe at `recipe_path` are built with: sound files named in it
// are looked for next to it, then in tingle's samples folders (io/sample_file.hpp), and
// reported as `source "x.flac": <reason>`. Each file found is appended to `loaded_files`
// when given (it must outlive the context).
synth::BuildContext MakeBuildContext(const std::string& recipe_path,
                                     std::vector<std::filesystem::path>* loaded_files = nullptr);

}  // namespace tingle::recipe
