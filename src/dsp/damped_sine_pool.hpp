// Pool of free-running damped sinusoids, four per SIMD register, each started at any
// frame, panned on its own, optionally gliding up in pitch.
//
// Each lane is the two-pole recursion y[n] = a1 y[n-1] + a2 y[n-2], a1 = 2 r cos w,
// a2 = -r², whose free response A r^n sin(n w + θ) is a mode of modal synthesis (Adrien
// 1991; van den Doel & Pai 2003). There is no input term: a sinusoid starts by loading
// the state its response would have had one and two frames before its first frame, so
// a running lane costs two multiplies and an add per frame plus its pan. Events of a
// texture start between calls: the caller processes the block in segments that end at
// each onset (sample-accurate starts, as clouds' grain pre-delay).
//
// The start phase θ = π - arg(1 - r e^(-jw)) makes the sinusoid's total area zero
// (Σ r^n sin(n w + θ) = 0), close to a cosine start (y[0] ≈ A). Radiated sound follows
// a struck surface's acceleration, whose integral (the velocity) returns to rest, so a
// sharp onset with no DC is also the physical choice, and a texture made of many
// sines needs no DC blocker.
//
// With kGlide, each lane's a1 also moves by a fixed step per frame, down to a floor:
// a pitch that rises linearly in time and stops at a ceiling, as a bubble's does near
// the surface (van den Doel, "Physically based models for liquid sounds", ACM TAP 2(4),
// 2005: f(t) = f0 (1 + ξ d t)). The step is the derivative of 2 r cos w at the start
// frequency, so the rise is linear to first order; near the ceiling it runs a little
// fast, by when the sine has decayed by tens of dB.
//
// Lanes stay dense: a lane whose deadline (the frame where it falls below kSilence) has
// passed is replaced by the last active lane, so the cost follows the number of sounding
// sinusoids, not the pool size. When every lane is busy, the one nearest its deadline is
// taken over. Lane outputs are summed per frame into two registers (left, right) and
// folded to samples once per block by 4x4 transposes. Groups of four lanes run in
// lockstep in the GCC/Clang vector extension (see dsp/modal_quad.hpp): packed IEEE
// arithmetic, sums in a fixed order, so the output is bit-identical run to run
// (DESIGN §9).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"

namespace tingle::dsp {

// One sinusoid to start.
struct DampedSine {
  double frequency_hz = 1000.0;  // start frequency; muted at or above 0.49 x sample rate
  double t60_s = 0.1;            // time to decay by 60 dB, > 0
  double amplitude = 0.0;        // peak of the envelope at the start, full scale = 1
  double left_gain = 0.7071;
  double right_gain = 0.7071;
  // Glide (kGlide pools only): the pitch rises by glide_per_s x frequency_hz per second,
  // f(t) = f0 (1 + glide_per_s t), and holds at glide_ceiling x f0 (or 0.45 x sample rate).
  double glide_per_s = 0.0;
  double glide_ceiling = 1.0;
};

template <int kMaxLanes, bool kGlide = false>
class DampedSinePool {
  static_assert(kMaxLanes > 0 && kMaxLanes % 4 == 0, "whole groups of four lanes");

 public:
  // A lane is released once its envelope is below this (-70 dBFS): far under any bed,
  // and still inaudible after loudness normalisation lifts a quiet layer by 20 dB.
  static constexpr double kSilence = 3.0e-4;

  void Prepare(double sample_rate) {
    sample_rate_ = sample_rate;
    Reset();
  }

  void Reset() {
    for (int g = 0; g < kGroups; ++g) {
      y1_[g] = y2_[g] = a1_[g] = a2_[g] = left_[g] = right_[g] = Float4{};
      step_[g] = Float4{};
      floor_[g] = Broadcast(-4.0f);
    }
    deadline_.fill(0);
    active_ = 0;
    for (int i = 0; i < kBlockFrames; ++i) sum_left_[i] = sum_right_[i] = Float4{};
    touched_ = false;
  }

  int active() const { return active_; }

