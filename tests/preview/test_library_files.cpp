#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "preview/library_files.hpp"
#include "preview/preview_errors.hpp"
#include "support/temp_dir.hpp"

namespace tingle::preview {
namespace {

void Touch(const std::filesystem::path& path) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << "x";
}

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return NameOrder(a, b); });
  return names;
}

}  // namespace

TEST_SUITE("preview") {
  TEST_CASE("NameOrder: numbers by value, then bytes, a total order") {
    CHECK(Sorted({"take-10.wav", "take-2.wav", "take-1.wav"}) ==
          std::vector<std::string>{"take-1.wav", "take-2.wav", "take-10.wav"});
    CHECK(Sorted({"b.wav", "a10.wav", "a9.wav", "A.wav"}) ==
          std::vector<std::string>{"A.wav", "a9.wav", "a10.wav", "b.wav"});
    // Equal by value: leading zeros decide by bytes, never a tie.
    CHECK(NameOrder("take-02.wav", "take-2.wav"));
    CHECK_FALSE(NameOrder("take-2.wav", "take-02.wav"));
    CHECK_FALSE(NameOrder("same.wav", "same.wav"));
    CHECK(NameOrder("a/1.wav", "a/2.wav"));
    CHECK(NameOrder("x9", "x9y"));
    // A number too long for any integer type still compares by its digits.
    CHECK(NameOrder("n99999999999999999999999", "n100000000000000000000000"));
  }

  TEST_CASE("FindAudioFiles: audio files of the folder and its subfolders, hidden ones skipped") {
    test::TempDir dir;
    for (const char* name : {"b.wav", "a.FLAC", "sub/c.ogg", "sub/deeper/d.aiff", "notes.txt", "b.wav.json",
                             ".hidden.wav", ".preview/b.wav.png", ".preview/x.wav", ".b.wav.tingle-12.part",
                             "e.raw"}) {
      Touch(dir.path() / name);
    }
    std::filesystem::create_directories(dir.path() / "folder.wav");  // a folder, not a file
    std::vector<std::string> found;
    for (const auto& path : FindAudioFiles(dir.path())) found.push_back(path.generic_string());
    CHECK(found == std::vector<std::string>{"a.FLAC", "b.wav", "sub/c.ogg", "sub/deeper/d.aiff"});
    // A trailing slash changes nothing.
    CHECK(FindAudioFiles(dir.path() / "").size() == 4);
  }

  TEST_CASE("FindAudioFiles: a folder that cannot be listed is an error naming it") {
    test::TempDir dir;
    const std::filesystem::path missing = dir.path() / "missing";
    // (appended piecewise: GCC 12's -Wrestrict misfires on "literal" + string + "literal")
    std::string expected = "\"";
    expected.append(missing.string()).append("\": cannot read: No such file or directory");
    CHECK_THROWS_WITH_AS(FindAudioFiles(missing), expected.c_str(), PreviewError);
  }
}

}  // namespace tingle::preview
