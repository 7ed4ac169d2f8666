// What one rendered library item is: the facts `render --json` prints for it and the
// sidecar file beside it keeps (DESIGN §10); and the other JSON lines tingle prints (the
// batch summary, `check --json` diagnostics).
//
// The sidecar, `<audio file>.json`, is written after the audio file is complete, so a
// re-run can tell a finished item (sidecar present, same item key, audio file of the
// recorded size) from one that was interrupted or truncated, and `tingle preview` can show
// each file's seed, loudness and parameters without re-rendering. nlohmann/json lives only
// here: a hand-written JSON escaper would be one more thing to get wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"

namespace tingle::io {

struct LayerRecord {
  std::string name;                           // the layer's name in the recipe
  std::string texture;                        // "rain", "tapping", ...
  std::map<std::string, std::string> params;  // every texture key, as recipe text
};

struct ItemRecord {
  std::string path;    // the audio file as written ("-" never: items are files)
  std::string recipe;  // the recipe path as given on the command line
  std::int64_t index = 0;  // the variation of its recipe, from 0 (the name's {index})
  std::uint64_t seed = 0;  // the seed the item was rendered with
  std::int64_t frames = 0;
  int sample_rate = 0;
  std::string format;       // "wav" | "flac" | "ogg" | "raw"
  std::string sample_format;  // "16" | "24" | "float" | "vorbis" (ogg)
  // Measured on the output; -infinity (JSON null) for silence.
  double integrated_lufs = 0.0;
  double true_peak_dbtp = 0.0;
  std::uint64_t bytes = 0;  // size of the audio file
  // Of the audio file, lowercase hex; empty (JSON null) when the output is not a regular
  // file (a device such as /dev/null).
  std::string sha256;
  // Wall time the render took; for a skipped item, the time taken to check it.
  double seconds = 0.0;
  // Everything that decides the item's bytes (recipe bytes, overrides, index, seed, output
  // format, tingle version) hashed: equal keys mean an identical file.
  std::string item_key;
  std::string title;
  std::vector<LayerRecord> layers;
  std::map<std::string, std::string> varied;  // "tap.rate" -> "2.31": what [[vary]] drew
  // Found complete from an earlier run and not rendered again (only ever true in
  // `render --json` lines; a sidecar records a render).
  bool skipped = false;
};

// The last line of `render --json`: what the run did.
struct BatchSummary {
  std::int64_t items = 0;     // in the library: every recipe's variations
  std::int64_t selected = 0;  // in this run's shard (all without --shard)
  std::int64_t rendered = 0;
  std::int64_t skipped = 0;   // complete from an earlier run
  std::int64_t failed = 0;    // an I/O failure stops the run: 0 or 1
  double seconds = 0.0;       // wall time of the whole run
  std::string shard;          // "2/3"; empty (null) without --shard
  bool interrupted = false;   // SIGINT or SIGTERM stopped the run
  std::string error;          // the failure's message; empty (null) without one
};

// The record as one line of JSON (no newline), keys in a fixed order. Non-finite numbers
// are written as null.
std::string ItemRecordJson(const ItemRecord& record);

// {"summary":true,"items":...}: one line, keys in a fixed order.
std::string BatchSummaryJson(const BatchSummary& summary);

// {"file":"r.toml","line":14,"column":13,"message":"..."}: one line; an unknown line or
// column (0) is null.
std::string DiagnosticJson(const Diagnostic& diagnostic);

// Parses ItemRecordJson's output (unknown keys ignored, so older tingles' sidecars still
// read). Returns nothing for text that is not such a record.
std::optional<ItemRecord> ParseItemRecord(const std::string& json);

// "<audio>.json".
std::filesystem::path SidecarPath(const std::filesystem::path& audio);

// Writes the sidecar beside record.path atomically (temporary file, then rename).
// Throws IoError `cannot write "<sidecar>": <reason>`.
void WriteSidecar(const ItemRecord& record);

// The sidecar of `audio`, or nothing when it is missing or unreadable.
std::optional<ItemRecord> ReadSidecar(const std::filesystem::path& audio);

}  // namespace tingle::io
