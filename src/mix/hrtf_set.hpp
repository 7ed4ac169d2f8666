// Measured head-related impulse responses on the horizontal plane, ready to interpolate.
//
// Loaded once per render from a SOFA file through libmysofa (by default the MIT KEMAR set
// Debian ships, Gardner & Martin 1994), resampled by libmysofa to the render's rate and
// sampled every kStepDegrees of azimuth. Each response is split into its onset delay and
// the 2 ms that follow it (over 92 % of the energy for the quietest far-ear responses):
// aligned responses interpolate between directions without the comb filtering of
// misaligned ones, and the delays interpolate as delays (the "delay plus filter" HRTF
// model, e.g. Jot, Larcher & Warusfel 1995). Rendering never calls libmysofa.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tingle::mix {

inline constexpr char kDefaultSofaPath[] = "/usr/share/libmysofa/default.sofa";

// The SOFA file is missing or unreadable; the message names the package to install.
class HrtfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class HrtfSet {
 public:
  static std::shared_ptr<const HrtfSet> Load(const std::string& path, double sample_rate);

  int taps() const { return taps_; }

  // Both ears' onset-aligned responses (taps() values each) and onset delays (samples)
  // for an azimuth (degrees, our convention: +90 the right ear), linearly interpolated
  // between the two nearest measured directions. No allocation.
  void Interpolate(double azimuth_degrees, float* left, float* right, double& left_onset,
                   double& right_onset) const noexcept;

  // The longest onset delay in the set, in samples.
  double max_onset() const { return max_onset_; }

  static constexpr double kStepDegrees = 5.0;
  // taps() is a multiple of this.
  static constexpr int kTapGroup = 16;

 private:
  HrtfSet() = default;
  const float* Response(int direction, int ear) const {
    return table_.data() + (static_cast<std::size_t>(direction) * 2 + static_cast<std::size_t>(ear)) * static_cast<std::size_t>(taps_);
  }

  int taps_ = 0;
  int directions_ = 0;
  double max_onset_ = 0.0;
  std::vector<float> table_;    // direction-major: [direction][ear][tap]
  std::vector<double> onsets_;  // [direction][ear], samples
};

}  // namespace tingle::mix
