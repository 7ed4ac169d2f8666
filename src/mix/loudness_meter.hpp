// Integrated loudness (ITU-R BS.1770-4, EBU R 128) of a stereo stream, by libebur128.
//
// The only user of libebur128 (DESIGN §2). It runs in EBUR128_MODE_I | MODE_HISTOGRAM:
// gating blocks go into a fixed histogram instead of a growing list, so an 8-hour stream
// is measured in the same memory as a minute (DEPS §5: RSS grew 0 KB over 10 h, same
// result). Its own true-peak mode costs 5x the loudness (DEPS §5); true peaks come from
// dsp::PeakOversampler instead.
#pragma once

#include <memory>

namespace tingle::mix {

class LoudnessMeter {
 public:
  // Throws std::runtime_error when libebur128 cannot start (out of memory).
  explicit LoudnessMeter(double sample_rate);
  ~LoudnessMeter();
  LoudnessMeter(const LoudnessMeter&) = delete;
  LoudnessMeter& operator=(const LoudnessMeter&) = delete;

  // Interleaved stereo frames, in the order they play. No allocation.
  void Add(const float* interleaved, int frames);

  // Integrated loudness in LUFS of everything added so far; -infinity when nothing is
  // above the -70 LUFS absolute gate (digital silence). Callers must guard against it.
  double integrated_lufs() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tingle::mix
