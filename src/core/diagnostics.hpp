// Where a problem is (file:line:column) and the one-line message that reports it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace tingle {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

struct Diagnostic {
  SourceLocation where;
  std::string message;

  // "file:line:column: error: message", dropping the parts that are unknown.
  std::string Format() const;
};

// Thrown when a recipe (or an override of it) is invalid; holds every problem found.
class RecipeError : public std::runtime_error {
 public:
  explicit RecipeError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Thrown by a texture when its parameters are each valid but conflict with each other;
// the recipe layer turns `key` into a location.
class ParamError : public std::runtime_error {
 public:
  ParamError(std::string key, const std::string& message)
      : std::runtime_error(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

}  // namespace tingle
