// Four floats in one SIMD register (GCC/Clang vector extension: SSE on x86, NEON on ARM).
//
// Used where the compiler will not vectorise on its own without -ffast-math. Each lane is
// an ordinary IEEE float operation, so results are the same bits as the scalar code.
#pragma once

#include <cstring>

namespace tingle::dsp {

typedef float Float4 __attribute__((vector_size(16)));
// Four 32-bit integers, for indices computed in Float4 lanes (__builtin_convertvector).
typedef int Int4 __attribute__((vector_size(16)));

inline Float4 Broadcast(float value) { return Float4{value, value, value, value}; }

// Four floats from memory that need not be 16-byte aligned, and back.
inline Float4 LoadFloat4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void StoreFloat4(float* p, Float4 v) { std::memcpy(p, &v, sizeof v); }

// {earlier[3], v[0], v[1], v[2]}: a stream of groups delayed by one sample. Two shuffles
// that SSE2 has (shufps); the one-step shuffle compiles to seven instructions on GCC 12.
inline Float4 DelayedByOne(Float4 earlier, Float4 v) {
  const Float4 joint = __builtin_shufflevector(earlier, v, 3, 3, 4, 4);
  return __builtin_shufflevector(joint, v, 0, 2, 5, 6);
}

// (a + c) + (b + d): a fixed order, so the sum is reproducible.
inline float HorizontalSum(Float4 v) { return (v[0] + v[2]) + (v[1] + v[3]); }

}  // namespace tingle::dsp
