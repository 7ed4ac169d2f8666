// What to write: where, in which container and sample format, with which metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tingle::io {

// Every sink writes stereo: Write receives interleaved frames of this many samples (L, R).
inline constexpr int kOutputChannels = 2;

enum class Container { kWav, kFlac, kOgg, kRaw };
enum class SampleFormat { kPcm16, kPcm24, kFloat };

struct Metadata {
  std::string title;
  std::string software;  // "tingle 0.1.0"
  std::string comment;   // "seed=7 recipe=fnv1a64:0123456789abcdef": enough to reproduce
};

struct OutputSpec {
  std::string path;  // "-" is standard output
  Container container = Container::kWav;
  SampleFormat sample_format = SampleFormat::kPcm16;
  int sample_rate = 48000;
  std::int64_t total_frames = 0;  // known before rendering (exact WAV sizes on a pipe)
  Metadata metadata;
  std::uint64_t dither_seed = 0;  // TPDF dither stream for integer formats
};

// A usage problem with the output options (exit code 2), e.g. FLAC with float samples.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An I/O failure while opening, writing or finishing the output (exit code 1).
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "wav" "flac" "ogg" "raw" (case-insensitive), or nothing.
std::optional<Container> ContainerFromName(std::string_view name);
// From the path's extension (.wav .flac .ogg .raw; .rf64 is wav), or nothing.
std::optional<Container> ContainerFromPath(std::string_view path);

// Throws OutputError when the combination cannot be written (FLAC float, OGG with explicit
// bits, an unsupported sample rate for the container). `bits_given` says whether the
// user chose the sample format or it is the default.
// Touches no file: call it before rendering, so a refused output leaves nothing behind
// (libsndfile's sf_format_check passes combinations that sf_open then refuses). OpenSink
// calls it again (with bits_given = false) before it creates anything.
void CheckOutputSpec(const OutputSpec& spec, bool bits_given);

}  // namespace tingle::io
