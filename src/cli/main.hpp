// The command line: builds the CLI11 app, dispatches, maps failures to one line + exit code.
#pragma once

namespace tingle::cli {

int Main(int argc, char** argv);

}  // namespace tingle::cli
