// When the fingers land: tap onsets for the four patterns, sample-accurate and humanised.
//
// Time runs in beats: one beat is the mean gap between taps, 1 / rate. A phase advances
// by rate / sample_rate per frame, so an automated rate bends the gaps smoothly, and a
// tap falls where the phase crosses the drawn interval: at a fractional frame, never on
// a block or sample grid. Every pattern's intervals average exactly one beat (a gallop
// group of n taps or a burst of n taps spans n beats), so the tap count over a long
// stretch matches rate in every pattern.
//
// Timing spread of a steady tapper: the coefficient of variation of inter-tap intervals
// is ~2-5 % for practised adults at 2-5 taps/s (Wing & Kristofferson, "Response delays
// and the timing of discrete motor responses", Percept. Psychophys. 1973; Repp,
// "Sensorimotor synchronization", Psychon. Bull. Rev. 2005). Finger rolls run at ~12-16
// taps/s within a gesture (Aoki & Fukuoka, "Finger tapping ability in healthy elderly and
// young adults", Med. Sci. Sports Exerc. 2010; finger-drumming practice).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/block.hpp"
#include "synth/tapping/tap_draws.hpp"
#include "synth/tapping/tapping_params.hpp"

namespace tingle::synth {

struct TapOnset {
  double position;      // frames after the block's first frame, fractional, in [0, 64)
  std::uint64_t index;  // tap number k, from 0: the key of its random draws
  int finger;           // 0 index, 1 middle, 2 ring, 3 pinky: where on the object it lands
  double accent;        // velocity factor from the pattern (rolls swell, bursts fade)
};

class TapRhythm {
 public:
  // No two taps closer than this: a tap's contact (<= 10 ms) and its noise have ended.
  static constexpr double kMinGapS = 0.025;
  // Room for onsets in one block: with kMinGapS between taps there is at most one at
  // any supported sample rate; the spare slots only guard the array.
  static constexpr int kMaxOnsetsPerBlock = 4;

  void Prepare(std::uint64_t seed, TapPattern pattern) {
    seed_ = seed;
    pattern_ = pattern;
    started_ = false;
    tap_ = 0;
    phase_ = 0.0;
  }

  // Advances one block at `rate` taps/s and fills `onsets` with the taps it holds, in
  // order; returns how many. humanize in [0, 1].
  int Advance(double rate, double humanize, double sample_rate,
              TapOnset (&onsets)[kMaxOnsetsPerBlock]) {
    if (!started_) Start(rate);
    const double beats_per_frame = rate / sample_rate;
    double position = 0.0;
    int count = 0;
    while (count < kMaxOnsetsPerBlock) {
      const double frames_to_tap = (interval_ - phase_) / beats_per_frame;
      if (position + frames_to_tap >= kBlockFrames) break;
      position = std::max(position + frames_to_tap, 0.0);
      onsets[count++] = {position, tap_, next_finger_, next_accent_};
      phase_ = 0.0;
      ++tap_;
      PlanNext(rate, humanize);
    }
    phase_ += (kBlockFrames - position) * beats_per_frame;
    return count;
  }

 private:
  // Fastest finger roll / burst, taps per second (see the header comment).
  static constexpr double kRollRate = 14.0;
  static constexpr double kBurstRate = 11.0;
  // Timing spread of a steady tapper: CV at humanize 0 and the extra CV at humanize 1.
  static constexpr double kSteadyCv = 0.015;
  static constexpr double kHumanCv = 0.085;
  // Within a gallop or burst the gaps stay below this many beats, so groups stay groups.
  static constexpr double kLongestInnerGap = 0.5;
  // The first tap lands this soon after the layer starts, s.
  static constexpr double kFirstTapEarliest = 0.02;
  static constexpr double kFirstTapLatest = 0.3;

  void Start(double rate) {
    started_ = true;
    const double delay_s = kFirstTapEarliest + (kFirstTapLatest - kFirstTapEarliest) *
                                                   TapUnit(seed_, 0, TapDraw::kInterval);
    interval_ = delay_s * rate;
    group_size_ = 1;
    slot_ = 0;
    next_finger_ = 0;
    next_accent_ = 1.0;
    if (pattern_ == TapPattern::kGallop || pattern_ == TapPattern::kBursts) {
      slot_ = -1;  // the first tap opens a group
      OpenGroupIfNeeded();
    }
  }

  // Interval (beats) from the tap just played to the next one, and the next one's tags.
  void PlanNext(double rate, double humanize) {
    const double min_gap = kMinGapS * rate;
    const double cv = kSteadyCv + kHumanCv * humanize;
    const double jitter = 1.0 + cv * TapGaussian(seed_, tap_, TapDraw::kInterval);
    double interval = 1.0;
    switch (pattern_) {
      case TapPattern::kSteady:
        interval = jitter;
        next_finger_ = 0;
        next_accent_ = 1.0;
        break;
      case TapPattern::kRandom: {
        // Poisson taps with a refractory gap: exponential beyond a floor, mean one beat.
        const double floor = std::min(0.5, min_gap);
        const double u = TapUnit(seed_, tap_, TapDraw::kInterval);
        interval = floor - (1.0 - floor) * std::log(1.0 - u);
        next_finger_ = TapUnit(seed_, tap_, TapDraw::kFinger) < 0.3 ? 1 : 0;
        next_accent_ = 1.0;
        break;
      }
      case TapPattern::kGallop:
      case TapPattern::kBursts: {
        const double group_rate = pattern_ == TapPattern::kGallop ? kRollRate : kBurstRate;
        const double inner = std::min(rate / group_rate, kLongestInnerGap);
        if (slot_ + 1 < group_size_) {
          interval = inner * jitter;
          ++slot_;
        } else {
          // The group spanned group_size beats; the pause closes it.
          interval = (group_size_ - (group_size_ - 1) * inner) * jitter;
          slot_ = -1;
          OpenGroupIfNeeded();
        }
        TagGroupTap();
        break;
      }
    }
    interval_ = std::max(interval, min_gap);
  }

  void OpenGroupIfNeeded() {
    if (slot_ >= 0) return;
    const double u = TapUnit(seed_, tap_, TapDraw::kGroupSize);
    // Gallop: a 3- or 4-finger roll. Bursts: runs of 3-8 taps.
    group_size_ = pattern_ == TapPattern::kGallop ? 3 + static_cast<int>(u * 2.0)
                                                  : 3 + static_cast<int>(u * 6.0);
    slot_ = 0;
    TagGroupTap();
  }

  void TagGroupTap() {
    const double progress = group_size_ > 1 ? static_cast<double>(slot_) / (group_size_ - 1) : 0.0;
    if (pattern_ == TapPattern::kGallop) {
      // Pinky to index, swelling into the index finger.
      next_finger_ = group_size_ - 1 - slot_;
      next_accent_ = 0.7 + 0.3 * progress;
    } else {
      // Index and middle finger alternate; the run fades a little.
      next_finger_ = slot_ % 2;
      next_accent_ = 1.0 - 0.25 * progress;
    }
  }

  std::uint64_t seed_ = 0;
  TapPattern pattern_ = TapPattern::kSteady;
  bool started_ = false;
  std::uint64_t tap_ = 0;  // the next tap's number
  double phase_ = 0.0;     // beats since the last tap
  double interval_ = 1.0;  // beats from the last tap to the next
  int group_size_ = 1;
  int slot_ = 0;  // the next tap's place in its group
  int next_finger_ = 0;
  double next_accent_ = 1.0;
};

}  // namespace tingle::synth
