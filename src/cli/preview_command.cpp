#include "cli/preview_command.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "io/output_spec.hpp"
#include "preview/library_preview.hpp"

namespace tingle::cli {

CLI::App* SetupPreview(CLI::App& app, PreviewOptions& options) {
  CLI::App* preview = app.add_subcommand(
      "preview", "Write DIR/index.html: a card per audio file with its spectrogram, player and parameters");
  preview->add_option("folder", options.folder, "Library folder (searched with its subfolders)")->required();
  preview->add_flag("-q,--quiet", options.quiet, "No summary on stderr");
  return preview;
}

int RunPreview(const PreviewOptions& options) {
  try {
    const preview::PreviewReport report =
        preview::WriteLibraryPreview(options.folder, {.interrupt = &InterruptRequested()});
    // Files that cannot be read still get a card saying why; the run fails so scripts notice.
    for (const std::string& problem : report.problems) {
      std::fprintf(stderr, "tingle preview: error: %s\n", problem.c_str());
    }
    if (!options.quiet) {
      std::fprintf(stderr, "tingle: wrote %s (%d file%s, %d spectrogram%s drawn)\n", report.page.c_str(),
                   report.files, report.files == 1 ? "" : "s", report.drawn, report.drawn == 1 ? "" : "s");
    }
    return report.problems.empty() ? kExitOk : kExitFailure;
  } catch (const preview::PreviewError& error) {
    std::fprintf(stderr, "tingle preview: error: %s\n", error.what());
    return kExitBadInput;
  } catch (const preview::PreviewInterrupted&) {
    std::fprintf(stderr, "tingle preview: interrupted; index.html not written\n");
    return kExitInterrupted;
  } catch (const std::exception& error) {  // io::IoError and the unexpected
    std::fprintf(stderr, "tingle preview: error: %s\n", error.what());
    return kExitFailure;
  }
}

}  // namespace tingle::cli
