// The audio files of a library folder, in the order the preview shows them.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace tingle::preview {

// The extensions looked for (any case): what tingle writes and libsndfile reads.
inline constexpr std::string_view kAudioExtensions[] = {".wav", ".rf64", ".flac", ".ogg", ".oga", ".aif", ".aiff"};

// Regular files (or links to them) in `folder` and its subfolders with an audio
// extension, relative to `folder`, in NameOrder. Hidden files and folders (a leading '.')
// are skipped: the spectrograms live in one, and renders stage their temporary files as
// hidden ones. Unreadable subfolders are skipped. Throws PreviewError
// `"<folder>": cannot read: <reason>` when the folder itself cannot be listed.
std::vector<std::filesystem::path> FindAudioFiles(const std::filesystem::path& folder);

// "Natural" order: runs of digits compare by their value, so take-2 comes before take-10;
// names that tie that way (take-02, take-2) fall back to plain byte order, so the order
// is total and every run gives the same page.
bool NameOrder(std::string_view a, std::string_view b);

}  // namespace tingle::preview
