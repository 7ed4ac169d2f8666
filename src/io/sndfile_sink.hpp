// WAV (RF64 with auto-downgrade), FLAC and OGG Vorbis files through libsndfile.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/output_spec.hpp"
#include "io/quantizer.hpp"
#include "io/sink.hpp"
#include "io/staged_file.hpp"

// libsndfile's handle, declared here so that only src/io/*.cpp include <sndfile.h>.
struct sf_private_tag;

namespace tingle::io {

class SndfileSink final : public AudioSink {
 public:
  // Opens spec.path (container kWav, kFlac or kOgg) under a temporary name beside it and
  // stores the metadata before any audio (FLAC refuses it later). The caller has already
  // run CheckOutputSpec. Throws IoError (`cannot create "<path>": <reason>`), leaving
  // nothing behind.
  explicit SndfileSink(const OutputSpec& spec);
  ~SndfileSink() override;

  // Integer formats go through the seeded quantizer (dither, round, clamp), float and
  // Vorbis are clamped to [-1, 1]. Audio reaches libsndfile in blocks of kWriteBlockFrames
  // whatever `frames` is (see .cpp). Throws IoError `cannot write "<path>": <reason>`.
  void Write(const float* interleaved, int frames) override;

  // The last partial block, sf_close, then (OGG in a regular file) every page stamped with a serial number derived
  // from spec.dither_seed, then rename over the target. Throws IoError; nothing is renamed then.
  // After a Write threw, Commit throws std::logic_error and renames nothing.
  void Commit() override;

  // What the virtual-I/O callbacks see: our descriptor and the first error it gave.
  struct Device {
    int fd = -1;
    int write_errno = 0;  // errno of the first failed write or seek, 0 if none
  };

 private:
  static constexpr int kWriteBlockFrames = 4096;

  // Converts and hands one block to libsndfile.
  void WriteBlock(const float* interleaved, int frames);

  // Our recorded errno if there is one, else libsndfile's reason (asked only then).
  [[noreturn]] void ThrowWriteError(const std::function<std::string()>& sndfile_reason);

  OutputSpec spec_;
  StagedFile file_;
  Device device_;
  sf_private_tag* sndfile_ = nullptr;
  bool failed_ = false;  // a Write threw: the file must never be committed
  Quantizer quantizer_;
  // Frames waiting for a whole block, and the conversion scratch: all one block long,
  // allocated at open.
  std::vector<float> pending_;
  int pending_frames_ = 0;
  std::vector<std::int16_t> pcm16_;
  std::vector<std::int32_t> pcm32_;
  std::vector<float> clamped_;
};

}  // namespace tingle::io
