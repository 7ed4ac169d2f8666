// Float samples to PCM codes with seeded TPDF dither.
#include "io/quantizer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "dsp/cpu_features.hpp"

#if TINGLE_HAS_AVX2_BUILDS
#include <immintrin.h>
#endif

namespace tingle::io {
namespace {

// Dither values are drawn this many at a time (Pcg32::Fill), then the samples are
// quantized from them: both loops then run without waiting on each other.
constexpr std::size_t kChunk = 256;

// Full scale of a signed integer of `kBits` bits: 1.0 maps to 2^(kBits - 1) LSB, so the
// scale is a power of two and the scaling itself is exact.
constexpr int kHalfBits = 16;
constexpr std::uint32_t kHalfMask = (1u << kHalfBits) - 1u;
constexpr double kHalfScale = 1.0 / static_cast<double>(1u << kHalfBits);

template <int kBits>
constexpr double kFullScale = static_cast<double>(std::int64_t{1} << (kBits - 1));
template <int kBits>
constexpr double kMinCode = -kFullScale<kBits>;
template <int kBits>
constexpr double kMaxCode = kFullScale<kBits> - 1.0;

// Dither, scale, round to nearest, clamp. Rounding and clamping are done in double before
// the cast: a cast of an out-of-range value is undefined and is what makes other
// converters wrap 1.5 around to a negative code. One 32-bit draw for every sample,
// whatever its value, so the stream stays aligned: its halves are two independent
// uniforms in [0, 1) at 1/65536 LSB resolution (far finer than dither needs), and their
// difference is triangular on (-1, 1) LSB.
template <int kBits>
std::int32_t Quantize(float sample, std::uint32_t bits) {
  const double triangular =
      (static_cast<double>(bits >> kHalfBits) - static_cast<double>(bits & kHalfMask)) * kHalfScale;
  if (std::isnan(sample)) sample = 0.0f;
  double code = std::floor(static_cast<double>(sample) * kFullScale<kBits> + triangular + 0.5);
  if (code < kMinCode<kBits>) code = kMinCode<kBits>;
  if (code > kMaxCode<kBits>) code = kMaxCode<kBits>;
  return static_cast<std::int32_t>(code);
}

template <int kBits>
void QuantizePortable(const float* in, const std::uint32_t* bits, std::int32_t* out, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) out[i] = Quantize<kBits>(in[i], bits[i]);
}

#if TINGLE_HAS_AVX2_BUILDS
// Quantize's operations, in its order, four samples at a time in double lanes: the same
// bits. The last count % 4 samples go through Quantize itself.
template <int kBits>
TINGLE_TARGET_AVX2 void QuantizeAvx2(const float* in, const std::uint32_t* bits, std::int32_t* out,
                                     std::size_t count) {
  const __m256d full_scale = _mm256_set1_pd(kFullScale<kBits>);
  const __m256d half_scale = _mm256_set1_pd(kHalfScale);
  const __m256d one_half = _mm256_set1_pd(0.5);
  const __m256d min_code = _mm256_set1_pd(kMinCode<kBits>);
  const __m256d max_code = _mm256_set1_pd(kMaxCode<kBits>);
  const __m128i half_mask = _mm_set1_epi32(static_cast<int>(kHalfMask));
  std::size_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const __m128i draw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bits + i));
    // Both halves are below 2^16, so the signed conversion reads them right.
    const __m256d high = _mm256_cvtepi32_pd(_mm_srli_epi32(draw, kHalfBits));
    const __m256d low = _mm256_cvtepi32_pd(_mm_and_si128(draw, half_mask));
    const __m256d triangular = _mm256_mul_pd(_mm256_sub_pd(high, low), half_scale);
    __m128 samples = _mm_loadu_ps(in + i);
    samples = _mm_and_ps(samples, _mm_cmpord_ps(samples, samples));  // NaN -> +0
    __m256d code = _mm256_mul_pd(_mm256_cvtps_pd(samples), full_scale);
    code = _mm256_floor_pd(_mm256_add_pd(_mm256_add_pd(code, triangular), one_half));
    // As the two ifs: max and min return their second operand when the first is not
    // larger, and no NaN is left.
    code = _mm256_max_pd(code, min_code);
    code = _mm256_min_pd(code, max_code);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvttpd_epi32(code));
  }
  for (; i < count; ++i) out[i] = Quantize<kBits>(in[i], bits[i]);
}
#endif

template <int kBits, typename Code>
void QuantizeStream(Pcg32& dither, bool avx2, const float* in, Code* out, std::size_t count) {
  std::array<std::uint32_t, kChunk> bits;
  std::array<std::int32_t, kChunk> codes;
  for (std::size_t done = 0; done < count;) {
    const std::size_t size = std::min(kChunk, count - done);
    dither.Fill(bits.data(), size);
#if TINGLE_HAS_AVX2_BUILDS
    if (avx2) {
      QuantizeAvx2<kBits>(in + done, bits.data(), codes.data(), size);
    } else {
      QuantizePortable<kBits>(in + done, bits.data(), codes.data(), size);
    }
#else
    static_cast<void>(avx2);
    QuantizePortable<kBits>(in + done, bits.data(), codes.data(), size);
#endif
    for (std::size_t i = 0; i < size; ++i) out[done + i] = static_cast<Code>(codes[i]);
    done += size;
  }
}

}  // namespace

void Quantizer::ToPcm16(const float* in, std::int16_t* out, std::size_t count) {
  QuantizeStream<16>(dither_, avx2_, in, out, count);
}

void Quantizer::ToPcm24(const float* in, std::int32_t* out, std::size_t count) {
  QuantizeStream<24>(dither_, avx2_, in, out, count);
}

void Quantizer::ToFloat(const float* in, float* out, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const float sample = in[i];
    if (std::isnan(sample)) {
      out[i] = 0.0f;
    } else {
      out[i] = sample < -1.0f ? -1.0f : (sample > 1.0f ? 1.0f : sample);
    }
  }
}

}  // namespace tingle::io
