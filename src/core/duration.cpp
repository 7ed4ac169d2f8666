#include "core/duration.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace tingle {
namespace {

struct Unit {
  std::string_view suffix;
  double seconds;
};

// Ordered largest first; "ms" before "m" and "s" so the longest suffix wins.
constexpr Unit kUnits[] = {{"h", 3600.0}, {"ms", 0.001}, {"m", 60.0}, {"s", 1.0}};

int UnitRank(std::string_view suffix) {
  if (suffix == "h") return 0;
  if (suffix == "m") return 1;
  if (suffix == "s") return 2;
  return 3;  // ms
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<double> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double total = 0.0;
  int last_rank = -1;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t number_start = i;
    bool seen_digit = false;
    bool seen_point = false;
    while (i < text.size() && (IsDigit(text[i]) || (text[i] == '.' && !seen_point))) {
      seen_point |= text[i] == '.';
      seen_digit |= IsDigit(text[i]);
      ++i;
    }
    if (!seen_digit) return std::nullopt;
    const double number = std::stod(std::string(text.substr(number_start, i - number_start)));
    if (i == text.size()) {
      // A bare number is seconds, but only on its own ("90", not "1m30").
      if (last_rank >= 0) return std::nullopt;
      return number;
    }
    const Unit* unit = nullptr;
    for (const Unit& candidate : kUnits) {
      if (text.substr(i, candidate.suffix.size()) == candidate.suffix) {
        unit = &candidate;
        break;
      }
    }
    if (unit == nullptr) return std::nullopt;
    const int rank = UnitRank(unit->suffix);
    if (rank <= last_rank) return std::nullopt;
    last_rank = rank;
    total += number * unit->seconds;
    i += unit->suffix.size();
  }
  return total;
}

std::string FormatDuration(double seconds) {
  char text[48];
  if (seconds < 1.0) {
    std::snprintf(text, sizeof text, "%.3gs", seconds);
    return text;
  }
  const auto whole = static_cast<long long>(std::llround(seconds));
  const long long hours = whole / 3600;
  const long long minutes = (whole / 60) % 60;
  const long long secs = whole % 60;
  if (hours > 0) {
    std::snprintf(text, sizeof text, "%lldh%02lldm%02llds", hours, minutes, secs);
  } else if (minutes > 0) {
    std::snprintf(text, sizeof text, "%lldm%02llds", minutes, secs);
  } else {
    std::snprintf(text, sizeof text, "%llds", secs);
  }
  return text;
}

}  // namespace tingle
