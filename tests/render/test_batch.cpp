#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "io/item_record.hpp"
#include "io/sha256.hpp"
#include "recipe/recipe.hpp"
#include "render/batch_item.hpp"
#include "render/batch_names.hpp"
#include "render/batch_plan.hpp"
#include "render/batch_runner.hpp"
#include "render/batch_shard.hpp"
#include "render/batch_skip.hpp"
#include "support/temp_dir.hpp"

namespace tingle::render {
namespace {

// 0.1 s of a quiet noise bed: renders in milliseconds.
constexpr char kBed[] = R"(duration = 0.1
seed = 3
[[layer]]
name = "bed"
texture = "noise"
gain = -20
)";

// The same with three variations drawing the bed's low cut.
constexpr char kVariedBed[] = R"(duration = 0.1
seed = 3
[variations]
count = 3
[[layer]]
name = "bed"
texture = "noise"
gain = -20
[[vary]]
key = "bed.low_cut"
range = [20, 200]
)";

std::string Write(const test::TempDir& folder, const std::string& name, const std::string& text) {
  const std::string path = folder.File(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Every item of the plan as a target in `folder`, named "<stem>-<variation>.wav".
std::vector<ItemTarget> TargetsIn(const BatchPlan& plan, const std::filesystem::path& folder) {
  std::vector<ItemTarget> targets;
  for (const BatchItem& item : plan.items) {
    const std::string name = plan.recipes[item.recipe].stem + "-" + std::to_string(item.variation) + ".wav";
    targets.push_back({item, (folder / name).string()});
  }
  return targets;
}

// Files in a folder, except hidden ones, sorted.
std::set<std::string> Listing(const std::filesystem::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

}  // namespace

TEST_SUITE("render") {

TEST_CASE("Batch: items are the recipes in order, each expanded into its variations") {
  test::TempDir folder;
  const std::string varied = Write(folder, "varied.toml", kVariedBed);
  const std::string plain = Write(folder, "plain.toml", kBed);
  const BatchPlan plan = LoadBatch({plain, varied}, {});
  REQUIRE(plan.items.size() == 4);
  const std::vector<std::tuple<int, std::int64_t, std::int64_t>> expected = {
      {0, 0, 0}, {1, 0, 1}, {1, 1, 2}, {1, 2, 3}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("item " << i);
    CHECK(std::tuple(plan.items[i].recipe, plan.items[i].variation, plan.items[i].position) == expected[i]);
  }
  CHECK(plan.recipes[0].stem == "plain");
  // A recipe without variations renders with its own seed and exactly its own recipe.
  CHECK(ItemVariation(plan, plan.items[0]).seed == 3);
  CHECK(ItemRecipe(plan, plan.items[0]).hash == recipe::ParseRecipe(kBed, plain).hash);
  // A variation's seed and draws do not depend on what else is in the batch.
  const BatchPlan alone = LoadBatch({varied}, {});
  for (int v = 0; v < 3; ++v) {
    INFO("variation " << v);
    CHECK(ItemRecipe(alone, alone.items[v]).hash == ItemRecipe(plan, plan.items[v + 1]).hash);
    CHECK(ItemVariation(alone, alone.items[v]).seed == recipe::VariationSeed(3, v));
  }
}

TEST_CASE("Batch: every bad recipe is reported, and nothing is loaded") {
  test::TempDir folder;
  const std::string good = Write(folder, "good.toml", kBed);
  const std::string bad = Write(folder, "bad.toml", "duration = 1\n[[layer]]\nname = \"a\"\ntexture = \"nosie\"\n");
  try {
    LoadBatch({bad, good, folder.File("missing.toml")}, {});
    FAIL("expected an error");
  } catch (const RecipeError& error) {
    REQUIRE(error.diagnostics().size() == 2);
    CHECK(error.diagnostics()[0].Format() == bad + ":4:11: error: layer \"a\": unknown texture \"nosie\" (did you mean \"noise\"?)");
    CHECK(error.diagnostics()[1].Format() == folder.File("missing.toml") + ": error: cannot read recipe: No such file or directory");
  }
}

TEST_CASE("Batch: a drawn value that conflicts with another parameter fails at its vary entry") {
  test::TempDir folder;
  // high_cut 300 Hz: a low cut drawn from [20, 1000] crosses it in most variations.
  const std::string path = Write(folder, "crossed.toml", R"(duration = 0.1
[variations]
count = 40
[[layer]]
name = "bed"
texture = "noise"
high_cut = 300
[[vary]]
key = "bed.low_cut"
range = [20, 1000]
)");
  try {
    LoadBatchRecipe(path, {});
    FAIL("expected an error");
  } catch (const RecipeError& error) {
    const auto& problems = error.diagnostics();
    REQUIRE(problems.size() == 4);  // three in full, then how many more
    // The texture names the key it checks (high_cut, line 7); the message names the draw.
    const recipe::Recipe base = recipe::ParseRecipe(ReadBytes(path), path);
    for (int i = 0, index = 0; i < 3; ++i, ++index) {
      while (std::stod(recipe::DrawVariation(base, index).draws[0].value) < 300.0) ++index;
      INFO(problems[i].Format());
      CHECK(problems[i].Format() == path + ":7:12: error: variation " + std::to_string(index) +
                                        " (bed.low_cut = " + recipe::DrawVariation(base, index).draws[0].value +
                                        "): layer \"bed\": high_cut must stay above low_cut");
    }
    CHECK(problems[3].Format().rfind(path + ": error: ", 0) == 0);
    CHECK(problems[3].message.find(" more of its 40 variations fail too") != std::string::npos);
  }
}

TEST_CASE("Batch: --shard K/N takes the items with i mod N = K-1, and the shards partition them") {
  std::string problem;
  const auto shard = ParseShard("2/3", problem);
  REQUIRE(shard);
  std::vector<std::int64_t> taken;
  for (std::int64_t i = 0; i < 10; ++i) {
    if (shard->Selects(i)) taken.push_back(i);
  }
  CHECK(taken == std::vector<std::int64_t>{1, 4, 7});
  CHECK(shard->Text() == "2/3");
  for (std::int64_t count = 1; count <= 5; ++count) {
    for (std::int64_t i = 0; i < 20; ++i) {
      int owners = 0;
      for (std::int64_t k = 1; k <= count; ++k) owners += Shard{k, count}.Selects(i) ? 1 : 0;
      INFO("item " << i << " of " << count << " shards");
      CHECK(owners == 1);
    }
  }
}

TEST_CASE("Batch: a bad --shard says what is wrong") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"3/2", "\"3/2\": K must be from 1 to 2"},
      {"0/2", "\"0/2\": K must be from 1 to 2"},
      {"1/0", "\"1/0\": N must be at least 1"},
      {"x", "\"x\" is not K/N (shard K of N, e.g. 2/4)"},
      {"1/", "\"1/\" is not K/N (shard K of N, e.g. 2/4)"},
      {"-1/2", "\"-1/2\" is not K/N (shard K of N, e.g. 2/4)"},
      {"1/2/3", "\"1/2/3\" is not K/N (shard K of N, e.g. 2/4)"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    std::string problem;
    CHECK_FALSE(ParseShard(text, problem));
    CHECK(problem == expected);
  }
}

TEST_CASE("Batch: names from a pattern") {
  CHECK(NamePattern(kDefaultNamePattern).Format("rain", 7, 42) == "rain-007");
  CHECK(NamePattern(kDefaultNamePattern).Format("rain", 1234, 42) == "rain-1234");
  CHECK(NamePattern("{stem}_{index}_s{seed}").Format("a b", 12, 18446744073709551615ull) ==
        "a b_12_s18446744073709551615");
  CHECK(NamePattern("take{index:05}").Format("x", 3, 0) == "take00003");
  CHECK(NamePattern("{{{stem}}}").Format("x", 0, 0) == "{x}");
  CHECK(NamePattern("v1.2-{index}").Format("x", 2, 0) == "v1.2-2");
}

TEST_CASE("Batch: a bad --name says what is wrong") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{stem}-{idx}", "--name: unknown placeholder {idx} (use {stem}, {index}, {index:03}, {seed})"},
      {"{index:3}", "--name: unknown placeholder {index:3} (use {stem}, {index}, {index:03}, {seed})"},
      {"{stem", "--name: \"{stem\" has a \"{\" without its \"}\" (write {{ for a brace)"},
      {"stem}", "--name: \"stem}\" has a \"}\" without its \"{\" (write }} for a brace)"},
      {"a/{index}", "--name: \"a/{index}\" contains \"/\"; put the folder in --outdir"},
      {"{stem}.wav", "--name: \"{stem}.wav\" ends in .wav; leave the extension out, it follows --format"},
      {"", "--name: the pattern is empty (the default is {stem}-{index:03})"},
  };
  for (const auto& [pattern, expected] : cases) {
    INFO(pattern);
    CHECK_THROWS_WITH_AS(NamePattern{pattern}, expected.c_str(), NameError);
  }
}

