// Eight floats in one 256-bit register, for the AVX2 builds of a few kernels
// (cpu_features.hpp). Each lane is an ordinary IEEE float operation, as in Float4.
//
// No function takes or returns a Float8: outside an AVX2 build that would change the ABI
// (GCC warns, -Wpsabi), so the helpers are macros, used inside the AVX2 functions.
#pragma once

#include "dsp/float4.hpp"

namespace tingle::dsp {

typedef float Float8 __attribute__((vector_size(32)));
// Eight floats anywhere in memory, as the compilers' own unaligned vector types do it.
typedef float UnalignedFloat8 __attribute__((vector_size(32), aligned(4), may_alias));

}  // namespace tingle::dsp

// Eight floats from memory that need not be aligned.
#define TINGLE_LOAD_FLOAT8(p) (*reinterpret_cast<const ::tingle::dsp::UnalignedFloat8*>(p))
// {low, high}: two Float4 side by side.
#define TINGLE_FLOAT8_JOIN(low, high) __builtin_shufflevector((low), (high), 0, 1, 2, 3, 4, 5, 6, 7)
// {v, v}: one Float4 in both halves.
#define TINGLE_FLOAT8_TWICE(v) TINGLE_FLOAT8_JOIN((v), (v))
// The low and high halves, as Float4.
#define TINGLE_FLOAT8_LOW(v) __builtin_shufflevector((v), (v), 0, 1, 2, 3)
#define TINGLE_FLOAT8_HIGH(v) __builtin_shufflevector((v), (v), 4, 5, 6, 7)
