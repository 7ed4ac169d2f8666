#include "cli/check_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/exit_codes.hpp"
#include "core/duration.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"

namespace tingle::cli {

CLI::App* SetupCheck(CLI::App& app, CheckOptions& options) {
  CLI::App* check = app.add_subcommand("check", "Validate recipes: every problem, no audio");
  check->add_option("recipes", options.recipes, "Recipe files (TOML)")->required();
  return check;
}

int RunCheck(const CheckOptions& options) {
  int exit_code = kExitOk;
  for (const std::string& path : options.recipes) {
    try {
      const recipe::Recipe recipe = recipe::LoadRecipe(path);
      recipe::BuildTrack(recipe);
      std::printf("%s: ok (%zu layer%s, %s, %d Hz)\n", path.c_str(), recipe.layers.size(),
                  recipe.layers.size() == 1 ? "" : "s",
                  FormatDuration(recipe.duration_seconds).c_str(), recipe.sample_rate);
    } catch (const RecipeError& error) {
      for (const Diagnostic& diagnostic : error.diagnostics()) {
        std::fprintf(stderr, "%s\n", diagnostic.Format().c_str());
      }
      exit_code = kExitBadInput;
    }
  }
  return exit_code;
}

}  // namespace tingle::cli
