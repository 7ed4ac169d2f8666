// One audio file's spectrogram picture, drawn only when missing or out of date.
//
// The PNG's text fields record what it was drawn from: the audio file's size and
// modification time (nanoseconds) and the drawing's version, plus the loudness and true
// peak when they were measured. A later run that finds them all matching reads nothing
// but the file's header, so re-running the preview over a large library is quick, while
// any change to a file (re-rendered, replaced, even by an older copy) redraws its picture.
#pragma once

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

#include "preview/sound_file_source.hpp"

namespace tingle::preview {

// Bump when the picture changes (layout, scale, palette, analysis): every PNG is redrawn.
inline constexpr int kDrawingVersion = 1;

struct SoundSummary {
  double seconds = 0.0;
  int sample_rate = 0;
  int channels = 0;
  std::string title;    // the file's metadata
  std::string comment;
  std::optional<Levels> measured;  // when asked for
  bool drawn = false;              // drawn by this call (false: it was up to date)
};

// Brings `picture` up to date for `audio`, measuring the levels too when `measure` (then
// every frame is decoded; otherwise a long file is sampled, see spectrogram.hpp).
// Throws io::SoundFileError (the audio), io::IoError (writing the picture or its folder),
// PreviewInterrupted.
SoundSummary UpdateSpectrogramFile(const std::filesystem::path& audio, const std::filesystem::path& picture,
                                   bool measure, const std::atomic<bool>* interrupt);

}  // namespace tingle::preview
