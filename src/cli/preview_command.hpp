// `tingle preview DIR`: a browsable page of a library folder (preview/library_preview.hpp).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace tingle::cli {

struct PreviewOptions {
  std::string folder;
  bool quiet = false;
};

CLI::App* SetupPreview(CLI::App& app, PreviewOptions& options);
int RunPreview(const PreviewOptions& options);

}  // namespace tingle::cli
