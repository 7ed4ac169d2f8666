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

}  // namespace
}  // namespace tingle::io
