#include "mix/loudness_meter.hpp"

#include <ebur128.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace tingle::mix {

struct LoudnessMeter::State {
  ebur128_state* meter = nullptr;
};

LoudnessMeter::LoudnessMeter(double sample_rate) : state_(std::make_unique<State>()) {
  state_->meter = ebur128_init(2, static_cast<unsigned long>(std::lround(sample_rate)),
                               EBUR128_MODE_I | EBUR128_MODE_HISTOGRAM);
  if (state_->meter == nullptr) throw std::runtime_error("cannot start the loudness meter");
}

LoudnessMeter::~LoudnessMeter() { ebur128_destroy(&state_->meter); }

void LoudnessMeter::Add(const float* interleaved, int frames) {
  if (frames > 0) ebur128_add_frames_float(state_->meter, interleaved, static_cast<std::size_t>(frames));
}

double LoudnessMeter::integrated_lufs() const {
  double lufs = -std::numeric_limits<double>::infinity();
  if (ebur128_loudness_global(state_->meter, &lufs) != EBUR128_SUCCESS) {
    return -std::numeric_limits<double>::infinity();
  }
  return lufs;
}

}  // namespace tingle::mix
