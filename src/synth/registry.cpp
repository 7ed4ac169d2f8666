#include "synth/registry.hpp"

#include "synth/noise/noise.hpp"
// (tapping include)
// (crinkling include)

namespace tingle::synth {

const std::vector<TextureEntry>& Textures() {
  static const std::vector<TextureEntry> textures = {
      MakeTextureEntry<Noise, NoiseSettings>(
          "noise", "white, pink or brown noise bed with low and high cuts", kNoiseParams),
      // (tapping entry)
      // (crinkling entry)
  };
  return textures;
}

const TextureEntry* FindTexture(std::string_view name) {
  for (const TextureEntry& entry : Textures()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace tingle::synth
