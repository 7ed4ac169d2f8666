// Block-wise decoding of sound files through libsndfile.
#include "io/sound_reader.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "io/sound_file_open.hpp"

namespace tingle::io {
namespace {

// Frames decoded at a time when skipping by reading (a stream that cannot seek).
constexpr sf_count_t kSkipFrames = 4096;

}  // namespace

struct SoundReader::File {
  SNDFILE* handle = nullptr;
  ~File() {
    if (handle != nullptr) sf_close(handle);
  }
};

SoundReader::SoundReader(const std::filesystem::path& path) : path_(path) {
  Open(path);
  // FLAC without a length in its header reports the largest count: count it once.
  if (frames_ == std::numeric_limits<sf_count_t>::max()) {
    std::vector<float> scratch(static_cast<std::size_t>(kSkipFrames * channels_));
    std::int64_t counted = 0;
    for (sf_count_t got; (got = sf_readf_float(file_->handle, scratch.data(), kSkipFrames)) > 0;) {
      counted += got;
    }
    if (sf_error(file_->handle) != SF_ERR_NO_ERROR) {
      throw SoundFileError("corrupt (" + SndfileReadReason(sf_strerror(file_->handle)) + ")");
    }
    Open(path);
    frames_ = counted;
  }
  if (frames_ <= 0) throw SoundFileError("has no audio (0 frames)");
}

SoundReader::~SoundReader() = default;

void SoundReader::Open(const std::filesystem::path& path) {
  SF_INFO info{};
  std::string problem;
  file_ = std::make_unique<File>();
  file_->handle = OpenSoundFile(path, info, problem);
  if (file_->handle == nullptr) throw SoundFileError(problem);
  if (info.channels < 1 || info.samplerate < 1) {
    throw SoundFileError("not a sound file (no channels or no sample rate)");
  }
  sample_rate_ = info.samplerate;
  channels_ = info.channels;
  frames_ = info.frames;
  position_ = 0;
  seekable_ = info.seekable != 0;
  const char* title = sf_get_string(file_->handle, SF_STR_TITLE);
  const char* comment = sf_get_string(file_->handle, SF_STR_COMMENT);
  title_ = title != nullptr ? title : "";
  comment_ = comment != nullptr ? comment : "";
}

std::int64_t SoundReader::Read(float* out, std::int64_t frames) {
  const std::int64_t wanted = std::min(frames, frames_ - position_);
  if (wanted <= 0) return 0;
  const sf_count_t got = sf_readf_float(file_->handle, out, wanted);
  if (sf_error(file_->handle) != SF_ERR_NO_ERROR) {
    throw SoundFileError("corrupt (" + SndfileReadReason(sf_strerror(file_->handle)) + ")");
  }
  if (got < wanted) {
    throw SoundFileError("truncated or corrupt (decoded " + std::to_string(position_ + got) + " of " +
                         std::to_string(frames_) + " frames)");
  }
  position_ += got;
  const std::size_t samples = static_cast<std::size_t>(got) * static_cast<std::size_t>(channels_);
  if (!std::all_of(out, out + samples, [](float x) { return std::isfinite(x); })) {
    throw SoundFileError("holds samples that are not numbers");
  }
  return got;
}

void SoundReader::Skip(std::int64_t frames) {
  const std::int64_t wanted = std::min(frames, frames_ - position_);
  if (wanted <= 0) return;
  if (seekable_ && sf_seek(file_->handle, wanted, SEEK_CUR) >= 0) {
    position_ += wanted;
    return;
  }
  std::vector<float> scratch(static_cast<std::size_t>(std::min<std::int64_t>(wanted, kSkipFrames) * channels_));
  for (std::int64_t left = wanted; left > 0;) {
    left -= Read(scratch.data(), std::min<std::int64_t>(left, kSkipFrames));
  }
}

}  // namespace tingle::io
