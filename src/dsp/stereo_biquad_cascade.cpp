#include "dsp/stereo_biquad_cascade.hpp"

#include <cstring>

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
// Steps between a section's input and the one before it, and between a frame entering the
// first section and leaving the last.
constexpr int kSkew = 2;
constexpr int kLag = kSkew * (kSections - 1);
static_assert(StereoBiquadCascade::kMinFrames == kLag, "a call's fill and drain do not overlap");

typedef int Int8 __attribute__((vector_size(32)));

// {entering[3], y[0], y[1], y[2], entering[7], y[4], y[5], y[6]}: each half of y moved
// up one lane, the top lane of entering's half coming in below (one byte alignment on x86,
// cheaper than a permute and a blend).
#if TINGLE_HAS_AVX2_BUILDS
#define TINGLE_SHIFT_IN_HALVES(y, entering)                                 \
  reinterpret_cast<Float8>(_mm256_alignr_epi8(reinterpret_cast<__m256i>(y), \
                                              reinterpret_cast<__m256i>(entering), 12))
#else
#define TINGLE_SHIFT_IN_HALVES(y, entering) \
  __builtin_shufflevector((y), (entering), 11, 0, 1, 2, 15, 4, 5, 6)
#endif

// One step of the pipeline on registers of lanes: x, the sections' inputs, is the outputs
// of kSkew steps before (`older`) moved one lane up with `entering` below; the sections
// in `live` take the step into their histories.
#define TINGLE_CASCADE_STEP(x, live)                                                   \
  do {                                                                                 \
    const auto y = TINGLE_BIQUAD_OUTPUT(b0, b1, b2, a1, a2, x1, x2, y1, y2, x);          \
    x2 = (live) ? x1 : x2;                                                             \
    x1 = (live) ? (x) : x1;                                                            \
    y2 = (live) ? y1 : y2;                                                             \
    y1 = (live) ? y : y1;                                                              \
    older = old;                                                                       \
    old = y;                                                                           \
  } while (false)

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
  std::memset(lanes_.x1, 0, sizeof lanes_.x1);
  std::memset(lanes_.x2, 0, sizeof lanes_.x2);
  std::memset(lanes_.y1, 0, sizeof lanes_.y1);
  std::memset(lanes_.y2, 0, sizeof lanes_.y2);
}

// A call is frames + kLag steps; step t runs section k on frame t - kSkew k. In the first
// kLag steps the later sections have no frame of this call yet, in the last kLag the
// earlier ones none left: those sections keep their histories (the `live` mask). What the
// lanes of such a section compute, or pass up to the next, is never used. The more frames
// a call takes, the less those steps cost a frame.
//
// In 128-bit lanes: a pipeline a channel, one after the other.
void BiquadCascadePortable(Lanes& lanes, float* left, float* right, int frames) noexcept {
  float* const io[2] = {left, right};
  const Int4 section = {0, 1, 2, 3};
  for (int c = 0; c < 2; ++c) {
    float* const samples = io[c];
    const int first = c * kSections;
    const Float4 b0 = LoadFloat4(lanes.b0 + first), b1 = LoadFloat4(lanes.b1 + first);
    const Float4 b2 = LoadFloat4(lanes.b2 + first), a1 = LoadFloat4(lanes.a1 + first);
    const Float4 a2 = LoadFloat4(lanes.a2 + first);
    Float4 x1 = LoadFloat4(lanes.x1 + first), x2 = LoadFloat4(lanes.x2 + first);
    Float4 y1 = LoadFloat4(lanes.y1 + first), y2 = LoadFloat4(lanes.y2 + first);
    Float4 old = {}, older = {};
    for (int t = 0; t < kLag; ++t) {
      const Float4 x = __builtin_shufflevector(older, Float4{samples[t]}, 4, 0, 1, 2);
      TINGLE_CASCADE_STEP(x, kSkew * section <= t);
    }
    for (int t = kLag; t < frames; ++t) {
      const Float4 x = __builtin_shufflevector(older, Float4{samples[t]}, 4, 0, 1, 2);
      TINGLE_CASCADE_STEP(x, section >= 0);
      samples[t - kLag] = old[kSections - 1];
    }
    for (int t = frames; t < frames + kLag; ++t) {
      const Float4 x = __builtin_shufflevector(older, Float4{}, 4, 0, 1, 2);
      TINGLE_CASCADE_STEP(x, kSkew * section > t - frames);
      samples[t - kLag] = old[kSections - 1];
    }
    StoreFloat4(lanes.x1 + first, x1);
    StoreFloat4(lanes.x2 + first, x2);
    StoreFloat4(lanes.y1 + first, y1);
    StoreFloat4(lanes.y2 + first, y2);
  }
}

