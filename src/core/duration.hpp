// Durations as people write them: "45s", "10m", "1h30m", "250ms", "8h" or plain seconds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tingle {

// Seconds, or nothing if `text` is not a duration. Components are a decimal number
// followed by h, m, s or ms, largest first, each unit at most once.
std::optional<double> ParseDuration(std::string_view text);

// "1h02m03s"-style text for messages and progress (whole seconds; "0.25s" below 1 s).
std::string FormatDuration(double seconds);

}  // namespace tingle
