// Where a byte string stops being valid UTF-8 (RFC 3629).
//
// TOML documents must be UTF-8, and toml11 3.7 reads past the end of its buffer on some
// malformed sequences (found by the recipe fuzzer: the three bytes ' 0xC5 '), so the
// recipe parser checks the encoding itself first.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tingle {

// The offset of the first byte that does not begin or continue a valid sequence
// (overlong forms, surrogates, code points above U+10FFFF and cut-off sequences count as
// invalid); empty when all of `text` is valid.
inline std::optional<std::size_t> FirstInvalidUtf8(std::string_view text) {
  const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // no overlong forms
      if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // no overlong forms
      if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + static_cast<std::size_t>(length) > text.size()) return i;
    for (int k = 1; k < length; ++k) {
      const unsigned char next = byte(i + static_cast<std::size_t>(k));
      const unsigned char from = k == 1 ? low : 0x80;
      const unsigned char to = k == 1 ? high : 0xBF;
      if (next < from || next > to) return i;
    }
    i += static_cast<std::size_t>(length);
  }
  return std::nullopt;
}

}  // namespace tingle
