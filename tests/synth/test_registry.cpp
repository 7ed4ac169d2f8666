// Properties every registered texture must have, checked over its whole parameter table.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <set>
#include <string>

#include "core/block.hpp"
#include "synth/registry.hpp"
#include "support/alloc_counter.hpp"
#include "core/diagnostics.hpp"
#include "support/render_texture.hpp"
#include "support/signal_stats.hpp"

namespace tingle {
namespace {

constexpr std::string_view kCommonLayerKeys[] = {"name",     "texture",  "gain",     "start",
                                                 "end",      "fade_in",  "fade_out", "position",
                                                 "distance", "width",    "mute"};

// Renders `texture` with one parameter changed and checks the output is usable audio.
void CheckSound(const std::string& texture, const std::string& label, const ParamValues& values) {
  test::TextureRun run;
  run.texture = texture;
  run.values = values;
  run.seconds = 3.0;
  const auto sound = test::RenderTexture(run);
  INFO(texture << " with " << label);
  for (const auto* channel : {&sound.left, &sound.right}) {
    REQUIRE(test::AllFinite(*channel));
    CHECK(test::Peak(*channel) <= 1.0);
    // DC: the mean over the render, against -60 dBFS.
    CHECK(std::abs(test::Mean(*channel)) < 1e-3);
  }
}

}  // namespace

TEST_SUITE("synth") {

TEST_CASE("Registry: texture names are unique and each has a summary") {
  std::set<std::string_view> names;
  for (const auto& entry : synth::Textures()) {
    INFO("texture " << entry.name);
    CHECK(names.insert(entry.name).second);
    CHECK_FALSE(entry.summary.empty());
    CHECK(synth::FindTexture(entry.name) == &entry);
  }
  CHECK(synth::FindTexture("no-such-texture") == nullptr);
}

TEST_CASE("Registry: no texture key reuses a common layer key or repeats itself") {
  for (const auto& entry : synth::Textures()) {
    std::set<std::string_view> keys;
    for (const ParamInfo& info : entry.params) {
      INFO(entry.name << "." << info.key);
      CHECK(keys.insert(info.key).second);
      for (std::string_view common : kCommonLayerKeys) CHECK(info.key != common);
    }
  }
}

TEST_CASE("Registry: every parameter has a meaning, a sane range and a default inside it") {
  for (const auto& entry : synth::Textures()) {
    for (const ParamInfo& info : entry.params) {
      INFO(entry.name << "." << info.key);
      CHECK_FALSE(info.doc.empty());
      if (info.kind == ParamKind::kNumber) {
        CHECK(info.min < info.max);
        CHECK(info.default_number >= info.min);
        CHECK(info.default_number <= info.max);
      }
      if (info.kind == ParamKind::kChoice) {
        CHECK(info.choices.size() >= 2);
        CHECK(info.default_choice >= 0);
        CHECK(static_cast<std::size_t>(info.default_choice) < info.choices.size());
        for (const Choice& choice : info.choices) CHECK_FALSE(choice.doc.empty());
      }
    }
  }
}

TEST_CASE("Every texture: each parameter at its extremes renders finite, DC-free, within full scale") {
  for (const auto& entry : synth::Textures()) {
    const std::string texture(entry.name);
    CheckSound(texture, "defaults", {});
    for (const ParamInfo& info : entry.params) {
      const std::string key(info.key);
      if (info.kind == ParamKind::kNumber) {
        for (double value : {info.min, info.max}) {
          ParamValues values;
          values[key] = test::Number(value);
          try {
            CheckSound(texture, key + " = " + std::to_string(value), values);
          } catch (const ParamError& error) {
            // An extreme may conflict with another key's default (low_cut above high_cut):
            // that must be reported, never rendered wrongly.
            INFO(texture << " " << key << " = " << value << " refused: " << error.what());
            CHECK_FALSE(error.key().empty());
          }
        }
      }
      if (info.kind == ParamKind::kChoice) {
        for (std::size_t c = 0; c < info.choices.size(); ++c) {
          ParamValues values;
          values[key].choice = static_cast<int>(c);
          CheckSound(texture, key + " = " + std::string(info.choices[c].name), values);
        }
      }
    }
  }
}

TEST_CASE("Every texture: Render allocates nothing") {
  for (const auto& entry : synth::Textures()) {
    INFO("texture " << entry.name);
    auto texture = entry.create({});
    texture->Prepare({48000.0, 5, 48000 * 60});
    float left[kBlockFrames], right[kBlockFrames];
    test::AllocCounter counter;
    for (std::int64_t block = 0; block < 48000 * 10 / kBlockFrames; ++block) {
      texture->Render({block * kBlockFrames}, {left, right, kBlockFrames});
    }
    CHECK(counter.count() == 0);
  }
}

TEST_CASE("Every texture: the same seed renders identical bytes, another seed other bytes") {
  for (const auto& entry : synth::Textures()) {
    INFO("texture " << entry.name);
    test::TextureRun run;
    run.texture = std::string(entry.name);
    run.seconds = 4.0;
    run.layer_seed = 11;
    const auto first = test::RenderTexture(run);
    const auto second = test::RenderTexture(run);
    CHECK(std::memcmp(first.left.data(), second.left.data(), first.left.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(first.right.data(), second.right.data(), first.right.size() * sizeof(float)) == 0);
    run.layer_seed = 12;
    const auto other = test::RenderTexture(run);
    CHECK(std::memcmp(first.left.data(), other.left.data(), first.left.size() * sizeof(float)) != 0);
  }
}

TEST_CASE("Every texture: a layer that starts late renders from its first block on") {
  for (const auto& entry : synth::Textures()) {
    INFO("texture " << entry.name);
    auto texture = entry.create({});
    texture->Prepare({48000.0, 3, 48000 * 600});
    std::vector<float> left(48000 * 2), right(48000 * 2);
    const std::int64_t start_block = 48000 * 300 / kBlockFrames;  // five minutes in
    for (std::size_t b = 0; b * kBlockFrames < left.size(); ++b) {
      texture->Render({(start_block + static_cast<std::int64_t>(b)) * kBlockFrames},
                      {left.data() + b * kBlockFrames, right.data() + b * kBlockFrames, kBlockFrames});
    }
    CHECK(test::AllFinite(left));
    CHECK(test::Peak(left) <= 1.0);
    CHECK(test::Rms(left) > 1e-4);  // it makes sound, not silence
  }
}

}
}  // namespace tingle
