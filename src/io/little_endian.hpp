// Little-endian byte stores for WAV headers and raw streams, independent of the host's order.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tingle::io {

inline void StoreLe16(std::uint8_t* out, std::uint16_t value) {
  out[0] = static_cast<std::uint8_t>(value);
  out[1] = static_cast<std::uint8_t>(value >> 8);
}

// The low three bytes of a two's-complement value (a 24-bit PCM code).
inline void StoreLe24(std::uint8_t* out, std::uint32_t value) {
  out[0] = static_cast<std::uint8_t>(value);
  out[1] = static_cast<std::uint8_t>(value >> 8);
  out[2] = static_cast<std::uint8_t>(value >> 16);
}

inline void StoreLe32(std::uint8_t* out, std::uint32_t value) {
  StoreLe16(out, static_cast<std::uint16_t>(value));
  StoreLe16(out + 2, static_cast<std::uint16_t>(value >> 16));
}

inline void StoreLe64(std::uint8_t* out, std::uint64_t value) {
  StoreLe32(out, static_cast<std::uint32_t>(value));
  StoreLe32(out + 4, static_cast<std::uint32_t>(value >> 32));
}

// IEEE 754 binary32 bits, stored little-endian (f32le).
inline void StoreLeFloat(std::uint8_t* out, float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  StoreLe32(out, bits);
}

// `count` values stored one after another, each little-endian: on a little-endian host
// their bytes as they are in memory (one copy instead of a loop of byte stores).
template <typename Value>
void StoreLeArray(std::uint8_t* out, const Value* values, std::size_t count) {
  static_assert(sizeof(Value) == 2 || sizeof(Value) == 4);
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out, values, count * sizeof(Value));
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      if constexpr (sizeof(Value) == 2) {
        StoreLe16(out + 2 * i, std::bit_cast<std::uint16_t>(values[i]));
      } else {
        StoreLe32(out + 4 * i, std::bit_cast<std::uint32_t>(values[i]));
      }
    }
  }
}

}  // namespace tingle::io
