#include "render/batch_shard.hpp"

namespace tingle::render {
namespace {

// Whole numbers of up to 9 digits: a billion shards is more than any cluster.
std::optional<std::int64_t> SmallWholeNumber(const std::string& text) {
  constexpr std::size_t kMaxDigits = 9;
  if (text.empty() || text.size() > kMaxDigits ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(text);
}

}  // namespace

std::optional<Shard> ParseShard(const std::string& text, std::string& problem) {
  const std::string quoted = "\"" + text + "\"";
  const std::size_t slash = text.find('/');
  const auto index = slash == std::string::npos ? std::nullopt : SmallWholeNumber(text.substr(0, slash));
  const auto count = slash == std::string::npos ? std::nullopt : SmallWholeNumber(text.substr(slash + 1));
  if (!index || !count) {
    problem = quoted + " is not K/N (shard K of N, e.g. 2/4)";
    return std::nullopt;
  }
  if (*count < 1) {
    problem = quoted + ": N must be at least 1";
    return std::nullopt;
  }
  if (*index < 1 || *index > *count) {
    problem = quoted + ": K must be from 1 to " + std::to_string(*count);
    return std::nullopt;
  }
  return Shard{*index, *count};
}

}  // namespace tingle::render