  // Starts `sine` with its first sample at absolute frame `start_frame`, which must be
  // the first frame of the next Process call. Silent or too-high sines are skipped.
  // Costs one exp, sincos, sqrt and log: texture events start thousands of these.
  void Start(const DampedSine& sine, std::int64_t start_frame) {
    const double f_norm = sine.frequency_hz / sample_rate_;
    if (f_norm <= 0.0 || f_norm >= kHighestNormalizedFrequency || sine.amplitude <= kSilence) {
      return;
    }
    const int lane = TakeLane();
    const int g = lane / 4;
    const int l = lane % 4;
    // r = 10^(-3 / (T60 fs)): ln r = -ln(1000) / (T60 fs).
    const double decay_frames = sine.t60_s * sample_rate_ / kLnThousand;  // frames per neper
    const double radius = std::exp(-1.0 / decay_frames);
    const double omega = kTwoPi * f_norm;
    const double cos_w = std::cos(omega), sin_w = std::sin(omega);
    a1_[g][l] = static_cast<float>(2.0 * radius * cos_w);
    a2_[g][l] = static_cast<float>(-radius * radius);
    // y[n] = A r^n sin(n w + θ), θ = π - ψ, ψ = arg(1 - r e^(-jw)); the state holds
    // y[-1] = A r^-1 sin(ψ + w) and y[-2] = A r^-2 sin(ψ + 2w), expanded so that no
    // further trigonometry is needed.
    const double re = 1.0 - radius * cos_w, im = radius * sin_w;
    const double modulus = std::sqrt(re * re + im * im);
    const double cos_psi = re / modulus, sin_psi = im / modulus;
    const double cos_2w = 2.0 * cos_w * cos_w - 1.0, sin_2w = 2.0 * sin_w * cos_w;
    y1_[g][l] = static_cast<float>(sine.amplitude / radius * (sin_psi * cos_w + cos_psi * sin_w));
    y2_[g][l] = static_cast<float>(sine.amplitude / (radius * radius) *
                                   (sin_psi * cos_2w + cos_psi * sin_2w));
    left_[g][l] = static_cast<float>(sine.left_gain);
    right_[g][l] = static_cast<float>(sine.right_gain);
    if constexpr (kGlide) {
      const double omega_step = kTwoPi * sine.glide_per_s * f_norm / sample_rate_;
      const double ceiling =
          std::fmin(sine.glide_ceiling * f_norm, kHighestGlideNormalizedFrequency);
      step_[g][l] = static_cast<float>(-2.0 * radius * sin_w * omega_step);
      floor_[g][l] = static_cast<float>(
          2.0 * radius * std::cos(kTwoPi * std::fmax(ceiling, f_norm)));
    }
    // Frames until A r^n < kSilence.
    const double frames = std::log(sine.amplitude / kSilence) * decay_frames;
    deadline_[lane] = start_frame + static_cast<std::int64_t>(std::ceil(frames));
  }

  // Adds frames [from, to) of every running sinusoid to the block's lane sums; call
  // Finish once per block to fold them into the output.
  void Process(int from, int to) {
    if (active_ == 0 || from >= to) return;
    touched_ = true;
    const int groups = (active_ + 3) / 4;
    for (int first = 0; first < groups; first += kChunk) {
      // Counts above the pool's group count are never instantiated.
      switch (std::min(groups - first, kChunk)) {
        case 1:
          Run<1>(first, from, to);
          break;
        case 2:
          if constexpr (kGroups >= 2) Run<2>(first, from, to);
          break;
        case 3:
          if constexpr (kGroups >= 3) Run<3>(first, from, to);
          break;
        default:
          if constexpr (kGroups >= kChunk) Run<kChunk>(first, from, to);
          break;
      }
    }
  }

  // Adds the block's sinusoids to left/right (kBlockFrames each), clears the lane sums,
  // and releases every lane whose deadline is before `next_frame` (the first frame of the
  // next block). Call once per block, after the last Process.
  void Finish(float* left, float* right, std::int64_t next_frame) {
    if (touched_) {
      // Four frames at a time: a 4x4 transpose turns four frames' lane sums into one
      // register per channel (one horizontal sum per frame would cost more).
      for (int i = 0; i < kBlockFrames; i += 4) {
        AddTransposed(sum_left_ + i, left + i);
        AddTransposed(sum_right_ + i, right + i);
      }
      for (int i = 0; i < kBlockFrames; ++i) sum_left_[i] = sum_right_[i] = Float4{};
      touched_ = false;
    }
    Release(next_frame);
  }

 private:
  static constexpr int kGroups = kMaxLanes / 4;
  // Groups run together in one sample loop: four independent recursions keep the
  // multiplier busy while each waits for its previous output, and their states and
  // coefficients still fit in the 16 SSE registers.
  static constexpr int kChunk = 4;
  static constexpr double kHighestNormalizedFrequency = 0.49;
  static constexpr double kHighestGlideNormalizedFrequency = 0.45;
  static constexpr double kLnThousand = 6.907755278982137;  // 60 dB in nepers

  // Frees every lane whose deadline is before next_frame, keeping lanes dense.
  void Release(std::int64_t next_frame) {
    for (int lane = 0; lane < active_;) {
      if (deadline_[lane] >= next_frame) {
        ++lane;
        continue;
      }
      const int last = --active_;
      if (lane != last) Move(last, lane);
      Silence(last);
    }
  }

