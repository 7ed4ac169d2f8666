// `tingle render`: recipes to a file, a pipe, or a library of files (variations, batches,
// shards, JSON lines).
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
  std::vector<std::string> recipes;
  // Empty: <recipe stem>.<format> in the current folder (one item), or a library in
  // --outdir; "-": standard output.
  std::string output;
  std::string outdir;  // a library's folder (created when missing); empty: the current one
  std::string name;    // a library's file names, e.g. "{stem}-{index:03}"
  std::string seed;      // empty: the recipe's
  std::string duration;  // empty: the recipe's
  std::vector<std::string> sets;
  std::string format;  // empty: from the output's extension (wav for a library)
  std::string bits;    // empty: 16
  int chunk_frames = 0;
  int jobs = 0;        // 0: one per core
  int variations = 0;  // 0: each recipe's [variations] count
  std::string shard;   // "K/N"; empty: every item
  bool json = false;
  bool force = false;
  bool preview = false;  // then `tingle preview` of the library's folder
  bool quiet = false;
};

CLI::App* SetupRender(CLI::App& app, RenderOptions& options);
int RunRender(const RenderOptions& options);

}  // namespace tingle::cli