TEST_CASE("Batch: two items with one file name are refused, naming both") {
  const auto describe = [](std::size_t i) { return "item " + std::to_string(i); };
  CHECK_NOTHROW(CheckDistinctNames({"a.wav", "b.wav", "c.wav"}, describe));
  CHECK_THROWS_WITH_AS(CheckDistinctNames({"a.wav", "b.wav", "c.wav", "b.wav"}, describe),
                       "--name: two items would both be written to \"b.wav\": item 1 and item 3 "
                       "(put {index} or {seed} in --name, or rename a recipe)",
                       NameError);
}

TEST_CASE("Batch: the item key follows everything that decides the bytes") {
  test::TempDir folder;
  const std::string path = Write(folder, "varied.toml", kVariedBed);
  const BatchPlan plan = LoadBatch({path}, {});
  const auto key = [](const BatchPlan& p, int v, io::Container container = io::Container::kWav,
                      io::SampleFormat format = io::SampleFormat::kPcm16) {
    return ItemKey(p.recipes[0], ItemRecipe(p, p.items[v]), v, container, format);
  };
  const std::string reference = key(plan, 0);
  CHECK(reference.rfind("sha256:", 0) == 0);
  CHECK(reference.size() == 7 + 64);
  CHECK(key(plan, 0) == reference);  // stable
  CHECK(key(plan, 1) != reference);
  CHECK(key(plan, 0, io::Container::kFlac) != reference);
  CHECK(key(plan, 0, io::Container::kWav, io::SampleFormat::kPcm24) != reference);
  recipe::Overrides overrides;
  overrides.seed = 4;
  CHECK(key(LoadBatch({path}, overrides), 0) != reference);
  overrides = {};
  overrides.sets = {"bed.gain=-21"};
  CHECK(key(LoadBatch({path}, overrides), 0) != reference);
  overrides = {};
  overrides.duration_seconds = 0.2;
  CHECK(key(LoadBatch({path}, overrides), 0) != reference);
  Write(folder, "varied.toml", std::string(kVariedBed) + "# a comment\n");
  CHECK(key(LoadBatch({path}, {}), 0) != reference);
  // Without draws only the seed tells items apart: another --seed, or seed-only variations.
  const std::string plain = Write(folder, "plain.toml", kBed);
  const std::string plain_key = key(LoadBatch({plain}, {}), 0);
  overrides = {};
  overrides.seed = 4;
  CHECK(key(LoadBatch({plain}, overrides), 0) != plain_key);
  overrides = {};
  overrides.variations = 2;
  const BatchPlan seeds_only = LoadBatch({plain}, overrides);
  CHECK(key(seeds_only, 0) != key(seeds_only, 1));
  CHECK(key(seeds_only, 0) != plain_key);
  // The count of variations does not change an item: it is the same item, in a bigger library.
  Write(folder, "varied.toml", kVariedBed);
  overrides = {};
  overrides.variations = 10;
  CHECK(key(LoadBatch({path}, overrides), 0) == reference);
}

