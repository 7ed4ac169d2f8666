// The preview page, index.html: one card per audio file, a filter box, nothing fetched
// from anywhere but the folder itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/item_record.hpp"
#include "preview/sound_file_source.hpp"

namespace tingle::preview {

// What one card shows.
struct PreviewCard {
  std::string file;     // relative to the folder, '/'-separated
  std::string problem;  // why the file cannot be read; when set, the fields below are not
  std::string picture;  // the spectrogram PNG, relative to the folder, '/'-separated
  int picture_width = 0;
  int picture_height = 0;
  double seconds = 0.0;
  int sample_rate = 0;
  int channels = 0;
  std::optional<Levels> levels;     // from the sidecar, else measured; none: unknown
  std::optional<std::uint64_t> seed;  // from the sidecar or the file's "seed=N" comment
  std::string title;                  // likewise
  std::optional<io::ItemRecord> sidecar;  // recipe, item, format, layers, varied keys
};

// The whole page. `folder_name` heads it; `cards` in the order they are shown. The same
// cards give the same bytes (no dates), so re-running the preview changes nothing.
std::string LibraryPageHtml(std::string_view folder_name, const std::vector<PreviewCard>& cards);

}  // namespace tingle::preview
