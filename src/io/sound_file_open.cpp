#include "io/sound_file_open.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <system_error>

#include "io/io_error_text.hpp"

namespace tingle::io {

std::string SndfileReadReason(const char* text) {
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

SNDFILE* OpenSoundFile(const std::filesystem::path& path, SF_INFO& info, std::string& problem) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    problem = "is a folder, not a sound file";
    return nullptr;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    problem = "cannot read: " + ErrnoText(errno);
    return nullptr;
  }
  struct stat status {};
  if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size == 0) {
    ::close(fd);
    problem = "empty file (0 bytes)";
    return nullptr;
  }
  info = SF_INFO{};
  // close_desc = SF_TRUE: libsndfile owns the descriptor from here, also on failure.
  SNDFILE* handle = sf_open_fd(fd, SFM_READ, &info, SF_TRUE);
  if (handle == nullptr) {
    problem = sf_error(nullptr) == SF_ERR_UNRECOGNISED_FORMAT
                  ? "not a sound file (format not recognised)"
                  : "cannot decode (" + SndfileReadReason(sf_strerror(nullptr)) + ")";
  }
  return handle;
}

}  // namespace tingle::io
