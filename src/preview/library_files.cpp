#include "preview/library_files.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "preview/preview_errors.hpp"

namespace tingle::preview {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool HasAudioExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(kAudioExtensions), std::end(kAudioExtensions), extension) !=
         std::end(kAudioExtensions);
}

bool IsHidden(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

// -1, 0 or 1 as a is before, level with or after b, digit runs by value.
int NaturalCompare(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (IsDigit(a[i]) && IsDigit(b[j])) {
      std::size_t run_a = i, run_b = j;
      while (run_a < a.size() && a[run_a] == '0') ++run_a;  // leading zeros do not count
      while (run_b < b.size() && b[run_b] == '0') ++run_b;
      std::size_t end_a = run_a, end_b = run_b;
      while (end_a < a.size() && IsDigit(a[end_a])) ++end_a;
      while (end_b < b.size() && IsDigit(b[end_b])) ++end_b;
      // More significant digits is larger; equal lengths compare digit by digit.
      if (end_a - run_a != end_b - run_b) return end_a - run_a < end_b - run_b ? -1 : 1;
      const int digits = a.substr(run_a, end_a - run_a).compare(b.substr(run_b, end_b - run_b));
      if (digits != 0) return digits < 0 ? -1 : 1;
      i = end_a;
      j = end_b;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) return i < a.size() ? 1 : -1;
  return 0;
}

}  // namespace

bool NameOrder(std::string_view a, std::string_view b) {
  const int natural = NaturalCompare(a, b);
  return natural != 0 ? natural < 0 : a < b;
}

std::vector<std::filesystem::path> FindAudioFiles(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::recursive_directory_iterator entry(
      folder, std::filesystem::directory_options::skip_permission_denied, error);
  if (error) throw PreviewError("\"" + folder.string() + "\": cannot read: " + error.message());
  std::vector<std::filesystem::path> files;
  for (; entry != std::filesystem::recursive_directory_iterator(); entry.increment(error)) {
    if (error) break;
    std::error_code entry_error;  // a dangling link is not a file, and no reason to stop
    if (IsHidden(entry->path())) {
      if (entry->is_directory(entry_error)) entry.disable_recursion_pending();
      continue;
    }
    if (entry->is_regular_file(entry_error) && HasAudioExtension(entry->path())) {
      files.push_back(entry->path().lexically_relative(folder));
    }
  }
  if (error) throw PreviewError("\"" + folder.string() + "\": cannot read: " + error.message());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    return NameOrder(a.generic_string(), b.generic_string());
  });
  return files;
}

}  // namespace tingle::preview
