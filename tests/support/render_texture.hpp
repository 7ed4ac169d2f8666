// Renders one texture straight from the registry, with chosen parameter values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/param_spec.hpp"

namespace tingle::test {

struct StereoBuffer {
  std::vector<float> left;
  std::vector<float> right;
};

struct TextureRun {
  std::string texture;
  ParamValues values;           // unset keys take their table default
  double seconds = 1.0;
  double sample_rate = 48000.0;
  std::uint64_t layer_seed = 1;
};

// A run of `texture` with these values; the usual shape of a texture test's render.
TextureRun MakeRun(const std::string& texture, ParamValues values, double seconds,
                   std::uint64_t layer_seed = 1, double sample_rate = 48000.0);

// (left + right) / 2.
std::vector<float> Mono(const StereoBuffer& buffer);

// Convenience for a constant number or a choice by name.
ParamValue Number(double value);
ParamValue ChoiceNamed(const std::string& texture, const std::string& key,
                       const std::string& name);

// Renders run.seconds (rounded up to whole blocks) of the texture.
StereoBuffer RenderTexture(const TextureRun& run);

}  // namespace tingle::test
