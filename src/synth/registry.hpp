// The catalogue of textures: the only list of names, summaries, tables and factories.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/param_spec.hpp"
#include "synth/texture.hpp"

namespace tingle::synth {

struct TextureEntry {
  std::string_view name;
  std::string_view summary;  // one line for `tingle textures`
  std::vector<ParamInfo> params;
  // Builds the texture from validated values; throws ParamError on conflicting values.
  std::function<std::unique_ptr<Texture>(const ParamValues&)> create;
};

const std::vector<TextureEntry>& Textures();

// nullptr if no texture has that name.
const TextureEntry* FindTexture(std::string_view name);

// An entry for texture type T built from Settings by BindParams over `specs`.
template <class T, class Settings>
TextureEntry MakeTextureEntry(std::string_view name, std::string_view summary,
                              std::span<const ParamSpec<Settings>> specs) {
  TextureEntry entry{name, summary, {}, nullptr};
  for (const ParamSpec<Settings>& spec : specs) entry.params.push_back(spec.info);
  entry.create = [specs](const ParamValues& values) -> std::unique_ptr<Texture> {
    Settings settings;
    BindParams(specs, values, settings);
    return std::make_unique<T>(settings);
  };
  return entry;
}

}  // namespace tingle::synth
