// WAV (RF64 with auto-downgrade), FLAC and OGG Vorbis files through libsndfile.
#include "io/sndfile_sink.hpp"

#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "io/io_error_text.hpp"
#include "io/ogg_serial.hpp"
#include "io/stream_sink.hpp"
#include "io/write_all.hpp"

namespace tingle::io {
namespace {

// sf_writef_int takes full-scale 32-bit values and PCM_24 keeps their top 24 bits, so a
// 24-bit code moves up by 8 bits (exact, no rounding inside libsndfile).
constexpr int kPcm24InInt32Shift = 8;

// libsndfile writes through these callbacks (sf_open_virtual) instead of its own fd I/O,
// so every failed write() is seen with its errno, including those inside sf_close (the
// WAV header rewrite, FLAC's last frame), which libsndfile itself does not report.
SndfileSink::Device& DeviceOf(void* user_data) {
  return *static_cast<SndfileSink::Device*>(user_data);
}

sf_count_t DeviceLength(void* user_data) {
  struct stat status {};
  if (::fstat(DeviceOf(user_data).fd, &status) != 0) return -1;
  return static_cast<sf_count_t>(status.st_size);
}

sf_count_t DeviceSeek(sf_count_t offset, int whence, void* user_data) {
  SndfileSink::Device& device = DeviceOf(user_data);
  const off_t position = ::lseek(device.fd, static_cast<off_t>(offset), whence);
  // A failed seek means a header cannot be patched: the file would be wrong.
  if (position < 0 && device.write_errno == 0) device.write_errno = errno;
  return static_cast<sf_count_t>(position);
}

sf_count_t DeviceRead(void* buffer, sf_count_t count, void* user_data) {
  const ssize_t result = ::read(DeviceOf(user_data).fd, buffer, static_cast<std::size_t>(count));
  return result < 0 ? 0 : static_cast<sf_count_t>(result);
}

sf_count_t DeviceWrite(const void* data, sf_count_t count, void* user_data) {
  SndfileSink::Device& device = DeviceOf(user_data);
  std::size_t written = 0;
  const int error = WriteAll(device.fd, data, static_cast<std::size_t>(count), &written);
  if (error != 0 && device.write_errno == 0) device.write_errno = error;
  return static_cast<sf_count_t>(written);
}

sf_count_t DeviceTell(void* user_data) {
  return static_cast<sf_count_t>(::lseek(DeviceOf(user_data).fd, 0, SEEK_CUR));
}

// libsndfile's messages read "Error : ..." or "System error : ....": keep the reason only,
// so it fits our one line.
std::string CleanReason(const char* text) {
  std::string_view reason = text != nullptr ? text : "";
  for (const std::string_view prefix : {"System error : ", "Error : "}) {
    if (reason.substr(0, prefix.size()) == prefix) reason.remove_prefix(prefix.size());
  }
  while (!reason.empty() && (reason.back() == '.' || reason.back() == '\n')) {
    reason.remove_suffix(1);
  }
  return std::string(reason);
}

// The reason for libsndfile error `code`; `text()` fetches libsndfile's message and is
// called only for positive codes. sf_error_number() (also behind sf_strerror) *prints*
// "Not a valid error number" to standard output for codes it does not know, and the
// Vorbis writer reports -1: that would corrupt `--json` output or a streamed render.
template <typename TextFn>
std::string SndfileReason(int code, TextFn text) {
  if (code <= 0) return "libsndfile error " + std::to_string(code);
  return CleanReason(text());
}

int SndfileFormat(const OutputSpec& spec) {
  int subtype = SF_FORMAT_PCM_16;
  if (spec.sample_format == SampleFormat::kPcm24) subtype = SF_FORMAT_PCM_24;
  if (spec.sample_format == SampleFormat::kFloat) subtype = SF_FORMAT_FLOAT;
  switch (spec.container) {
    case Container::kWav:
      // RF64 + SFC_RF64_AUTO_DOWNGRADE: a plain RIFF/WAVEX file when it fits 4 GiB, RF64
      // beyond, where plain WAV's sizes would silently wrap (DEPS §4b).
      return SF_FORMAT_RF64 | subtype;
    case Container::kFlac:
      return SF_FORMAT_FLAC | subtype;
    case Container::kOgg:
      return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case Container::kRaw:
      break;
  }
  throw std::invalid_argument("SndfileSink: raw output goes through StreamSink");
}

// Vorbis encodes floats, whatever the sample format says.
SampleFormat WriteFormat(const OutputSpec& spec) {
  return spec.container == Container::kOgg ? SampleFormat::kFloat : spec.sample_format;
}

bool IsRegularFile(int fd) {
  struct stat status {};
  return ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode);
}

// Runs before the member that creates the temporary file: a refused combination must not
// touch the disk (sf_open would fail and leave an empty file behind).
const OutputSpec& Checked(const OutputSpec& spec) {
  CheckOutputSpec(spec, /*bits_given=*/false);
  return spec;
}

}  // namespace

