#include "io/sha256.hpp"

#include <fcntl.h>
#include <nettle/sha2.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "io/io_error_text.hpp"

namespace tingle::io {
namespace {

// Bytes read per call: large enough that the read() calls cost nothing next to the hashing.
constexpr std::size_t kReadChunkBytes = 1 << 16;

std::string Hex(const sha256_ctx& finished_context) {
  sha256_ctx context = finished_context;
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_digest(&context, digest.size(), digest.data());
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest.size());
  for (std::uint8_t byte : digest) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0x0f];
  }
  return hex;
}

IoError ReadError(const std::filesystem::path& path, int error_number) {
  return IoError("cannot read \"" + path.string() + "\": " + ErrnoText(error_number));
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  return Hex(context);
}

std::string Sha256FileHex(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ReadError(path, errno);
  sha256_ctx context;
  sha256_init(&context);
  std::array<std::uint8_t, kReadChunkBytes> chunk;
  for (;;) {
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error_number = errno;
      ::close(fd);
      throw ReadError(path, error_number);
    }
    if (got == 0) break;
    sha256_update(&context, static_cast<std::size_t>(got), chunk.data());
  }
  ::close(fd);
  return Hex(context);
}

}  // namespace tingle::io
