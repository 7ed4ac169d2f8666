// Source clips to the render rate through libsoxr (the only user of libsoxr).
#include "io/resample.hpp"

#include <soxr.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace tingle::io {

std::vector<float> Resample(std::span<const float> mono, double from_hz, double to_hz) {
  const std::size_t capacity =
      static_cast<std::size_t>(std::ceil(static_cast<double>(mono.size()) * to_hz / from_hz)) + 1;
  std::vector<float> out(capacity);
  const soxr_io_spec_t io_spec = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);  // one thread: no OpenMP
  std::size_t used = 0, made = 0;
  const soxr_error_t error =
      soxr_oneshot(from_hz, to_hz, 1, mono.data(), mono.size(), &used, out.data(), out.size(),
                   &made, &io_spec, &quality, &runtime);
  if (error != nullptr) throw std::runtime_error(std::string("resampling failed: ") + error);
  out.resize(made);
  return out;
}

}  // namespace tingle::io
