#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "io/item_record.hpp"

namespace tingle::io {
namespace {

ItemRecord Example() {
  ItemRecord record;
  record.path = "lib/rain-007.wav";
  record.recipe = "recipes/rain \"quoted\".toml";
  record.index = 7;
  record.seed = 18446744073709551615ull;
  record.frames = 480000;
  record.sample_rate = 48000;
  record.format = "wav";
  record.sample_format = "24";
  record.integrated_lufs = -24.25;
  record.true_peak_dbtp = -3.5;
  record.bytes = 2880044;
  record.sha256 = std::string(64, 'a');
  record.seconds = 0.125;
  record.item_key = "fnv1a64:0123456789abcdef";
  record.title = "Rain, whispers";
  record.layers = {{"rain", "rain", {{"intensity", "0.4"}, {"surface", "window"}}}};
  record.varied = {{"rain.intensity", "0.4"}};
  return record;
}

TEST_CASE("ItemRecord: one JSON line with the keys in a fixed order, escaped") {
  const std::string json = ItemRecordJson(Example());
  CHECK(json.find('\n') == std::string::npos);
  CHECK(json.rfind("{\"path\":\"lib/rain-007.wav\",\"recipe\":\"recipes/rain \\\"quoted\\\".toml\","
                   "\"index\":7,\"seed\":18446744073709551615,",
                   0) == 0);
  CHECK(json.find("\"loudness_lufs\":-24.25,\"true_peak_dbtp\":-3.5,") != std::string::npos);
}

TEST_CASE("ItemRecord: parsing what was written gives the record back, silence as null") {
  ItemRecord record = Example();
  record.integrated_lufs = -INFINITY;
  const std::string json = ItemRecordJson(record);
  CHECK(json.find("\"loudness_lufs\":null") != std::string::npos);
  const auto parsed = ParseItemRecord(json);
  REQUIRE(parsed);
  CHECK(ItemRecordJson(*parsed) == json);
  CHECK(std::isinf(parsed->integrated_lufs));
  CHECK(parsed->seed == 18446744073709551615ull);
  CHECK(parsed->layers.at(0).params.at("surface") == "window");
}

TEST_CASE("ItemRecord: text that is not a record parses to nothing") {
  CHECK_FALSE(ParseItemRecord(""));
  CHECK_FALSE(ParseItemRecord("{\"path\": 3}"));
  CHECK_FALSE(ParseItemRecord("[1, 2]"));
  CHECK_FALSE(ParseItemRecord("{\"path\": \"a.wav\""));
  CHECK(ParseItemRecord("{\"path\": \"a.wav\", \"later\": true}"));
}

TEST_CASE("ItemRecord: the sidecar is written beside the audio file and read back") {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("tingle-sidecar-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  ItemRecord record = Example();
  record.path = (folder / "a.wav").string();
  CHECK_FALSE(ReadSidecar(record.path));
  WriteSidecar(record);
  CHECK(SidecarPath(record.path) == folder / "a.wav.json");
  const auto read = ReadSidecar(record.path);
  REQUIRE(read);
  CHECK(ItemRecordJson(*read) == ItemRecordJson(record));
  { std::ofstream(SidecarPath(record.path)) << "{\"path\": "; }  // truncated
  CHECK_FALSE(ReadSidecar(record.path));
  std::filesystem::remove_all(folder);
}

TEST_CASE("ItemRecord: the skipped flag and a missing SHA-256 (null) round-trip") {
  ItemRecord record = Example();
  CHECK(ItemRecordJson(record).find(",\"skipped\":false}") != std::string::npos);
  record.skipped = true;
  record.sha256.clear();
  const std::string json = ItemRecordJson(record);
  CHECK(json.find("\"sha256\":null,") != std::string::npos);
  CHECK(json.find(",\"skipped\":true}") != std::string::npos);
  const auto parsed = ParseItemRecord(json);
  REQUIRE(parsed);
  CHECK(parsed->skipped);
  CHECK(parsed->sha256.empty());
  CHECK(ItemRecordJson(*parsed) == json);
}

TEST_CASE("ItemRecord: the summary line, keys in a fixed order, absent values null") {
  BatchSummary summary;
  summary.items = 12;
  summary.selected = 4;
  summary.rendered = 3;
  summary.skipped = 1;
  summary.seconds = 2.5;
  CHECK(BatchSummaryJson(summary) ==
        "{\"summary\":true,\"items\":12,\"selected\":4,\"rendered\":3,\"skipped\":1,\"failed\":0,"
        "\"seconds\":2.5,\"shard\":null,\"interrupted\":false,\"error\":null}");
  summary.shard = "2/3";
  summary.failed = 1;
  summary.error = "cannot write \"a.wav\": No space left on device";
  CHECK(BatchSummaryJson(summary).find("\"shard\":\"2/3\",\"interrupted\":false,"
                                       "\"error\":\"cannot write \\\"a.wav\\\": No space left on device\"}") !=
        std::string::npos);
}

// Filled in piecewise: GCC 12 misreports a braced Diagnostic as uninitialised (-O3).
Diagnostic MakeDiagnostic(const std::string& file, int line, int column, const std::string& message) {
  Diagnostic diagnostic;
  diagnostic.where.file = file;
  diagnostic.where.line = line;
  diagnostic.where.column = column;
  diagnostic.message = message;
  return diagnostic;
}

TEST_CASE("ItemRecord: a diagnostic as one JSON line, an unknown line and column null") {
  CHECK(DiagnosticJson(MakeDiagnostic("r.toml", 14, 13, "layer \"rain\": intensity = 1.7 is outside [0, 1]")) ==
        "{\"file\":\"r.toml\",\"line\":14,\"column\":13,"
        "\"message\":\"layer \\\"rain\\\": intensity = 1.7 is outside [0, 1]\"}");
  CHECK(DiagnosticJson(MakeDiagnostic("--set a.b=1", 0, 0, "no layer named \"a\"")) ==
        "{\"file\":\"--set a.b=1\",\"line\":null,\"column\":null,\"message\":\"no layer named \\\"a\\\"\"}");
}

}  // namespace
}  // namespace tingle::io
