#include "cli/render_command.hpp"

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/preview_command.hpp"
#include "cli/progress.hpp"
#include "core/cpus_available.hpp"
#include "core/duration.hpp"
#include "io/io_error_text.hpp"
#include "io/item_record.hpp"
#include "recipe/recipe.hpp"
#include "render/batch_item.hpp"
#include "render/batch_names.hpp"
#include "render/batch_plan.hpp"
#include "render/batch_runner.hpp"
#include "render/batch_shard.hpp"
#include "render/renderer.hpp"

namespace tingle::cli {
namespace {

using Clock = std::chrono::steady_clock;

// A usage problem found after parsing (exit code 2), reported as "OPTION: message".
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "16-bit" "24-bit" "float", or "vorbis": the summary line's words for a sample format.
std::string SampleFormatWords(io::Container container, io::SampleFormat sample_format) {
  if (container == io::Container::kOgg) return "vorbis";
  if (sample_format == io::SampleFormat::kFloat) return "float";
  return std::string(render::SampleFormatName(container, sample_format)) + "-bit";
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
  if (options.variations > 0) overrides.variations = options.variations;
  return overrides;
}

std::optional<render::Shard> ShardFrom(const RenderOptions& options) {
  if (options.shard.empty()) return std::nullopt;
  std::string problem;
  const std::optional<render::Shard> shard = render::ParseShard(options.shard, problem);
  if (!shard) throw UsageError("--shard: " + problem);
  return shard;
}

// The container (--format, else the single output's extension, else WAV) and sample
// format (--bits). `single_path` is -o's file, or empty for a library.
render::ItemFormat FormatFrom(const RenderOptions& options, const std::string& single_path) {
  render::ItemFormat format;
  std::optional<io::Container> container;
  if (!options.format.empty()) {
    container = io::ContainerFromName(options.format);
    if (!container) {
      throw UsageError("--format: \"" + options.format + "\" is not one of wav, flac, ogg, raw");
    }
  }
  if (!container && !single_path.empty() && single_path != "-") {
    container = io::ContainerFromPath(single_path);
    if (!container) {
      throw UsageError("-o: cannot tell the format of \"" + single_path +
                       "\" (use .wav, .flac, .ogg or .raw, or --format)");
    }
  }
  format.container = container.value_or(io::Container::kWav);
  if (options.bits.empty() || options.bits == "16") {
    format.sample_format = io::SampleFormat::kPcm16;
  } else if (options.bits == "24") {
    format.sample_format = io::SampleFormat::kPcm24;
  } else if (options.bits == "float") {
    format.sample_format = io::SampleFormat::kFloat;
  } else {
    throw UsageError("--bits: \"" + options.bits + "\" is not one of 16, 24, float");
  }
  return format;
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

// "tingle: wrote x.wav (20s, 48000 Hz, wav 16-bit) in 0.30s, 66x real time; -23.0 LUFS, ..."
void PrintItemLine(const render::ItemOutcome& outcome, const render::ItemFormat& format) {
  const io::ItemRecord& record = outcome.record;
  const char* path = record.path == "-" ? "standard output" : record.path.c_str();
  if (record.skipped) {
    std::fprintf(stderr, "tingle: skipped %s (complete: it matches its sidecar)\n", path);
    return;
  }
  const double audio_seconds = static_cast<double>(record.frames) / record.sample_rate;
  std::fprintf(stderr, "tingle: wrote %s (%s, %d Hz, %s %s) in %.2fs, %.0fx real time; %s\n", path,
               FormatDuration(audio_seconds).c_str(), record.sample_rate,
               std::string(render::ContainerName(format.container)).c_str(),
               SampleFormatWords(format.container, format.sample_format).c_str(), record.seconds,
               record.seconds > 0.0 ? audio_seconds / record.seconds : 0.0,
               LoudnessSummary(outcome.report).c_str());
}

// The error for --json when standard output cannot take its lines.
io::IoError JsonOutputError(int error_number) {
  return io::IoError(std::string("--json: ") + io::WriteError("-", io::ErrnoText(error_number)).what());
}

// Before anything is rendered: --json needs a standard output open for writing (a closed
// one would only be found after the audio is written).
void CheckJsonOutput() {
  const int flags = fcntl(STDOUT_FILENO, F_GETFL);
  if (flags == -1) throw JsonOutputError(errno);
  if ((flags & O_ACCMODE) == O_RDONLY) throw JsonOutputError(EBADF);
}

// Writes one line; false (errno set) if standard output did not take it.
bool PrintJsonLine(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  return std::fflush(stdout) == 0 && !std::ferror(stdout);  // a consumer sees each item as it is done
}

std::string FailureText(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "unknown failure";
  }
}

io::BatchSummary SummaryOf(const render::BatchPlan& plan, std::int64_t selected,
                           const std::optional<render::Shard>& shard,
                           const render::BatchRunResult& result, Clock::time_point started) {
  io::BatchSummary summary;
  summary.items = static_cast<std::int64_t>(plan.items.size());
  summary.selected = selected;
  summary.rendered = result.rendered;
  summary.skipped = result.skipped;
  summary.failed = result.failure ? 1 : 0;
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (shard) summary.shard = shard->Text();
  summary.interrupted = result.interrupted;
  if (result.failure) summary.error = FailureText(result.failure);
  return summary;
}

// The folder's path joined to a name, without a "./" for the current folder.
std::string InFolder(const std::string& folder, const std::string& name) {
  if (folder.empty() || folder == ".") return name;
  return (std::filesystem::path(folder) / name).string();
}

// Where every item goes: -o's file or the recipe's stem for a single render, otherwise
// the --name pattern in --outdir. Throws UsageError or NameError before anything renders.
std::vector<std::string> OutputPaths(const RenderOptions& options, const render::BatchPlan& plan,
                                     bool library, const render::ItemFormat& format) {
  const std::string extension(render::ContainerName(format.container));
  if (!library) {
    const std::string path =
        options.output.empty() ? plan.recipes.front().stem + "." + extension : options.output;
    return {path};
  }
  const render::NamePattern pattern(options.name.empty() ? render::kDefaultNamePattern : options.name);
  std::vector<std::string> paths;
  paths.reserve(plan.items.size());
  for (const render::BatchItem& item : plan.items) {
    const std::string name = pattern.Format(plan.recipes[item.recipe].stem, item.variation,
                                            render::ItemVariation(plan, item).seed);
    paths.push_back(InFolder(options.outdir, name + "." + extension));
  }
  render::CheckDistinctNames(paths, [&plan](std::size_t i) {
    const render::BatchItem& item = plan.items[i];
    return plan.recipes[item.recipe].path + " variation " + std::to_string(item.variation);
  });
  return paths;
}

// The same recipe twice would make the same items twice (and write each file twice).
void CheckEachRecipeOnce(const std::vector<std::string>& recipes) {
  std::set<std::filesystem::path> seen;
  for (const std::string& path : recipes) {
    std::error_code error;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
    if (error) canonical = path;
    if (!seen.insert(canonical).second) throw UsageError(path + " is given twice");
  }
}

// The --outdir folders this run made: on any way out but success, those still empty are
// removed again (deepest first), so a failed or interrupted run leaves no empty folder.
class CreatedOutdir {
 public:
  CreatedOutdir() = default;
  CreatedOutdir(const CreatedOutdir&) = delete;
  CreatedOutdir& operator=(const CreatedOutdir&) = delete;
  ~CreatedOutdir() {
    std::error_code ignored;  // a folder that is not empty stays, as it should
    for (const std::filesystem::path& folder : made_) std::filesystem::remove(folder, ignored);
  }

