// A WAV header with exact sizes, for streams that cannot seek back to patch it.
//
// libsndfile refuses WAV on a pipe, and players handle placeholder sizes badly (sox reads
// nothing when the size is 0, DEPS §4a), but a render's length is known before it starts,
// so the header can be exact. Layout: RIFF/WAVE as in Microsoft's "Multimedia Programming
// Interface and Data Specifications 1.0" (1991); when the RIFF size would not fit in 32
// bits, RF64 as in EBU Tech 3306 (a `ds64` chunk holds the 64-bit sizes and the 32-bit
// fields read 0xFFFFFFFF).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "io/little_endian.hpp"
#include "io/output_spec.hpp"

namespace tingle::io {

// Bytes one sample takes in a WAV or raw stream: 2 (s16le), 3 (s24le) or 4 (f32le).
inline int BytesPerSample(SampleFormat format) {
  switch (format) {
    case SampleFormat::kPcm16:
      return 2;
    case SampleFormat::kPcm24:
      return 3;
    case SampleFormat::kFloat:
      return 4;
  }
  return 0;
}

namespace wav {

inline constexpr std::uint32_t kChunkHeaderBytes = 8;  // four-character id + 32-bit size
inline constexpr std::uint32_t kWaveIdBytes = 4;       // "WAVE" opening the RIFF body
inline constexpr std::uint16_t kFormatPcm = 1;         // WAVE_FORMAT_PCM
inline constexpr std::uint16_t kFormatIeeeFloat = 3;   // WAVE_FORMAT_IEEE_FLOAT
// WAVEFORMAT + wBitsPerSample; non-PCM tags add the 2-byte cbSize (= 0 here).
inline constexpr std::uint32_t kPcmFmtBytes = 16;
inline constexpr std::uint32_t kExtendedFmtBytes = 18;
// Non-PCM formats also need a `fact` chunk holding the frame count.
inline constexpr std::uint32_t kFactBytes = 4;
// ds64: RIFF size, data size, sample count (all 64-bit) and an empty table's length.
inline constexpr std::uint32_t kDs64Bytes = 28;
inline constexpr std::uint32_t kBitsPerByte = 8;
// The largest 32-bit size; in RF64 this value means "see ds64".
inline constexpr std::uint64_t kMaxSize32 = 0xFFFFFFFFu;

}  // namespace wav

// The header for `frames` stereo frames of `format` at `sample_rate` Hz, followed in the
// stream by exactly frames × kOutputChannels × BytesPerSample(format) bytes of samples.
// PCM 16/24 use format tag 1, float tag 3 (+ fact chunk).
inline std::vector<std::uint8_t> WavStreamHeader(SampleFormat format, int sample_rate,
                                                 std::int64_t frames) {
  if (frames < 0) throw std::invalid_argument("WavStreamHeader: negative frame count");
  const bool is_float = format == SampleFormat::kFloat;
  const auto bytes_per_sample = static_cast<std::uint32_t>(BytesPerSample(format));
  const auto block_align = static_cast<std::uint32_t>(kOutputChannels) * bytes_per_sample;
  const std::uint64_t data_bytes = static_cast<std::uint64_t>(frames) * block_align;
  const std::uint32_t fmt_bytes = is_float ? wav::kExtendedFmtBytes : wav::kPcmFmtBytes;
  const std::uint32_t fact_chunk_bytes = is_float ? wav::kChunkHeaderBytes + wav::kFactBytes : 0;
  const std::uint32_t plain_header_bytes = wav::kChunkHeaderBytes + wav::kWaveIdBytes +
                                           wav::kChunkHeaderBytes + fmt_bytes +
                                           fact_chunk_bytes + wav::kChunkHeaderBytes;
  const bool is_rf64 = plain_header_bytes - wav::kChunkHeaderBytes + data_bytes > wav::kMaxSize32;
  const std::uint32_t header_bytes =
      plain_header_bytes + (is_rf64 ? wav::kChunkHeaderBytes + wav::kDs64Bytes : 0);
  const std::uint64_t riff_bytes = header_bytes - wav::kChunkHeaderBytes + data_bytes;

  std::vector<std::uint8_t> header(header_bytes);
  std::uint8_t* at = header.data();
  const auto put_id = [&at](const char (&id)[5]) {
    for (int i = 0; i < 4; ++i) *at++ = static_cast<std::uint8_t>(id[i]);
  };
  const auto put16 = [&at](std::uint16_t value) {
    StoreLe16(at, value);
    at += 2;
  };
  const auto put32 = [&at](std::uint64_t value) {
    StoreLe32(at, static_cast<std::uint32_t>(value));
    at += 4;
  };
  const auto put64 = [&at](std::uint64_t value) {
    StoreLe64(at, value);
    at += 8;
  };
  // A 32-bit size field: the value itself, or "see ds64" in RF64.
  const auto size32 = [is_rf64](std::uint64_t value) {
    return is_rf64 && value > wav::kMaxSize32 ? wav::kMaxSize32 : value;
  };

  put_id(is_rf64 ? "RF64" : "RIFF");
  put32(is_rf64 ? wav::kMaxSize32 : riff_bytes);
  put_id("WAVE");
  if (is_rf64) {
    put_id("ds64");
    put32(wav::kDs64Bytes);
    put64(riff_bytes);
    put64(data_bytes);
    put64(static_cast<std::uint64_t>(frames));
    put32(0);  // no table entries
  }
  put_id("fmt ");
  put32(fmt_bytes);
  put16(is_float ? wav::kFormatIeeeFloat : wav::kFormatPcm);
  put16(static_cast<std::uint16_t>(kOutputChannels));
  put32(static_cast<std::uint32_t>(sample_rate));
  put32(static_cast<std::uint64_t>(sample_rate) * block_align);  // bytes per second
  put16(static_cast<std::uint16_t>(block_align));
  put16(static_cast<std::uint16_t>(bytes_per_sample * wav::kBitsPerByte));
  if (is_float) {
    put16(0);  // cbSize: no extension
    put_id("fact");
    put32(wav::kFactBytes);
    put32(size32(static_cast<std::uint64_t>(frames)));
  }
  put_id("data");
  put32(is_rf64 ? wav::kMaxSize32 : data_bytes);
  return header;
}

}  // namespace tingle::io
