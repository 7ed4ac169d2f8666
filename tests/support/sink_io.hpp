// Feeding a sink in chunks and reading a written file back as bytes: the io tests' plumbing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/sink.hpp"

namespace tingle::test {

// Writes interleaved stereo `x` into `sink` in pieces of `chunk_frames` (the last shorter).
inline void WriteChunks(io::AudioSink& sink, const std::vector<float>& x, int chunk_frames) {
  const int frames = static_cast<int>(x.size() / io::kOutputChannels);
  for (int start = 0; start < frames; start += chunk_frames) {
    sink.Write(x.data() + static_cast<std::size_t>(start) * io::kOutputChannels,
               std::min(chunk_frames, frames - start));
  }
}

inline std::vector<std::uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace tingle::test