TEST_CASE("Batch: a complete item is skipped, and a truncated, changed or unrecorded one is rendered again") {
  test::TempDir folder;
  const BatchPlan plan = LoadBatch({Write(folder, "bed.toml", kBed)}, {});
  const ItemTarget target{plan.items[0], folder.File("bed-000.wav")};
  ItemSettings settings;
  const ItemOutcome first = RenderItem(plan, target, settings);
  CHECK_FALSE(first.record.skipped);
  CHECK(first.record.bytes == std::filesystem::file_size(target.path));
  CHECK(first.record.sha256 == io::Sha256FileHex(target.path));
  REQUIRE(io::ReadSidecar(target.path));
  CHECK(io::ReadSidecar(target.path)->item_key == first.record.item_key);

  SUBCASE("complete: skipped, the file untouched") {
    const auto written = std::filesystem::last_write_time(target.path);
    const ItemOutcome again = RenderItem(plan, target, settings);
    CHECK(again.record.skipped);
    CHECK(again.record.sha256 == first.record.sha256);
    CHECK(std::filesystem::last_write_time(target.path) == written);
  }
  SUBCASE("--force: rendered, the same bytes") {
    settings.force = true;
    CHECK_FALSE(RenderItem(plan, target, settings).record.skipped);
    CHECK(io::Sha256FileHex(target.path) == first.record.sha256);
  }
  SUBCASE("truncated: rendered again") {
    std::filesystem::resize_file(target.path, 1000);
    CHECK_FALSE(CompleteOutput(target.path, first.record.item_key));
    CHECK_FALSE(RenderItem(plan, target, settings).record.skipped);
    CHECK(io::Sha256FileHex(target.path) == first.record.sha256);
  }
  SUBCASE("the same size, other bytes: rendered again") {
    std::string bytes = ReadBytes(target.path);
    bytes[bytes.size() / 2] ^= 1;
    std::ofstream(target.path, std::ios::binary) << bytes;
    CHECK_FALSE(RenderItem(plan, target, settings).record.skipped);
  }
  SUBCASE("no sidecar (a render that never finished): rendered again") {
    std::filesystem::remove(io::SidecarPath(target.path));
    CHECK_FALSE(RenderItem(plan, target, settings).record.skipped);
  }
  SUBCASE("another item's key (the recipe changed): rendered again") {
    CHECK_FALSE(CompleteOutput(target.path, "sha256:other"));
    const BatchPlan changed = LoadBatch({Write(folder, "bed.toml", std::string(kBed) + "color = \"brown\"\n")}, {});
    const ItemOutcome redone = RenderItem(changed, {changed.items[0], target.path}, settings);
    CHECK_FALSE(redone.record.skipped);
    CHECK(redone.record.sha256 != first.record.sha256);
  }
  SUBCASE("a single render (-o) neither skips nor leaves a sidecar") {
    settings.library = false;
    const ItemTarget single{plan.items[0], folder.File("single.wav")};
    CHECK_FALSE(RenderItem(plan, single, settings).record.skipped);
    CHECK_FALSE(RenderItem(plan, single, settings).record.skipped);
    CHECK_FALSE(std::filesystem::exists(io::SidecarPath(single.path)));
  }
}

