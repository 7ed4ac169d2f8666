// SHA-256 (FIPS 180-4) of bytes in memory or of a file, as lowercase hex (libnettle).
//
// A library item's JSON line and sidecar carry the file's SHA-256 so a re-run, a script
// or `sha256sum -c` can tell a complete file from a truncated or altered one.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tingle::io {

// 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

// Of the file's bytes, read in fixed chunks: constant memory at any size. Throws IoError
// `cannot read "<path>": <reason>`.
std::string Sha256FileHex(const std::filesystem::path& path);

}  // namespace tingle::io
