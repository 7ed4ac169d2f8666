#include "core/diagnostics.hpp"

namespace tingle {

std::string Diagnostic::Format() const {
  std::string text = where.file;
  if (where.line > 0) {
    text += ':' + std::to_string(where.line);
    if (where.column > 0) text += ':' + std::to_string(where.column);
  }
  if (!text.empty()) text += ": ";
  return text + "error: " + message;
}

RecipeError::RecipeError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(diagnostics.empty() ? "invalid recipe" : diagnostics.front().Format()),
      diagnostics_(std::move(diagnostics)) {}

}  // namespace tingle
