#include "recipe/variations.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/random.hpp"

namespace tingle::recipe {
namespace {

// A drawn number is written with this many significant digits: finer than any parameter
// can be heard to change, and short enough to read in a file name or a sidecar. The text
// is what gets applied, so the value rendered is exactly the value reported.
constexpr int kDrawnDigits = 6;

std::string RoundedText(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::general,
                                 kDrawnDigits).ptr;
  return std::string(text, end);
}

// Range draws, uniform. Rounding can never leave [low, high]: a rounded value that would
// (a bound with more digits than kDrawnDigits) is written in full instead.
std::string DrawFromRange(const Vary& vary, double unit) {
  if (vary.whole) {
    const double span = vary.high - vary.low + 1.0;
    const double step = std::min(std::floor(unit * span), span - 1.0);
    return ExactNumberText(vary.low + step);
  }
  const double value = vary.low + unit * (vary.high - vary.low);
  const std::string rounded = RoundedText(value);
  const double read_back = std::strtod(rounded.c_str(), nullptr);
  if (read_back >= vary.low && read_back <= vary.high) return rounded;
  return ExactNumberText(value);
}

bool IsPinned(const std::string& target, std::span<const std::string> pinned_sets) {
  return std::any_of(pinned_sets.begin(), pinned_sets.end(), [&](const std::string& set) {
    return set.compare(0, set.find('='), target) == 0;
  });
}

}  // namespace

std::uint64_t VariationSeed(std::uint64_t recipe_seed, std::int64_t index) {
  return StreamSeed(recipe_seed, static_cast<std::uint64_t>(index));
}

Variation DrawVariation(const Recipe& recipe, std::int64_t index,
                        std::span<const std::string> pinned_sets) {
  if (recipe.variations.count == 0) return {recipe.seed, {}};
  Variation variation{VariationSeed(recipe.seed, index), {}};
  for (const Vary& vary : recipe.variations.vary) {
    if (IsPinned(vary.target, pinned_sets)) continue;
    const double unit =
        EventUnit(StreamSeed(recipe.seed, "vary:" + vary.target), static_cast<std::uint64_t>(index), 0);
    std::string value;
    if (vary.is_range) {
      value = DrawFromRange(vary, unit);
    } else {
      const auto count = static_cast<double>(vary.choices.size());
      value = vary.choices[static_cast<std::size_t>(std::min(std::floor(unit * count), count - 1.0))];
    }
    variation.draws.push_back({vary.target, std::move(value), vary.where});
  }
  return variation;
}

std::string DrawnText(const Draw& draw) {
  const std::string& value = draw.value;
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

std::string ExactNumberText(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

}  // namespace tingle::recipe
