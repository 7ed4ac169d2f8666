#include "preview/axis_ticks.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace tingle::preview {
namespace {

// Tick steps in seconds, finest first: 1-2-5 below a second, then the clock's own.
constexpr std::array<double, 27> kTimeSteps = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0,
    30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0, 21600.0, 43200.0, 86400.0};

// A tick up to step / 1000 past the end still counts: 10 x 0.1 s is a hair over 1 s.
constexpr double kEndTolerance = 1e-3;

std::string Number(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  std::string number = text;
  if (number.find('.') != std::string::npos) {
    while (number.back() == '0') number.pop_back();
    if (number.back() == '.') number.pop_back();
  }
  return number;
}

}  // namespace

std::string TimeLabel(double t, double step) {
  const int decimals = step < 1.0 ? static_cast<int>(std::ceil(-std::log10(step) - 1e-9)) : 0;
  // Whole units are counted from a rounded total, so 3 x 0.1 is "0.3s", not "0.2999...".
  const double scale = std::pow(10.0, decimals);
  const double total = std::round(t * scale) / scale;
  const auto hours = static_cast<long long>(total / 3600.0);
  const auto minutes = static_cast<long long>((total - 3600.0 * static_cast<double>(hours)) / 60.0);
  const double secs = total - 3600.0 * static_cast<double>(hours) - 60.0 * static_cast<double>(minutes);
  std::string label;
  if (hours > 0) label += std::to_string(hours) + "h";
  if (minutes > 0) label += std::to_string(minutes) + "m";
  const std::string secs_text = Number(secs, decimals);
  if (secs_text != "0") label += secs_text + "s";
  return label.empty() ? "0" : label;
}

std::vector<Tick> TimeTicks(double seconds, int axis_pixels, int label_width, int gap) {
  std::vector<Tick> ticks;
  if (!(seconds > 0.0) || axis_pixels < 1) return ticks;
  double step = kTimeSteps.back();
  for (const double candidate : kTimeSteps) {
    if (candidate / seconds * axis_pixels >= label_width + gap) {
      step = candidate;
      break;
    }
  }
  const double end = seconds + step * kEndTolerance;
  for (long long k = 0; static_cast<double>(k) * step <= end; ++k) {
    const double t = static_cast<double>(k) * step;
    ticks.push_back({t, TimeLabel(t, step)});
  }
  return ticks;
}

std::vector<Tick> FrequencyTicks(double low_hz, double high_hz) {
  std::vector<Tick> ticks;
  for (double decade = 10.0; decade <= high_hz; decade *= 10.0) {
    for (const double multiple : {1.0, 2.0, 5.0}) {
      const double hz = decade * multiple;
      if (hz < low_hz || hz > high_hz) continue;
      std::string label;
      if (multiple == 1.0) label = hz >= 1000.0 ? Number(hz / 1000.0, 0) + "k" : Number(hz, 0);
      ticks.push_back({hz, label});
    }
  }
  return ticks;
}

}  // namespace tingle::preview
