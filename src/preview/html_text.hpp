// Text made safe for an HTML page: escaped for element text and quoted attributes, and
// file paths made into relative URLs that cannot turn into anything else.
#pragma once

#include <string>
#include <string_view>

namespace tingle::preview {

// & < > " ' as character references, so no file name, title or parameter value can end
// an attribute or open a tag. C0 control characters other than tab and newline (parse
// errors in HTML) become U+FFFD.
inline std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

// A relative path ("rain/take 1#2.wav") as a relative URL ("rain/take%201%232.wav"):
// every byte but unreserved characters (RFC 3986: letters, digits, - . _ ~) and the
// separator '/' is percent-encoded. So '#', '?' and '%' stay part of the name, and a name
// like "javascript:x.wav" cannot become a scheme (':' is encoded).
inline std::string UrlPath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

}  // namespace tingle::preview
