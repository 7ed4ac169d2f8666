// `tingle textures`, `tingle describe`, `tingle new`: all read from the parameter tables.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tingle::cli {

struct DescribeOptions {
  std::string texture;
};

struct NewOptions {
  std::vector<std::string> textures;
};

CLI::App* SetupTextures(CLI::App& app);
CLI::App* SetupDescribe(CLI::App& app, DescribeOptions& options);
CLI::App* SetupNew(CLI::App& app, NewOptions& options);

int RunTextures();
int RunDescribe(const DescribeOptions& options);
int RunNew(const NewOptions& options);

// The texts themselves, for the commands and for the tests that keep the docs in step.
std::string TexturesText();
std::string DescribeText(const std::string& texture);      // throws std::invalid_argument
std::string StarterRecipe(const std::vector<std::string>& textures);  // likewise
std::string TexturesManSection();  // roff for man/tingle-recipe.5, between its markers

}  // namespace tingle::cli
