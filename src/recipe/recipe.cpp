#include "recipe/recipe.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tingle::recipe {
namespace {

[[noreturn]] void ThrowUnreadable(const std::string& path, int error_number) {
  Diagnostic diagnostic;
  diagnostic.where.file = path;
  diagnostic.message = std::string("cannot read recipe: ") + std::strerror(error_number);
  throw RecipeError({diagnostic});
}

}  // namespace

std::string ReadRecipeText(const std::string& path) {
  // An ifstream opens a folder and then reads nothing, without an error.
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) ThrowUnreadable(path, EISDIR);
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ThrowUnreadable(path, errno);
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) {
    ThrowUnreadable(path, errno);
  }
  return text.str();
}

Recipe LoadRecipe(const std::string& path, const Overrides& overrides) {
  return ParseRecipe(ReadRecipeText(path), path, overrides);
}

std::string ReproductionComment(const Recipe& recipe) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(recipe.hash));
  return "seed=" + std::to_string(recipe.seed) + " recipe=fnv1a64:" + hash;
}

}  // namespace tingle::recipe
