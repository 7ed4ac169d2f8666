// Which wider instruction sets this CPU runs, for the few kernels built twice.
//
// A kernel with an AVX2 build (256-bit lanes) or an AVX-512 one (512-bit) runs the same
// IEEE operations in the same order on each lane as its portable build: only the lanes
// per instruction differ. The build has -ffp-contract=off, and neither target("avx2") nor
// target("avx512f") enables FMA, so no product is fused into a sum. The bits of a render
// therefore never depend on the CPU (DESIGN §9); tests compare the builds byte for byte.
#pragma once

namespace tingle::dsp {

#if defined(__x86_64__) || defined(__i386__)
#define TINGLE_HAS_AVX2_BUILDS 1
#define TINGLE_TARGET_AVX2 __attribute__((target("avx2")))
// AVX-512 Foundation (512-bit lanes, no fused multiply-add either), for the one kernel
// whose operations are all independent lanes and that the master runs on every frame.
#define TINGLE_TARGET_AVX512 __attribute__((target("avx512f")))
#else
#define TINGLE_HAS_AVX2_BUILDS 0
#define TINGLE_TARGET_AVX2
#define TINGLE_TARGET_AVX512
#endif

// Whether the AVX2 builds can run here (checked once).
inline bool CpuHasAvx2() {
#if defined(__AVX2__)
  return true;  // the whole build needs it (TINGLE_ISA=avx2)
#elif TINGLE_HAS_AVX2_BUILDS
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

// Whether the AVX-512 builds can run here (checked once).
inline bool CpuHasAvx512() {
#if TINGLE_HAS_AVX2_BUILDS
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
#else
  return false;
#endif
}

}  // namespace tingle::dsp
