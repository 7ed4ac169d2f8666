// A build for AVX2 (TINGLE_ISA=avx2, CMakeLists.txt) on a CPU without it stops with a
// one-line error before any of that code runs, rather than dying of an illegal
// instruction somewhere in a render. This file alone is built without AVX (-mno-avx), and
// the check runs among the first static constructors (priority 101: before every
// constructor of default priority, which any other file's code could be).
#include <cstdio>
#include <cstdlib>

#include "cli/exit_codes.hpp"

#if defined(TINGLE_ISA_AVX2)
namespace {

__attribute__((constructor(101))) void RequireAvx2() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return;
  std::fputs("tingle: this build needs a CPU with AVX2 (built with -DTINGLE_ISA=avx2); "
             "rebuild with -DTINGLE_ISA=portable\n",
             stderr);
  std::_Exit(tingle::cli::kExitFailure);
}

}  // namespace
#endif
