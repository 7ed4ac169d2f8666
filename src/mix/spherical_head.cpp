#include "mix/spherical_head.hpp"

#include <algorithm>
#include <cmath>

#include "dsp/cpu_features.hpp"
#include "dsp/turn_trig.hpp"

namespace tingle::mix {
namespace {

// Every read sits this many samples behind the newest one, so the four Hermite taps are
// all in the past.
constexpr double kBaseDelaySamples = 2.0;

constexpr double kHeadTime = dsp::kHeadRadiusMetres / dsp::kSpeedOfSoundMetresPerSecond;

// Brown & Duda's per-ear arrival time relative to the head's centre (Woodworth's model):
// -(a/c) cos(theta) while the ear faces the source, (a/c)(theta - pi/2) around the head.
double ArrivalSeconds(double incidence, double cos_incidence) {
  return incidence < 0.5 * kPi ? -kHeadTime * cos_incidence : kHeadTime * (incidence - 0.5 * kPi);
}

}  // namespace

void SphericalHead::Prepare(double sample_rate) {
  sample_rate_ = sample_rate;
  // The longest interaural difference is (a/c)(1 + pi/2).
  delay_.Prepare(kBaseDelaySamples + kHeadTime * (1.0 + 0.5 * kPi) * sample_rate + 2.0);
  distance_filter_.Prepare(sample_rate);
  shadow_left_.Reset();
  shadow_right_.Reset();
  started_ = false;
}

SphericalHead::Geometry SphericalHead::GeometryAt(double seconds) const {
  const double azimuth_degrees = placement_.AzimuthAt(seconds);
  const double distance_metres = placement_.distance_metres.At(seconds);
  // A source that has not moved keeps its geometry (the trigonometry is most of the cost
  // of a fixed source).
  if (started_ && azimuth_degrees == segment_end_.azimuth_degrees &&
      distance_metres == segment_end_.distance_metres) {
    return segment_end_;
  }
  Geometry geometry;
  geometry.azimuth_degrees = azimuth_degrees;
  geometry.distance_metres = distance_metres;
  // The angle between the source and the right ear's axis (at +90 degrees), folded into
  // [0, 180] degrees: acos(sin(azimuth)) without the library calls. The left ear's is its
  // supplement.
  const double from_right_turns = dsp::TurnsFromWhole(azimuth_degrees / 360.0 - 0.25);
  geometry.right_incidence = kTwoPi * from_right_turns;
  geometry.left_incidence = kPi - geometry.right_incidence;
  // cos(incidence) of the right ear is sin(azimuth), of the left ear its negative.
  const double lateral = dsp::CosTurns(from_right_turns);
  const double left_arrival = ArrivalSeconds(geometry.left_incidence, -lateral);
  const double right_arrival = ArrivalSeconds(geometry.right_incidence, lateral);
  // Only the interaural difference is delayed: the nearer ear reads at a whole number of
  // samples (a plain copy), the farther one the ITD later. The common part, the travel
  // from the head's centre to the nearer ear, would add nothing but a Doppler shift of
  // both ears too slight to hear (under 0.3 ms over a whole ear-to-ear sweep).
  const double nearer_arrival = std::min(left_arrival, right_arrival);
  geometry.left_delay_samples = kBaseDelaySamples + (left_arrival - nearer_arrival) * sample_rate_;
  geometry.right_delay_samples = kBaseDelaySamples + (right_arrival - nearer_arrival) * sample_rate_;
  // Level, proximity and air change only with the distance.
  geometry.cues = started_ && distance_metres == segment_end_.distance_metres
                      ? segment_end_.cues
                      : RangeCuesAt(distance_metres, sample_rate_);
  SetEarGains(geometry.cues, lateral, distance_metres);
  return geometry;
}

inline void SphericalHead::ProcessBody(const BlockContext& block, const float* left,
                                       const float* right, StereoView out) noexcept {
  const std::int64_t first = block.first_frame;
  if (!started_) {
    segment_end_ = GeometryAt(static_cast<double>(first) / sample_rate_);
    segments_.Start(first);
    started_ = true;
    shadow_left_.set_incidence(segment_end_.left_incidence, sample_rate_);
    shadow_right_.set_incidence(segment_end_.right_incidence, sample_rate_);
  }
  if (segments_.Enter(first)) {
    segment_start_ = segment_end_;
    segment_end_ = GeometryAt(static_cast<double>(segments_.end_frame()) / sample_rate_);
    if (segment_end_.left_incidence != segment_start_.left_incidence) {
      shadow_left_.set_incidence(segment_end_.left_incidence, sample_rate_);
      shadow_right_.set_incidence(segment_end_.right_incidence, sample_rate_);
    }
  }
  const Geometry& from = segment_start_;
  const Geometry& to = segment_end_;
  const double at_start = segments_.Fraction(first);
  const double at_end = segments_.Fraction(first + kBlockFrames);

  // The mid goes straight into the delay line and is filtered there.
  float* input = delay_.Advance();
  MidOf(left, right, input);
  distance_filter_.Process(input, kBlockFrames, to.cues);

  // Each ear's level (distance and near field) glides on its delay read, before the
  // shadow filter: the filter is linear, and the gain moves too slowly for the order to
  // be heard.
  const EarLevels levels = EarLevelsAcross(from.cues, to.cues, at_start, at_end);
  delay_.Read(Glide(from.left_delay_samples, to.left_delay_samples, at_start),
              Glide(from.left_delay_samples, to.left_delay_samples, at_end), out.left,
              levels.left_start, levels.left_end);
  delay_.Read(Glide(from.right_delay_samples, to.right_delay_samples, at_start),
              Glide(from.right_delay_samples, to.right_delay_samples, at_end), out.right,
              levels.right_start, levels.right_end);
  dsp::HeadShadow::ProcessPair(shadow_left_, out.left, shadow_right_, out.right, kBlockFrames);
}

void SphericalHead::Process(const BlockContext& block, const float* left, const float* right,
                            StereoView out) noexcept {
  dsp::CallWidestBuild<&SphericalHead::ProcessBody>(this, block, left, right, out);
}

}  // namespace tingle::mix