TEST_CASE("Batch: the record of an item tells what was rendered and drawn") {
  test::TempDir folder;
  const BatchPlan plan = LoadBatch({Write(folder, "varied.toml", kVariedBed)}, {});
  const ItemOutcome outcome = RenderItem(plan, {plan.items[2], folder.File("v.wav")}, {});
  const io::ItemRecord& record = outcome.record;
  CHECK(record.index == 2);
  CHECK(record.seed == recipe::VariationSeed(3, 2));
  CHECK(record.frames == 4800);
  CHECK(record.sample_rate == 48000);
  CHECK(record.format == "wav");
  CHECK(record.sample_format == "16");
  CHECK(record.varied.size() == 1);
  REQUIRE(record.layers.size() == 1);
  CHECK(record.layers[0].params.at("low_cut") == record.varied.at("bed.low_cut"));
  CHECK(record.layers[0].params.at("color") == "pink");
}

TEST_CASE("Batch: --jobs changes nothing but the speed: the same files, reported in item order") {
  test::TempDir folder;
  const BatchPlan plan =
      LoadBatch({Write(folder, "varied.toml", kVariedBed), Write(folder, "bed.toml", kBed)}, {});
  std::map<int, std::vector<std::string>> bytes;
  for (int jobs : {1, 3}) {
    const std::filesystem::path out = folder.path() / ("jobs" + std::to_string(jobs));
    std::filesystem::create_directory(out);
    BatchRunOptions options;
    options.jobs = jobs;
    std::vector<std::int64_t> reported;
    options.on_item = [&](const ItemOutcome& outcome) { reported.push_back(outcome.record.index); };
    const std::vector<ItemTarget> targets = TargetsIn(plan, out);
    const BatchRunResult result = RunBatch(plan, targets, options);
    CHECK(result.rendered == 4);
    CHECK_FALSE(result.failure);
    CHECK(reported == std::vector<std::int64_t>{0, 1, 2, 0});
    for (const ItemTarget& target : targets) bytes[jobs].push_back(ReadBytes(target.path));
  }
  CHECK(bytes[1] == bytes[3]);
  CHECK(bytes[1][0] != bytes[1][1]);  // variations differ
}

