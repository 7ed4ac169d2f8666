// "Did you mean" for near-miss names: the closest candidate by edit distance.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace tingle {

// Optimal string alignment distance: insert, delete, substitute or swap two neighbouring
// letters, each cost 1 (a swap is the commonest typo: "gian" for "gain").
inline int EditDistance(std::string_view a, std::string_view b) {
  const std::size_t columns = b.size() + 1;
  std::vector<int> d((a.size() + 1) * columns);
  auto at = [&](std::size_t i, std::size_t j) -> int& { return d[i * columns + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) at(i, 0) = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) at(0, j) = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int substitution = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

// The candidate nearest to `word` if it is close enough to be a typo (at most a third of
// the word's letters wrong, and at most 3), else an empty string.
template <class Names>
std::string Suggest(std::string_view word, const Names& candidates) {
  const int allowed = std::min<int>(3, std::max<int>(1, static_cast<int>(word.size()) / 3));
  std::string best;
  int best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    const int distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

}  // namespace tingle
