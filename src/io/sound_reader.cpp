// Block-wise decoding of sound files through libsndfile.
#include "io/sound_reader.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <limits>
#include <vector>

#include "io/io_error_text.hpp"

namespace tingle::io {
namespace {

// Frames decoded at a time when skipping by reading (a stream that cannot seek).
constexpr sf_count_t kSkipFrames = 4096;

// libsndfile's "Error : Format not recognised." -> "format not recognised".
std::string Reason(const char* text) {
  std::string reason = text != nullptr ? text : "";
  for (const std::string prefix : {"System error : ", "Error : "}) {
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
  }
  while (!reason.empty() && (reason.back() == '.' || reason.back() == '\n')) reason.pop_back();
  if (!reason.empty()) {
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  }
  return reason;
}

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
      throw SoundFileError("corrupt (" + Reason(sf_strerror(file_->handle)) + ")");
    }
    Open(path);
    frames_ = counted;
  }
  if (frames_ <= 0) throw SoundFileError("has no audio (0 frames)");
}

SoundReader::~SoundReader() = default;

void SoundReader::Open(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw SoundFileError("is a folder, not a sound file");
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw SoundFileError("cannot read: " + ErrnoText(errno));
  struct stat status {};
  if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size == 0) {
    ::close(fd);
    throw SoundFileError("empty file (0 bytes)");
  }
  SF_INFO info{};
  file_ = std::make_unique<File>();
  // close_desc = SF_TRUE: libsndfile owns the descriptor from here, also on failure.
  file_->handle = sf_open_fd(fd, SFM_READ, &info, SF_TRUE);
  if (file_->handle == nullptr) {
    if (sf_error(nullptr) == SF_ERR_UNRECOGNISED_FORMAT) {
      throw SoundFileError("not a sound file (format not recognised)");
    }
    throw SoundFileError("cannot decode (" + Reason(sf_strerror(nullptr)) + ")");
  }
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
    throw SoundFileError("corrupt (" + Reason(sf_strerror(file_->handle)) + ")");
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
