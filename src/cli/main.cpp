#include "cli/main.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/catalogue_commands.hpp"
#include "cli/check_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/preview_command.hpp"
#include "cli/render_command.hpp"
#include "core/suggest.hpp"

namespace tingle::cli {

int Main(int argc, char** argv) {
  CLI::App app{"tingle: procedural ASMR sound synthesizer", "tingle"};
  app.set_version_flag("--version", std::string("tingle ") + TINGLE_VERSION);
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::simple);

  RenderOptions render_options;
  CheckOptions check_options;
  DescribeOptions describe_options;
  NewOptions new_options;
  PreviewOptions preview_options;
  CLI::App* render = SetupRender(app, render_options);
  CLI::App* check = SetupCheck(app, check_options);
  CLI::App* textures = SetupTextures(app);
  CLI::App* describe = SetupDescribe(app, describe_options);
  CLI::App* create = SetupNew(app, new_options);
  CLI::App* preview = SetupPreview(app, preview_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      return app.exit(error);  // --help, --version: to stdout
    }
    // CLI11 calls a misspelt command "A subcommand is required": name it instead.
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::vector<std::string> commands;
      for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
        commands.push_back(command->get_name());
      }
      const std::string suggestion = Suggest(argv[1], commands);
      const std::string hint =
          suggestion.empty() ? "see tingle --help" : "did you mean \"" + suggestion + "\"?";
      std::fprintf(stderr, "tingle: error: unknown command \"%s\" (%s)\n", argv[1], hint.c_str());
      return kExitBadInput;
    }
    // One line, naming the option; usage problems are exit code 2 like bad recipes.
    std::fprintf(stderr, "tingle: error: %s (see tingle --help)\n", error.what());
    return kExitBadInput;
  }

  InstallInterruptHandlers();
  if (*render) return RunRender(render_options);
  if (*check) return RunCheck(check_options);
  if (*textures) return RunTextures();
  if (*describe) return RunDescribe(describe_options);
  if (*create) return RunNew(new_options);
  if (*preview) return RunPreview(preview_options);
  return kExitBadInput;
}

}  // namespace tingle::cli
