// Standard output, FIFOs and raw files: a WAV with exact header sizes, or headerless PCM.
#include "io/stream_sink.hpp"

#include <unistd.h>

#include <stdexcept>

#include "io/io_error_text.hpp"
#include "io/little_endian.hpp"
#include "io/wav_header.hpp"
#include "io/write_all.hpp"

namespace tingle::io {
namespace {

// Runs before anything is created, so a refused combination leaves nothing behind.
const OutputSpec& Checked(const OutputSpec& spec) {
  CheckOutputSpec(spec, /*bits_given=*/false);
  if (spec.container != Container::kWav && spec.container != Container::kRaw) {
    throw std::invalid_argument("StreamSink: only WAV and raw can be streamed");
  }
  return spec;
}

// Scratch buffers grow only when a larger chunk arrives: no allocation per Write.
template <typename Code>
void Grow(std::vector<Code>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
}

}  // namespace

StreamSink::StreamSink(const OutputSpec& spec)
    : spec_(Checked(spec)), quantizer_(spec.dither_seed) {
  if (IsStandardOutput(spec_.path)) {
    fd_ = STDOUT_FILENO;
  } else {
    file_.emplace(spec_.path);
    fd_ = file_->fd();
  }
  Start();
}

StreamSink::StreamSink(int fd, const OutputSpec& spec)
    : spec_(Checked(spec)), fd_(fd), quantizer_(spec.dither_seed) {
  if (fd_ < 0) throw std::invalid_argument("StreamSink: invalid file descriptor");
  Start();
}

void StreamSink::Start() {
  if (spec_.container == Container::kWav) {
    if (spec_.total_frames < 0) throw std::invalid_argument("StreamSink: negative total_frames");
    const std::vector<std::uint8_t> header =
        WavStreamHeader(spec_.sample_format, spec_.sample_rate, spec_.total_frames);
    WriteBytes(header.data(), header.size());
  }
}

void StreamSink::Write(const float* interleaved, int frames) {
  if (frames < 0) throw std::invalid_argument("StreamSink::Write: negative frame count");
  if (committed_) throw std::logic_error("StreamSink::Write after Commit");
  if (spec_.container == Container::kWav && frames_written_ + frames > spec_.total_frames) {
    throw std::logic_error("StreamSink::Write: more frames than the WAV header promised");
  }
  const auto samples = static_cast<std::size_t>(frames) * kOutputChannels;
  const auto bytes_per_sample = static_cast<std::size_t>(BytesPerSample(spec_.sample_format));
  Grow(bytes_, samples * bytes_per_sample);
  std::uint8_t* out = bytes_.data();
  switch (spec_.sample_format) {
    case SampleFormat::kPcm16:
      Grow(pcm16_, samples);
      quantizer_.ToPcm16(interleaved, pcm16_.data(), samples);
      StoreLeArray(out, pcm16_.data(), samples);
      break;
    case SampleFormat::kPcm24:
      Grow(pcm24_, samples);
      quantizer_.ToPcm24(interleaved, pcm24_.data(), samples);
      for (std::size_t i = 0; i < samples; ++i) {
        StoreLe24(out + i * bytes_per_sample, static_cast<std::uint32_t>(pcm24_[i]));
      }
      break;
    case SampleFormat::kFloat:
      Grow(clamped_, samples);
      Quantizer::ToFloat(interleaved, clamped_.data(), samples);
      StoreLeArray(out, clamped_.data(), samples);
      break;
  }
  WriteBytes(out, samples * bytes_per_sample);
  frames_written_ += frames;
}

void StreamSink::Commit() {
  if (failed_) throw std::logic_error("StreamSink::Commit after a failed write");
  if (committed_) throw std::logic_error("StreamSink::Commit called twice");
  if (spec_.container == Container::kWav && frames_written_ != spec_.total_frames) {
    throw std::logic_error("StreamSink::Commit: fewer frames than the WAV header promised");
  }
  committed_ = true;
  if (file_) file_->Commit();
}

void StreamSink::WriteBytes(const void* data, std::size_t size) {
  const int error = WriteAll(fd_, data, size);
  if (error != 0) {
    failed_ = true;
    throw WriteError(spec_.path, ErrnoText(error));
  }
}

}  // namespace tingle::io
