#include "cli/check_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/exit_codes.hpp"
#include "core/duration.hpp"
#include "io/item_record.hpp"
#include "recipe/recipe.hpp"
#include "render/batch_plan.hpp"

namespace tingle::cli {

CLI::App* SetupCheck(CLI::App& app, CheckOptions& options) {
  CLI::App* check = app.add_subcommand("check", "Validate recipes: every problem, no audio");
  check->add_option("recipes", options.recipes, "Recipe files (TOML)")->required();
  check->add_flag("--json", options.json,
                  "Each problem as a JSON object on standard output: file, line, column, message");
  return check;
}

int RunCheck(const CheckOptions& options) {
  int exit_code = kExitOk;
  for (const std::string& path : options.recipes) {
    try {
      // What render checks before it renders anything: every variation, built.
      const render::BatchRecipe checked = render::LoadBatchRecipe(path, {});
      if (options.json) continue;
      const recipe::Recipe& recipe = checked.base;
      std::string variations;
      if (recipe.variations.count > 0) {
        variations = ", " + std::to_string(recipe.variations.count) + " variation" +
                     (recipe.variations.count == 1 ? "" : "s");
      }
      std::printf("%s: ok (%zu layer%s, %s, %d Hz%s)\n", path.c_str(), recipe.layers.size(),
                  recipe.layers.size() == 1 ? "" : "s",
                  FormatDuration(recipe.duration_seconds).c_str(), recipe.sample_rate,
                  variations.c_str());
    } catch (const RecipeError& error) {
      for (const Diagnostic& diagnostic : error.diagnostics()) {
        if (options.json) {
          std::printf("%s\n", io::DiagnosticJson(diagnostic).c_str());
        } else {
          std::fprintf(stderr, "%s\n", diagnostic.Format().c_str());
        }
      }
      exit_code = kExitBadInput;
    }
  }
  return exit_code;
}

}  // namespace tingle::cli
