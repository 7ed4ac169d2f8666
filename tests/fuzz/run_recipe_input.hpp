// One fuzz input, the way the fuzzer and the regression test both run it: parse and
// validate the text as a recipe, build it, render at most 50 ms of it into nothing.
//
// Returns true when the recipe rendered, false when it was rejected with diagnostics.
// Anything else (another exception, a crash, a sanitizer report) is a finding. The
// length cap keeps each input to milliseconds whatever duration it asks for; the
// measured HRTF set is swapped for the spherical head (loading it takes longer than the
// render).
#pragma once

#include <string>

#include "core/diagnostics.hpp"
#include "io/sink.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"

namespace tingle::test {

inline bool RunRecipeInput(const std::string& text) {
  class DiscardSink final : public io::AudioSink {
   public:
    void Write(const float*, int) override {}
    void Commit() override {}
  };
  constexpr double kLongestRenderSeconds = 0.05;
  recipe::Recipe recipe;
  try {
    recipe = recipe::ParseRecipe(text, "fuzz.toml");
  } catch (const RecipeError&) {
    return false;
  }
  if (recipe.duration_seconds > kLongestRenderSeconds) recipe.duration_seconds = kLongestRenderSeconds;
  recipe.hrtf = false;
  try {
    DiscardSink sink;
    render::RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, {});
  } catch (const RecipeError&) {
    return false;  // e.g. a sample file that does not load
  }
  return true;
}

}  // namespace tingle::test
