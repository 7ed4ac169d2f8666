#include "recipe/build.hpp"

#include <memory>
#include <vector>

#include "core/units.hpp"
#include "synth/registry.hpp"

namespace tingle::recipe {

mix::Track BuildTrack(const Recipe& recipe) {
  std::vector<std::unique_ptr<mix::Layer>> layers;
  std::vector<Diagnostic> problems;
  std::shared_ptr<const mix::HrtfSet> hrtf;
  if (recipe.hrtf) {
    try {
      hrtf = mix::HrtfSet::Load(mix::kDefaultSofaPath, recipe.sample_rate);
    } catch (const mix::HrtfError& error) {
      throw RecipeError({{recipe.spatial_where, std::string("master: spatial = \"hrtf\": ") + error.what()}});
    }
  }
  for (const LayerSpec& spec : recipe.layers) {
    const synth::TextureEntry* texture = synth::FindTexture(spec.texture);
    try {
      layers.push_back(std::make_unique<mix::Layer>(spec.common, texture->create(spec.params), hrtf));
    } catch (const ParamError& error) {
      const auto where = spec.where.find(error.key());
      problems.push_back({where != spec.where.end() ? where->second : spec.header,
                          "layer \"" + spec.common.name + "\": " + error.what()});
    }
  }
  if (!problems.empty()) throw RecipeError(std::move(problems));
  const double sample_rate = recipe.sample_rate;
  return mix::Track{sample_rate, SecondsToFrames(recipe.duration_seconds, sample_rate),
                    recipe.seed, mix::Mixer(std::move(layers)), mix::Master(recipe.master)};
}

}  // namespace tingle::recipe
