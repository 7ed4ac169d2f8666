// The one-line IoError messages every sink uses, naming the path the user gave.
//
// Messages (exact, relied on by the CLI and end-to-end tests):
//   cannot create "nosuch/out.wav": No such file or directory
//   cannot write "night.flac": No space left on device
//   cannot write to standard output: Broken pipe
// The reason is strerror's text or libsndfile's, never the temporary file's name.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "io/output_spec.hpp"

namespace tingle::io {

// How messages name the output: "-" is standard output, anything else is quoted.
inline bool IsStandardOutput(std::string_view path) { return path == "-"; }

// The system's text for an errno value ("No space left on device"). glibc's strerror is
// thread-safe since 2.32 (Debian 12 ships 2.36).
inline std::string ErrnoText(int error_number) { return std::strerror(error_number); }

// Standard output is never created, so this always names a file.
inline IoError CreateError(std::string_view path, std::string_view reason) {
  return IoError("cannot create \"" + std::string(path) + "\": " + std::string(reason));
}

inline IoError WriteError(std::string_view path, std::string_view reason) {
  if (IsStandardOutput(path)) {
    return IoError("cannot write to standard output: " + std::string(reason));
  }
  return IoError("cannot write \"" + std::string(path) + "\": " + std::string(reason));
}

}  // namespace tingle::io
