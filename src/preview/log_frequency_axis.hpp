// A logarithmic frequency axis: rows of equal width in octaves, from a low edge up to a
// high one (the Nyquist frequency), row 0 at the bottom.
#pragma once

#include <cmath>

namespace tingle::preview {

class LogFrequencyAxis {
 public:
  // low_hz < high_hz, rows >= 1.
  LogFrequencyAxis(double low_hz, double high_hz, int rows)
      : low_hz_(low_hz), rows_(rows), rows_per_log_(rows / std::log(high_hz / low_hz)) {}

  int rows() const { return rows_; }

  // Where `hz` falls, in rows: 0 at low_hz, rows() at high_hz (fractions in between).
  double Position(double hz) const { return std::log(hz / low_hz_) * rows_per_log_; }

  // The frequency at a position (the inverse of Position).
  double Frequency(double position) const { return low_hz_ * std::exp(position / rows_per_log_); }

  // The row holding `hz`, or -1 below the axis and rows() above it.
  int Row(double hz) const {
    const double position = Position(hz);
    if (position < 0.0) return -1;
    return position >= rows_ ? rows_ : static_cast<int>(position);
  }

 private:
  double low_hz_;
  int rows_;
  double rows_per_log_;
};

}  // namespace tingle::preview
