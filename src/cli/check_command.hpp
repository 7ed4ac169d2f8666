// `tingle check`: validate recipes and print every diagnostic, render nothing.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tingle::cli {

struct CheckOptions {
  std::vector<std::string> recipes;
  bool json = false;  // diagnostics as JSON objects on stdout, one a line
};

CLI::App* SetupCheck(CLI::App& app, CheckOptions& options);
int RunCheck(const CheckOptions& options);

}  // namespace tingle::cli
