// Rewrites the serial number of every page of an Ogg file and fixes its CRCs.
//
// Why: libsndfile 1.2.0 seeds the Ogg logical stream's serial number from the clock
// (psf_rand_int32() in its ogg.c), so two renders of one recipe would differ from byte 15
// on, while the Vorbis packets themselves are identical (DESIGN §9). Once sf_close has
// finished the file, the sink stamps a serial derived from the seed on every page.
//
// Page layout (RFC 3533 §6), byte offsets, fields little-endian:
//   0 "OggS"   4 version (0)   5 header type   6 granule position (8 bytes)
//   14 serial number   18 page sequence number   22 CRC   26 segment count n
//   27 segment table (n lacing values)   27 + n body (the sum of the lacing values)
// The CRC covers the whole page with its own field zeroed, so a new serial needs a new CRC.
#pragma once

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.hpp"
#include "io/io_error_text.hpp"
#include "io/little_endian.hpp"

namespace tingle::io {

// Ogg's CRC-32 (RFC 3533 §6; libogg framing.c): generator polynomial 0x04c11db7, bits
// taken most significant first (no reflection), initial value 0, no final xor.
inline constexpr std::uint32_t kOggCrcPolynomial = 0x04c11db7;

namespace ogg_serial_detail {

inline constexpr char kCapturePattern[] = "OggS";
inline constexpr std::size_t kCapturePatternBytes = sizeof kCapturePattern - 1;
inline constexpr std::size_t kVersionOffset = 4;
inline constexpr std::uint8_t kStreamStructureVersion = 0;  // the only one RFC 3533 defines
inline constexpr std::size_t kSerialOffset = 14;
inline constexpr std::size_t kCrcOffset = 22;
inline constexpr std::size_t kSegmentCountOffset = 26;
inline constexpr std::size_t kHeaderBytes = 27;  // up to the segment table
// Serial, page sequence number and CRC are adjacent: one write puts back all three.
inline constexpr std::size_t kPatchBytes = kSegmentCountOffset - kSerialOffset;
// A lacing value is one byte and a page holds at most 255 of them.
inline constexpr std::size_t kMaxSegments = 255;
inline constexpr std::size_t kMaxSegmentBytes = 255;
inline constexpr std::size_t kMaxPageBytes =
    kHeaderBytes + kMaxSegments + kMaxSegments * kMaxSegmentBytes;

// The 256 remainders of one byte shifted through the register, for byte-wise CRC.
constexpr std::array<std::uint32_t, 256> CrcTable() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t byte = 0; byte < table.size(); ++byte) {
    std::uint32_t remainder = byte << 24;
    for (int bit = 0; bit < 8; ++bit) {
      const bool top_set = (remainder & 0x80000000u) != 0;
      remainder = (remainder << 1) ^ (top_set ? kOggCrcPolynomial : 0u);
    }
    table[byte] = remainder;
  }
  return table;
}

inline constexpr std::array<std::uint32_t, 256> kCrcTable = CrcTable();

inline std::uint32_t LoadLe32(const std::uint8_t* in) {
  return static_cast<std::uint32_t>(in[0]) | static_cast<std::uint32_t>(in[1]) << 8 |
         static_cast<std::uint32_t>(in[2]) << 16 | static_cast<std::uint32_t>(in[3]) << 24;
}

// pread() until `size` bytes or the end of the file; retries after EINTR. Returns 0 or the
// errno; `*got` receives the bytes read (fewer than `size` only at the end of the file).
inline int ReadAt(int fd, std::uint8_t* data, std::size_t size, off_t offset, std::size_t* got) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t result = ::pread(fd, data + done, size - done, offset + static_cast<off_t>(done));
    if (result > 0) {
      done += static_cast<std::size_t>(result);
      continue;
    }
    if (result == 0) break;
    if (errno == EINTR) continue;
    *got = done;
    return errno;
  }
  *got = done;
  return 0;
}

// pwrite() every byte; retries after EINTR and partial writes. Returns 0 or the errno.
inline int WriteAt(int fd, const std::uint8_t* data, std::size_t size, off_t offset) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t result =
        ::pwrite(fd, data + done, size - done, offset + static_cast<off_t>(done));
    if (result > 0) {
      done += static_cast<std::size_t>(result);
      continue;
    }
    if (result < 0 && errno == EINTR) continue;
    return result < 0 ? errno : EIO;  // no progress on a non-empty write: do not spin
  }
  return 0;
}

}  // namespace ogg_serial_detail

