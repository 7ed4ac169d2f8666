#include "preview/spectrogram_file.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <system_error>

#include "io/output_spec.hpp"
#include "io/png_file.hpp"
#include "io/sound_reader.hpp"
#include "preview/spectrogram.hpp"
#include "preview/spectrogram_picture.hpp"

namespace tingle::preview {
namespace {

// The PNG's text keywords.
constexpr char kSourceKey[] = "tingle-source";
constexpr char kVersionKey[] = "tingle-drawing";
constexpr char kLoudnessKey[] = "tingle-loudness-lufs";
constexpr char kTruePeakKey[] = "tingle-true-peak-dbtp";

// The lowest frequency drawn: below it there is only rumble and DC.
constexpr double kLowestHz = 40.0;

// "bytes=2880044 mtime_ns=1763771234123456789": what the picture was drawn from.
std::string SourceKey(const std::filesystem::path& audio) {
  std::error_code error;
  const auto bytes = std::filesystem::file_size(audio, error);
  const auto time = std::filesystem::last_write_time(audio, error);
  if (error) return "";
  return "bytes=" + std::to_string(bytes) + " mtime_ns=" + std::to_string(time.time_since_epoch().count());
}

std::string Number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);  // "-inf" for silence, read back by strtod
  return text;
}

std::optional<double> ParseNumber(const std::map<std::string, std::string>& text, const char* key) {
  const auto found = text.find(key);
  if (found == text.end()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(found->second.c_str(), &end);
  if (end == found->second.c_str() || *end != '\0') return std::nullopt;
  return value;
}

// What an existing picture records, if this drawing version drew it from `source`.
struct Recorded {
  std::optional<Levels> levels;  // when they were measured
};

std::optional<Recorded> ReadRecord(const std::filesystem::path& picture, const std::string& source) {
  if (source.empty()) return std::nullopt;
  io::PngImage existing;
  try {
    existing = io::ReadPng(picture.string());
  } catch (const io::IoError&) {
    return std::nullopt;  // missing or damaged: draw it
  }
  const auto& text = existing.text;
  const auto version = text.find(kVersionKey);
  const auto drawn_from = text.find(kSourceKey);
  if (version == text.end() || version->second != std::to_string(kDrawingVersion)) return std::nullopt;
  if (drawn_from == text.end() || drawn_from->second != source) return std::nullopt;
  Recorded recorded;
  const auto loudness = ParseNumber(text, kLoudnessKey);
  const auto true_peak = ParseNumber(text, kTruePeakKey);
  if (loudness && true_peak) recorded.levels = Levels{*loudness, *true_peak};
  return recorded;
}

void MakeFolder(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw io::IoError("cannot create \"" + folder.string() + "\": " + error.message());
}

}  // namespace

SoundSummary UpdateSpectrogramFile(const std::filesystem::path& audio, const std::filesystem::path& picture,
                                   bool measure, const std::atomic<bool>* interrupt) {
  // The key is taken before reading: a file that changes meanwhile is drawn again next time.
  const std::string source = SourceKey(audio);
  io::SoundReader reader(audio);
  SoundSummary summary;
  summary.sample_rate = reader.sample_rate();
  summary.channels = reader.channels();
  summary.seconds = static_cast<double>(reader.frames()) / reader.sample_rate();
  summary.title = reader.title();
  summary.comment = reader.comment();
  // Up to date, unless the levels are wanted now and were not measured then.
  if (const auto recorded = ReadRecord(picture, source); recorded && (recorded->levels || !measure)) {
    summary.measured = recorded->levels;
    return summary;
  }
  const double nyquist = reader.sample_rate() / 2.0;
  const double low_hz = std::min(kLowestHz, nyquist / 4.0);  // an 8 kHz file still gets an axis
  SoundFileSource source_signal(reader, measure, interrupt);
  const Spectrogram spectrogram = AnalyseSpectrogram(source_signal, SpectrogramPicture::Shape(low_hz));
  if (measure) summary.measured = source_signal.FinishMeasuring();
  const RgbImage drawn = DrawSpectrogram(spectrogram, summary.seconds, low_hz, nyquist);
  io::PngImage image{drawn.width, drawn.height, drawn.rgb, {}};
  image.text["Software"] = "tingle " TINGLE_VERSION;
  image.text[kSourceKey] = source;
  image.text[kVersionKey] = std::to_string(kDrawingVersion);
  if (summary.measured) {
    image.text[kLoudnessKey] = Number(summary.measured->integrated_lufs);
    image.text[kTruePeakKey] = Number(summary.measured->true_peak_dbtp);
  }
  MakeFolder(picture.parent_path());
  io::WritePng(picture.string(), image);
  summary.drawn = true;
  return summary;
}

}  // namespace tingle::preview
