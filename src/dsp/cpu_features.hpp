// Which wider instruction sets this CPU runs, for the code built more than once: a few
// kernels written for each width, and every texture's, spatializer's and master stage's
// block function compiled for the baseline and for AVX2 (CallWidestBuild, below).
//
// A kernel with an AVX2 build (256-bit lanes) or an AVX-512 one (512-bit) runs the same
// IEEE operations in the same order on each lane as its portable build: only the lanes
// per instruction differ. The build has -ffp-contract=off, and neither target("avx2") nor
// target("avx512f") enables FMA, so no product is fused into a sum. The bits of a render
// therefore never depend on the CPU (DESIGN §9); tests compare the builds byte for byte.
#pragma once

#include <cstdlib>

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

// Set in the environment (to anything), TINGLE_BASELINE_ONLY makes every choice below run
// the baseline build, as on a CPU without AVX2: so the tests can compare the builds on
// one machine (tests/e2e/builds_agree.sh). A TINGLE_ISA=avx2 build needs AVX2 throughout
// and keeps it.
inline bool BaselineOnly() {
  static const bool only = std::getenv("TINGLE_BASELINE_ONLY") != nullptr;
  return only;
}

// Whether the AVX2 builds can run here (checked once).
inline bool CpuHasAvx2() {
#if defined(__AVX2__)
  return true;  // the whole build needs it (TINGLE_ISA=avx2)
#elif TINGLE_HAS_AVX2_BUILDS
  static const bool has = __builtin_cpu_supports("avx2") && !BaselineOnly();
  return has;
#else
  return false;
#endif
}

// Whether the AVX-512 builds can run here (checked once).
inline bool CpuHasAvx512() {
#if TINGLE_HAS_AVX2_BUILDS
  static const bool has = __builtin_cpu_supports("avx512f") && !BaselineOnly();
  return has;
#else
  return false;
#endif
}

// A block function built twice, for the baseline and for AVX2, the one the CPU runs picked
// at each call: `kBody` (a member function pointer, defined in the caller's file) is
// compiled into both. `flatten` inlines everything it calls that the compiler can see into
// each build, so its filters and voices run in that build's instructions too (a call left
// out of line would run the baseline's). The two run the same IEEE operations in the same
// order, as the kernels above do: the bits never depend on which runs.
template <auto kBody, typename Self, typename... Args>
[[gnu::flatten]] void CallBaselineBuild(Self* self, Args... args) {
  (self->*kBody)(args...);
}
template <auto kBody, typename Self, typename... Args>
[[gnu::flatten]] TINGLE_TARGET_AVX2 void CallAvx2Build(Self* self, Args... args) {
  (self->*kBody)(args...);
}
template <auto kBody, typename Self, typename... Args>
void CallWidestBuild(Self* self, Args... args) {
  if (CpuHasAvx2()) {
    CallAvx2Build<kBody>(self, args...);
  } else {
    CallBaselineBuild<kBody>(self, args...);
  }
}

}  // namespace tingle::dsp
