#include "recipe/build.hpp"

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include "core/units.hpp"
#include "io/resample.hpp"
#include "io/sample_file.hpp"
#include "synth/registry.hpp"

namespace tingle::recipe {

synth::BuildContext MakeBuildContext(const std::string& recipe_path,
                                     std::vector<std::filesystem::path>* loaded_files) {
  synth::BuildContext context;
  const auto folders = io::SampleFolders(std::filesystem::path(recipe_path).parent_path());
  context.load_sound = [folders, loaded_files](const std::string& key, const std::string& name,
                                               double max_seconds) {
    try {
      const std::filesystem::path found = io::FindSampleFile(name, folders);
      io::SampleFile file = io::ReadSampleFile(found, max_seconds);
      if (loaded_files != nullptr) loaded_files->push_back(found);
      auto clip = std::make_shared<synth::SoundClip>();
      clip->sample_rate_hz = file.sample_rate;
      clip->channels = file.channels;
      clip->samples = std::move(file.samples);
      clip->resample = &io::Resample;
      return std::shared_ptr<const synth::SoundClip>(std::move(clip));
    } catch (const io::SampleFileError& error) {
      throw ParamError(key, key + " \"" + name + "\": " + error.what());
    }
  };
  return context;
}

mix::Track BuildTrack(const Recipe& recipe, std::vector<std::filesystem::path>* loaded_files) {
  const synth::BuildContext context = MakeBuildContext(recipe.path, loaded_files);
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
      layers.push_back(
          std::make_unique<mix::Layer>(spec.common, texture->create(spec.params, context), hrtf));
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
