#include "render/batch_item.hpp"

#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>

#include "core/random.hpp"
#include "io/sha256.hpp"
#include "io/sink.hpp"
#include "recipe/build.hpp"
#include "render/batch_skip.hpp"
#include "synth/registry.hpp"

namespace tingle::render {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A parameter as recipe text: a constant as its number, a choice as its name, text as it
// is; automation or a wander as the span it moves over, "lowest..highest".
std::string ParamText(const ParamInfo& info, const ParamValue& value) {
  switch (info.kind) {
    case ParamKind::kNumber:
      if (value.number.is_constant()) return recipe::ExactNumberText(value.number.At(0.0));
      return recipe::ExactNumberText(value.number.Lowest()) + ".." +
             recipe::ExactNumberText(value.number.Highest());
    case ParamKind::kChoice:
      return std::string(info.choices[static_cast<std::size_t>(value.choice)].name);
    case ParamKind::kText:
      return value.text;
  }
  return "";
}

std::vector<io::LayerRecord> LayerRecords(const recipe::Recipe& recipe) {
  std::vector<io::LayerRecord> layers;
  for (const recipe::LayerSpec& spec : recipe.layers) {
    io::LayerRecord layer{spec.common.name, spec.texture, {}};
    for (const ParamInfo& info : synth::FindTexture(spec.texture)->params) {
      const auto value = spec.params.find(info.key);
      if (value != spec.params.end()) layer.params[std::string(info.key)] = ParamText(info, value->second);
    }
    layers.push_back(std::move(layer));
  }
  return layers;
}

}  // namespace

std::string_view ContainerName(io::Container container) {
  switch (container) {
    case io::Container::kWav:
      return "wav";
    case io::Container::kFlac:
      return "flac";
    case io::Container::kOgg:
      return "ogg";
    case io::Container::kRaw:
      return "raw";
  }
  return "wav";
}

std::string_view SampleFormatName(io::Container container, io::SampleFormat sample_format) {
  if (container == io::Container::kOgg) return "vorbis";
  switch (sample_format) {
    case io::SampleFormat::kPcm16:
      return "16";
    case io::SampleFormat::kPcm24:
      return "24";
    case io::SampleFormat::kFloat:
      return "float";
  }
  return "16";
}

io::OutputSpec ItemOutputSpec(const recipe::Recipe& recipe, const std::string& path, ItemFormat format) {
  io::OutputSpec spec;
  spec.path = path;
  spec.container = format.container;
  spec.sample_format = format.sample_format;
  spec.sample_rate = recipe.sample_rate;
  spec.metadata.title = recipe.title;
  spec.metadata.software = std::string("tingle ") + TINGLE_VERSION;
  spec.metadata.comment = recipe::ReproductionComment(recipe);
  spec.dither_seed = StreamSeed(recipe.seed, "dither");
  return spec;
}

ItemOutcome RenderItem(const BatchPlan& plan, const ItemTarget& target, const ItemSettings& settings) {
  const Clock::time_point start = Clock::now();
  const BatchRecipe& batch_recipe = plan.recipes[target.item.recipe];
  const recipe::Variation variation = ItemVariation(plan, target.item);
  const recipe::Recipe recipe = ItemRecipe(plan, target.item);

  ItemOutcome outcome;
  io::ItemRecord& record = outcome.record;
  record.item_key = ItemKey(batch_recipe, recipe, target.item.variation, settings.format.container,
                            settings.format.sample_format);
  if (settings.library && !settings.force) {
    if (std::optional<io::ItemRecord> complete = CompleteOutput(target.path, record.item_key)) {
      record = std::move(*complete);
      record.path = target.path;
      record.recipe = batch_recipe.path;
      record.skipped = true;
      record.seconds = SecondsSince(start);
      return outcome;
    }
  }

  mix::Track track = recipe::BuildTrack(recipe);
  io::OutputSpec spec = ItemOutputSpec(recipe, target.path, settings.format);
  spec.total_frames = track.total_frames;
  auto sink = io::OpenSink(spec);
  RenderOptions options;
  options.chunk_frames = settings.chunk_frames;
  options.threads = settings.threads;
  options.stop = settings.stop;
  options.progress = settings.progress;
  // The first pass takes the track already built; a loudness target builds it again.
  bool first_build = true;
  const TrackBuilder build = [&]() {
    if (first_build) {
      first_build = false;
      return std::move(track);
    }
    return recipe::BuildTrack(recipe);
  };
  outcome.report = RenderTrack(build, *sink, options);
  sink->Commit();
  sink.reset();

  record.path = target.path;
  record.recipe = batch_recipe.path;
  record.index = target.item.variation;
  record.seed = recipe.seed;
  record.frames = spec.total_frames;
  record.sample_rate = spec.sample_rate;
  record.format = ContainerName(spec.container);
  record.sample_format = SampleFormatName(spec.container, spec.sample_format);
  record.integrated_lufs = outcome.report.integrated_lufs;
  record.true_peak_dbtp = outcome.report.true_peak_dbtp;
  record.title = recipe.title;
  record.layers = LayerRecords(recipe);
  for (const recipe::Draw& draw : variation.draws) record.varied[draw.target] = recipe::DrawnText(draw);
  std::error_code error;
  if (settings.hash && target.path != "-" && std::filesystem::is_regular_file(target.path, error)) {
    record.bytes = std::filesystem::file_size(target.path, error);
    record.sha256 = io::Sha256FileHex(target.path);
  }
  record.seconds = SecondsSince(start);
  if (settings.library) io::WriteSidecar(record);
  return outcome;
}

}  // namespace tingle::render