// The Ogg CRC of `size` bytes, continuing from `crc` (0 starts a page).
constexpr std::uint32_t OggCrc(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0) {
  for (std::size_t i = 0; i < size; ++i) {
    crc = (crc << 8) ^ ogg_serial_detail::kCrcTable[(crc >> 24) ^ data[i]];
  }
  return crc;
}

// The serial number a render with this seed gives its Ogg stream.
constexpr std::uint32_t OggSerial(std::uint64_t seed) {
  return static_cast<std::uint32_t>(StreamSeed(seed, "ogg-serial"));
}

// Walks the Ogg file open for reading and writing on `fd` (a regular file) page by page,
// sets every page's serial number to `serial` and recomputes its CRC. Reads one page at a
// time (at most 65 307 bytes), so memory does not grow with the file, and leaves the
// descriptor's offset alone. Expects one logical stream, as libsndfile writes. `path` is
// the user's path, for messages. Throws IoError `cannot write "<path>": <reason>` on a
// failed read or write or a page it cannot parse; the file is then partly rewritten.
inline void RewriteOggSerial(int fd, std::uint32_t serial, std::string_view path) {
  namespace detail = ogg_serial_detail;
  std::vector<std::uint8_t> page(detail::kMaxPageBytes);
  // "cannot write "<path>": Ogg page at byte 4096: truncated"
  const auto page_error = [path](off_t offset, const char* what) {
    return WriteError(
        path, "Ogg page at byte " + std::to_string(static_cast<long long>(offset)) + ": " + what);
  };
  // Reads `size` bytes of the page into page[start], or throws: a page cut short is an error.
  const auto read_part = [&](off_t page_offset, std::size_t start, std::size_t size) {
    std::size_t got = 0;
    const int error = detail::ReadAt(fd, page.data() + start, size,
                                     page_offset + static_cast<off_t>(start), &got);
    if (error != 0) throw WriteError(path, ErrnoText(error));
    if (got != size) throw page_error(page_offset, "truncated");
  };
  std::uint32_t original_serial = 0;
  off_t offset = 0;
  for (;;) {
    std::size_t got = 0;
    const int error = detail::ReadAt(fd, page.data(), detail::kHeaderBytes, offset, &got);
    if (error != 0) throw WriteError(path, ErrnoText(error));
    if (got == 0) return;  // the end of the file, between pages
    if (got != detail::kHeaderBytes) throw page_error(offset, "truncated");
    if (std::memcmp(page.data(), detail::kCapturePattern, detail::kCapturePatternBytes) != 0) {
      throw page_error(offset, "no capture pattern");
    }
    if (page[detail::kVersionOffset] != detail::kStreamStructureVersion) {
      throw page_error(offset, "unknown stream structure version");
    }
    // Each page of a multiplexed file would need its own stream's serial: refuse rather
    // than merge the streams into one.
    const std::uint32_t page_serial = detail::LoadLe32(page.data() + detail::kSerialOffset);
    if (offset == 0) original_serial = page_serial;
    if (page_serial != original_serial) throw page_error(offset, "a second logical stream");

    const std::size_t segments = page[detail::kSegmentCountOffset];
    read_part(offset, detail::kHeaderBytes, segments);
    std::size_t body_bytes = 0;
    for (std::size_t i = 0; i < segments; ++i) body_bytes += page[detail::kHeaderBytes + i];
    const std::size_t page_bytes = detail::kHeaderBytes + segments + body_bytes;
    read_part(offset, detail::kHeaderBytes + segments, body_bytes);

    StoreLe32(page.data() + detail::kSerialOffset, serial);
    StoreLe32(page.data() + detail::kCrcOffset, 0);
    StoreLe32(page.data() + detail::kCrcOffset, OggCrc(page.data(), page_bytes));
    const int write_error =
        detail::WriteAt(fd, page.data() + detail::kSerialOffset, detail::kPatchBytes,
                        offset + static_cast<off_t>(detail::kSerialOffset));
    if (write_error != 0) throw WriteError(path, ErrnoText(write_error));
    offset += static_cast<off_t>(page_bytes);
  }
}

}  // namespace tingle::io
