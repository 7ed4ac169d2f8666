// What one rendered library item is: the facts `render --json` prints for it and the
// sidecar file beside it keeps (DESIGN §10).
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

namespace tingle::io {

struct LayerRecord {
  std::string name;                           // the layer's name in the recipe
  std::string texture;                        // "rain", "tapping", ...
  std::map<std::string, std::string> params;  // every texture key, as recipe text
};

struct ItemRecord {
  std::string path;    // the audio file as written ("-" never: items are files)
  std::string recipe;  // the recipe path as given on the command line
  std::int64_t index = 0;  // the item's place in the batch, from 0
  std::uint64_t seed = 0;  // the seed the item was rendered with
  std::int64_t frames = 0;
  int sample_rate = 0;
  std::string format;       // "wav" | "flac" | "ogg" | "raw"
  std::string sample_format;  // "16" | "24" | "float"
  // Measured on the output; -infinity (JSON null) for silence.
  double integrated_lufs = 0.0;
  double true_peak_dbtp = 0.0;
  std::uint64_t bytes = 0;  // size of the audio file
  std::string sha256;       // of the audio file, lowercase hex
  double seconds = 0.0;     // wall time the render took
  // Everything that decides the item's bytes (recipe bytes, overrides, index, seed, output
  // format, tingle version) hashed: equal keys mean an identical file.
  std::string item_key;
  std::string title;
  std::vector<LayerRecord> layers;
  std::map<std::string, std::string> varied;  // "tap.rate" -> "2.31": what [[vary]] drew
};

// The record as one line of JSON (no newline), keys in a fixed order. Non-finite numbers
// are written as null.
std::string ItemRecordJson(const ItemRecord& record);

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
