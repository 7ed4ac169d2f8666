// A block read from a delay line whose delay glides by less than a sample across the
// block: one set of four taps per frame, at a fraction that moves linearly.
//
// Catmull-Rom (cubic Hermite) interpolation between tap[i] and tap[i + 1] at fraction
// t_i = t_first + t_step i, times a gain g_i = gain_first + gain_step i:
//   out[i] = g_i * H(tap[i - 1], tap[i], tap[i + 1], tap[i + 2], t_i).
// H is TINGLE_HERMITE below, in Laurent de Soras's factoring (fifteen operations where the
// textbook form takes twenty). The portable build runs four frames a step in 128-bit
// registers, the AVX2 build eight in 256-bit ones; each lane does the same operations in
// the same order (frame numbers are exact in a float), so the bits are the same.
#pragma once

namespace tingle::dsp {

// H(before, at, after, after2, t) for vectors of any width (or plain floats).
#define TINGLE_HERMITE(before, at, after, after2, t, result)                                \
  do {                                                                                      \
    const auto tingle_slope = 0.5f * ((after) - (before));                                  \
    const auto tingle_drop = (at) - (after);                                                \
    const auto tingle_w = tingle_slope + tingle_drop;                                       \
    const auto tingle_cubic = tingle_w + tingle_drop + 0.5f * ((after2) - (at));            \
    const auto tingle_quadratic = tingle_w + tingle_cubic; /* negated */                    \
    (result) = ((tingle_cubic * (t) - tingle_quadratic) * (t) + tingle_slope) * (t) + (at); \
  } while (false)

// The glide as above for the kBlockFrames frames of `out`; tap[-1] .. tap[kBlockFrames + 1]
// must be readable. Picks the AVX2 build where the CPU has it (cpu_features.hpp).
void HermiteGlide(const float* tap, float t_first, float t_step, float gain_first, float gain_step,
                  float* out) noexcept;

// The two builds, for the test that compares them.
void HermiteGlidePortable(const float* tap, float t_first, float t_step, float gain_first,
                          float gain_step, float* out) noexcept;
void HermiteGlideAvx2(const float* tap, float t_first, float t_step, float gain_first,
                      float gain_step, float* out) noexcept;

}  // namespace tingle::dsp
