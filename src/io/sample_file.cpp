// Finding and decoding source sound files through libsndfile.
#include "io/sample_file.hpp"

#include <sndfile.h>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <memory>
#include <system_error>

#include "core/duration.hpp"
#include "io/sound_file_open.hpp"

// Set by CMake for this file: <source tree>/samples and
// ${CMAKE_INSTALL_FULL_DATADIR}/tingle/samples.
#ifndef TINGLE_SAMPLES_SOURCE_DIR
#define TINGLE_SAMPLES_SOURCE_DIR ""
#endif
#ifndef TINGLE_SAMPLES_INSTALL_DIR
#define TINGLE_SAMPLES_INSTALL_DIR ""
#endif

namespace tingle::io {
namespace {

// Frames decoded per sf_readf_float call.
constexpr sf_count_t kReadFrames = 65536;

std::filesystem::path Normal(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::path normal =
      std::filesystem::absolute(folder.empty() ? "." : folder, error).lexically_normal();
  if (error) normal = folder.lexically_normal();  // no current folder: keep it as given
  // "/a/b/" -> "/a/b", so messages name folders the same way.
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path()) {
    normal = normal.parent_path();
  }
  return normal;
}

// "A", "A and B", "A, B and C".
std::string ListFolders(std::span<const std::filesystem::path> folders) {
  std::string list;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (i > 0) list += i + 1 == folders.size() ? " and " : ", ";
    list += folders[i].string();
  }
  return list;
}

struct SndfileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};

}  // namespace

std::vector<std::filesystem::path> SampleFolders(const std::filesystem::path& recipe_folder) {
  std::vector<std::filesystem::path> folders{Normal(recipe_folder)};
  for (const char* built_in : {TINGLE_SAMPLES_SOURCE_DIR, TINGLE_SAMPLES_INSTALL_DIR}) {
    if (*built_in == '\0') continue;
    std::error_code error;
    const std::filesystem::path folder = Normal(built_in);
    if (!std::filesystem::is_directory(folder, error)) continue;
    bool seen = false;
    for (const auto& known : folders) seen |= known == folder;
    if (!seen) folders.push_back(folder);
  }
  return folders;
}

std::filesystem::path FindSampleFile(const std::string& name,
                                     std::span<const std::filesystem::path> folders) {
  const std::filesystem::path path(name);
  std::error_code error;
  if (path.is_absolute()) {
    if (std::filesystem::exists(path, error)) return path;
    throw SampleFileError("no such file");
  }
  // In a samples folder, "samples/x.flac" is x.flac: recipes anywhere may name a clip the
  // way it sits in the source tree.
  std::filesystem::path inside_samples;
  if (const auto top = path.begin(); top != path.end() && *top == "samples") {
    for (auto part = std::next(top); part != path.end(); ++part) inside_samples /= *part;
  }
  for (std::size_t i = 0; i < folders.size(); ++i) {
    std::filesystem::path candidate = folders[i] / path;
    if (std::filesystem::exists(candidate, error)) return candidate;
    if (i == 0 || inside_samples.empty()) continue;
    candidate = folders[i] / inside_samples;
    if (std::filesystem::exists(candidate, error)) return candidate;
  }
  throw SampleFileError("no such file (looked in " + ListFolders(folders) + ")");
}

SampleFile ReadSampleFile(const std::filesystem::path& path, double max_seconds) {
  SF_INFO info{};
  std::string problem;
  std::unique_ptr<SNDFILE, SndfileCloser> file(OpenSoundFile(path, info, problem));
  if (!file) throw SampleFileError(problem);
  if (info.channels < 1 || info.channels > kMaxSampleChannels) {
    throw SampleFileError("unsupported: " + std::to_string(info.channels) + " channels (at most " +
                          std::to_string(kMaxSampleChannels) + ")");
  }
  if (info.samplerate < kMinSampleRate || info.samplerate > kMaxSampleRate) {
    throw SampleFileError("unsupported: sample rate " + std::to_string(info.samplerate) + " Hz (" +
                          std::to_string(kMinSampleRate) + " to " + std::to_string(kMaxSampleRate) +
                          " Hz)");
  }
  // FLAC without a length in its header reports the largest count: unknown.
  const bool length_known = info.frames != std::numeric_limits<sf_count_t>::max();
  const auto max_frames = static_cast<sf_count_t>(std::floor(max_seconds * info.samplerate));
  const auto too_long = [&](double seconds) {
    return SampleFileError("too long (" + FormatDuration(seconds) + "; at most " +
                           FormatDuration(max_seconds) + ")");
  };
  if (length_known && info.frames > max_frames) {
    throw too_long(static_cast<double>(info.frames) / info.samplerate);
  }
  SampleFile sample;
  sample.sample_rate = info.samplerate;
  sample.channels = info.channels;
  const auto channels = static_cast<std::size_t>(info.channels);
  if (length_known) sample.samples.reserve(static_cast<std::size_t>(info.frames) * channels);
  std::vector<float> chunk(static_cast<std::size_t>(kReadFrames) * channels);
  sf_count_t decoded = 0;
  for (;;) {
    const sf_count_t got = sf_readf_float(file.get(), chunk.data(), kReadFrames);
    if (got <= 0) break;
    decoded += got;
    if (decoded > max_frames) throw too_long(static_cast<double>(decoded) / info.samplerate);
    sample.samples.insert(sample.samples.end(), chunk.begin(),
                          chunk.begin() + static_cast<long>(got * info.channels));
  }
  // A stream cut short stops early, with or without a decoder error (libFLAC loses sync
  // or simply runs out, depending on where the cut falls): the frame count says it alike.
  if (length_known && decoded < info.frames) {
    throw SampleFileError("truncated or corrupt (decoded " + std::to_string(decoded) + " of " +
                          std::to_string(info.frames) + " frames)");
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
    throw SampleFileError("corrupt (" + SndfileReadReason(sf_strerror(file.get())) + ")");
  }
  if (decoded == 0) throw SampleFileError("has no audio (0 frames)");
  for (float x : sample.samples) {
    if (!std::isfinite(x)) throw SampleFileError("corrupt: holds samples that are not numbers");
  }
  return sample;
}

}  // namespace tingle::io
