// The docs that come from the parameter tables stay in step with them.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/catalogue_commands.hpp"
#include "synth/registry.hpp"

namespace tingle::cli {
namespace {

const std::filesystem::path kRecipeManPage =
    std::filesystem::path(TINGLE_SOURCE_DIR) / "man/tingle-recipe.5";
constexpr char kBegin[] = ".\\\" BEGIN GENERATED TEXTURES\n";
constexpr char kEnd[] = ".\\\" END GENERATED TEXTURES\n";

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("Docs: the man page's texture sections match the parameter tables") {
  std::string page = ReadText(kRecipeManPage);
  const std::size_t begin = page.find(kBegin);
  const std::size_t end = page.find(kEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::size_t body = begin + std::string(kBegin).size();
  const std::string generated = TexturesManSection();
  if (std::getenv("TINGLE_BLESS") != nullptr) {
    page.replace(body, end - body, generated);
    std::ofstream(kRecipeManPage) << page;
    MESSAGE("rewrote " << kRecipeManPage.string());
    return;
  }
  // On a mismatch, rerun with TINGLE_BLESS=1 and review the man page's diff.
  CHECK(page.substr(body, end - body) == generated);
}

TEST_CASE("Docs: describe and new list every key of every texture") {
  for (const auto& entry : synth::Textures()) {
    const std::string describe = DescribeText(std::string(entry.name));
    const std::string starter = StarterRecipe({std::string(entry.name)});
    for (const ParamInfo& info : entry.params) {
      INFO(entry.name << "." << info.key);
      // (appended piecewise: GCC 12's -Wrestrict misfires on "literal" + string + "literal")
      std::string row = "  ";
      row.append(info.key).append(" ");
      std::string assignment = "\n";
      assignment.append(info.key).append(" = ");
      CHECK(describe.find(row) != std::string::npos);
      CHECK(starter.find(assignment) != std::string::npos);
    }
  }
}

TEST_CASE("Docs: describe and new reject an unknown texture with a hint") {
  CHECK_THROWS_WITH(DescribeText("nosie"), "unknown texture \"nosie\" (did you mean \"noise\"?)");
  CHECK_THROWS_WITH(StarterRecipe({"noise", "zzz"}), "unknown texture \"zzz\" (see `tingle textures`)");
}

}
}  // namespace tingle::cli