  template <int kCount>
  void Run(int first, int from, int to) {
    Float4 y1[kCount], y2[kCount], a1[kCount];
    for (int g = 0; g < kCount; ++g) {
      y1[g] = y1_[first + g];
      y2[g] = y2_[first + g];
      a1[g] = a1_[first + g];
    }
    const Float4* a2 = a2_ + first;
    const Float4* gain_l = left_ + first;
    const Float4* gain_r = right_ + first;
    [[maybe_unused]] const Float4* step = step_ + first;
    [[maybe_unused]] const Float4* floor = floor_ + first;
    for (int i = from; i < to; ++i) {
      Float4 sum_l = sum_left_[i], sum_r = sum_right_[i];
      for (int g = 0; g < kCount; ++g) {
        const Float4 y = a1[g] * y1[g] + a2[g] * y2[g];
        y2[g] = y1[g];
        y1[g] = y;
        if constexpr (kGlide) {
          const Float4 moved = a1[g] + step[g];
          a1[g] = moved > floor[g] ? moved : floor[g];
        }
        sum_l += y * gain_l[g];
        sum_r += y * gain_r[g];
      }
      sum_left_[i] = sum_l;
      sum_right_[i] = sum_r;
    }
    for (int g = 0; g < kCount; ++g) {
      y1_[first + g] = y1[g];
      y2_[first + g] = y2[g];
      a1_[first + g] = a1[g];
    }
  }

  // out[0..3] += the lane sums of sums[0..3] (fixed order: (l0 + l2) + (l1 + l3)).
  static void AddTransposed(const Float4* sums, float* out) {
    const Float4 low_01 = __builtin_shufflevector(sums[0], sums[1], 0, 4, 1, 5);
    const Float4 high_01 = __builtin_shufflevector(sums[0], sums[1], 2, 6, 3, 7);
    const Float4 low_23 = __builtin_shufflevector(sums[2], sums[3], 0, 4, 1, 5);
    const Float4 high_23 = __builtin_shufflevector(sums[2], sums[3], 2, 6, 3, 7);
    const Float4 pairs_01 = low_01 + high_01;  // {0: l0+l2, 1: l0+l2, 0: l1+l3, 1: l1+l3}
    const Float4 pairs_23 = low_23 + high_23;
    const Float4 totals = __builtin_shufflevector(pairs_01, pairs_23, 0, 1, 4, 5) +
                          __builtin_shufflevector(pairs_01, pairs_23, 2, 3, 6, 7);
    Float4 previous;
    std::memcpy(&previous, out, sizeof previous);
    previous += totals;
    std::memcpy(out, &previous, sizeof previous);
  }

  int TakeLane() {
    if (active_ < kMaxLanes) return active_++;
    int nearest = 0;
    for (int lane = 1; lane < kMaxLanes; ++lane) {
      if (deadline_[lane] < deadline_[nearest]) nearest = lane;
    }
    return nearest;
  }

  void Move(int from, int to) {
    const int gf = from / 4, lf = from % 4, gt = to / 4, lt = to % 4;
    y1_[gt][lt] = y1_[gf][lf];
    y2_[gt][lt] = y2_[gf][lf];
    a1_[gt][lt] = a1_[gf][lf];
    a2_[gt][lt] = a2_[gf][lf];
    left_[gt][lt] = left_[gf][lf];
    right_[gt][lt] = right_[gf][lf];
    step_[gt][lt] = step_[gf][lf];
    floor_[gt][lt] = floor_[gf][lf];
    deadline_[to] = deadline_[from];
  }

  // A free lane contributes nothing to its group's sums.
  void Silence(int lane) {
    const int g = lane / 4, l = lane % 4;
    y1_[g][l] = y2_[g][l] = a1_[g][l] = a2_[g][l] = 0.0f;
    left_[g][l] = right_[g][l] = step_[g][l] = 0.0f;
    floor_[g][l] = -4.0f;
  }

  double sample_rate_ = 48000.0;
  int active_ = 0;
  Float4 y1_[kGroups] = {};
  Float4 y2_[kGroups] = {};
  Float4 a1_[kGroups] = {};
  Float4 a2_[kGroups] = {};
  Float4 left_[kGroups] = {};
  Float4 right_[kGroups] = {};
  Float4 step_[kGroups] = {};
  Float4 floor_[kGroups] = {};
  std::array<std::int64_t, kMaxLanes> deadline_{};
  Float4 sum_left_[kBlockFrames] = {};
  Float4 sum_right_[kBlockFrames] = {};
  bool touched_ = false;
};

}  // namespace tingle::dsp
