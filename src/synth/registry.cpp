#include "synth/registry.hpp"

#include "synth/noise/noise.hpp"
#include "synth/tapping/tapping.hpp"
#include "synth/crinkling/crinkling.hpp"
#include "synth/brushing/brushing.hpp"
#include "synth/rain/rain.hpp"
#include "synth/whisper/whisper.hpp"
#include "synth/granular/granular.hpp"

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
      MakeTextureEntry<Brushing, BrushingSettings>(
          "brushing", "a soft brush, hairbrush, hair or fluffy cover stroked in a steady rhythm",
          kBrushingParams),
      MakeTextureEntry<Rain, RainSettings>(
          "rain", "a bed of distant rain plus near drops on leaves, a window, a roof, a "
          "puddle, an umbrella or pavement", kRainParams),
      MakeTextureEntry<Whisper, WhisperSettings>(
          "whisper", "close, soft, unintelligible whispering in a consistent pseudo-language, "
          "with pauses and breath intakes", kWhisperParams),
      MakeTextureEntry<Granular, GranularSettings>(
          "granular", "clouds of short grains read from a sound file or a built-in noise",
          kGranularParams),
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
