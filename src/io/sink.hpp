// Where rendered audio goes: written in chunks, then committed as a whole or not at all.
#pragma once

#include <memory>

#include "io/output_spec.hpp"

namespace tingle::io {

class AudioSink {
 public:
  AudioSink() = default;
  AudioSink(const AudioSink&) = delete;
  AudioSink& operator=(const AudioSink&) = delete;
  // Without Commit, a file sink removes its temporary file: nothing half-written survives.
  virtual ~AudioSink() = default;

  // Interleaved stereo floats in [-1, 1]; integer formats are dithered (seeded TPDF) and
  // quantised identically by every sink. Throws IoError.
  virtual void Write(const float* interleaved, int frames) = 0;

  // Finishes the file and moves it to its final name. Throws IoError.
  virtual void Commit() = 0;
};

// Opens the sink the spec asks for: a libsndfile file (WAV as RF64 with auto-downgrade,
// FLAC, OGG), a raw file, or standard output (WAV with exact header sizes, or raw).
// Files go to a temporary name beside the target. Throws IoError or OutputError.
// Runs CheckOutputSpec(spec, false) first, so a refused spec touches no file. A target that
// already exists and is not a regular file (/dev/null, a FIFO) is written in place, never
// renamed over; a WAV goes there as a stream with exact header sizes.
std::unique_ptr<AudioSink> OpenSink(const OutputSpec& spec);

}  // namespace tingle::io
