// The layers' mix of a short track, kept from the first pass of a normalised render.
//
// A loudness target takes two to six passes over the track (renderer.hpp), and rendering
// the layers is some 85 % of each. Renders are deterministic, so every pass's mix is the
// same samples: where the whole mix fits in a budget of bytes, the first pass keeps it and
// the later passes run only the master chain on it (the same bytes as rendering the
// layers again). A longer track is rendered again instead.
//
// The mix goes to an unnamed temporary file (in $TMPDIR, else /tmp), not to memory: the
// render's own memory stays what it is at any length, and the file vanishes with the
// process however it ends. Writes and reads go through a buffer, so the file costs a
// system call per 256 KiB. Where no file can be made or written (a full disk), the cache
// is dropped and the layers render in every pass, with the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace tingle::render {

class MixCache {
 public:
  // Whether the mix of a track of `total_frames` fits in `budget_bytes`.
  static bool Fits(std::int64_t total_frames, std::size_t budget_bytes);

  MixCache() = default;
  ~MixCache();
  MixCache(const MixCache&) = delete;
  MixCache& operator=(const MixCache&) = delete;

  // Makes the temporary file; false if it cannot (the cache is then unusable).
  bool Open();

  // Appends `frames` mixed frames of each channel. A failed write drops the cache.
  void Record(const float* left, const float* right, int frames);

  // Whether everything recorded is in the file: it can be replayed.
  bool usable() const { return file_ != nullptr && !failed_; }

  // Back to the first frame, for a pass that replays the mix.
  void Rewind();

  // Reads the next `frames` frames of each channel, as Record was given them. Throws
  // std::runtime_error if the file cannot be read back.
  void Replay(float* left, float* right, int frames);

 private:
  static constexpr std::size_t kBufferBytes = std::size_t{256} << 10;

  std::FILE* file_ = nullptr;
  bool failed_ = false;
  std::vector<char> buffer_;
};

}  // namespace tingle::render
