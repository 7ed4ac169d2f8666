// Output file names of library items, from a --name pattern such as "{stem}-{index:03}".
//
// Placeholders: {stem} the recipe's file name without extension, {index} the variation
// index (from 0; {index:03} pads it with zeros to 3 digits), {seed} the item's seed.
// {{ and }} are literal braces. The extension comes from the output format, never the
// pattern.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tingle::render {

inline constexpr char kDefaultNamePattern[] = "{stem}-{index:03}";

// A pattern (or a set of names) that cannot name the items. The message starts with the
// option to fix: `--name: ...`.
class NameError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NamePattern {
 public:
  // Throws NameError for an empty pattern, an unknown placeholder, an unmatched brace, a
  // '/' (the folder is --outdir's) or a name ending in an audio extension.
  explicit NamePattern(std::string_view pattern);

  // The name without extension.
  std::string Format(std::string_view stem, std::int64_t index, std::uint64_t seed) const;

 private:
  enum class Field { kText, kStem, kIndex, kSeed };
  struct Piece {
    Field field = Field::kText;
    std::string text;  // kText
    int width = 0;     // kIndex: zero-padded to this many digits
  };

  std::vector<Piece> pieces_;
};

// Throws NameError `--name: two items would both be written to "<path>": <first> and
// <second> (...)` when two items map to one file: `paths[i]` is item i's output and
// `describe(i)` names the item ("a.toml variation 3"). Reports the first clash in item order.
void CheckDistinctNames(const std::vector<std::string>& paths,
                        const std::function<std::string(std::size_t)>& describe);

}  // namespace tingle::render
