#include "cli/render_command.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "core/duration.hpp"
#include "core/random.hpp"
#include "io/sink.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"

namespace tingle::cli {
namespace {

// A usage problem found after parsing (exit code 2), reported as "OPTION: message".
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const char* ContainerName(io::Container container) {
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

const char* SampleFormatName(io::SampleFormat format) {
  switch (format) {
    case io::SampleFormat::kPcm16:
      return "16-bit";
    case io::SampleFormat::kPcm24:
      return "24-bit";
    case io::SampleFormat::kFloat:
      return "float";
  }
  return "";
}

// A normalised render this far under its target (LU) says why.
constexpr double kTargetMissLu = 0.5;

// Digits only, and it must fit: CLI11 would wrap "-1" round to 2^64 - 1.
std::uint64_t ParseSeed(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  if (digits && (text.size() < 20 || text <= "18446744073709551615")) return std::stoull(text);
  throw UsageError("--seed: \"" + text + "\" is not a whole number from 0 to 18446744073709551615");
}

recipe::Overrides OverridesFrom(const RenderOptions& options) {
  recipe::Overrides overrides;
  if (!options.seed.empty()) overrides.seed = ParseSeed(options.seed);
  overrides.sets = options.sets;
  if (!options.duration.empty()) {
    const auto seconds = ParseDuration(options.duration);
    if (!seconds || *seconds <= 0.0 || *seconds > recipe::kMaxDurationSeconds) {
      throw UsageError("--duration: \"" + options.duration +
                       "\" is not a duration between 0s and " +
                       FormatDuration(recipe::kMaxDurationSeconds) +
                       " (write \"45s\", \"10m\", \"1h30m\" or seconds)");
    }
    overrides.duration_seconds = seconds;
  }
  return overrides;
}

// Where and how to write, from -o, --format and --bits.
io::OutputSpec OutputFrom(const RenderOptions& options, const recipe::Recipe& recipe) {
  io::OutputSpec spec;
  std::optional<io::Container> container;
  if (!options.format.empty()) {
    container = io::ContainerFromName(options.format);
    if (!container) {
      throw UsageError("--format: \"" + options.format + "\" is not one of wav, flac, ogg, raw");
    }
  }
  spec.path = options.output;
  if (spec.path.empty()) {
    spec.path = std::filesystem::path(options.recipe).stem().string() + "." +
                ContainerName(container.value_or(io::Container::kWav));
  }
  if (!container) {
    if (spec.path == "-") {
      container = io::Container::kWav;
    } else {
      container = io::ContainerFromPath(spec.path);
      if (!container) {
        throw UsageError("-o: cannot tell the format of \"" + spec.path +
                         "\" (use .wav, .flac, .ogg or .raw, or --format)");
      }
    }
  }
  spec.container = *container;
  if (options.bits.empty() || options.bits == "16") {
    spec.sample_format = io::SampleFormat::kPcm16;
  } else if (options.bits == "24") {
    spec.sample_format = io::SampleFormat::kPcm24;
  } else if (options.bits == "float") {
    spec.sample_format = io::SampleFormat::kFloat;
  } else {
    throw UsageError("--bits: \"" + options.bits + "\" is not one of 16, 24, float");
  }
  spec.sample_rate = recipe.sample_rate;
  spec.metadata.title = recipe.title;
  spec.metadata.software = std::string("tingle ") + TINGLE_VERSION;
  spec.metadata.comment = recipe::ReproductionComment(recipe);
  spec.dither_seed = StreamSeed(recipe.seed, "dither");
  io::CheckOutputSpec(spec, !options.bits.empty());
  return spec;
}

// "-23.0 LUFS, -1.2 dBTP", with how the loudness was reached when it was normalised.
std::string LoudnessSummary(const render::RenderReport& report) {
  char text[200];
  if (report.silent) {
    std::snprintf(text, sizeof text, "silent, so master.loudness was not applied (gain 0 dB)");
  } else if (!std::isfinite(report.integrated_lufs)) {
    std::snprintf(text, sizeof text, "silent");
  } else if (report.target_lufs) {
    std::snprintf(text, sizeof text, "%.1f LUFS (normalised by %+.1f dB in %d passes), %.1f dBTP",
                  report.integrated_lufs, report.normalization_gain_db, report.passes,
                  report.true_peak_dbtp);
    // The ceiling can leave too little room for a loud target: say so rather than pump.
    if (*report.target_lufs - report.integrated_lufs > kTargetMissLu) {
      std::string line = text;
      line += "; the true-peak ceiling allows no more than that without distortion";
      return line;
    }
  } else {
    std::snprintf(text, sizeof text, "%.1f LUFS, %.1f dBTP", report.integrated_lufs,
                  report.true_peak_dbtp);
  }
  return text;
}

}  // namespace

CLI::App* SetupRender(CLI::App& app, RenderOptions& options) {
  CLI::App* render = app.add_subcommand("render", "Render a recipe to an audio file or a pipe");
  render->add_option("recipe", options.recipe, "Recipe file (TOML)")->required();
  render->add_option("-o,--output", options.output,
                     "Output file (.wav .flac .ogg .raw), or - for standard output");
  render->add_option("--seed", options.seed, "Seed (whole number), replacing the recipe's");
  render->add_option("--duration", options.duration,
                     "Length, e.g. 45s, 10m, 1h30m, replacing the recipe's");
  render->add_option("--set", options.sets, "Change one value: LAYER.KEY=VALUE or master.KEY=VALUE")
      ->take_all();
  render->add_option("--format", options.format, "wav | flac | ogg | raw (default: from -o)");
  render->add_option("--bits", options.bits, "16 | 24 | float (default 16)");
  render->add_option("--chunk-frames", options.chunk_frames,
                     "Frames per write (I/O only; the audio is identical)")
      ->check(CLI::Range(1, 1 << 20));
  render->add_option("--jobs", options.jobs,
                     "Layers rendering at once (default: one per core; the audio is identical)")
      ->check(CLI::Range(1, 256));
  render->add_flag("-q,--quiet", options.quiet, "No progress and no summary on stderr");
  return render;
}

int RunRender(const RenderOptions& options) {
  try {
    const recipe::Recipe recipe = recipe::LoadRecipe(options.recipe, OverridesFrom(options));
    mix::Track track = recipe::BuildTrack(recipe);
    io::OutputSpec spec = OutputFrom(options, recipe);
    spec.total_frames = track.total_frames;

    auto sink = io::OpenSink(spec);
    Progress progress(!options.quiet, track.sample_rate);
    render::RenderOptions render_options;
    if (options.chunk_frames > 0) render_options.chunk_frames = options.chunk_frames;
    render_options.threads =
        options.jobs > 0 ? options.jobs : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    render_options.stop = &InterruptRequested();
    render_options.progress = [&progress](std::int64_t done, std::int64_t total) {
      progress.Update(done, total);
    };
    // The first pass takes the track already built; a loudness target builds it again.
    bool first_build = true;
    const render::TrackBuilder build = [&]() {
      if (first_build) {
        first_build = false;
        return std::move(track);
      }
      return recipe::BuildTrack(recipe);
    };
    const render::RenderReport report = render::RenderTrack(build, *sink, render_options);
    sink->Commit();
    if (!options.quiet) {
      const double audio_seconds = static_cast<double>(spec.total_frames) / spec.sample_rate;
      const double elapsed = progress.elapsed_seconds();
      std::fprintf(stderr, "tingle: wrote %s (%s, %d Hz, %s %s) in %.2fs, %.0fx real time; %s\n",
                   spec.path == "-" ? "standard output" : spec.path.c_str(),
                   FormatDuration(audio_seconds).c_str(), spec.sample_rate,
                   ContainerName(spec.container),
                   spec.container == io::Container::kOgg ? "vorbis" : SampleFormatName(spec.sample_format),
                   elapsed, elapsed > 0.0 ? audio_seconds / elapsed : 0.0,
                   LoudnessSummary(report).c_str());
    }
    return kExitOk;
  } catch (const RecipeError& error) {
    for (const Diagnostic& diagnostic : error.diagnostics()) {
      std::fprintf(stderr, "%s\n", diagnostic.Format().c_str());
    }
    return kExitBadInput;
  } catch (const UsageError& error) {
    std::fprintf(stderr, "tingle render: error: %s\n", error.what());
    return kExitBadInput;
  } catch (const io::OutputError& error) {
    std::fprintf(stderr, "tingle render: error: %s\n", error.what());
    return kExitBadInput;
  } catch (const render::Interrupted&) {
    std::fprintf(stderr, "tingle render: interrupted; no output written\n");
    return kExitInterrupted;
  } catch (const io::IoError& error) {
    std::fprintf(stderr, "tingle render: error: %s\n", error.what());
    return kExitFailure;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tingle render: error: %s\n", error.what());
    return kExitFailure;
  }
}

}  // namespace tingle::cli
