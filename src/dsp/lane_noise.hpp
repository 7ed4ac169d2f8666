// Four independent white-noise generators, one per SIMD lane (xorshift128).
//
// Marsaglia's xorshift128 ("Xorshift RNGs", J. Stat. Software 8(14), 2003): shifts and
// xors only, which SSE2 and NEON do four lanes at a time, where a scalar generator per
// channel would cost four serial draws. Period 2^128 - 1 per lane, so no bed ever
// repeats. Its low bits fail some statistical batteries; audio noise only needs a flat
// spectrum and no audible pattern, which it has. Lanes are seeded through SplitMix64
// from one seed, so they are uncorrelated and reproducible (DESIGN §9).
#pragma once

#include <cstdint>

#include "core/random.hpp"
#include "dsp/float4.hpp"

namespace tingle::dsp {

class LaneNoise {
 public:
  void Seed(std::uint64_t seed) {
    Words* words[4] = {&x_, &y_, &z_, &w_};
    for (int word = 0; word < 4; ++word) {
      for (int lane = 0; lane < 4; ++lane) {
        seed = SplitMix64(seed);
        // A zero state would stay zero; SplitMix64 output is never zero in all 4 words
        // of a lane in practice, and the | 1 on the last word makes sure.
        (*words[word])[lane] = static_cast<std::uint32_t>(seed >> 32) | (word == 3 ? 1u : 0u);
      }
    }
  }

  // Four uniform draws in [-1, 1), one per lane (31 bits of resolution).
  Float4 Next() { return NextRaw() * kRawToUnit; }

  // Four uniform draws in [-2^31, 2^31), as floats: for callers that fold the scale
  // kRawToUnit into a gain of their own.
  Float4 NextRaw() {
    Step();
    // Reinterpreted as signed, the word is uniform in [-2^31, 2^31).
    return __builtin_convertvector(reinterpret_cast<SignedWords>(w_), Float4);
  }

  // Eight uniform draws in [-2^15, 2^15) from one step: the high and the low 16 bits of
  // each lane's word (a noise floor 96 dB down: plenty for a noise bed). Scale by
  // kPairRawToUnit for [-1, 1).
  void NextPairRaw(Float4& high, Float4& low) {
    Step();
    const SignedWords as_signed = reinterpret_cast<SignedWords>(w_);
    const SignedWords high_half = as_signed >> 16;         // arithmetic shift
    const SignedWords low_half = (as_signed << 16) >> 16;  // sign-extended low half
    high = __builtin_convertvector(high_half, Float4);
    low = __builtin_convertvector(low_half, Float4);
  }

  // `frames` (a multiple of 4) stereo pairs of 16-bit draws in [-2^15, 2^15), as
  // NextPairRaw gives them, frame i's pair {a, b} as {a, b, a, b}: a step serves four
  // frames (lane k's high half is frame k's a, its low half frame k's b), where a scalar
  // generator draws once a frame.
  void NextStereoPairsRaw(Float4* pairs, int frames) {
    for (int i = 0; i < frames; i += 4) {
      Float4 a, b;
      NextPairRaw(a, b);
      const Float4 first = __builtin_shufflevector(a, b, 0, 4, 1, 5);   // a0 b0 a1 b1
      const Float4 second = __builtin_shufflevector(a, b, 2, 6, 3, 7);  // a2 b2 a3 b3
      pairs[i] = __builtin_shufflevector(first, first, 0, 1, 0, 1);
      pairs[i + 1] = __builtin_shufflevector(first, first, 2, 3, 2, 3);
      pairs[i + 2] = __builtin_shufflevector(second, second, 0, 1, 0, 1);
      pairs[i + 3] = __builtin_shufflevector(second, second, 2, 3, 2, 3);
    }
  }

  static constexpr float kRawToUnit = 1.0f / 2147483648.0f;
  static constexpr float kPairRawToUnit = 1.0f / 32768.0f;

 private:
  typedef std::uint32_t Words __attribute__((vector_size(16)));
  typedef std::int32_t SignedWords __attribute__((vector_size(16)));

  void Step() {
    const Words t = x_ ^ (x_ << 11);
    x_ = y_;
    y_ = z_;
    z_ = w_;
    w_ = (w_ ^ (w_ >> 19)) ^ (t ^ (t >> 8));
  }

  Words x_{1, 2, 3, 4};
  Words y_{5, 6, 7, 8};
  Words z_{9, 10, 11, 12};
  Words w_{13, 14, 15, 16};
};

}  // namespace tingle::dsp
