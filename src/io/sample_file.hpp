// Sound files that recipes name as sources: where they are found, and their samples.
//
// A relative name is looked for in the recipe's folder first, then in tingle's samples
// folders (where "samples/x.flac" also means x.flac); an absolute one only where it says.
// Every failure is a SampleFileError whose message is one line, the reason alone (the
// caller adds the file's name):
//   no such file (looked in /a/recipes and /b/samples)
//   is a folder, not a sound file
//   cannot read: Permission denied
//   empty file (0 bytes)
//   not a sound file (format not recognised)
//   has no audio (0 frames)
//   truncated or corrupt (decoded 12288 of 96000 frames)
//   corrupt (flac decoder lost sync)
//   unsupported: 12 channels (at most 8)
//   too long (6m40s; at most 5m00s)
// libsndfile reads a WAV or AIFF cut short leniently (its frame count follows the file's
// length), so such a file plays what it holds; FLAC and OGG streams cut short fail.
#pragma once

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tingle::io {

class SampleFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SampleFile {
  int sample_rate = 0;         // Hz
  int channels = 0;            // 1 .. kMaxSampleChannels
  std::vector<float> samples;  // interleaved frames, full scale ±1
};

inline constexpr int kMaxSampleChannels = 8;
inline constexpr int kMinSampleRate = 8000;
inline constexpr int kMaxSampleRate = 384000;

// Where relative names are looked for, in order: `recipe_folder`, then the samples
// folder of the source tree tingle was built from and the installed one
// (${datadir}/tingle/samples), those two only if they exist. Absolute and normalised.
std::vector<std::filesystem::path> SampleFolders(const std::filesystem::path& recipe_folder);

// The file `name` stands for: itself if absolute, else the first of `folders` (as from
// SampleFolders: the recipe's folder, then samples folders) that holds it. In a samples
// folder a leading "samples/" is dropped too, so `source = "samples/hair.flac"` finds
// tingle's hair.flac from a recipe anywhere. Throws SampleFileError when there is none.
std::filesystem::path FindSampleFile(const std::string& name,
                                     std::span<const std::filesystem::path> folders);

// Decodes the whole file at `path`, refusing one longer than max_seconds.
SampleFile ReadSampleFile(const std::filesystem::path& path, double max_seconds);

}  // namespace tingle::io
