#include "recipe/toml_nesting.hpp"

namespace tingle::recipe {
namespace {

// The offset just past the string that starts at `start` (a quote), or the end of the
// text if it never closes (toml11 reports that). Basic strings ("...", """...""") take
// backslash escapes; literal strings ('...', '''...''') do not.
std::size_t SkipString(std::string_view text, std::size_t start) {
  const char quote = text[start];
  const bool multi_line = text.substr(start, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  const std::string_view close = multi_line ? text.substr(start, 3) : text.substr(start, 1);
  for (std::size_t i = start + close.size(); i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // the escaped character, whatever it is
    } else if (!multi_line && text[i] == '\n') {
      return i;  // an unclosed one-line string: toml11 reports it
    } else if (text.substr(i, close.size()) == close) {
      return i + close.size();
    }
  }
  return text.size();
}

}  // namespace

std::optional<std::size_t> FirstTooDeepBracket(std::string_view text) {
  int depth = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = SkipString(text, i);
      continue;
    }
    if (c == '#') {
      const std::size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth > kMaxTomlNesting) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace tingle::recipe
