// `tingle render`: one recipe to a file or a pipe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tingle::cli {

struct RenderOptions {
  std::string recipe;
  std::string output;  // empty: <recipe stem>.<format> in the current folder; "-": stdout
  std::string seed;      // empty: the recipe's
  std::string duration;  // empty: the recipe's
  std::vector<std::string> sets;
  std::string format;  // empty: from the output's extension
  std::string bits;    // empty: 16
  int chunk_frames = 0;
  int jobs = 0;  // 0: one per core
  bool quiet = false;
};

CLI::App* SetupRender(CLI::App& app, RenderOptions& options);
int RunRender(const RenderOptions& options);

}  // namespace tingle::cli