  void Create(const std::string& outdir) {
    std::error_code error;
    for (std::filesystem::path folder = outdir; !folder.empty() && !std::filesystem::exists(folder, error);
         folder = folder.parent_path()) {
      made_.push_back(folder);
      if (folder == folder.parent_path()) break;
    }
    std::filesystem::create_directories(outdir, error);
    if (!error && !std::filesystem::is_directory(outdir, error)) {
      error = std::make_error_code(std::errc::not_a_directory);
    }
    if (error) {
      throw io::IoError("--outdir: cannot create \"" + outdir + "\": " + error.message());
    }
  }

  // The run succeeded: the folders stay, empty or not.
  void Keep() { made_.clear(); }

 private:
  std::vector<std::filesystem::path> made_;  // deepest first
};

// An empty path or pattern (`-o "$OUT"` with OUT unset) is a mistake, not "the default".
const CLI::Validator kNotEmpty(
    [](std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); },
    "NOT EMPTY");

}  // namespace

CLI::App* SetupRender(CLI::App& app, RenderOptions& options) {
  CLI::App* render =
      app.add_subcommand("render", "Render recipes to an audio file, a pipe or a library of files");
  render->add_option("recipe", options.recipes, "Recipe files (TOML)")->required();
  CLI::Option* output = render->add_option(
      "-o,--output", options.output, "Output file (.wav .flac .ogg .raw), or - for standard output")
      ->check(kNotEmpty);
  CLI::Option* outdir = render->add_option(
      "--outdir", options.outdir,
      "Folder for a library: every recipe's variations, named by --name (created if missing)")
      ->check(kNotEmpty);
  CLI::Option* name = render->add_option(
      "--name", options.name,
      "Library file names: {stem} {index} {index:03} {seed} (default {stem}-{index:03})")
      ->check(kNotEmpty);
  output->excludes(outdir)->excludes(name);
  render->add_option("--seed", options.seed, "Seed (whole number), replacing the recipe's");
  render->add_option("--duration", options.duration,
                     "Length, e.g. 45s, 10m, 1h30m, replacing the recipe's");
  // One value per --set, so `--set a.b=1 r.toml` leaves r.toml a recipe.
  render->add_option("--set", options.sets, "Change one value: LAYER.KEY=VALUE or master.KEY=VALUE")
      ->take_all()
      ->allow_extra_args(false);
  render->add_option("--format", options.format, "wav | flac | ogg | raw (default: from -o, else wav)");
  render->add_option("--bits", options.bits, "16 | 24 | float (default 16)");
  render->add_option("--variations", options.variations,
                     "Variations of each recipe, replacing its [variations] count")
      ->check(CLI::Range(1, recipe::kMaxVariations));
  render->add_option("--shard", options.shard,
                     "Render only shard K of N: the items i with i mod N = K-1");
  render->add_option("--chunk-frames", options.chunk_frames,
                     "Frames per write (I/O only; the audio is identical)")
      ->check(CLI::Range(1, 1 << 20));
  render->add_option("--jobs", options.jobs,
                     "Threads (default: one per core it may run on): items at once, or one item's layers; "
                     "the audio is identical")
      ->check(CLI::Range(1, 256));
  render->add_flag("--json", options.json,
                   "One JSON object per item on standard output, then a summary object");
  render->add_flag("--force", options.force, "Render library items even when already complete");
  render->add_flag("--preview", options.preview,
                   "Then write the library folder's index.html, as tingle preview does");
  render->add_flag("-q,--quiet", options.quiet, "No progress and no summary on stderr");
  return render;
}

