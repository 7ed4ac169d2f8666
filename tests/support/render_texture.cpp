#include "support/render_texture.hpp"

#include <cmath>
#include <stdexcept>

#include "core/block.hpp"
#include "synth/registry.hpp"

namespace tingle::test {

TextureRun MakeRun(const std::string& texture, ParamValues values, double seconds,
                   std::uint64_t layer_seed, double sample_rate) {
  TextureRun run;
  run.texture = texture;
  run.values = std::move(values);
  run.seconds = seconds;
  run.sample_rate = sample_rate;
  run.layer_seed = layer_seed;
  return run;
}

std::vector<float> Mono(const StereoBuffer& buffer) {
  std::vector<float> mono(buffer.left.size());
  for (std::size_t i = 0; i < mono.size(); ++i) mono[i] = 0.5f * (buffer.left[i] + buffer.right[i]);
  return mono;
}

ParamValue Number(double value) {
  ParamValue param;
  param.number = Control::Constant(value);
  return param;
}

ParamValue ChoiceNamed(const std::string& texture, const std::string& key,
                       const std::string& name) {
  const synth::TextureEntry* entry = synth::FindTexture(texture);
  if (entry == nullptr) throw std::invalid_argument("no texture " + texture);
  for (const ParamInfo& info : entry->params) {
    if (info.key != key) continue;
    for (std::size_t i = 0; i < info.choices.size(); ++i) {
      if (info.choices[i].name == name) {
        ParamValue param;
        param.choice = static_cast<int>(i);
        return param;
      }
    }
  }
  throw std::invalid_argument("no choice " + key + " = " + name);
}

StereoBuffer RenderTexture(const TextureRun& run) {
  const synth::TextureEntry* entry = synth::FindTexture(run.texture);
  if (entry == nullptr) throw std::invalid_argument("no texture " + run.texture);
  auto texture = entry->create(run.values);
  const auto blocks =
      static_cast<std::int64_t>(std::ceil(run.seconds * run.sample_rate / kBlockFrames));
  texture->Prepare({run.sample_rate, run.layer_seed, blocks * kBlockFrames});
  StereoBuffer buffer;
  buffer.left.resize(static_cast<std::size_t>(blocks * kBlockFrames));
  buffer.right.resize(buffer.left.size());
  for (std::int64_t b = 0; b < blocks; ++b) {
    const std::size_t offset = static_cast<std::size_t>(b * kBlockFrames);
    texture->Render({b * kBlockFrames},
                    {buffer.left.data() + offset, buffer.right.data() + offset, kBlockFrames});
  }
  return buffer;
}

}  // namespace tingle::test
