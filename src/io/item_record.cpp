#include "io/item_record.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/io_error_text.hpp"
#include "io/staged_file.hpp"
#include "io/write_all.hpp"

namespace tingle::io {
namespace {

using Json = nlohmann::ordered_json;

Json NumberOrNull(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json TextOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// Invalid UTF-8 (a recipe path from a Latin-1 file system) is replaced, not thrown on.
std::string OneLine(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

double NumberOrMinusInfinity(const Json& value) {
  return value.is_number() ? value.get<double>() : -std::numeric_limits<double>::infinity();
}

}  // namespace

std::string ItemRecordJson(const ItemRecord& record) {
  Json layers = Json::array();
  for (const LayerRecord& layer : record.layers) {
    layers.push_back({{"name", layer.name}, {"texture", layer.texture}, {"params", layer.params}});
  }
  const Json json = {
      {"path", record.path},
      {"recipe", record.recipe},
      {"index", record.index},
      {"seed", record.seed},
      {"frames", record.frames},
      {"sample_rate", record.sample_rate},
      {"format", record.format},
      {"sample_format", record.sample_format},
      {"loudness_lufs", NumberOrNull(record.integrated_lufs)},
      {"true_peak_dbtp", NumberOrNull(record.true_peak_dbtp)},
      {"bytes", record.bytes},
      {"sha256", TextOrNull(record.sha256)},
      {"seconds", record.seconds},
      {"item_key", record.item_key},
      {"title", record.title},
      {"layers", layers},
      {"varied", record.varied},
      {"skipped", record.skipped},
  };
  return OneLine(json);
}

std::string BatchSummaryJson(const BatchSummary& summary) {
  return OneLine({
      {"summary", true},
      {"items", summary.items},
      {"selected", summary.selected},
      {"rendered", summary.rendered},
      {"skipped", summary.skipped},
      {"failed", summary.failed},
      {"seconds", summary.seconds},
      {"shard", TextOrNull(summary.shard)},
      {"interrupted", summary.interrupted},
      {"error", TextOrNull(summary.error)},
  });
}

std::string DiagnosticJson(const Diagnostic& diagnostic) {
  const auto known = [](int number) { return number > 0 ? Json(number) : Json(nullptr); };
  return OneLine({
      {"file", diagnostic.where.file},
      {"line", known(diagnostic.where.line)},
      {"column", known(diagnostic.where.column)},
      {"message", diagnostic.message},
  });
}

std::optional<ItemRecord> ParseItemRecord(const std::string& text) {
  const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  try {
    ItemRecord record;
    record.path = json.at("path").get<std::string>();
    record.recipe = json.value("recipe", "");
    record.index = json.value("index", std::int64_t{0});
    record.seed = json.value("seed", std::uint64_t{0});
    record.frames = json.value("frames", std::int64_t{0});
    record.sample_rate = json.value("sample_rate", 0);
    record.format = json.value("format", "");
    record.sample_format = json.value("sample_format", "");
    record.integrated_lufs = NumberOrMinusInfinity(json.value("loudness_lufs", Json()));
    record.true_peak_dbtp = NumberOrMinusInfinity(json.value("true_peak_dbtp", Json()));
    record.bytes = json.value("bytes", std::uint64_t{0});
    record.sha256 = json.value("sha256", Json()).is_string() ? json.at("sha256").get<std::string>() : "";
    record.seconds = json.value("seconds", 0.0);
    record.item_key = json.value("item_key", "");
    record.title = json.value("title", "");
    for (const Json& layer : json.value("layers", Json::array())) {
      record.layers.push_back({layer.value("name", ""), layer.value("texture", ""),
                               layer.value("params", std::map<std::string, std::string>())});
    }
    record.varied = json.value("varied", std::map<std::string, std::string>());
    record.skipped = json.value("skipped", false);
    return record;
  } catch (const Json::exception&) {
    return std::nullopt;  // a key of the wrong type: not a record of ours
  }
}

std::filesystem::path SidecarPath(const std::filesystem::path& audio) {
  std::filesystem::path sidecar = audio;
  sidecar += ".json";
  return sidecar;
}

void WriteSidecar(const ItemRecord& record) {
  StagedFile file(SidecarPath(record.path).string());
  const std::string text = ItemRecordJson(record) + "\n";
  if (const int error = WriteAll(file.fd(), text.data(), text.size())) {
    throw WriteError(file.path(), ErrnoText(error));
  }
  file.Commit();
}

std::optional<ItemRecord> ReadSidecar(const std::filesystem::path& audio) {
  std::ifstream in(SidecarPath(audio), std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return ParseItemRecord(text);
}

}  // namespace tingle::io
