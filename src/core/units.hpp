// Unit conversions, done once at the boundary (Prepare), never in inner loops.
#pragma once

#include <cmath>
#include <cstdint>

namespace tingle {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kTwoPi = 2.0 * kPi;

inline double DbToGain(double level_db) { return std::pow(10.0, level_db / 20.0); }

inline double GainToDb(double gain) { return 20.0 * std::log10(gain); }

// Frequency as a fraction of the sample rate (cycles per sample).
inline double ToNormalized(double hz, double sample_rate) { return hz / sample_rate; }

// Nearest whole frame for a time in seconds.
inline std::int64_t SecondsToFrames(double seconds, double sample_rate) {
  return static_cast<std::int64_t>(std::llround(seconds * sample_rate));
}

inline double FramesToSeconds(std::int64_t frames, double sample_rate) {
  return static_cast<double>(frames) / sample_rate;
}

// Per-sample multiplier that decays by 60 dB in t60_seconds.
inline double T60ToPoleRadius(double t60_seconds, double sample_rate) {
  return std::pow(10.0, -3.0 / (t60_seconds * sample_rate));
}

}  // namespace tingle
