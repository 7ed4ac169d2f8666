// One grain: a windowed stretch of a source level read at its own speed, placed in stereo.
//
// The read position is 32.32 fixed point in the level's frames, so a grain's speed is
// exact and its path the same on every run. Between source frames the grain
// interpolates with the 4-point cubic Hermite (Catmull-Rom) polynomial: images some
// 40 dB down where linear interpolation leaves them at 20-30 dB, for four reads a frame
// (Niemitalo, "Polynomial interpolators for high-quality resampling of oversampled
// audio", 2001). A grain at unit speed on a whole frame, the common case (no
// transposition, or exactly an octave up on level 1), reads the frames directly.
//
// The window: a Hann grain runs a rotating phasor, (cos, sin) turned by a fixed angle
// each frame (a handful of multiplies, renormalised once per block so rounding cannot
// grow it; the phase drifts by < 1e-6 rad over a grain, and the window's ends are flat,
// so its error stays below 1e-6); other shapes read their table (grain_window.hpp) by a
// 32-bit phase that covers the grain once.
//
// Frames go four at a time in SIMD lanes, in groups aligned to the block; a grain that
// starts or ends inside a group masks the lanes outside it to exactly zero (their reads
// stay inside the level's guards). Gains are folded once per grain; the loops touch only
// locals, and the window and source kinds are template parameters, not per-frame tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/block.hpp"
#include "core/units.hpp"
#include "dsp/float4.hpp"
#include "synth/granular/grain_window.hpp"
#include "synth/granular/source_levels.hpp"

namespace tingle::synth {

struct GrainVoice {
  static constexpr std::int64_t kOne = std::int64_t{1} << 32;  // one frame, 32.32
  static constexpr int kLanes = 4;
  static_assert(kBlockFrames % kLanes == 0, "groups of four frames tile a block");

  const float* source = nullptr;  // SourceLevels::Level::samples
  std::int64_t length = 1;        // the level's length, frames
  std::int64_t position = 0;      // 32.32, level frames
  std::int64_t step = kOne;       // 32.32 per output frame; < 0 reads backwards; |step| <= kOne
  std::uint32_t window_phase = 0;
  std::uint32_t window_step = 0;
  int frames_left = 0;
  int offset = 0;  // where in the current block it starts (0 after its first block)
  float left_gain = 0.0f;
  float right_gain = 0.0f;
  // Hann by phasor: lanes hold cos and sin of 2π k / L for the group's frames k.
  bool rotating = false;
  dsp::Float4 cosine{};
  dsp::Float4 sine{};
  float turn_cos = 1.0f;  // cos and sin of 4 frames' angle
  float turn_sin = 0.0f;

  // Sets up a grain of `frames` frames (>= 2) that starts at `start_offset` in its block.
  void Begin(int frames, int start_offset, bool hann) {
    frames_left = frames;
    offset = start_offset;
    window_phase = 0;
    window_step = GrainWindow::PhaseStep(frames);
    rotating = hann;
    if (!hann) return;
    // The first group begins `lead` frames before the grain: those lanes are masked.
    const int lead = start_offset % kLanes;
    const double angle = kTwoPi / frames;
    for (int j = 0; j < kLanes; ++j) {
      cosine[j] = static_cast<float>(std::cos(angle * (j - lead)));
      sine[j] = static_cast<float>(std::sin(angle * (j - lead)));
    }
    turn_cos = static_cast<float>(std::cos(angle * kLanes));
    turn_sin = static_cast<float>(std::sin(angle * kLanes));
  }

  // Adds the grain's share of one block to left/right; false once the grain has ended.
  bool Render(const GrainWindow& window, float* left, float* right) {
    // Back onto the loop once per block; the level's guards cover one block's travel.
    const std::int64_t wrap = length * kOne;
    if (position < 0 || position >= wrap) {
      position %= wrap;
      if (position < 0) position += wrap;
    }
    const int begin = offset;
    const int end = std::min(kBlockFrames, begin + frames_left);
    const bool direct = step == kOne && (position & (kOne - 1)) == 0;
    if (rotating) {
      direct ? Run<true, true>(window, left, right, begin, end)
             : Run<true, false>(window, left, right, begin, end);
    } else {
      direct ? Run<false, true>(window, left, right, begin, end)
             : Run<false, false>(window, left, right, begin, end);
    }
    frames_left -= end - begin;
    offset = 0;
    return frames_left > 0;
  }

 private:
  typedef std::uint32_t Phase4 __attribute__((vector_size(16)));
  using Int4 = dsp::Int4;


  // The window at four phases: four 8-byte reads of (point, step to the next).
  static dsp::Float4 TableWindow(const float* __restrict pairs, Phase4 phase) {
    const Phase4 index = (phase >> GrainWindow::kFractionBits) * 2u;
    const float* a = pairs + index[0];
    const float* b = pairs + index[1];
    const float* c = pairs + index[2];
    const float* d = pairs + index[3];
    const dsp::Float4 point{a[0], b[0], c[0], d[0]};
    const dsp::Float4 slope{a[1], b[1], c[1], d[1]};
    const dsp::Float4 fraction =
        __builtin_convertvector(reinterpret_cast<Int4>(phase & GrainWindow::kFractionMask),
                                dsp::Float4) *
        GrainWindow::kFractionScale;
    return point + fraction * slope;
  }

