// Standard output, FIFOs and raw files: a WAV with exact header sizes, or headerless PCM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/output_spec.hpp"
#include "io/quantizer.hpp"
#include "io/sink.hpp"
#include "io/staged_file.hpp"

namespace tingle::io {

// Writes with plain POSIX write() loops, never seeking, so it works on pipes, where
// libsndfile refuses WAV. Container kWav: a header with exact sizes from
// spec.total_frames (RF64 when they exceed 32 bits), then samples; kRaw: s16le / s24le /
// f32le samples only. Samples go through the same Quantizer as SndfileSink, so `-o -` and
// a file hold identical values for the same seed.
class StreamSink final : public AudioSink {
 public:
  // spec.path "-" writes to standard output (fd 1); any other path goes through a
  // temporary file renamed on Commit (or straight to a device/FIFO). Throws IoError
  // (`cannot create "<path>": ...`, or a write error for the WAV header).
  explicit StreamSink(const OutputSpec& spec);

  // Writes to an already-open descriptor that stays the caller's (not closed, nothing to
  // rename). Messages name spec.path: "-" reads "standard output". For tests and for
  // callers that hold their own descriptor.
  StreamSink(int fd, const OutputSpec& spec);

  // Throws IoError (`cannot write to standard output: Broken pipe`,
  // `cannot write "<path>": <reason>`). For WAV, writing past spec.total_frames is a
  // programming error (std::logic_error): the header already promised the length.
  void Write(const float* interleaved, int frames) override;

  // For WAV, checks that exactly spec.total_frames were written (std::logic_error if not);
  // for a file, closes and renames it. Throws IoError. After a Write threw, Commit throws
  // std::logic_error and renames nothing.
  void Commit() override;

  std::int64_t frames_written() const { return frames_written_; }

 private:
  void Start();  // writes the WAV header, if any
  void WriteBytes(const void* data, std::size_t size);

  OutputSpec spec_;
  std::optional<StagedFile> file_;  // only when we created the output
  int fd_ = -1;
  bool committed_ = false;
  bool failed_ = false;  // a write threw: the output must never be committed
  std::int64_t frames_written_ = 0;
  Quantizer quantizer_;
  // Conversion scratch: grows to the largest chunk written, never shrinks.
  std::vector<std::int16_t> pcm16_;
  std::vector<std::int32_t> pcm24_;
  std::vector<float> clamped_;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace tingle::io