TEST_CASE("Batch: a failing item stops the batch, and the items before it keep their files") {
  test::TempDir folder;
  const BatchPlan plan = LoadBatch({Write(folder, "varied.toml", kVariedBed), Write(folder, "bed.toml", kBed)}, {});
  std::vector<ItemTarget> targets = TargetsIn(plan, folder.path());
  targets[2].path = folder.File("missing/varied-2.wav");
  BatchRunOptions options;
  options.jobs = 1;
  const BatchRunResult result = RunBatch(plan, targets, options);
  REQUIRE(result.failure);
  CHECK_THROWS_WITH_AS(std::rethrow_exception(result.failure),
                       ("cannot create \"" + targets[2].path + "\": No such file or directory").c_str(),
                       io::IoError);
  CHECK(result.rendered == 2);
  CHECK(std::filesystem::exists(targets[0].path));
  CHECK(std::filesystem::exists(io::SidecarPath(targets[1].path)));
  CHECK_FALSE(std::filesystem::exists(targets[3].path));  // never started
}

TEST_CASE("Batch: an interrupt stops every item and leaves no partial file") {
  test::TempDir folder;
  recipe::Overrides overrides;
  overrides.duration_seconds = 1.0;  // 12 chunks: the interrupt comes mid-render
  const BatchPlan plan = LoadBatch({Write(folder, "varied.toml", kVariedBed)}, overrides);
  std::atomic<bool> interrupt{false};
  BatchRunOptions options;
  options.interrupt = &interrupt;
  SUBCASE("during the first renders: nothing is written") {
    options.jobs = 2;
    // After the first chunk of either render, as a SIGINT would come.
    options.item.progress = [&](std::int64_t, std::int64_t) { interrupt.store(true); };
    const BatchRunResult result = RunBatch(plan, TargetsIn(plan, folder.path()), options);
    CHECK(result.interrupted);
    CHECK_FALSE(result.failure);
    CHECK(result.rendered == 0);
    CHECK(Listing(folder.path()) == std::set<std::string>{"varied.toml"});
  }
  SUBCASE("after the first item: it keeps its file and sidecar, no other starts") {
    options.jobs = 1;
    options.on_item = [&](const ItemOutcome&) { interrupt.store(true); };
    const BatchRunResult result = RunBatch(plan, TargetsIn(plan, folder.path()), options);
    CHECK(result.interrupted);
    CHECK(result.rendered == 1);
    CHECK(Listing(folder.path()) == std::set<std::string>{"varied-0.wav", "varied-0.wav.json", "varied.toml"});
  }
  SUBCASE("after the last item: nothing was interrupted") {
    options.jobs = 2;
    int reported = 0;
    options.on_item = [&](const ItemOutcome&) {
      if (++reported == 3) interrupt.store(true);
    };
    const BatchRunResult result = RunBatch(plan, TargetsIn(plan, folder.path()), options);
    CHECK_FALSE(result.interrupted);
    CHECK(result.rendered == 3);
  }
}
}
}  // namespace tingle::render
