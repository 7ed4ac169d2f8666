// Where the spectrogram's axes get ticks, and their labels.
#pragma once

#include <string>
#include <vector>

namespace tingle::preview {

struct Tick {
  double value;       // seconds or Hz
  std::string label;  // empty: a tick without a label
};

// Ticks from 0 to `seconds` every `step`, the smallest step of a clock-like series
// (... 0.5 s, 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 m, 2 m, 5 m, ... 1 h, 2 h ...) whose
// labels, each up to `label_width` pixels wide, stay `gap` pixels apart on an axis
// `axis_pixels` long. Labels: "0", "0.5s", "45s", "1m30s", "2m", "1h30m", "8h".
std::vector<Tick> TimeTicks(double seconds, int axis_pixels, int label_width, int gap);

// The label of time `t` on an axis ticked every `step` seconds.
std::string TimeLabel(double t, double step);

// Frequency ticks between low_hz and high_hz at 1-2-5 steps (20, 50, 100, 200, ...);
// the decades carry labels: "100", "1k", "10k".
std::vector<Tick> FrequencyTicks(double low_hz, double high_hz);

}  // namespace tingle::preview
