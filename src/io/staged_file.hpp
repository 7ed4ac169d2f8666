// An output file written under a temporary name beside its target and renamed on Commit.
//
// DESIGN §8/§11: on any error or interrupt nothing half-written survives and an existing
// file of that name keeps its bytes. rename() within one folder is atomic on POSIX, so the
// target is either the old file or the complete new one (ccache writes its results so).
// A target that exists and is not a regular file (/dev/null, /dev/full, a FIFO) is
// written in place: renaming over a device node would replace the device itself.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

#include "io/io_error_text.hpp"

namespace tingle::io {

class StagedFile {
 public:
  // Creates `.<name>.tingle-<pid>.part` in the target's folder (or opens a device target
  // directly). `path` is the user's path, used in every message. Throws IoError:
  // `cannot create "<path>": <reason>`; nothing is left behind then.
  explicit StagedFile(std::string path) : path_(std::move(path)) {
    if (path_.empty() || path_.back() == '/') throw CreateError(path_, ErrnoText(EISDIR));
    struct stat target {};
    if (::stat(path_.c_str(), &target) == 0) {
      if (S_ISDIR(target.st_mode)) throw CreateError(path_, ErrnoText(EISDIR));
      if (!S_ISREG(target.st_mode)) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd_ < 0) throw CreateError(path_, ErrnoText(errno));
        return;
      }
    }
    const std::filesystem::path target_path(path_);
    // Built by appending: GCC 12 misreports `"." + std::string` at -O3 (-Wrestrict).
    std::string stem(".");
    stem += target_path.filename().string();
    stem += ".tingle-";
    stem += std::to_string(static_cast<long long>(::getpid()));
    // A name left by a killed process with the same pid, or a second sink in this process
    // aiming at the same target, must not be truncated: try a few numbered names instead.
    constexpr int kMaxNameAttempts = 100;
    for (int attempt = 0; attempt < kMaxNameAttempts; ++attempt) {
      std::string name = stem;
      if (attempt > 0) {
        name += '-';
        name += std::to_string(attempt);
      }
      name += ".part";
      const std::string temp = (target_path.parent_path() / name).string();
      constexpr mode_t kNewFileMode = 0666;  // narrowed by the umask, as for any new file
      // Read-write: libsndfile's virtual I/O may read back what it wrote.
      fd_ = ::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, kNewFileMode);
      if (fd_ >= 0) {
        temp_path_ = temp;
        return;
      }
      if (errno != EEXIST) throw CreateError(path_, ErrnoText(errno));
    }
    throw CreateError(path_, ErrnoText(EEXIST));
  }

  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  // Without Commit: closes and removes the temporary file; the target is untouched.
  ~StagedFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
  }

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }

  // Closes the file (close() reports delayed write errors, e.g. on NFS) and renames it over
  // the target. Throws IoError `cannot write "<path>": <reason>`; the temporary file is
  // removed then. Call once, after the last byte is written.
  void Commit() {
    if (fd_ < 0) throw std::logic_error("StagedFile::Commit: already committed");
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) throw WriteError(path_, ErrnoText(errno));
    if (temp_path_.empty()) return;
    if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      throw WriteError(path_, ErrnoText(errno));  // the destructor removes the temp file
    }
    temp_path_.clear();
  }

 private:
  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
};

}  // namespace tingle::io
