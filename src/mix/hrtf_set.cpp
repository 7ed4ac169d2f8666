#include "mix/hrtf_set.hpp"

#include <mysofa.h>

#include <algorithm>
#include <cmath>

#include "core/units.hpp"
#include "dsp/sinc_resample.hpp"

namespace tingle::mix {
namespace {

// Each response keeps this long after its onset.
constexpr double kResponseSeconds = 0.002;
// The onset: the first sample reaching a tenth of the response's peak, less a few samples
// so the rise itself is kept.
constexpr float kOnsetFraction = 0.1f;
constexpr int kOnsetMarginSamples = 4;
// The last stretch is faded out (half Hann) so the cut adds no click.
constexpr double kFadeFraction = 0.2;
// The MIT KEMAR set's sampling rate, at which libmysofa hands out responses.
constexpr float kKemarRate = 44100.0f;
// Where the KEMAR set was measured.
constexpr float kMeasurementRadiusMetres = 1.4f;
// The set is scaled so a source in front reaches each ear at unity energy, as with the
// spherical head.
constexpr int kFrontDirection = 0;

}  // namespace

std::shared_ptr<const HrtfSet> HrtfSet::Load(const std::string& path, double sample_rate) {
  int filter_length = 0;
  int error = 0;
  // Opened at the KEMAR set's own rate: asking libmysofa for another rate resamples all
  // 710 measurements (half a second); only the 72 directions used are resampled, below.
  // (A set at another rate is brought to 44.1 kHz by libmysofa first.)
  MYSOFA_EASY* sofa = mysofa_open(path.c_str(), kKemarRate, &filter_length, &error);
  if (sofa == nullptr) {
    throw HrtfError("cannot read the HRTF set " + path + " (mysofa error " + std::to_string(error) +
                    "): install Debian's libmysofa1, which ships the MIT KEMAR set");
  }
  auto set = std::shared_ptr<HrtfSet>(new HrtfSet());
  // A multiple of kTapGroup: the convolution reads the taps four at a time.
  const int wanted = static_cast<int>(std::ceil(kResponseSeconds * sample_rate / kTapGroup)) * kTapGroup;
  set->taps_ = wanted;
  set->directions_ = static_cast<int>(360.0 / kStepDegrees);
  set->table_.assign(static_cast<std::size_t>(set->directions_) * 2 * static_cast<std::size_t>(set->taps_), 0.0f);
  set->onsets_.assign(static_cast<std::size_t>(set->directions_) * 2, 0.0);
  std::vector<float> native_left(static_cast<std::size_t>(filter_length));
  std::vector<float> native_right(static_cast<std::size_t>(filter_length));
  const dsp::SincResampler resampler(native_left.size(), kKemarRate, sample_rate);
  const int fade = static_cast<int>(kFadeFraction * set->taps_);
  for (int d = 0; d < set->directions_; ++d) {
    // SOFA counts azimuth counter-clockwise (+90 is the left ear); ours goes clockwise.
    float coordinates[3] = {-static_cast<float>(d * kStepDegrees), 0.0f, kMeasurementRadiusMetres};
    mysofa_s2c(coordinates);
    float delay_left = 0.0f, delay_right = 0.0f;
    mysofa_getfilter_float(sofa, coordinates[0], coordinates[1], coordinates[2], native_left.data(),
                           native_right.data(), &delay_left, &delay_right);
    const std::vector<float> left = resampler.Resample(native_left);
    const std::vector<float> right = resampler.Resample(native_right);
    const int length = static_cast<int>(left.size());
    for (int ear = 0; ear < 2; ++ear) {
      const std::vector<float>& response = ear == 0 ? left : right;
      float peak = 0.0f;
      for (float value : response) peak = std::max(peak, std::fabs(value));
      int onset = 0;
      while (onset + 1 < length && std::fabs(response[static_cast<std::size_t>(onset)]) < kOnsetFraction * peak) ++onset;
      onset = std::max(0, onset - kOnsetMarginSamples);
      set->onsets_[static_cast<std::size_t>(d) * 2 + static_cast<std::size_t>(ear)] = onset;
      set->max_onset_ = std::max(set->max_onset_, static_cast<double>(onset));
      float* out = set->table_.data() + (static_cast<std::size_t>(d) * 2 + static_cast<std::size_t>(ear)) * static_cast<std::size_t>(set->taps_);
      for (int k = 0; k < set->taps_; ++k) {
        const int source = onset + k;
        const int from_end = set->taps_ - 1 - k;
        const float taper = from_end < fade
            ? static_cast<float>(0.5 - 0.5 * std::cos(kPi * static_cast<double>(from_end) / fade))
            : 1.0f;
        out[k] = source < length ? response[static_cast<std::size_t>(source)] * taper : 0.0f;
      }
    }
  }
  mysofa_close(sofa);
  double front_energy = 0.0;
  const float* front = set->Response(kFrontDirection, 0);
  for (int k = 0; k < set->taps_; ++k) front_energy += static_cast<double>(front[k]) * static_cast<double>(front[k]);
  const auto scale = static_cast<float>(1.0 / std::sqrt(front_energy));
  for (float& value : set->table_) value *= scale;
  return set;
}

void HrtfSet::Interpolate(double azimuth_degrees, float* left, float* right, double& left_onset,
                          double& right_onset) const noexcept {
  double position = azimuth_degrees / kStepDegrees;
  position -= std::floor(position / directions_) * directions_;  // wrap into [0, directions)
  const int lower = static_cast<int>(position) % directions_;
  const int upper = (lower + 1) % directions_;
  const double fraction = position - std::floor(position);
  const auto blend = static_cast<float>(fraction);
  auto onset = [&](int ear) {
    const double a = onsets_[static_cast<std::size_t>(lower) * 2 + static_cast<std::size_t>(ear)];
    const double b = onsets_[static_cast<std::size_t>(upper) * 2 + static_cast<std::size_t>(ear)];
    return a + (b - a) * fraction;
  };
  left_onset = onset(0);
  right_onset = onset(1);
  for (int ear = 0; ear < 2; ++ear) {
    const float* a = Response(lower, ear);
    const float* b = Response(upper, ear);
    float* out = ear == 0 ? left : right;
    for (int k = 0; k < taps_; ++k) out[k] = a[k] + (b[k] - a[k]) * blend;
  }
}

}  // namespace tingle::mix
