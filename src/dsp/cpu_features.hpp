// Which wider instruction sets this CPU runs, for the few kernels built twice.
//
// A kernel with an AVX2 build (256-bit lanes) runs the same IEEE operations in the same
// order on each lane as its portable build: only the lanes per instruction differ. The
// build has -ffp-contract=off, and target("avx2") does not enable FMA, so no product is
// fused into a sum. The bits of a render therefore never depend on the CPU (DESIGN §9);
// tests compare the two builds byte for byte.
#pragma once

namespace tingle::dsp {

#if defined(__x86_64__) || defined(__i386__)
#define TINGLE_HAS_AVX2_BUILDS 1
#define TINGLE_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define TINGLE_HAS_AVX2_BUILDS 0
#define TINGLE_TARGET_AVX2
#endif

// Whether the AVX2 builds can run here (checked once).
inline bool CpuHasAvx2() {
#if TINGLE_HAS_AVX2_BUILDS
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

}  // namespace tingle::dsp