// In 256-bit lanes: both channels' pipelines in one register.
TINGLE_TARGET_AVX2 void BiquadCascadeAvx2(Lanes& lanes, float* left, float* right, int frames) noexcept {
  const Float8 b0 = TINGLE_LOAD_FLOAT8(lanes.b0), b1 = TINGLE_LOAD_FLOAT8(lanes.b1);
  const Float8 b2 = TINGLE_LOAD_FLOAT8(lanes.b2), a1 = TINGLE_LOAD_FLOAT8(lanes.a1);
  const Float8 a2 = TINGLE_LOAD_FLOAT8(lanes.a2);
  Float8 x1 = TINGLE_LOAD_FLOAT8(lanes.x1), x2 = TINGLE_LOAD_FLOAT8(lanes.x2);
  Float8 y1 = TINGLE_LOAD_FLOAT8(lanes.y1), y2 = TINGLE_LOAD_FLOAT8(lanes.y2);
  Float8 old = {}, older = {};
  // The frame pair enters lanes 0 and 4.
#define TINGLE_ENTERING(in_left, in_right) \
  (Float8{0.0f, 0.0f, 0.0f, (in_left), 0.0f, 0.0f, 0.0f, (in_right)})
  const Int8 section = {0, 1, 2, 3, 0, 1, 2, 3};
  for (int t = 0; t < kLag; ++t) {
    const Float8 x = TINGLE_SHIFT_IN_HALVES(older, TINGLE_ENTERING(left[t], right[t]));
    TINGLE_CASCADE_STEP(x, kSkew * section <= t);
  }
  for (int t = kLag; t < frames; ++t) {
    const Float8 x = TINGLE_SHIFT_IN_HALVES(older, TINGLE_ENTERING(left[t], right[t]));
    TINGLE_CASCADE_STEP(x, section >= 0);
    left[t - kLag] = old[kSections - 1];
    right[t - kLag] = old[kLanes - 1];
  }
  for (int t = frames; t < frames + kLag; ++t) {
    const Float8 x = TINGLE_SHIFT_IN_HALVES(older, Float8{});
    TINGLE_CASCADE_STEP(x, kSkew * section > t - frames);
    left[t - kLag] = old[kSections - 1];
    right[t - kLag] = old[kLanes - 1];
  }
#undef TINGLE_ENTERING
  std::memcpy(lanes.x1, &x1, sizeof x1);
  std::memcpy(lanes.x2, &x2, sizeof x2);
  std::memcpy(lanes.y1, &y1, sizeof y1);
  std::memcpy(lanes.y2, &y2, sizeof y2);
}

void StereoBiquadCascade::Process(float* left, float* right, int frames) noexcept {
  if (CpuHasAvx2()) {
    BiquadCascadeAvx2(lanes_, left, right, frames);
  } else {
    BiquadCascadePortable(lanes_, left, right, frames);
  }
}

#undef TINGLE_CASCADE_STEP
#undef TINGLE_SHIFT_IN_HALVES

}  // namespace tingle::dsp
