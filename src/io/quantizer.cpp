// Float samples to PCM codes with seeded TPDF dither.
#include "io/quantizer.hpp"

#include <cmath>

namespace tingle::io {
namespace {

// Full scale of a signed integer of `kBits` bits: 1.0 maps to 2^(kBits - 1) LSB, so the
// scale is a power of two and the scaling itself is exact.
constexpr int kHalfBits = 16;
constexpr std::uint32_t kHalfMask = (1u << kHalfBits) - 1u;
constexpr double kHalfScale = 1.0 / static_cast<double>(1u << kHalfBits);

template <int kBits>
constexpr double kFullScale = static_cast<double>(std::int64_t{1} << (kBits - 1));

// Dither, scale, round to nearest, clamp. Rounding and clamping are done in double before
// the cast: a cast of an out-of-range value is undefined and is what makes other
// converters wrap 1.5 around to a negative code.
template <int kBits>
std::int32_t Quantize(float sample, Pcg32& dither) {
  constexpr double kMinCode = -kFullScale<kBits>;
  constexpr double kMaxCode = kFullScale<kBits> - 1.0;
  // One 32-bit draw for every sample, whatever its value, so the stream stays aligned. Its
  // halves are two independent uniforms in [0, 1) at 1/65536 LSB resolution (far finer than
  // dither needs); their difference is triangular on (-1, 1) LSB. One draw instead of two
  // halves the generator's cost, which dominates quantisation.
  const std::uint32_t bits = dither.Next();
  const double triangular =
      (static_cast<double>(bits >> kHalfBits) - static_cast<double>(bits & kHalfMask)) * kHalfScale;
  if (std::isnan(sample)) sample = 0.0f;
  double code = std::floor(static_cast<double>(sample) * kFullScale<kBits> + triangular + 0.5);
  if (code < kMinCode) code = kMinCode;
  if (code > kMaxCode) code = kMaxCode;
  return static_cast<std::int32_t>(code);
}

}  // namespace

// The generator is copied into a local for the loop and stored back (stmlib style), so the
// compiler can keep its state in registers.
void Quantizer::ToPcm16(const float* in, std::int16_t* out, std::size_t count) {
  Pcg32 dither = dither_;
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = static_cast<std::int16_t>(Quantize<16>(in[i], dither));
  }
  dither_ = dither;
}

void Quantizer::ToPcm24(const float* in, std::int32_t* out, std::size_t count) {
  Pcg32 dither = dither_;
  for (std::size_t i = 0; i < count; ++i) out[i] = Quantize<24>(in[i], dither);
  dither_ = dither;
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
