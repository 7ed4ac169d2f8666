// POSIX write() until every byte is out: the loop short writes and signals require.
#pragma once

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace tingle::io {

// Writes `size` bytes to `fd`, retrying after EINTR and partial writes, and waiting when
// a non-blocking descriptor (a stdout inherited with O_NONBLOCK) is full. Returns 0, or
// the errno of the failure (EPIPE once SIGPIPE is ignored, ENOSPC, EFBIG, ...).
// `*written` (if given) receives the bytes that did go out.
inline int WriteAll(int fd, const void* data, std::size_t size, std::size_t* written = nullptr) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  std::size_t done = 0;
  int error = 0;
  while (done < size) {
    const ssize_t result = ::write(fd, bytes + done, size - done);
    if (result > 0) {
      done += static_cast<std::size_t>(result);
      continue;
    }
    if (result < 0 && errno == EINTR) continue;
    if (result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd ready = {fd, POLLOUT, 0};
      constexpr int kWaitForever = -1;
      if (::poll(&ready, 1, kWaitForever) >= 0 || errno == EINTR) continue;
    }
    // write() returning 0 for a non-empty buffer makes no progress: report it as EIO
    // rather than spin.
    error = result < 0 ? errno : EIO;
    break;
  }
  if (written != nullptr) *written = done;
  return error;
}

}  // namespace tingle::io
