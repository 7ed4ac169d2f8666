// StreamSink and WavStreamHeader: exact WAV headers on pipes, raw layouts, write errors.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/output_spec.hpp"
#include "io/quantizer.hpp"
#include "io/sink.hpp"
#include "io/sndfile_sink.hpp"
#include "io/stream_sink.hpp"
#include "io/wav_header.hpp"
#include "support/alloc_counter.hpp"
#include "support/temp_dir.hpp"
#include "support/sink_io.hpp"

namespace tingle::io {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

constexpr int kRate = 48000;
constexpr int kFrames = 1000;  // 4000 bytes at 16 bit: fits a pipe's buffer unread

using test::TempDir;

// Both ends of a pipe, closed when the test ends.
struct Pipe {
  Pipe() { REQUIRE(::pipe(fds) == 0); }
  ~Pipe() {
    for (const int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void CloseRead() {
    ::close(fds[0]);
    fds[0] = -1;
  }
  void CloseWrite() {
    ::close(fds[1]);
    fds[1] = -1;
  }
  // Everything written so far; call after CloseWrite.
  Bytes ReadAll() const {
    Bytes bytes;
    std::uint8_t buffer[4096];
    ssize_t got = 0;
    while ((got = ::read(fds[0], buffer, sizeof buffer)) > 0) {
      bytes.insert(bytes.end(), buffer, buffer + got);
    }
    return bytes;
  }
  int read_fd() const { return fds[0]; }
  int write_fd() const { return fds[1]; }
  int fds[2] = {-1, -1};
};

// SIGPIPE ignored, as the program does, so a closed reader gives EPIPE.
class ScopedIgnoreSigpipe {
 public:
  ScopedIgnoreSigpipe() : old_(std::signal(SIGPIPE, SIG_IGN)) {}
  ~ScopedIgnoreSigpipe() { std::signal(SIGPIPE, old_); }
  ScopedIgnoreSigpipe(const ScopedIgnoreSigpipe&) = delete;
  ScopedIgnoreSigpipe& operator=(const ScopedIgnoreSigpipe&) = delete;

 private:
  void (*old_)(int);
};

using test::ReadBytes;

void SaveBytes(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

std::uint32_t U32(const Bytes& b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}
std::uint16_t U16(const Bytes& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | b[at + 1] << 8);
}
std::uint64_t U64(const Bytes& b, std::size_t at) {
  return U32(b, at) | static_cast<std::uint64_t>(U32(b, at + 4)) << 32;
}
std::string Id(const Bytes& b, std::size_t at) { return std::string(b.begin() + at, b.begin() + at + 4); }

std::vector<float> TestSignal(int frames) {
  constexpr double kTwoPi = 6.283185307179586;
  std::vector<float> x(static_cast<std::size_t>(frames) * kOutputChannels);
  for (int i = 0; i < frames; ++i) {
    x[2 * i] = static_cast<float>(0.5 * std::sin(kTwoPi * 440.0 * i / kRate));
    x[2 * i + 1] = static_cast<float>(-0.3 * std::sin(kTwoPi * 1000.0 * i / kRate) + 0.1);
  }
  return x;
}

OutputSpec Spec(const std::string& path, Container container, SampleFormat format,
                std::int64_t frames = kFrames) {
  OutputSpec spec;
  spec.path = path;
  spec.container = container;
  spec.sample_format = format;
  spec.sample_rate = kRate;
  spec.total_frames = frames;
  spec.dither_seed = 7;
  return spec;
}

using test::WriteChunks;

// What a StreamSink writes for `x` into a pipe, read back after Commit.
Bytes StreamThroughPipe(const OutputSpec& spec, const std::vector<float>& x, int chunk = 256) {
  Pipe pipe;
  {
    StreamSink sink(pipe.write_fd(), spec);
    WriteChunks(sink, x, chunk);
    sink.Commit();
  }
  pipe.CloseWrite();
  return pipe.ReadAll();
}

// What a StreamSink writes into a regular file through its descriptor.
Bytes StreamThroughFile(const TempDir& dir, const OutputSpec& spec, const std::vector<float>& x,
                        int chunk) {
  const std::string path = dir.File("stream-" + std::to_string(chunk));
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  {
    StreamSink sink(fd, spec);
    WriteChunks(sink, x, chunk);
    sink.Commit();
  }
  ::close(fd);
  return ReadBytes(path);
}

bool IsCharDevice(const char* path) {
  struct stat status {};
  return ::stat(path, &status) == 0 && S_ISCHR(status.st_mode);
}

}  // namespace

TEST_SUITE("io") {

TEST_CASE("StreamSink: a 16-bit WAV stream header carries exact RIFF and data sizes") {
  const Bytes bytes =
      StreamThroughPipe(Spec("-", Container::kWav, SampleFormat::kPcm16), TestSignal(kFrames));
  constexpr std::uint32_t kDataBytes = kFrames * 2 * 2;
  constexpr std::uint32_t kHeaderBytes = 44;  // canonical PCM header
  REQUIRE(bytes.size() == kHeaderBytes + kDataBytes);
  CHECK(Id(bytes, 0) == "RIFF");
  CHECK(U32(bytes, 4) == bytes.size() - 8);
  CHECK(Id(bytes, 8) == "WAVE");
  CHECK(Id(bytes, 12) == "fmt ");
  CHECK(U32(bytes, 16) == 16);
  CHECK(U16(bytes, 20) == 1);      // WAVE_FORMAT_PCM
  CHECK(U16(bytes, 22) == 2);      // channels
  CHECK(U32(bytes, 24) == kRate);  // frames per second
  CHECK(U32(bytes, 28) == kRate * 4);
  CHECK(U16(bytes, 32) == 4);   // block align
  CHECK(U16(bytes, 34) == 16);  // bits
  CHECK(Id(bytes, 36) == "data");
  CHECK(U32(bytes, 40) == kDataBytes);
}

TEST_CASE("StreamSink: a float WAV stream uses format tag 3 with a fact chunk") {
  const Bytes bytes =
      StreamThroughPipe(Spec("-", Container::kWav, SampleFormat::kFloat), TestSignal(kFrames));
  constexpr std::uint32_t kDataBytes = kFrames * 2 * 4;
  constexpr std::uint32_t kHeaderBytes = 12 + 8 + 18 + 8 + 4 + 8;
  REQUIRE(bytes.size() == kHeaderBytes + kDataBytes);
  CHECK(Id(bytes, 0) == "RIFF");
  CHECK(U32(bytes, 4) == bytes.size() - 8);
  CHECK(U32(bytes, 16) == 18);  // fmt with cbSize
  CHECK(U16(bytes, 20) == 3);   // WAVE_FORMAT_IEEE_FLOAT
  CHECK(U16(bytes, 34) == 32);
  CHECK(U16(bytes, 36) == 0);  // cbSize
  CHECK(Id(bytes, 38) == "fact");
  CHECK(U32(bytes, 46) == kFrames);
  CHECK(Id(bytes, 50) == "data");
  CHECK(U32(bytes, 54) == kDataBytes);
}

TEST_CASE("StreamSink: a WAV stream saved to a file reads back through libsndfile") {
  TempDir dir;
  const auto x = TestSignal(kFrames);
  for (const auto& [format, subtype, lsb] :
       {std::tuple{SampleFormat::kPcm16, SF_FORMAT_PCM_16, 1.0 / 32768.0},
        std::tuple{SampleFormat::kPcm24, SF_FORMAT_PCM_24, 1.0 / 8388608.0},
        std::tuple{SampleFormat::kFloat, SF_FORMAT_FLOAT, 0.0}}) {
    INFO("subtype: " << subtype);
    const std::string path = dir.File("piped.wav");
    SaveBytes(path, StreamThroughPipe(Spec("-", Container::kWav, format), x));
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    REQUIRE_MESSAGE(file != nullptr, sf_strerror(nullptr));
    CHECK(info.frames == kFrames);
    CHECK(info.samplerate == kRate);
    CHECK(info.channels == 2);
    CHECK(info.format == (SF_FORMAT_WAV | subtype));
    std::vector<float> samples(x.size());
    CHECK(sf_readf_float(file, samples.data(), kFrames) == kFrames);
    sf_close(file);
    double worst = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      worst = std::max(worst, std::abs(static_cast<double>(samples[i]) - x[i]));
    }
    CHECK(worst <= 1.5 * lsb + 1e-9);  // float: exact
  }
}

TEST_CASE("StreamSink: stream samples equal the 16-bit samples a SndfileSink wrote") {
  // One quantizer for both: `-o -` and a file of the same render hold the same values.
  TempDir dir;
  const auto x = TestSignal(kFrames);
  const Bytes stream = StreamThroughPipe(Spec("-", Container::kWav, SampleFormat::kPcm16), x);
  const std::string path = dir.File("file.wav");
  {
    SndfileSink sink(Spec(path, Container::kWav, SampleFormat::kPcm16));
    WriteChunks(sink, x, 333);
    sink.Commit();
  }
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  REQUIRE(file != nullptr);
  std::vector<short> from_file(x.size());
  CHECK(sf_readf_short(file, from_file.data(), kFrames) == kFrames);
  sf_close(file);
  constexpr std::size_t kHeaderBytes = 44;
  REQUIRE(stream.size() == kHeaderBytes + x.size() * 2);
  std::vector<short> from_stream(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    from_stream[i] = static_cast<short>(U16(stream, kHeaderBytes + 2 * i));
  }
  CHECK(from_stream == from_file);
}

TEST_CASE("StreamSink: raw s16le, s24le and f32le byte layouts") {
  // Values beyond full scale clamp whatever the dither, so their bytes are fixed.
  const std::vector<float> x = {1.5f, -1.5f, 0.25f, -2.0f};
  SUBCASE("s16le") {
    const Bytes bytes = StreamThroughPipe(Spec("-", Container::kRaw, SampleFormat::kPcm16), x);
    REQUIRE(bytes.size() == 8);
    CHECK(Bytes(bytes.begin(), bytes.begin() + 4) == Bytes{0xFF, 0x7F, 0x00, 0x80});
    std::int16_t code = 0;
    Quantizer quantizer(7);
    std::vector<std::int16_t> codes(4);
    quantizer.ToPcm16(x.data(), codes.data(), 4);
    code = static_cast<std::int16_t>(U16(bytes, 4));
    CHECK(code == codes[2]);
    CHECK(std::abs(code - 8192) <= 1);
    CHECK(Bytes(bytes.begin() + 6, bytes.end()) == Bytes{0x00, 0x80});
  }
  SUBCASE("s24le") {
    const Bytes bytes = StreamThroughPipe(Spec("-", Container::kRaw, SampleFormat::kPcm24), x);
    REQUIRE(bytes.size() == 12);
    CHECK(Bytes(bytes.begin(), bytes.begin() + 6) == Bytes{0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x80});
    std::vector<std::int32_t> codes(4);
    Quantizer quantizer(7);
    quantizer.ToPcm24(x.data(), codes.data(), 4);
    const std::int32_t code = static_cast<std::int32_t>(
        (static_cast<std::uint32_t>(bytes[6]) | static_cast<std::uint32_t>(bytes[7]) << 8 |
         static_cast<std::uint32_t>(bytes[8]) << 16 | (bytes[8] & 0x80 ? 0xFF000000u : 0u)));
    CHECK(code == codes[2]);
    CHECK(std::abs(code - 2097152) <= 1);
    CHECK(Bytes(bytes.begin() + 9, bytes.end()) == Bytes{0x00, 0x00, 0x80});
  }
  SUBCASE("f32le") {
    const Bytes bytes = StreamThroughPipe(Spec("-", Container::kRaw, SampleFormat::kFloat), x);
    // 1.0, -1.0 (clamped), 0.25, -1.0 (clamped), IEEE 754 little-endian.
    CHECK(bytes == Bytes{0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x80, 0xBF,
                         0x00, 0x00, 0x80, 0x3E, 0x00, 0x00, 0x80, 0xBF});
  }
}

TEST_CASE("StreamSink: Write in 1-, 7- and 4096-frame chunks gives identical bytes") {
  TempDir dir;
  const auto x = TestSignal(5000);
  for (const Container container : {Container::kWav, Container::kRaw}) {
    for (const SampleFormat format : {SampleFormat::kPcm16, SampleFormat::kPcm24}) {
      INFO("raw: " << (container == Container::kRaw) << " 24-bit: "
                   << (format == SampleFormat::kPcm24));
      const OutputSpec spec = Spec("-", container, format, 5000);
      const Bytes one = StreamThroughFile(dir, spec, x, 1);
      CHECK(one.size() >= x.size() * 2);  // at least the 16-bit samples
      CHECK(StreamThroughFile(dir, spec, x, 7) == one);
      CHECK(StreamThroughFile(dir, spec, x, 4096) == one);
      OutputSpec other_seed = spec;
      other_seed.dither_seed = 8;
      CHECK(StreamThroughFile(dir, other_seed, x, 4096) != one);
    }
  }
}

TEST_CASE("StreamSink: a closed reader gives cannot write to standard output: Broken pipe") {
  ScopedIgnoreSigpipe ignore_sigpipe;
  const auto x = TestSignal(kFrames);
  SUBCASE("raw, at Write") {
    Pipe pipe;
    pipe.CloseRead();
    StreamSink sink(pipe.write_fd(), Spec("-", Container::kRaw, SampleFormat::kPcm16));
    CHECK_THROWS_WITH_AS(sink.Write(x.data(), kFrames),
                         "cannot write to standard output: Broken pipe", IoError);
    CHECK_THROWS_AS(sink.Commit(), std::logic_error);
  }
  SUBCASE("WAV, at the header") {
    Pipe pipe;
    pipe.CloseRead();
    CHECK_THROWS_WITH_AS(
        StreamSink(pipe.write_fd(), Spec("-", Container::kWav, SampleFormat::kPcm16)),
        "cannot write to standard output: Broken pipe", IoError);
  }
}

TEST_CASE("StreamSink: a full device throws IoError naming it") {
  if (!IsCharDevice("/dev/full")) {
    MESSAGE("skipped: no /dev/full");
    return;
  }
  const auto x = TestSignal(kFrames);
  SUBCASE("raw stream into a descriptor on /dev/full") {
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    StreamSink sink(fd, Spec("/dev/full", Container::kRaw, SampleFormat::kPcm16));
    CHECK_THROWS_WITH_AS(sink.Write(x.data(), kFrames),
                         "cannot write \"/dev/full\": No space left on device", IoError);
    ::close(fd);
  }
  SUBCASE("standard output on /dev/full") {
    const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    CHECK_THROWS_WITH_AS(StreamSink(fd, Spec("-", Container::kWav, SampleFormat::kPcm16)),
                         "cannot write to standard output: No space left on device", IoError);
    ::close(fd);
  }
  SUBCASE("OpenSink with the device as the output path") {
    for (const Container container : {Container::kWav, Container::kRaw}) {
      const auto write_all = [&] {
        auto sink = OpenSink(Spec("/dev/full", container, SampleFormat::kPcm16));
        WriteChunks(*sink, x, 256);
        sink->Commit();
      };
      CHECK_THROWS_WITH_AS(write_all(), "cannot write \"/dev/full\": No space left on device",
                           IoError);
    }
  }
  // Written in place: the device is never replaced by a renamed file.
  CHECK(IsCharDevice("/dev/full"));
}

TEST_CASE("StreamSink: a raw file appears only on Commit, and not at all without it") {
  TempDir dir;
  const auto x = TestSignal(kFrames);
  const std::string path = dir.File("night.raw");
  {
    StreamSink sink(Spec(path, Container::kRaw, SampleFormat::kFloat));
    WriteChunks(sink, x, 100);
    const auto during = dir.Entries();
    REQUIRE(during.size() == 1);
    CHECK(during[0].rfind(".night.raw.tingle-", 0) == 0);
  }
  CHECK(dir.Entries().empty());
  {
    StreamSink sink(Spec(path, Container::kRaw, SampleFormat::kFloat));
    WriteChunks(sink, x, 100);
    sink.Commit();
  }
  CHECK(dir.Entries() == std::vector<std::string>{"night.raw"});
  CHECK(ReadBytes(path).size() == x.size() * 4);
}

TEST_CASE("StreamSink: the frame count the WAV header promised is enforced") {
  const auto x = TestSignal(kFrames);
  Pipe pipe;
  SUBCASE("more frames than promised") {
    StreamSink sink(pipe.write_fd(), Spec("-", Container::kWav, SampleFormat::kPcm16, 10));
    CHECK_THROWS_AS(sink.Write(x.data(), 11), std::logic_error);
  }
  SUBCASE("fewer frames than promised") {
    StreamSink sink(pipe.write_fd(), Spec("-", Container::kWav, SampleFormat::kPcm16, 10));
    sink.Write(x.data(), 9);
    CHECK_THROWS_AS(sink.Commit(), std::logic_error);
  }
}

TEST_CASE("StreamSink: Write allocates nothing once its scratch has grown") {
  TempDir dir;
  const auto x = TestSignal(kFrames);
  const std::string path = dir.File("quiet.raw");
  for (const SampleFormat format :
       {SampleFormat::kPcm16, SampleFormat::kPcm24, SampleFormat::kFloat}) {
    StreamSink sink(Spec(path, Container::kRaw, format));
    sink.Write(x.data(), 256);
    test::AllocCounter allocations;
    for (int start = 256; start + 128 <= kFrames; start += 128) {
      sink.Write(x.data() + static_cast<std::size_t>(start) * kOutputChannels, 128);
    }
    CHECK(allocations.count() == 0);
  }
}

TEST_CASE("WavStreamHeader: the largest data that fits 32-bit sizes stays RIFF") {
  // RIFF size = 36 + data bytes must fit in 32 bits: 4 bytes per frame at 16-bit stereo.
  constexpr std::int64_t kLargestRiffFrames = (0xFFFFFFFFLL - 36) / 4;
  const Bytes riff = WavStreamHeader(SampleFormat::kPcm16, kRate, kLargestRiffFrames);
  CHECK(Id(riff, 0) == "RIFF");
  CHECK(U32(riff, 4) == 36 + kLargestRiffFrames * 4);
  CHECK(U32(riff, 40) == kLargestRiffFrames * 4);
  const Bytes rf64 = WavStreamHeader(SampleFormat::kPcm16, kRate, kLargestRiffFrames + 1);
  CHECK(Id(rf64, 0) == "RF64");
}

TEST_CASE("WavStreamHeader: past 4 GiB the header is RF64 with exact 64-bit sizes in ds64") {
  constexpr std::int64_t kFramesOver4GiB = 600'000'000;  // float: 4.8 GB of data
  const Bytes header = WavStreamHeader(SampleFormat::kFloat, kRate, kFramesOver4GiB);
  constexpr std::uint64_t kDataBytes = kFramesOver4GiB * 8;
  REQUIRE(header.size() == 12 + 36 + 26 + 12 + 8);
  CHECK(Id(header, 0) == "RF64");
  CHECK(U32(header, 4) == 0xFFFFFFFFu);
  CHECK(Id(header, 8) == "WAVE");
  CHECK(Id(header, 12) == "ds64");
  CHECK(U32(header, 16) == 28);
  CHECK(U64(header, 20) == header.size() - 8 + kDataBytes);  // RIFF size
  CHECK(U64(header, 28) == kDataBytes);                       // data size
  CHECK(U64(header, 36) == static_cast<std::uint64_t>(kFramesOver4GiB));
  CHECK(U32(header, 44) == 0);  // no table
  CHECK(Id(header, 48) == "fmt ");
  CHECK(U16(header, 56) == 3);
  CHECK(Id(header, 74) == "fact");
  CHECK(U32(header, 82) == kFramesOver4GiB);  // fits 32 bits
  CHECK(Id(header, 86) == "data");
  CHECK(U32(header, 90) == 0xFFFFFFFFu);

  // libsndfile recognises it; with only a few frames present it reads what is there.
  TempDir dir;
  Bytes file = header;
  const auto x = TestSignal(100);
  for (const float sample : x) {
    std::uint8_t le[4];
    StoreLeFloat(le, sample);
    file.insert(file.end(), le, le + 4);
  }
  const std::string path = dir.File("big.rf64");
  SaveBytes(path, file);
  SF_INFO info{};
  SNDFILE* sndfile = sf_open(path.c_str(), SFM_READ, &info);
  REQUIRE_MESSAGE(sndfile != nullptr, sf_strerror(nullptr));
  CHECK(info.format == (SF_FORMAT_RF64 | SF_FORMAT_FLOAT));
  CHECK(info.channels == 2);
  CHECK(info.frames == 100);
  std::vector<float> samples(x.size());
  CHECK(sf_readf_float(sndfile, samples.data(), 100) == 100);
  sf_close(sndfile);
  CHECK(samples == x);
}

}  // TEST_SUITE("io")
}  // namespace tingle::io
