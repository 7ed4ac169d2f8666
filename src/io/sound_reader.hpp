// A sound file read a block at a time (libsndfile), so a tool can look at a file of any
// length in constant memory: `tingle preview` draws and measures 8-hour renders with it.
//
// Errors are SoundFileError, whose message is the reason alone (the caller names the
// file), worded as io/sample_file.hpp's:
//   cannot read: Permission denied
//   empty file (0 bytes)
//   not a sound file (format not recognised)
//   has no audio (0 frames)
//   truncated or corrupt (decoded 12288 of 96000 frames)
//   corrupt (flac decoder lost sync)
//   holds samples that are not numbers
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace tingle::io {

class SoundFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SoundReader {
 public:
  // Opens the file and reads its header. Throws SoundFileError.
  explicit SoundReader(const std::filesystem::path& path);
  ~SoundReader();
  SoundReader(const SoundReader&) = delete;
  SoundReader& operator=(const SoundReader&) = delete;

  int sample_rate() const { return sample_rate_; }
  int channels() const { return channels_; }
  // Length in frames, as the header says (>= 1; a FLAC stream without a length in its
  // header is counted once, by decoding it, when opened).
  std::int64_t frames() const { return frames_; }
  // Metadata strings (tingle writes its title and "seed=N recipe=fnv1a64:HASH"), or "".
  const std::string& title() const { return title_; }
  const std::string& comment() const { return comment_; }

  // Decodes the next `frames` frames (interleaved, channels() floats each) into `out`.
  // Returns how many it read: `frames`, or fewer once the end of the file is reached.
  // Throws SoundFileError when the file ends before frames() or does not decode.
  std::int64_t Read(float* out, std::int64_t frames);

  // Moves `frames` ahead, seeking where the format allows instead of decoding.
  void Skip(std::int64_t frames);

 private:
  struct File;
  void Open(const std::filesystem::path& path);

  std::unique_ptr<File> file_;
  std::filesystem::path path_;
  int sample_rate_ = 0;
  int channels_ = 0;
  std::int64_t frames_ = 0;
  std::int64_t position_ = 0;
  bool seekable_ = false;
  std::string title_;
  std::string comment_;
};

}  // namespace tingle::io
