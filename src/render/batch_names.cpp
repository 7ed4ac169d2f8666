#include "render/batch_names.hpp"

#include <cstdio>
#include <map>

namespace tingle::render {
namespace {

constexpr std::string_view kAudioExtensions[] = {".wav", ".rf64", ".flac", ".ogg", ".raw"};
// {index:0N}, N one digit: wider than any count of variations needs.
constexpr int kMaxIndexWidth = 9;

// Built by appending: GCC 12 misreports `"\"" + std::string` at -O3 (-Wrestrict).
std::string Quoted(std::string_view text) {
  std::string quoted(1, '"');
  quoted.append(text).push_back('"');
  return quoted;
}

bool EndsWith(std::string_view text, std::string_view end) {
  return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

}  // namespace

NamePattern::NamePattern(std::string_view pattern) {
  const std::string shown = Quoted(pattern);
  if (pattern.empty()) throw NameError("--name: the pattern is empty (the default is {stem}-{index:03})");
  if (pattern.find('/') != std::string_view::npos) {
    throw NameError("--name: " + shown + " contains \"/\"; put the folder in --outdir");
  }
  for (std::string_view extension : kAudioExtensions) {
    if (EndsWith(pattern, extension)) {
      throw NameError("--name: " + shown + " ends in " + std::string(extension) +
                      "; leave the extension out, it follows --format");
    }
  }
  std::string text;
  for (std::size_t at = 0; at < pattern.size();) {
    const char c = pattern[at];
    if ((c == '{' || c == '}') && at + 1 < pattern.size() && pattern[at + 1] == c) {
      text += c;  // {{ or }}
      at += 2;
      continue;
    }
    if (c == '}') throw NameError("--name: " + shown + " has a \"}\" without its \"{\" (write }} for a brace)");
    if (c != '{') {
      text += c;
      ++at;
      continue;
    }
    const std::size_t close = pattern.find('}', at);
    if (close == std::string_view::npos) {
      throw NameError("--name: " + shown + " has a \"{\" without its \"}\" (write {{ for a brace)");
    }
    const std::string_view field = pattern.substr(at + 1, close - at - 1);
    Piece piece;
    if (field == "stem") {
      piece.field = Field::kStem;
    } else if (field == "seed") {
      piece.field = Field::kSeed;
    } else if (field == "index") {
      piece.field = Field::kIndex;
    } else if (field.size() == 8 && field.substr(0, 7) == "index:0" && field[7] >= '1' &&
               field[7] <= '0' + kMaxIndexWidth) {
      piece.field = Field::kIndex;
      piece.width = field[7] - '0';
    } else {
      throw NameError("--name: unknown placeholder {" + std::string(field) +
                      "} (use {stem}, {index}, {index:03}, {seed})");
    }
    if (!text.empty()) pieces_.push_back({Field::kText, std::move(text), 0});
    text.clear();
    pieces_.push_back(std::move(piece));
    at = close + 1;
  }
  if (!text.empty()) pieces_.push_back({Field::kText, std::move(text), 0});
}

std::string NamePattern::Format(std::string_view stem, std::int64_t index, std::uint64_t seed) const {
  std::string name;
  for (const Piece& piece : pieces_) {
    switch (piece.field) {
      case Field::kText:
        name += piece.text;
        break;
      case Field::kStem:
        name += stem;
        break;
      case Field::kIndex: {
        char digits[32];
        std::snprintf(digits, sizeof digits, "%0*lld", piece.width, static_cast<long long>(index));
        name += digits;
        break;
      }
      case Field::kSeed:
        name += std::to_string(seed);
        break;
    }
  }
  return name;
}

void CheckDistinctNames(const std::vector<std::string>& paths,
                        const std::function<std::string(std::size_t)>& describe) {
  std::map<std::string_view, std::size_t> first_user;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto [seen, fresh] = first_user.emplace(paths[i], i);
    if (!fresh) {
      throw NameError("--name: two items would both be written to " + Quoted(paths[i]) + ": " +
                      describe(seen->second) + " and " + describe(i) +
                      " (put {index} or {seed} in --name, or rename a recipe)");
    }
  }
}

}  // namespace tingle::render