int RunRender(const RenderOptions& options) {
  const Clock::time_point started = Clock::now();
  CreatedOutdir outdir;
  try {
    const recipe::Overrides overrides = OverridesFrom(options);
    const std::optional<render::Shard> shard = ShardFrom(options);
    if (options.json && options.output == "-") {
      throw UsageError("--json: with -o - standard output carries the audio; write to a file or use --outdir");
    }
    if (!options.name.empty()) static_cast<void>(render::NamePattern(options.name));  // before any recipe

    CheckEachRecipeOnce(options.recipes);
    const render::BatchPlan plan = render::LoadBatch(options.recipes, overrides);
    const bool library = !options.outdir.empty() || !options.name.empty() || plan.items.size() > 1;
    if (options.preview && !library) {
      throw UsageError("--preview: a single file has no library page; use --outdir DIR");
    }
    if (library && !options.output.empty()) {
      throw UsageError("-o: the recipes make " + std::to_string(plan.items.size()) +
                       " items and -o names one file: use --outdir DIR");
    }
    const render::ItemFormat format = FormatFrom(options, library ? "" : options.output);
    const std::vector<std::string> paths = OutputPaths(options, plan, library, format);
    for (const render::BatchRecipe& batch_recipe : plan.recipes) {
      io::CheckOutputSpec(render::ItemOutputSpec(batch_recipe.base, paths.front(), format),
                          !options.bits.empty());
    }
    std::vector<render::ItemTarget> targets;
    for (std::size_t i = 0; i < plan.items.size(); ++i) {
      if (!shard || shard->Selects(plan.items[i].position)) targets.push_back({plan.items[i], paths[i]});
    }
    if (options.json) CheckJsonOutput();
    if (library && !options.outdir.empty()) outdir.Create(options.outdir);
    if (targets.empty() && !options.quiet) {
      std::fprintf(stderr, "tingle render: shard %s has no items (%zu in all)\n",
                   shard->Text().c_str(), plan.items.size());
    }

    // One render shows its progress on a terminal; a library's lines are its progress.
    std::optional<Progress> progress;
    if (!library) progress.emplace(!options.quiet, plan.recipes.front().base.sample_rate);
    render::BatchRunOptions run;
    run.jobs = options.jobs > 0 ? options.jobs : CpusAvailable();
    run.item.format = format;
    if (options.chunk_frames > 0) run.item.chunk_frames = options.chunk_frames;
    run.item.library = library;
    run.item.force = options.force;
    run.item.hash = library || options.json;
    if (progress) {
      run.item.progress = [&progress](std::int64_t done, std::int64_t total) {
        if (progress) progress->Update(done, total);
      };
    }
    run.interrupt = &InterruptRequested();
    int json_error = 0;  // errno of the first JSON line standard output refused
    run.on_item = [&](const render::ItemOutcome& outcome) {
      progress.reset();  // leave the line clean for what follows
      if (!options.quiet) PrintItemLine(outcome, format);
      if (options.json && json_error == 0 && !PrintJsonLine(io::ItemRecordJson(outcome.record))) json_error = errno;
    };
    const render::BatchRunResult result = render::RunBatch(plan, targets, run);
    progress.reset();

    const auto selected = static_cast<std::int64_t>(targets.size());
    if (options.json && json_error == 0 &&
        !PrintJsonLine(io::BatchSummaryJson(SummaryOf(plan, selected, shard, result, started)))) {
      json_error = errno;
    }
    if (result.failure) std::rethrow_exception(result.failure);
    if (result.interrupted) {
      if (!library) throw render::Interrupted();
      std::fprintf(stderr,
                   "tingle render: interrupted; %lld of %lld items written, nothing partial left "
                   "behind (run again to resume)\n",
                   static_cast<long long>(result.rendered + result.skipped),
                   static_cast<long long>(selected));
      return kExitInterrupted;
    }
    // The audio is complete; only its report was lost.
    if (json_error != 0) throw JsonOutputError(json_error);
    if (library && !options.quiet) {
      std::fprintf(stderr, "tingle: %lld item%s: %lld rendered, %lld already complete, in %.2fs\n",
                   static_cast<long long>(selected), selected == 1 ? "" : "s",
                   static_cast<long long>(result.rendered), static_cast<long long>(result.skipped),
                   std::chrono::duration<double>(Clock::now() - started).count());
    }
    outdir.Keep();
    if (options.preview) return RunPreview({options.outdir.empty() ? "." : options.outdir, options.quiet});
    return kExitOk;
  } catch (const RecipeError& error) {
    for (const Diagnostic& diagnostic : error.diagnostics()) {
      std::fprintf(stderr, "%s\n", diagnostic.Format().c_str());
    }
    return kExitBadInput;
  } catch (const UsageError& error) {
    std::fprintf(stderr, "tingle render: error: %s\n", error.what());
    return kExitBadInput;
  } catch (const render::NameError& error) {
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
