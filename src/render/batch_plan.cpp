#include "render/batch_plan.hpp"

#include <filesystem>

#include "io/output_spec.hpp"
#include "io/sha256.hpp"
#include "recipe/build.hpp"

namespace tingle::render {
namespace {

// Failing variations reported in full before the rest are counted in one line: a range
// that conflicts with another parameter fails many variations the same way.
constexpr int kMaxReportedVariations = 3;

recipe::Overrides WithVariation(recipe::Overrides overrides, recipe::Variation variation) {
  overrides.seed = variation.seed;
  overrides.draws = std::move(variation.draws);
  return overrides;
}

// Builds the track (which loads its sound files) and lists the files it loaded.
std::vector<std::string> BuildAndListSources(const recipe::Recipe& recipe) {
  std::vector<std::filesystem::path> loaded;
  recipe::BuildTrack(recipe, &loaded);
  std::vector<std::string> digests;
  for (const std::filesystem::path& file : loaded) {
    try {
      digests.push_back(file.filename().string() + " sha256:" + io::Sha256FileHex(file));
    } catch (const io::IoError&) {
      digests.push_back(file.filename().string() + " unreadable");
    }
  }
  return digests;
}

}  // namespace

BatchRecipe LoadBatchRecipe(const std::string& path, const recipe::Overrides& overrides) {
  BatchRecipe batch_recipe;
  batch_recipe.path = path;
  batch_recipe.stem = std::filesystem::path(path).stem().string();
  batch_recipe.text = recipe::ReadRecipeText(path);
  batch_recipe.text_sha256 = io::Sha256Hex(batch_recipe.text);
  batch_recipe.base = recipe::ParseRecipe(batch_recipe.text, path, overrides);
  const recipe::Recipe& base = batch_recipe.base;
  batch_recipe.item_count = std::max(1, base.variations.count);
  if (base.variations.vary.empty()) {
    // Every item has the same values (only the seed differs): one build checks them all.
    batch_recipe.source_digests = BuildAndListSources(base);
    return batch_recipe;
  }
  std::vector<Diagnostic> problems;
  std::int64_t failed = 0;
  for (std::int64_t index = 0; index < batch_recipe.item_count; ++index) {
    const recipe::Variation variation = recipe::DrawVariation(base, index, overrides.sets);
    try {
      const recipe::Recipe item = recipe::ParseRecipe(batch_recipe.text, path, WithVariation(overrides, variation));
      std::vector<std::string> digests = BuildAndListSources(item);
      if (index == 0) batch_recipe.source_digests = std::move(digests);
    } catch (const RecipeError& error) {
      if (++failed > kMaxReportedVariations) continue;
      // "variation 3 (bed.low_cut = 523.1): ": the problem may be with another key.
      std::string prefix = "variation " + std::to_string(index) + " (";
      for (std::size_t i = 0; i < variation.draws.size(); ++i) {
        prefix += (i > 0 ? ", " : "") + variation.draws[i].target + " = " + variation.draws[i].value;
      }
      prefix += "): ";
      for (Diagnostic diagnostic : error.diagnostics()) {
        diagnostic.message = prefix + diagnostic.message;
        problems.push_back(std::move(diagnostic));
      }
    }
  }
  if (failed > kMaxReportedVariations) {
    Diagnostic more;  // (filled in piecewise: GCC 12 misreports the aggregate as uninitialised)
    more.where.file = path;
    more.message = std::to_string(failed - kMaxReportedVariations) + " more of its " +
                   std::to_string(batch_recipe.item_count) + " variations fail too";
    problems.push_back(std::move(more));
  }
  if (!problems.empty()) throw RecipeError(std::move(problems));
  return batch_recipe;
}

BatchPlan LoadBatch(const std::vector<std::string>& paths, const recipe::Overrides& overrides) {
  BatchPlan plan;
  plan.overrides = overrides;
  std::vector<Diagnostic> problems;
  for (const std::string& path : paths) {
    try {
      plan.recipes.push_back(LoadBatchRecipe(path, overrides));
    } catch (const RecipeError& error) {
      for (Diagnostic diagnostic : error.diagnostics()) {
        // A --set applies to every recipe: with several, say which one it failed in.
        const bool at_option = diagnostic.where.file.rfind("--set ", 0) == 0;
        if (at_option && paths.size() > 1) diagnostic.message = path + ": " + diagnostic.message;
        problems.push_back(std::move(diagnostic));
      }
    }
  }
  if (!problems.empty()) throw RecipeError(std::move(problems));
  std::int64_t position = 0;
  for (int r = 0; r < static_cast<int>(plan.recipes.size()); ++r) {
    for (std::int64_t index = 0; index < plan.recipes[r].item_count; ++index) {
      plan.items.push_back({r, index, position++});
    }
  }
  return plan;
}

recipe::Variation ItemVariation(const BatchPlan& plan, const BatchItem& item) {
  return recipe::DrawVariation(plan.recipes[item.recipe].base, item.variation, plan.overrides.sets);
}

recipe::Recipe ItemRecipe(const BatchPlan& plan, const BatchItem& item) {
  const BatchRecipe& batch_recipe = plan.recipes[item.recipe];
  return recipe::ParseRecipe(batch_recipe.text, batch_recipe.path,
                             WithVariation(plan.overrides, ItemVariation(plan, item)));
}

}  // namespace tingle::render
