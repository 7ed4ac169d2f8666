// Flush denormals to zero for the lifetime of a scope (every render thread holds one).
//
// Decaying resonators and filters otherwise drift into subnormal floats, which cost up
// to 100x per operation on x86 (a "denormal stall").
#pragma once

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace tingle {

class ScopedFlushDenormals {
 public:
  ScopedFlushDenormals() {
#if defined(__SSE__) || defined(__x86_64__)
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
#elif defined(__aarch64__)
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(saved_));
    const unsigned long flushed = saved_ | kAarch64FlushToZero;
    __asm__ __volatile__("msr fpcr, %0" : : "r"(flushed));
#endif
  }
  ~ScopedFlushDenormals() {
#if defined(__SSE__) || defined(__x86_64__)
    _mm_setcsr(saved_);
#elif defined(__aarch64__)
    __asm__ __volatile__("msr fpcr, %0" : : "r"(saved_));
#endif
  }
  ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
  ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

 private:
#if defined(__SSE__) || defined(__x86_64__)
  static constexpr unsigned kFlushToZero = 0x8000;       // MXCSR.FTZ
  static constexpr unsigned kDenormalsAreZero = 0x0040;  // MXCSR.DAZ
  unsigned saved_ = 0;
#elif defined(__aarch64__)
  static constexpr unsigned long kAarch64FlushToZero = 1ul << 24;  // FPCR.FZ
  unsigned long saved_ = 0;
#endif
};

}  // namespace tingle
