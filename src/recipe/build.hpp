// Recipe -> render graph: textures from the registry, layers, master.
#pragma once

#include "mix/track.hpp"
#include "recipe/recipe.hpp"

namespace tingle::recipe {

// Builds (does not Prepare) the track. Throws RecipeError when a texture rejects a
// combination of its parameters, located at the offending key.
mix::Track BuildTrack(const Recipe& recipe);

}  // namespace tingle::recipe
