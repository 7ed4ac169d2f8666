// `tingle preview DIR` (and `tingle render --preview`): writes DIR/index.html, one card
// per audio file in DIR and its subfolders, with each file's spectrogram drawn into
// DIR/.preview/<file>.png.
//
// A card shows what the file's sidecar (<file>.json, written by batch renders: see
// io/item_record.hpp) records -- seed, recipe, loudness, true peak, each layer's texture
// and parameters, the varied keys highlighted -- and, for a file without one (or whose
// sidecar describes a file of another size), what the file itself says: its length, the
// loudness and true peak measured from it, the seed from its "seed=N" comment if tingle
// wrote it.
//
// Re-running is cheap and changes nothing that is up to date: pictures are redrawn only
// for files that changed (spectrogram_file.hpp), the page is the same bytes for the same
// files, and pictures of files that are gone are removed. The page and every picture are
// written under a temporary name and renamed.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "preview/preview_errors.hpp"

namespace tingle::preview {

struct PreviewSettings {
  // Checked between files and while decoding; when set, PreviewInterrupted is thrown.
  const std::atomic<bool>* interrupt = nullptr;
};

struct PreviewReport {
  std::filesystem::path page;  // DIR/index.html
  int files = 0;               // cards on the page (audio files found)
  int drawn = 0;               // spectrograms drawn this time; the rest were up to date
  // One line per file that could not be read (it has a card saying why):
  //   "lib/take 3.wav": not a sound file (format not recognised)
  std::vector<std::string> problems;
};

// Throws PreviewError when `folder` is missing, not a folder, unreadable or holds no
// audio files (nothing is written then); io::IoError when the page or a picture cannot
// be written; PreviewInterrupted.
PreviewReport WriteLibraryPreview(const std::filesystem::path& folder, const PreviewSettings& settings = {});

// Where the pictures go, relative to the folder.
inline constexpr char kPictureFolder[] = ".preview";

}  // namespace tingle::preview
