#include "render/mix_cache.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/block.hpp"

namespace tingle::render {
namespace {

// An unnamed file in `dir`: O_TMPFILE where the file system has it, else a named one
// unlinked at once. -1 if neither can be made.
int OpenUnnamed(const std::string& dir) {
  int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = dir + "/tingle-mix-XXXXXX";
  fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd >= 0) unlink(path.c_str());
  return fd;
}

}  // namespace

bool MixCache::Fits(std::int64_t total_frames, std::size_t budget_bytes) {
  // The mixer renders whole blocks: the last one runs past the track's end.
  const std::int64_t frames = (total_frames + kBlockFrames - 1) / kBlockFrames * kBlockFrames;
  return total_frames > 0 && static_cast<std::uint64_t>(frames) * 2 * sizeof(float) <= budget_bytes;
}

MixCache::~MixCache() {
  if (file_ != nullptr) std::fclose(file_);
}

bool MixCache::Open() {
  const char* tmpdir = std::getenv("TMPDIR");
  const int fd = OpenUnnamed(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp");
  if (fd < 0) return false;
  file_ = fdopen(fd, "w+b");
  if (file_ == nullptr) {
    close(fd);
    return false;
  }
  buffer_.resize(kBufferBytes);
  std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  return true;
}

void MixCache::Record(const float* left, const float* right, int frames) {
  if (!usable()) return;
  const auto count = static_cast<std::size_t>(frames);
  failed_ = std::fwrite(left, sizeof(float), count, file_) != count ||
            std::fwrite(right, sizeof(float), count, file_) != count;
}

void MixCache::Rewind() {
  // fseek writes out what is buffered first: a full disk shows here at the latest.
  if (usable() && std::fseek(file_, 0, SEEK_SET) != 0) failed_ = true;
}

void MixCache::Replay(float* left, float* right, int frames) {
  const auto count = static_cast<std::size_t>(frames);
  if (!usable() || std::fread(left, sizeof(float), count, file_) != count ||
      std::fread(right, sizeof(float), count, file_) != count) {
    throw std::runtime_error("cannot read back the temporary file of the mix");
  }
}

}  // namespace tingle::render
