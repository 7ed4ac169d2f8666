// A depth limit for TOML's nested arrays and inline tables, checked before toml11 parses.
//
// toml11 3.7 parses a nested value by recursion with no limit, so a line of thousands of
// '[' overflows the stack (found by the recipe fuzzer). Recipes need a few levels at most
// (an automation point list is two); deeper nesting is refused with its position.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tingle::recipe {

inline constexpr int kMaxTomlNesting = 32;

// The byte offset of the first '[' or '{' that opens a level deeper than
// kMaxTomlNesting, counting only brackets outside strings and comments.
std::optional<std::size_t> FirstTooDeepBracket(std::string_view text);

}  // namespace tingle::recipe
