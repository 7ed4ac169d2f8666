// One library item rendered to its file: parse its variation, build, render, commit, then
// hash the file and write its sidecar. Or, when an earlier run left it complete, nothing.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "io/item_record.hpp"
#include "io/output_spec.hpp"
#include "render/batch_plan.hpp"
#include "render/renderer.hpp"

namespace tingle::render {

struct ItemFormat {
  io::Container container = io::Container::kWav;
  io::SampleFormat sample_format = io::SampleFormat::kPcm16;
};

struct ItemTarget {
  BatchItem item;
  std::string path;  // the output file; "-" is standard output
};

struct ItemSettings {
  ItemFormat format;
  int chunk_frames = kDefaultChunkFrames;
  int threads = 1;                          // layers rendering at once in this item
  const std::atomic<bool>* stop = nullptr;  // polled after each chunk: throws Interrupted
  std::function<void(std::int64_t, std::int64_t)> progress;  // may be empty
  // A library item: skipped when complete (unless `force`), and given a sidecar. A single
  // render (-o) is neither, like every render before libraries.
  bool library = true;
  bool force = false;
  // Hash the written file (a library always does: the sidecar needs it).
  bool hash = true;
};

struct ItemOutcome {
  io::ItemRecord record;  // record.skipped: found complete, not rendered
  RenderReport report;    // of the render (default-constructed when skipped)
};

// What the item is written as: the metadata and dither seed every render of tingle uses
// (title, "tingle VERSION", "seed=N recipe=fnv1a64:HASH"). total_frames is left 0.
io::OutputSpec ItemOutputSpec(const recipe::Recipe& recipe, const std::string& path, ItemFormat format);

// Renders the item (or finds it complete). Throws io::IoError, io::OutputError,
// RecipeError (a sound file that vanished since validation), or Interrupted when `stop`
// was set; a failed item leaves no file behind and an existing one untouched.
ItemOutcome RenderItem(const BatchPlan& plan, const ItemTarget& target, const ItemSettings& settings);

// "wav" "flac" "ogg" "raw".
std::string_view ContainerName(io::Container container);
// "16" "24" "float", or "vorbis" for ogg (which has no sample format of its own).
std::string_view SampleFormatName(io::Container container, io::SampleFormat sample_format);

}  // namespace tingle::render
