// The catalogue of textures: the only list of names, summaries, tables and factories.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/param_spec.hpp"
#include "synth/sound_clip.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

// What building a texture may need from outside the synthesizer. synth/ opens no files
// (DESIGN §2): the recipe layer (recipe/build) supplies a loader that finds a sound file
// the way recipes name them and decodes it.
struct BuildContext {
  // Loads the sound file `name`, the value of parameter `key`, refusing one longer than
  // max_seconds; throws ParamError(key, one-line message) when it cannot. Empty when there
  // are no files to be had (unit tests, the benchmark): a texture asked for a file then
  // throws ParamError itself.
  std::function<std::shared_ptr<const SoundClip>(const std::string& key, const std::string& name,
                                                 double max_seconds)>
      load_sound;
};

struct TextureEntry {
  std::string_view name;
  std::string_view summary;  // one line for `tingle textures`
  std::vector<ParamInfo> params;
  std::function<std::unique_ptr<Texture>(const ParamValues&, const BuildContext&)> factory;

  // Builds the texture from validated values; throws ParamError on conflicting values or
  // a source file that cannot be loaded.
  std::unique_ptr<Texture> create(const ParamValues& values,
                                  const BuildContext& context = {}) const {
    return factory(values, context);
  }
};

const std::vector<TextureEntry>& Textures();

// nullptr if no texture has that name.
const TextureEntry* FindTexture(std::string_view name);

// An entry for texture type T built from Settings by BindParams over `specs`; T takes
// (settings) or, if it needs files, (settings, context).
template <class T, class Settings>
TextureEntry MakeTextureEntry(std::string_view name, std::string_view summary,
                              std::span<const ParamSpec<Settings>> specs) {
  TextureEntry entry{name, summary, {}, nullptr};
  for (const ParamSpec<Settings>& spec : specs) entry.params.push_back(spec.info);
  entry.factory = [specs](const ParamValues& values,
                          const BuildContext& context) -> std::unique_ptr<Texture> {
    Settings settings;
    BindParams(specs, values, settings);
    if constexpr (std::is_constructible_v<T, const Settings&, const BuildContext&>) {
      return std::make_unique<T>(settings, context);
    } else {
      (void)context;
      return std::make_unique<T>(settings);
    }
  };
  return entry;
}

}  // namespace tingle::synth
