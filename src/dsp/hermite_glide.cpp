#include "dsp/hermite_glide.hpp"

#include <cstring>

#include "core/block.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/float4.hpp"
#include "dsp/float8.hpp"

namespace tingle::dsp {

void HermiteGlidePortable(const float* tap, float t_first, float t_step, float gain_first,
                          float gain_step, float* out) noexcept {
  const Float4 first_frames = {0.0f, 1.0f, 2.0f, 3.0f};
  for (int i = 0; i < kBlockFrames; i += 4) {
    const Float4 frame = first_frames + static_cast<float>(i);
    const Float4 t = t_first + t_step * frame;
    Float4 y;
    TINGLE_HERMITE(LoadFloat4(tap + i - 1), LoadFloat4(tap + i), LoadFloat4(tap + i + 1),
                   LoadFloat4(tap + i + 2), t, y);
    StoreFloat4(out + i, (gain_first + gain_step * frame) * y);
  }
}

TINGLE_TARGET_AVX2 void HermiteGlideAvx2(const float* tap, float t_first, float t_step,
                                         float gain_first, float gain_step, float* out) noexcept {
  static_assert(kBlockFrames % 8 == 0);
  const Float8 first_frames = {0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f};
  for (int i = 0; i < kBlockFrames; i += 8) {
    const Float8 frame = first_frames + static_cast<float>(i);
    const Float8 t = t_first + t_step * frame;
    Float8 y;
    TINGLE_HERMITE(TINGLE_LOAD_FLOAT8(tap + i - 1), TINGLE_LOAD_FLOAT8(tap + i),
                   TINGLE_LOAD_FLOAT8(tap + i + 1), TINGLE_LOAD_FLOAT8(tap + i + 2), t, y);
    const Float8 result = (gain_first + gain_step * frame) * y;
    std::memcpy(out + i, &result, sizeof result);
  }
}

void HermiteGlide(const float* tap, float t_first, float t_step, float gain_first, float gain_step,
                  float* out) noexcept {
  if (CpuHasAvx2()) {
    HermiteGlideAvx2(tap, t_first, t_step, gain_first, gain_step, out);
  } else {
    HermiteGlidePortable(tap, t_first, t_step, gain_first, gain_step, out);
  }
}

}  // namespace tingle::dsp
