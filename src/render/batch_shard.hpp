// --shard K/N: the items one of N machines (or jobs) renders, the K-th of N.
//
// Item i belongs to shard (i mod N) + 1. Interleaving rather than cutting the list into
// runs keeps shards balanced when recipes differ in length, and the union of the N
// shards is exactly the unsharded batch, each item with the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tingle::render {

struct Shard {
  std::int64_t index = 1;  // K, from 1
  std::int64_t count = 1;  // N

  bool Selects(std::int64_t position) const { return position % count == index - 1; }
  std::string Text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// "K/N" with 1 <= K <= N; otherwise nothing, and `problem` says what is wrong with the
// text, quoting it: `"3/2": K must be from 1 to 2` (the CLI puts "--shard: " before it).
std::optional<Shard> ParseShard(const std::string& text, std::string& problem);

}  // namespace tingle::render
