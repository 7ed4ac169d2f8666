// Float samples to PCM codes with seeded TPDF dither; the one conversion every sink uses.
//
// TPDF dither (Lipshitz, Wannamaker & Vanderkooy, "Quantization and Dither: A Theoretical
// Survey", JAES 40(5), 1992): adding the sum of two independent uniform values, ±1 LSB
// triangular in total, before rounding makes the error's first two moments independent of
// the signal, so quiet fades decay into steady hiss instead of distortion and truncation.
// libsndfile's own dither option is a no-op (DEPS §4c), hence this class.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/random.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::io {

class Quantizer {
 public:
  // One sequential dither stream: the n-th sample ever passed gets the n-th dither value,
  // so output depends only on the sample sequence, never on how it was split into calls.
  // Use one Quantizer per output and one bit depth per Quantizer.
  explicit Quantizer(std::uint64_t dither_seed) : dither_(dither_seed) {}

  // `count` samples in [-1, 1] (full scale 1.0 = 32768 LSB) to 16-bit codes. Out-of-range
  // input clamps to [-32768, 32767] and never wraps; NaN counts as silence.
  void ToPcm16(const float* in, std::int16_t* out, std::size_t count);

  // The same at 24 bits (full scale 8388608 LSB): codes in [-8388608, 8388607].
  void ToPcm24(const float* in, std::int32_t* out, std::size_t count);

  // Float output keeps its precision: no dither, only clamped to [-1, 1] (NaN → 0).
  static void ToFloat(const float* in, float* out, std::size_t count);

  // Runs the portable build of the conversion even where the AVX2 one could run (they
  // give the same codes). For tests.
  void UsePortableBuild() { avx2_ = false; }

 private:
  Pcg32 dither_;
  bool avx2_ = dsp::CpuHasAvx2();
};

}  // namespace tingle::io
