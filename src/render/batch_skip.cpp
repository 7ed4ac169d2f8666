#include "render/batch_skip.hpp"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include "io/sha256.hpp"

namespace tingle::render {

std::string ItemKey(const BatchRecipe& batch_recipe, const recipe::Recipe& item_recipe,
                    std::int64_t variation, io::Container container, io::SampleFormat sample_format) {
  char recipe_hash[17];
  std::snprintf(recipe_hash, sizeof recipe_hash, "%016llx",
                static_cast<unsigned long long>(item_recipe.hash));
  // One fact a line, named, so no two different sets of facts read the same.
  std::string facts = "tingle item key 1\n";
  facts += "version " TINGLE_VERSION "\n";
  facts += "recipe sha256:" + batch_recipe.text_sha256 + "\n";
  facts += "overrides fnv1a64:" + std::string(recipe_hash) + "\n";
  facts += "title " + item_recipe.title + "\n";
  facts += "seed " + std::to_string(item_recipe.seed) + "\n";
  facts += "variation " + std::to_string(variation) + "\n";
  facts += "container " + std::to_string(static_cast<int>(container)) + "\n";
  facts += "sample format " + std::to_string(static_cast<int>(sample_format)) + "\n";
  for (const std::string& source : batch_recipe.source_digests) facts += "source " + source + "\n";
  return "sha256:" + io::Sha256Hex(facts);
}

std::optional<io::ItemRecord> CompleteOutput(const std::string& audio, const std::string& key) {
  std::optional<io::ItemRecord> record = io::ReadSidecar(audio);
  if (!record || record->item_key != key || record->sha256.empty()) return std::nullopt;
  std::error_code error;
  if (!std::filesystem::is_regular_file(audio, error)) return std::nullopt;
  const std::uintmax_t bytes = std::filesystem::file_size(audio, error);
  if (error || bytes != record->bytes) return std::nullopt;
  try {
    if (io::Sha256FileHex(audio) != record->sha256) return std::nullopt;
  } catch (const io::IoError&) {
    return std::nullopt;  // unreadable: rendering it again reports the real problem
  }
  return record;
}

}  // namespace tingle::render
