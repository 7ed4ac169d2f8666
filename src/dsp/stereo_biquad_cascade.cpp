#include "dsp/stereo_biquad_cascade.hpp"

#include <cstring>

#include "core/block.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/float4.hpp"
#include "dsp/float8.hpp"

#if TINGLE_HAS_AVX2_BUILDS
#include <immintrin.h>
#endif

namespace tingle::dsp {
namespace {

using Lanes = StereoBiquadCascade::Lanes;
constexpr int kSections = StereoBiquadCascade::kSections;
constexpr int kLanes = StereoBiquadCascade::kLanes;
// Steps between a frame entering the first section and leaving the last.
constexpr int kLag = kSections - 1;

typedef int Int8 __attribute__((vector_size(32)));

// {entering[3], y[0], y[1], y[2], entering[7], y[4], y[5], y[6]}: each half of y moved
// up one lane, the top lane of entering's half coming in below. It is on the recursion's
// critical path: on x86 one byte alignment costs 2 cycles less there than a permute and a
// blend, whose hand-over between execution units adds a delay.
#if TINGLE_HAS_AVX2_BUILDS
#define TINGLE_SHIFT_IN_HALVES(y, entering)                                 \
  reinterpret_cast<Float8>(_mm256_alignr_epi8(reinterpret_cast<__m256i>(y), \
                                              reinterpret_cast<__m256i>(entering), 12))
#else
#define TINGLE_SHIFT_IN_HALVES(y, entering) \
  __builtin_shufflevector((y), (entering), 11, 0, 1, 2, 15, 4, 5, 6)
#endif

}  // namespace

void StereoBiquadCascade::Init(const std::array<BiquadSection, kSections>& sections) noexcept {
  for (int lane = 0; lane < kLanes; ++lane) {
    const BiquadSection& section = sections[static_cast<std::size_t>(lane % kSections)];
    lanes_.b0[lane] = section.b0;
    lanes_.b1[lane] = section.b1;
    lanes_.b2[lane] = section.b2;
    lanes_.a1[lane] = section.a1;
    lanes_.a2[lane] = section.a2;
  }
  Reset();
}

void StereoBiquadCascade::Reset() noexcept {
  std::memset(lanes_.s1, 0, sizeof lanes_.s1);
  std::memset(lanes_.s2, 0, sizeof lanes_.s2);
}

// A block is kBlockFrames + kLag steps; step t runs section k on frame t - k. In the first
// kLag steps the later sections have no frame of this block yet, in the last kLag the
// earlier ones none left: those sections keep their state (the `live` mask). What the
// lanes of such a section compute, or pass up to the next, is never used.
//
// In 128-bit lanes: a pipeline a channel, the two run side by side.
void BiquadCascadePortable(Lanes& lanes, float* left, float* right) noexcept {
  float* const io[2] = {left, right};
  Float4 b0[2], b1[2], b2[2], a1[2], a2[2], s1[2], s2[2], y[2] = {};
  for (int c = 0; c < 2; ++c) {
    const int first = c * kSections;
    b0[c] = LoadFloat4(lanes.b0 + first);
    b1[c] = LoadFloat4(lanes.b1 + first);
    b2[c] = LoadFloat4(lanes.b2 + first);
    a1[c] = LoadFloat4(lanes.a1 + first);
    a2[c] = LoadFloat4(lanes.a2 + first);
    s1[c] = LoadFloat4(lanes.s1 + first);
    s2[c] = LoadFloat4(lanes.s2 + first);
  }
  // One step of both channels: the sections' outputs move one lane up, the channel's frame
  // `in` enters lane 0, and the sections in `live` keep their new state.
#define TINGLE_CASCADE_STEP4(in, live)                                                \
  for (int c = 0; c < 2; ++c) {                                                       \
    const Float4 x = __builtin_shufflevector(y[c], Float4{in}, 4, 0, 1, 2);           \
    Float4 next_s1 = s1[c], next_s2 = s2[c];                                          \
    TINGLE_BIQUAD_STEP(b0[c], b1[c], b2[c], a1[c], a2[c], next_s1, next_s2, x, y[c]); \
    s1[c] = (live) ? next_s1 : s1[c];                                                 \
    s2[c] = (live) ? next_s2 : s2[c];                                                 \
  }
  const Int4 section = {0, 1, 2, 3};
  for (int t = 0; t < kLag; ++t) {
    TINGLE_CASCADE_STEP4(io[c][t], section <= t)
  }
  for (int t = kLag; t < kBlockFrames; ++t) {
    TINGLE_CASCADE_STEP4(io[c][t], section >= 0)
    for (int c = 0; c < 2; ++c) io[c][t - kLag] = y[c][kSections - 1];
  }
  for (int t = kBlockFrames; t < kBlockFrames + kLag; ++t) {
    TINGLE_CASCADE_STEP4(0.0f, section > t - kBlockFrames)
    for (int c = 0; c < 2; ++c) io[c][t - kLag] = y[c][kSections - 1];
  }
#undef TINGLE_CASCADE_STEP4
  for (int c = 0; c < 2; ++c) {
    StoreFloat4(lanes.s1 + c * kSections, s1[c]);
    StoreFloat4(lanes.s2 + c * kSections, s2[c]);
  }
}

// In 256-bit lanes: both channels' pipelines in one register.
TINGLE_TARGET_AVX2 void BiquadCascadeAvx2(Lanes& lanes, float* left, float* right) noexcept {
  const Float8 b0 = TINGLE_LOAD_FLOAT8(lanes.b0), b1 = TINGLE_LOAD_FLOAT8(lanes.b1);
  const Float8 b2 = TINGLE_LOAD_FLOAT8(lanes.b2), a1 = TINGLE_LOAD_FLOAT8(lanes.a1);
  const Float8 a2 = TINGLE_LOAD_FLOAT8(lanes.a2);
  Float8 s1 = TINGLE_LOAD_FLOAT8(lanes.s1), s2 = TINGLE_LOAD_FLOAT8(lanes.s2);
  Float8 y = {};
  // As the portable build's step, the frame pair entering lanes 0 and 4.
#define TINGLE_CASCADE_STEP8(in_left, in_right, live)                                        \
  do {                                                                                       \
    const Float8 entering = {0.0f, 0.0f, 0.0f, (in_left), 0.0f, 0.0f, 0.0f, (in_right)};     \
    const Float8 x = TINGLE_SHIFT_IN_HALVES(y, entering);                                    \
    Float8 next_s1 = s1, next_s2 = s2;                                                       \
    TINGLE_BIQUAD_STEP(b0, b1, b2, a1, a2, next_s1, next_s2, x, y);                          \
    s1 = (live) ? next_s1 : s1;                                                              \
    s2 = (live) ? next_s2 : s2;                                                              \
  } while (false)
  const Int8 section = {0, 1, 2, 3, 0, 1, 2, 3};
  for (int t = 0; t < kLag; ++t) {
    TINGLE_CASCADE_STEP8(left[t], right[t], section <= t);
  }
  for (int t = kLag; t < kBlockFrames; ++t) {
    TINGLE_CASCADE_STEP8(left[t], right[t], section >= 0);
    left[t - kLag] = y[kSections - 1];
    right[t - kLag] = y[kLanes - 1];
  }
  for (int t = kBlockFrames; t < kBlockFrames + kLag; ++t) {
    TINGLE_CASCADE_STEP8(0.0f, 0.0f, section > t - kBlockFrames);
    left[t - kLag] = y[kSections - 1];
    right[t - kLag] = y[kLanes - 1];
  }
#undef TINGLE_CASCADE_STEP8
  std::memcpy(lanes.s1, &s1, sizeof s1);
  std::memcpy(lanes.s2, &s2, sizeof s2);
}

void StereoBiquadCascade::Process(float* left, float* right) noexcept {
  if (CpuHasAvx2()) {
    BiquadCascadeAvx2(lanes_, left, right);
  } else {
    BiquadCascadePortable(lanes_, left, right);
  }
}

#undef TINGLE_SHIFT_IN_HALVES

}  // namespace tingle::dsp
