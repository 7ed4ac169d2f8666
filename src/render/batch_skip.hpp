// Skip-if-complete: the key of everything that decides an item's bytes, and whether an
// output already on disk is that item, complete.
//
// A render leaves a sidecar (`<file>.json`, io/item_record.hpp) only after its audio file
// is in place, so a file without one was never finished, and a file whose size or
// SHA-256 differs from its sidecar's was truncated or changed since. Either is rendered
// again; so is one whose sidecar has another key (the recipe, a --set, the seed, the
// format, a sound file or tingle's version changed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "io/item_record.hpp"
#include "io/output_spec.hpp"
#include "render/batch_plan.hpp"

namespace tingle::render {

// "sha256:<hex>" over: tingle's version, the recipe's bytes, its overrides and draws
// (item_recipe.hash), the title (it goes into the file), the seed, the variation index,
// the container and sample format, and the bytes of each sound file it loads.
std::string ItemKey(const BatchRecipe& batch_recipe, const recipe::Recipe& item_recipe,
                    std::int64_t variation, io::Container container, io::SampleFormat sample_format);

// The sidecar's record when `audio` is the complete output of the item keyed `key`;
// nothing when it must be rendered (again). Reads the whole file to hash it.
std::optional<io::ItemRecord> CompleteOutput(const std::string& audio, const std::string& key);

}  // namespace tingle::render
