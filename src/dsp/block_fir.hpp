// A block of a long FIR filter's output, as dot products over memory.
//
// The head-related responses (about 100 taps) are the only long FIRs; their cost is the
// multiply-adds, so the loops keep the vector units full: many outputs at a time, each four
// taps a lane, so each load of taps serves many products and independent sums hide the
// adders' latency (eight outputs in 128-bit registers in the portable build, sixteen in
// 256-bit ones in the AVX2 build). Output i's lane l sums taps l, l + 4, l + 8, ... in
// that order from k = 0, and the lanes are added as (l0 + l2) + (l1 + l3), so both builds
// give the same bits.
#pragma once

namespace tingle::dsp {

// out[i] = sum over k < taps of reversed[k] * x[i + k], for i < kBlockFrames. taps is a
// multiple of 4; x holds taps - 1 + kBlockFrames samples. Picks the AVX2 build where the
// CPU has it (cpu_features.hpp); the bits are the same either way.
void BlockFir(const float* reversed, int taps, const float* x, float* out) noexcept;

// The two builds, for the test that compares them.
void BlockFirPortable(const float* reversed, int taps, const float* x, float* out) noexcept;
void BlockFirAvx2(const float* reversed, int taps, const float* x, float* out) noexcept;

}  // namespace tingle::dsp
