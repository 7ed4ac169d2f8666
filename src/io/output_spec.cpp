// Output containers by name or extension, and the combinations that can be written.
#include "io/output_spec.hpp"

#include <array>
#include <cctype>
#include <filesystem>
#include <string>

namespace tingle::io {
namespace {

// The rates every container and every texture is tuned for (DESIGN §8). libsndfile would
// take more, but Opus and MP3 show that sf_format_check does not know each codec's limits,
// so we promise only what is tested.
constexpr std::array<int, 3> kSupportedRates = {44100, 48000, 96000};

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool IsSupportedRate(int sample_rate) {
  for (const int rate : kSupportedRates) {
    if (rate == sample_rate) return true;
  }
  return false;
}

// "44100, 48000 or 96000", from the table so the message never goes stale.
std::string SupportedRatesText() {
  std::string text;
  for (std::size_t i = 0; i < kSupportedRates.size(); ++i) {
    if (i > 0) text += i + 1 == kSupportedRates.size() ? " or " : ", ";
    text += std::to_string(kSupportedRates[i]);
  }
  return text;
}

const char* DisplayName(Container container) {
  switch (container) {
    case Container::kWav:
      return "WAV";
    case Container::kFlac:
      return "FLAC";
    case Container::kOgg:
      return "OGG";
    case Container::kRaw:
      return "raw";
  }
  return "?";
}

}  // namespace

std::optional<Container> ContainerFromName(std::string_view name) {
  const std::string lower = Lowercase(name);
  if (lower == "wav") return Container::kWav;
  if (lower == "flac") return Container::kFlac;
  if (lower == "ogg") return Container::kOgg;
  if (lower == "raw") return Container::kRaw;
  return std::nullopt;
}

std::optional<Container> ContainerFromPath(std::string_view path) {
  // path::extension() treats a leading dot as a hidden file's name, so ".wav" has none.
  const std::string extension =
      Lowercase(std::filesystem::path(std::string(path)).extension().string());
  if (extension == ".wav" || extension == ".rf64") return Container::kWav;
  if (extension == ".flac") return Container::kFlac;
  if (extension == ".ogg" || extension == ".oga") return Container::kOgg;
  if (extension == ".raw") return Container::kRaw;
  return std::nullopt;
}

void CheckOutputSpec(const OutputSpec& spec, bool bits_given) {
  if (spec.path.empty()) throw OutputError("the output path is empty");
  const bool to_stdout = spec.path == "-";
  // libsndfile could stream FLAC and OGG to a pipe, but FLAC then carries no length
  // (DEPS §4a) and our exact-size stream writer only knows WAV and raw.
  if (to_stdout && (spec.container == Container::kFlac || spec.container == Container::kOgg)) {
    throw OutputError(std::string(DisplayName(spec.container)) +
                      " cannot be written to standard output: use --format wav or raw, "
                      "or a file name");
  }
  // sf_format_check accepts FLAC + FLOAT, then sf_open fails and leaves a 0-byte file.
  if (spec.container == Container::kFlac && spec.sample_format == SampleFormat::kFloat) {
    throw OutputError("FLAC stores integers only: use --bits 16 or 24");
  }
  if (spec.container == Container::kOgg && bits_given) {
    throw OutputError("OGG Vorbis is lossy and has no bit depth: leave out --bits");
  }
  if (!IsSupportedRate(spec.sample_rate)) {
    throw OutputError("sample rate " + std::to_string(spec.sample_rate) +
                      " Hz is not supported: use " + SupportedRatesText());
  }
}

}  // namespace tingle::io