SndfileSink::SndfileSink(const OutputSpec& spec)
    : spec_(Checked(spec)),
      file_(spec.path),
      quantizer_(spec.dither_seed),
      pending_(static_cast<std::size_t>(kWriteBlockFrames) * kOutputChannels),
      pcm16_(pending_.size()),
      pcm32_(pending_.size()),
      clamped_(pending_.size()) {
  device_.fd = file_.fd();
  SF_INFO info{};
  info.samplerate = spec_.sample_rate;
  info.channels = kOutputChannels;
  info.format = SndfileFormat(spec_);
  SF_VIRTUAL_IO io{DeviceLength, DeviceSeek, DeviceRead, DeviceWrite, DeviceTell};
  sndfile_ = sf_open_virtual(&io, SFM_WRITE, &info, &device_);
  if (sndfile_ == nullptr) {
    if (device_.write_errno != 0) throw WriteError(spec_.path, ErrnoText(device_.write_errno));
    throw CreateError(spec_.path,
                      SndfileReason(sf_error(nullptr), [] { return sf_strerror(nullptr); }));
  }
  // Everything below must happen before the first write: auto-downgrade and the strings
  // are ignored (or refused, FLAC: error 53) once audio has been written (DEPS §4b, §4d).
  const auto refuse = [this](const std::string& reason) {
    sf_close(sndfile_);
    sndfile_ = nullptr;
    throw CreateError(spec_.path, reason);
  };
  if (spec_.container == Container::kWav &&
      sf_command(sndfile_, SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE) != SF_TRUE) {
    refuse("libsndfile refused RF64 auto-downgrade");
  }
  // Off by default, where 1.5 wraps around to -16386 (DEPS §4c). Our quantizer already
  // clamps; this guards the float path into Vorbis.
  if (sf_command(sndfile_, SFC_SET_CLIPPING, nullptr, SF_TRUE) != SF_TRUE) {
    refuse("libsndfile refused to enable clipping");
  }
  // SFC_SET_ADD_PEAK_CHUNK is deliberately not sent: RF64 writes no PEAK chunk, and in
  // 1.2.0 sending SF_FALSE to an RF64 file *creates* one, stamped with time(NULL), which
  // would make identical renders differ (DESIGN §9).
  const std::pair<int, const std::string*> strings[] = {
      {SF_STR_TITLE, &spec_.metadata.title},
      {SF_STR_SOFTWARE, &spec_.metadata.software},
      {SF_STR_COMMENT, &spec_.metadata.comment},
  };
  for (const auto& [kind, text] : strings) {
    if (text->empty()) continue;
    const int result = sf_set_string(sndfile_, kind, text->c_str());
    if (result != 0) {
      refuse("cannot store metadata: " +
             SndfileReason(result, [result] { return sf_error_number(result); }));
    }
  }
}

SndfileSink::~SndfileSink() {
  // Not committed: close libsndfile's handle; file_ then removes the temporary file.
  if (sndfile_ != nullptr) sf_close(sndfile_);
}