  // Catmull-Rom through (-1, xm1), (0, x0), (1, x1), (2, x2) at f in [0, 1).
  static dsp::Float4 Hermite(dsp::Float4 xm1, dsp::Float4 x0, dsp::Float4 x1, dsp::Float4 x2,
                             dsp::Float4 f) {
    const dsp::Float4 c1 = 0.5f * (x1 - xm1);
    const dsp::Float4 c2 = xm1 - 2.5f * x0 + 2.0f * x1 - 0.5f * x2;
    const dsp::Float4 c3 = 0.5f * (x2 - xm1) + 1.5f * (x0 - x1);
    return ((c3 * f + c2) * f + c1) * f + x0;
  }

  static float SourceFraction(std::int64_t p) {
    return static_cast<float>(static_cast<std::uint32_t>(p)) * (1.0f / 4294967296.0f);
  }

  // Four source frames from 32.32 position p (lane 0) on, at p_step apart.
  static dsp::Float4 Interpolate(const float* __restrict x, std::int64_t p, std::int64_t p_step) {
    const std::int64_t p1 = p + p_step, p2 = p1 + p_step, p3 = p2 + p_step;
    const float* a = x + (p >> 32);
    const float* b = x + (p1 >> 32);
    const float* c = x + (p2 >> 32);
    const float* d = x + (p3 >> 32);
    const dsp::Float4 f{SourceFraction(p), SourceFraction(p1), SourceFraction(p2),
                        SourceFraction(p3)};
    return Hermite(dsp::Float4{a[-1], b[-1], c[-1], d[-1]}, dsp::Float4{a[0], b[0], c[0], d[0]},
                   dsp::Float4{a[1], b[1], c[1], d[1]}, dsp::Float4{a[2], b[2], c[2], d[2]}, f);
  }

  // Frames [begin, end) of the block, in groups of four from begin rounded down.
  template <bool kRotating, bool kDirect>
  void Run(const GrainWindow& window, float* __restrict left, float* __restrict right, int begin,
           int end) {
    const int first = begin - begin % kLanes;
    const int lead = begin - first;  // lanes of the first group before the grain
    const float* __restrict pairs = window.pairs();
    const dsp::Float4 gain_left = dsp::Broadcast(left_gain);
    const dsp::Float4 gain_right = dsp::Broadcast(right_gain);
    const Int4 begin4 = Int4{} + begin;
    const Int4 end4 = Int4{} + end;
    const Int4 lane_index{0, 1, 2, 3};
    // Window state: a phasor, or table phases.
    dsp::Float4 c = cosine, s = sine;
    const dsp::Float4 turn_c = dsp::Broadcast(turn_cos), turn_s = dsp::Broadcast(turn_sin);
    Phase4 phases =
        window_phase + (Phase4{0, 1, 2, 3} - static_cast<std::uint32_t>(lead)) * window_step;
    const Phase4 phase_step4 = Phase4{} + kLanes * window_step;
    // Source: lane 0's position (32.32) and, direct, the frame it reads.
    const std::int64_t p_step = step;
    std::int64_t p = position - lead * p_step;
    const float* __restrict direct = source + (position >> 32) - begin;
    const float* __restrict x = source;
    for (int n = first; n < end; n += kLanes) {
      dsp::Float4 w;
      if constexpr (kRotating) {
        w = 0.5f - 0.5f * c;
        const dsp::Float4 next_c = c * turn_c - s * turn_s;
        s = s * turn_c + c * turn_s;
        c = next_c;
      } else {
        w = TableWindow(pairs, phases);
        phases += phase_step4;
      }
      dsp::Float4 v;
      if constexpr (kDirect) {
        v = w * dsp::LoadFloat4(direct + n);
      } else {
        v = w * Interpolate(x, p, p_step);
        p += kLanes * p_step;
      }
      // Lanes outside [begin, end) add nothing.
      const Int4 frame = lane_index + n;
      const Int4 inside = (frame >= begin4) & (frame < end4);
      v = reinterpret_cast<dsp::Float4>(reinterpret_cast<Int4>(v) & inside);
      dsp::StoreFloat4(left + n, dsp::LoadFloat4(left + n) + gain_left * v);
      dsp::StoreFloat4(right + n, dsp::LoadFloat4(right + n) + gain_right * v);
    }
    if constexpr (kRotating) {
      // Pull the phasor back onto the unit circle (one Newton step for 1 / |z|).
      const dsp::Float4 scale = 1.5f - 0.5f * (c * c + s * s);
      cosine = c * scale;
      sine = s * scale;
    }
    const int frames = end - begin;
    window_phase += static_cast<std::uint32_t>(frames) * window_step;
    position += static_cast<std::int64_t>(frames) * p_step;
  }
};

}  // namespace tingle::synth
