#include "synth/registry.hpp"

#include "synth/noise/noise.hpp"
#include "synth/tapping/tapping.hpp"
#include "synth/crinkling/crinkling.hpp"
// (brushing include)
// (rain include)

namespace tingle::synth {

const std::vector<TextureEntry>& Textures() {
  static const std::vector<TextureEntry> textures = {
      MakeTextureEntry<Noise, NoiseSettings>(
          "noise", "white, pink or brown noise bed with low and high cuts", kNoiseParams),
      MakeTextureEntry<Tapping, TappingSettings>(
          "tapping", "nail or fingertip taps on one wood, glass, plastic, metal, ceramic or "
          "cardboard object", kTappingParams),
      MakeTextureEntry<Crinkling, CrinklingSettings>(
          "crinkling", "crumpled paper, plastic, foil or cellophane: bursts of crisp snaps",
          kCrinklingParams),
      // (brushing entry)
      // (rain entry)
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
