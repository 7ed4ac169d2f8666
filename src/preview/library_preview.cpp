#include "preview/library_preview.hpp"

#include <optional>
#include <set>
#include <system_error>

#include "io/io_error_text.hpp"
#include "io/item_record.hpp"
#include "io/sound_reader.hpp"
#include "io/staged_file.hpp"
#include "io/write_all.hpp"
#include "preview/library_files.hpp"
#include "preview/library_page.hpp"
#include "preview/spectrogram_file.hpp"
#include "preview/spectrogram_picture.hpp"

namespace tingle::preview {
namespace {

std::string Quoted(const std::filesystem::path& path) { return "\"" + path.string() + "\""; }

void CheckInterrupt(const PreviewSettings& settings) {
  if (settings.interrupt != nullptr && settings.interrupt->load(std::memory_order_relaxed)) {
    throw PreviewInterrupted();
  }
}

void CheckFolder(const std::filesystem::path& folder) {
  std::error_code error;
  const auto status = std::filesystem::status(folder, error);
  if (status.type() == std::filesystem::file_type::not_found) throw PreviewError(Quoted(folder) + ": no such folder");
  if (error) throw PreviewError(Quoted(folder) + ": cannot read: " + error.message());
  if (status.type() != std::filesystem::file_type::directory) throw PreviewError(Quoted(folder) + ": not a folder");
}

// "lib" for "lib", "lib/", "/x/lib" or "." inside lib: the page's heading.
std::string FolderName(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::path full = std::filesystem::absolute(folder, error).lexically_normal();
  if (error) full = folder.lexically_normal();
  if (!full.has_filename() && full.has_parent_path()) full = full.parent_path();
  const std::string name = full.filename().string();
  return name.empty() ? full.string() : name;
}

// The sidecar beside `audio`, unless it describes a file of another size (the audio was
// rendered again, or replaced, without it).
std::optional<io::ItemRecord> MatchingSidecar(const std::filesystem::path& audio) {
  std::optional<io::ItemRecord> record = io::ReadSidecar(audio);
  if (!record) return std::nullopt;
  std::error_code error;
  const auto bytes = std::filesystem::file_size(audio, error);
  if (record->bytes != 0 && (error || record->bytes != bytes)) return std::nullopt;
  return record;
}

// N from a "seed=N recipe=fnv1a64:HASH" comment, as tingle writes into every file.
std::optional<std::uint64_t> SeedFromComment(const std::string& comment) {
  constexpr std::string_view kPrefix = "seed=";
  for (std::size_t at = comment.find(kPrefix); at != std::string::npos; at = comment.find(kPrefix, at + 1)) {
    if (at > 0 && comment[at - 1] != ' ') continue;
    const std::size_t digits = at + kPrefix.size();
    std::size_t end = digits;
    while (end < comment.size() && comment[end] >= '0' && comment[end] <= '9') ++end;
    if (end == digits || end - digits > 20) continue;
    try {
      return std::stoull(comment.substr(digits, end - digits));
    } catch (const std::out_of_range&) {
      continue;
    }
  }
  return std::nullopt;
}

PreviewCard MakeCard(const std::filesystem::path& folder, const std::filesystem::path& relative,
                     const PreviewSettings& settings, PreviewReport& report) {
  PreviewCard card;
  card.file = relative.generic_string();
  card.picture = std::string(kPictureFolder) + "/" + card.file + ".png";
  const std::filesystem::path audio = folder / relative;
  card.sidecar = MatchingSidecar(audio);
  SoundSummary summary;
  try {
    summary = UpdateSpectrogramFile(audio, folder / card.picture, !card.sidecar, settings.interrupt);
  } catch (const io::SoundFileError& error) {
    card.problem = error.what();
    report.problems.push_back(Quoted(audio) + ": " + error.what());
    return card;
  }
  report.drawn += summary.drawn ? 1 : 0;
  card.picture_width = SpectrogramPicture::kWidth;
  card.picture_height = SpectrogramPicture::kHeight;
  card.seconds = summary.seconds;
  card.sample_rate = summary.sample_rate;
  card.channels = summary.channels;
  card.title = summary.title;
  if (card.sidecar) {
    card.levels = Levels{card.sidecar->integrated_lufs, card.sidecar->true_peak_dbtp};
    card.seed = card.sidecar->seed;
    if (!card.sidecar->title.empty()) card.title = card.sidecar->title;
  } else {
    card.levels = summary.measured;
    card.seed = SeedFromComment(summary.comment);
  }
  return card;
}

// Removes pictures in the picture folder whose audio file is gone (or unreadable now).
void RemoveStalePictures(const std::filesystem::path& folder, const std::set<std::string>& current) {
  std::error_code error;
  const std::filesystem::path pictures = folder / kPictureFolder;
  std::vector<std::filesystem::path> stale;
  for (std::filesystem::recursive_directory_iterator entry(pictures, error), end; !error && entry != end;
       entry.increment(error)) {
    std::error_code entry_error;
    if (!entry->is_regular_file(entry_error) || entry->path().extension() != ".png") continue;
    const std::string relative = entry->path().lexically_relative(folder).generic_string();
    if (current.count(relative) == 0) stale.push_back(entry->path());
  }
  for (const auto& path : stale) std::filesystem::remove(path, error);
}

void WritePage(const std::filesystem::path& page, const std::string& html) {
  io::StagedFile file(page.string());
  if (const int error = io::WriteAll(file.fd(), html.data(), html.size())) {
    throw io::WriteError(page.string(), io::ErrnoText(error));
  }
  file.Commit();
}

}  // namespace

PreviewReport WriteLibraryPreview(const std::filesystem::path& folder, const PreviewSettings& settings) {
  CheckFolder(folder);
  const std::vector<std::filesystem::path> files = FindAudioFiles(folder);
  if (files.empty()) {
    std::string extensions;
    for (const std::string_view extension : kAudioExtensions) {
      extensions += extensions.empty() ? "" : " ";
      extensions += extension;
    }
    throw PreviewError(Quoted(folder) + ": no audio files (" + extensions + ")");
  }
  PreviewReport report;
  report.page = folder / "index.html";
  std::vector<PreviewCard> cards;
  std::set<std::string> pictures;
  for (const std::filesystem::path& relative : files) {
    CheckInterrupt(settings);
    cards.push_back(MakeCard(folder, relative, settings, report));
    if (cards.back().problem.empty()) pictures.insert(cards.back().picture);
  }
  RemoveStalePictures(folder, pictures);
  WritePage(report.page, LibraryPageHtml(FolderName(folder), cards));
  report.files = static_cast<int>(cards.size());
  return report;
}

}  // namespace tingle::preview