// libvorbis's first analysis step (the pre-extrapolation in vorbis_analysis_wrote) uses
// whatever audio the first sufficiently long write brings, so OGG bytes would follow the
// caller's chunking. Every container is therefore fed whole blocks of kWriteBlockFrames:
// the bytes never depend on how Write was called.
void SndfileSink::Write(const float* interleaved, int frames) {
  if (frames < 0) throw std::invalid_argument("SndfileSink::Write: negative frame count");
  if (sndfile_ == nullptr) throw std::logic_error("SndfileSink::Write after Commit");
  while (frames > 0) {
    const int take = std::min(frames, kWriteBlockFrames - pending_frames_);
    std::copy_n(interleaved, static_cast<std::size_t>(take) * kOutputChannels,
                pending_.data() + static_cast<std::size_t>(pending_frames_) * kOutputChannels);
    pending_frames_ += take;
    interleaved += static_cast<std::size_t>(take) * kOutputChannels;
    frames -= take;
    if (pending_frames_ == kWriteBlockFrames) {
      pending_frames_ = 0;
      WriteBlock(pending_.data(), kWriteBlockFrames);
    }
  }
}

void SndfileSink::WriteBlock(const float* interleaved, int frames) {
  const auto samples = static_cast<std::size_t>(frames) * kOutputChannels;
  sf_count_t written = 0;
  switch (WriteFormat(spec_)) {
    case SampleFormat::kPcm16:
      quantizer_.ToPcm16(interleaved, pcm16_.data(), samples);
      written = sf_writef_short(sndfile_, pcm16_.data(), frames);
      break;
    case SampleFormat::kPcm24:
      quantizer_.ToPcm24(interleaved, pcm32_.data(), samples);
      for (std::size_t i = 0; i < samples; ++i) pcm32_[i] <<= kPcm24InInt32Shift;
      written = sf_writef_int(sndfile_, pcm32_.data(), frames);
      break;
    case SampleFormat::kFloat:
      Quantizer::ToFloat(interleaved, clamped_.data(), samples);
      written = sf_writef_float(sndfile_, clamped_.data(), frames);
      break;
  }
  if (written != frames || device_.write_errno != 0) {
    ThrowWriteError([this, written, frames] {
      const int code = sf_error(sndfile_);
      if (code == 0) {
        return "libsndfile wrote " + std::to_string(written) + " of " + std::to_string(frames) +
               " frames";
      }
      return SndfileReason(code, [this] { return sf_strerror(sndfile_); });
    });
  }
}

void SndfileSink::Commit() {
  if (failed_) throw std::logic_error("SndfileSink::Commit after a failed write");
  if (sndfile_ == nullptr) throw std::logic_error("SndfileSink::Commit called twice");
  if (pending_frames_ > 0) {
    WriteBlock(pending_.data(), std::exchange(pending_frames_, 0));
  }
  const int result = sf_close(std::exchange(sndfile_, nullptr));
  if (device_.write_errno != 0 || result != 0) {
    ThrowWriteError(
        [result] { return SndfileReason(result, [result] { return sf_error_number(result); }); });
  }
  // libsndfile draws the Ogg serial number from the clock: stamp one derived from the seed,
  // so identical renders give identical bytes (DESIGN §9). A FIFO or device written in
  // place has already taken its bytes, and keeps libsndfile's serial.
  if (spec_.container == Container::kOgg && IsRegularFile(file_.fd())) {
    RewriteOggSerial(file_.fd(), OggSerial(spec_.dither_seed), spec_.path);
  }
  file_.Commit();
}

void SndfileSink::ThrowWriteError(const std::function<std::string()>& sndfile_reason) {
  failed_ = true;
  // errno from our own write() is the precise reason ("No space left on device").
  if (device_.write_errno != 0) throw WriteError(spec_.path, ErrnoText(device_.write_errno));
  throw WriteError(spec_.path, sndfile_reason());
}

// Defined beside the libsndfile sink, the default choice; the others are the exceptions.
std::unique_ptr<AudioSink> OpenSink(const OutputSpec& spec) {
  CheckOutputSpec(spec, /*bits_given=*/false);
  if (IsStandardOutput(spec.path) || spec.container == Container::kRaw) {
    return std::make_unique<StreamSink>(spec);
  }
  // A WAV aimed at a FIFO or device cannot be patched at the end: give it exact sizes.
  struct stat target {};
  if (spec.container == Container::kWav && ::stat(spec.path.c_str(), &target) == 0 &&
      !S_ISREG(target.st_mode) && !S_ISDIR(target.st_mode)) {
    return std::make_unique<StreamSink>(spec);
  }
  return std::make_unique<SndfileSink>(spec);
}

}  // namespace tingle::io
