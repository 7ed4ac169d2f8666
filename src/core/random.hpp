// Owned, seeded random streams: SplitMix64 seeding, PCG32 streams, counter-based draws.
//
// Determinism rule (DESIGN §9): every stream derives from (recipe seed, layer name,
// purpose) through StreamSeed, and per-event values come from EventUnit(seed, k, draw),
// so event k is the same whoever asks and in whatever order. std::*_distribution is
// avoided on purpose: its output differs between standard libraries.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tingle {

// One SplitMix64 step (Steele, Lea & Flood 2014): a strong 64-bit mixer.
constexpr std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over bytes: stable across platforms (unlike std::hash).
constexpr std::uint64_t Fnv1a64(std::string_view text,
                                std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// Seed of a named stream below a parent seed. Chains: StreamSeed(StreamSeed(seed,
// layer_name), "events") is the events stream of one layer.
constexpr std::uint64_t StreamSeed(std::uint64_t parent, std::string_view name) {
  return SplitMix64(parent ^ SplitMix64(Fnv1a64(name)));
}

constexpr std::uint64_t StreamSeed(std::uint64_t parent, std::uint64_t index) {
  return SplitMix64(parent ^ SplitMix64(index + 0x632be59bd9b4e019ULL));
}

// Uniform in [0, 1) from the top 53 bits of a 64-bit value.
constexpr double ToUnit(std::uint64_t bits) {
  return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);
}

// Counter-based draw: value `draw` of event `k` of the stream `seed`, uniform in [0, 1).
constexpr double EventUnit(std::uint64_t seed, std::uint64_t k, std::uint64_t draw) {
  return ToUnit(SplitMix64(SplitMix64(seed ^ SplitMix64(k)) + draw));
}

// PCG32 (O'Neill 2014, XSH-RR): a small, fast sequential stream.
class Pcg32 {
 public:
  explicit Pcg32(std::uint64_t seed = 0) { Seed(seed); }

  void Seed(std::uint64_t seed) {
    state_ = 0;
    increment_ = (SplitMix64(seed ^ 0xda3e39cb94b95bdbULL) << 1) | 1u;
    Next();
    state_ += SplitMix64(seed);
    Next();
  }

  std::uint32_t Next() {
    const std::uint64_t old = state_;
    state_ = old * kMultiplier + increment_;
    return Output(old);
  }

  // The next `count` values, exactly as `count` calls of Next would give them. Four
  // states one step apart each jump four steps at a time (s' = a^4 s + c (a^3 + a^2 + a +
  // 1), mod 2^64), so four multiplies run side by side instead of each waiting on the one
  // before: what a long run of draws (the output's dither) is bound by.
  void Fill(std::uint32_t* out, std::size_t count) {
    constexpr std::uint64_t a2 = kMultiplier * kMultiplier;
    constexpr std::uint64_t a4 = a2 * a2;
    const std::uint64_t c4 = increment_ * (a2 * kMultiplier + a2 + kMultiplier + 1);
    std::uint64_t lanes[4];
    lanes[0] = state_;
    for (int j = 1; j < 4; ++j) lanes[j] = lanes[j - 1] * kMultiplier + increment_;
    // The bounds as two separate counts: GCC 12 misreads a shared index's tail loop, once
    // inlined with a constant count, as running 2^62 times (-Waggressive-loop-optimizations).
    const std::size_t whole = count - count % 4;
    for (std::size_t i = 0; i < whole; i += 4) {
      for (int j = 0; j < 4; ++j) {
        out[i + static_cast<std::size_t>(j)] = Output(lanes[j]);
        lanes[j] = lanes[j] * a4 + c4;
      }
    }
    state_ = lanes[0];
    for (std::size_t i = whole; i < count; ++i) out[i] = Next();
  }

  // Uniform in [0, 1), 24 bits: exact in float.
  float UnitFloat() { return UnitFromBits(Next()); }

  // Uniform in [-1, 1).
  float SignedFloat() { return UnitFloat() * 2.0f - 1.0f; }

  // The next `count` values of SignedFloat, drawn with Fill: a block of white noise.
  void SignedFloats(float* out, std::size_t count) {
    constexpr std::size_t kChunk = 64;
    std::uint32_t bits[kChunk];
    for (std::size_t start = 0; start < count; start += kChunk) {
      const std::size_t n = count - start < kChunk ? count - start : kChunk;
      Fill(bits, n);
      for (std::size_t i = 0; i < n; ++i) {
        out[start + i] = UnitFromBits(bits[i]) * 2.0f - 1.0f;
      }
    }
  }

  // Uniform in [0, 1), 53 bits.
  double UnitDouble() {
    const std::uint64_t high = Next();
    const std::uint64_t low = Next();
    return ToUnit((high << 32) | low);
  }

  // Uniform integer in [0, bound), bound > 0 (Lemire's multiply, tiny bias is irrelevant here).
  std::uint32_t Below(std::uint32_t bound) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(Next()) * bound) >> 32);
  }

  // Standard normal by Box–Muller on two uniforms (no std::normal_distribution).
  double Gaussian() {
    const double u1 = 1.0 - UnitDouble();  // (0, 1]
    const double u2 = UnitDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // Exponential waiting time with the given mean.
  double Exponential(double mean) { return -mean * std::log(1.0 - UnitDouble()); }

 private:
  static constexpr std::uint64_t kMultiplier = 6364136223846793005ULL;

  // XSH-RR: the output permutation of a state.
  static std::uint32_t Output(std::uint64_t state) {
    const auto xorshifted = static_cast<std::uint32_t>(((state >> 18u) ^ state) >> 27u);
    const auto rotation = static_cast<std::uint32_t>(state >> 59u);
    return (xorshifted >> rotation) | (xorshifted << ((32u - rotation) & 31u));
  }

  // The top 24 of 32 random bits as a float in [0, 1).
  static float UnitFromBits(std::uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

  std::uint64_t state_ = 0;
  std::uint64_t increment_ = 1;
};

}  // namespace tingle
