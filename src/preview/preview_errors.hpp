// What stops `tingle preview` short, besides io::IoError (a file that cannot be written).
#pragma once

#include <stdexcept>

namespace tingle::preview {

// The folder is not one to preview: missing, not a folder, unreadable, or without audio
// files (a usage problem: exit code 2). The message names the folder.
class PreviewError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// SIGINT or SIGTERM arrived (the flag the caller passed was set): nothing half-written is
// left, index.html is untouched, spectrograms already complete stay.
class PreviewInterrupted : public std::runtime_error {
 public:
  PreviewInterrupted() : std::runtime_error("interrupted") {}
};

}  // namespace tingle::preview
