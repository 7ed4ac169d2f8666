// Recipe text -> validated Recipe. The only file that sees toml11 (DEPS: one TU, slow to build).
#include <toml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/duration.hpp"
#include "core/random.hpp"
#include "core/suggest.hpp"
#include "core/utf8.hpp"
#include "recipe/recipe.hpp"
#include "recipe/toml_nesting.hpp"
#include "recipe/variations.hpp"
#include "synth/registry.hpp"

namespace tingle::recipe {
namespace {

// std::map keeps keys sorted, so diagnostics come out in a stable order (DEPS §2).
using Value = toml::basic_value<toml::discard_comments, std::map, std::vector>;

constexpr std::string_view kTopKeys[] = {"title", "duration",  "seed",      "sample_rate",
                                         "master", "layer",     "variations", "vary"};
constexpr std::string_view kMasterKeys[] = {"gain",     "fade_in",   "fade_out",
                                            "loudness", "true_peak", "spatial"};
constexpr std::string_view kSpatialNames[] = {"spherical-head", "hrtf"};
constexpr std::string_view kLayerKeys[] = {"name",  "texture",  "gain",  "start",    "end",
                                           "fade_in", "fade_out", "width", "position", "distance",
                                           "mute"};
constexpr std::string_view kMotionKeys[] = {"motion", "period", "span"};
constexpr std::string_view kMotionNames[] = {"ear-to-ear", "orbit", "wander"};
constexpr std::string_view kVariationsKeys[] = {"count"};
constexpr std::string_view kVaryKeys[] = {"key", "range", "choices"};

constexpr double kMinGainDb = -80.0;
constexpr double kMaxGainDb = 24.0;
constexpr char kSetPrefix[] = "--set ";
// The name toml11 gives a drawn value's text; Reader::Where maps it to its [[vary]] entry.
constexpr char kDrawPrefix[] = "[[vary]] ";

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string TypeName(const Value& value) {
  if (value.is_string()) return "a string";
  if (value.is_integer() || value.is_floating()) return "a number";
  if (value.is_boolean()) return "true/false";
  if (value.is_array()) return "an array";
  if (value.is_table()) return "a table";
  return "a date or time";
}

// A value's own text for messages: numbers as numbers, strings quoted.
std::string Shown(const Value& value) {
  if (value.is_integer()) return std::to_string(value.as_integer());
  if (value.is_floating()) return FormatNumber(value.as_floating());
  if (value.is_string()) return Quoted(value.as_string().str);
  if (value.is_boolean()) return value.as_boolean() ? "true" : "false";
  return TypeName(value);
}

struct Range {
  double min;
  double max;
  bool whole = false;
};

// Integrated loudness targets people use run from -31 LUFS (very quiet sleep tracks)
// through -23 (broadcast) to -9 (loud masters); the range leaves room either side.
constexpr Range kLoudnessRange{-50.0, -5.0};
// A ceiling below -20 dBTP is a mistake, not a master; above 0 it would clip.
constexpr Range kTruePeakRange{-20.0, 0.0};
// Azimuth in degrees: -90 left ear, 0 front, +90 right ear, +-180 behind.
constexpr Range kAzimuthRange{-180.0, 180.0};
// Metres from the centre of the head: 5 cm (at the ear) to 5 m (across a room).
constexpr Range kDistanceRange{0.05, 5.0};
// Half-range of ear-to-ear and wander motions, degrees.
constexpr Range kSpanRange{0.0, 180.0};
// A motion faster than one cycle a second is a blur, and its delays would glide fast
// enough to shift pitch audibly (Doppler); slower than a day is not a motion.
constexpr double kMinMotionPeriodSeconds = 1.0;

// Collects diagnostics with locations; parsing goes on after an error to report them all.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  SourceLocation Where(const Value& value) const {
    const toml::source_location location = value.location();
    // A value from --set or [[vary]] is located where it came from: the option itself
    // (its "line" means nothing) or the [[vary]] entry.
    if (const auto origin = origins_.find(location.file_name()); origin != origins_.end()) {
      return origin->second;
    }
    SourceLocation where{location.file_name(), static_cast<int>(location.line()),
                         static_cast<int>(location.column())};
    if (where.file.empty() || where.file == "unknown file") where.file = path_;
    return where;
  }

  // Values parsed from TOML text named `source` are reported at `origin`.
  void AddOrigin(const std::string& source, SourceLocation origin) {
    origins_[source] = std::move(origin);
  }

  void Error(const Value& at, const std::string& message) { ErrorAt(Where(at), message); }
  void ErrorAt(SourceLocation where, const std::string& message) {
    diagnostics_.push_back({std::move(where), message});
  }

  std::optional<double> Number(const Value& value, const std::string& what) {
    if (value.is_integer()) return static_cast<double>(value.as_integer());
    if (value.is_floating()) {
      if (!std::isfinite(value.as_floating())) {
        Error(value, what + " = " + Shown(value) + " is not a finite number");
        return std::nullopt;
      }
      return value.as_floating();
    }
    Error(value, what + " must be a number, not " + TypeName(value));
    return std::nullopt;
  }

  std::optional<double> Seconds(const Value& value, const std::string& what) {
    if (value.is_string()) {
      const auto seconds = ParseDuration(value.as_string().str);
      if (!seconds) {
        Error(value, what + " = " + Shown(value) +
                         " is not a duration (write \"45s\", \"10m\", \"1h30m\" or seconds)");
      }
      return seconds;
    }
    if (value.is_integer() || value.is_floating()) {
      const auto seconds = Number(value, what);
      if (seconds && *seconds < 0.0) {
        Error(value, what + " = " + Shown(value) + " is negative");
        return std::nullopt;
      }
      return seconds;
    }
    Error(value, what + " must be a duration such as \"10m\", not " + TypeName(value));
    return std::nullopt;
  }

  std::optional<double> InRange(const Value& value, const std::string& what, const Range& range) {
    const auto number = Number(value, what);
    if (!number) return std::nullopt;
    if (*number < range.min || *number > range.max) {
      Error(value, what + " = " + Shown(value) + " is outside [" + FormatNumber(range.min) +
                       ", " + FormatNumber(range.max) + "]");
      return std::nullopt;
    }
    if (range.whole && *number != std::floor(*number)) {
      Error(value, what + " = " + Shown(value) + " must be a whole number");
      return std::nullopt;
    }
    return number;
  }

  // A constant, { points = [[time, value], ...], curve = ... } or { value, drift, period }.
  std::optional<Control> ReadControl(const Value& value, const std::string& what,
                                     const Range& range, std::uint64_t wander_seed) {
    if (!value.is_table()) {
      if (range.whole && !value.is_integer() && !value.is_floating()) {
        Error(value, what + " must be a whole number, not " + TypeName(value));
        return std::nullopt;
      }
      const auto number = InRange(value, what, range);
      if (!number) return std::nullopt;
      return Control::Constant(*number);
    }
    if (range.whole) {
      Error(value, what + " must be a whole number; it cannot change over time");
      return std::nullopt;
    }
    const auto& table = value.as_table();
    if (table.count("points")) return ReadPoints(value, what, range);
    if (table.count("value")) return ReadWander(value, what, range, wander_seed);
    Error(value, what + " must be a number, { points = [[time, value], ...] } or "
                        "{ value = v, drift = d, period = \"5m\" }");
    return std::nullopt;
  }

  bool CheckKeys(const Value& table, std::span<const std::string_view> allowed,
                 const std::string& context) {
    bool good = true;
    for (const auto& [key, entry] : table.as_table()) {
      bool known = false;
      for (std::string_view name : allowed) known |= name == key;
      if (known) continue;
      good = false;
      std::string message = context + "unknown key " + Quoted(key);
      const std::string hint = Suggest(key, allowed);
      if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
      Error(entry, message);
    }
    return good;
  }

  // In reading order, by line and column; problems without a line (a missing key, a --set
  // option) last, since they are often the consequence of a located one (a misspelt key).
  std::vector<Diagnostic> TakeDiagnostics() {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                       return std::tuple(a.where.line == 0, a.where.line, a.where.column) <
                              std::tuple(b.where.line == 0, b.where.line, b.where.column);
                     });
    return std::move(diagnostics_);
  }
  bool ok() const { return diagnostics_.empty(); }

 private:
  std::optional<Control> ReadPoints(const Value& value, const std::string& what,
                                    const Range& range) {
    static constexpr std::string_view kKeys[] = {"points", "curve"};
    if (!CheckKeys(value, kKeys, what + ": ")) return std::nullopt;
    Curve curve = Curve::kLinear;
    if (value.as_table().count("curve")) {
      const Value& curve_value = value.as_table().at("curve");
      const std::string name = curve_value.is_string() ? curve_value.as_string().str : "";
      if (name == "smooth") {
        curve = Curve::kSmooth;
      } else if (name != "linear") {
        Error(curve_value, what + ": curve = " + Shown(curve_value) +
                               " is not \"linear\" or \"smooth\"");
        return std::nullopt;
      }
    }
    const Value& points_value = value.as_table().at("points");
    if (!points_value.is_array() || points_value.as_array().empty()) {
      Error(points_value, what + ": points must be a non-empty array of [time, value] pairs");
      return std::nullopt;
    }
    std::vector<Breakpoint> points;
    bool good = true;
    for (const Value& point : points_value.as_array()) {
      if (!point.is_array() || point.as_array().size() != 2) {
        Error(point, what + ": each point must be a [time, value] pair");
        good = false;
        continue;
      }
      const auto seconds = Seconds(point.as_array()[0], what + " point time");
      const auto number = InRange(point.as_array()[1], what + " point", range);
      if (!seconds || !number) {
        good = false;
        continue;
      }
      if (!points.empty() && *seconds < points.back().seconds) {
        Error(point.as_array()[0], what + ": point times must not go backwards (" +
                                       FormatDuration(*seconds) + " comes after " +
                                       FormatDuration(points.back().seconds) + ")");
        good = false;
        continue;
      }
      points.push_back({*seconds, *number});
    }
    if (!good) return std::nullopt;
    return Control::Points(std::move(points), curve);
  }

  std::optional<Control> ReadWander(const Value& value, const std::string& what,
                                    const Range& range, std::uint64_t seed) {
    static constexpr std::string_view kKeys[] = {"value", "drift", "period"};
    if (!CheckKeys(value, kKeys, what + ": ")) return std::nullopt;
    const auto& table = value.as_table();
    if (!table.count("drift") || !table.count("period")) {
      Error(value, what + ": a wander needs value, drift and period");
      return std::nullopt;
    }
    const auto center = InRange(table.at("value"), what, range);
    const auto drift = Number(table.at("drift"), what + " drift");
    const auto period = Seconds(table.at("period"), what + " period");
    if (!center || !drift || !period) return std::nullopt;
    if (*drift < 0.0) {
      Error(table.at("drift"), what + " drift = " + Shown(table.at("drift")) + " is negative");
      return std::nullopt;
    }
    if (*period <= 0.0) {
      Error(table.at("period"), what + " period must be longer than 0s");
      return std::nullopt;
    }
    if (*center - *drift < range.min || *center + *drift > range.max) {
      Error(table.at("drift"), what + " wanders over [" + FormatNumber(*center - *drift) + ", " +
                                   FormatNumber(*center + *drift) + "], outside [" +
                                   FormatNumber(range.min) + ", " + FormatNumber(range.max) +
                                   "]");
      return std::nullopt;
    }
    return Control::Wander(*center, *drift, *period, seed);
  }

  std::string path_;
  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, SourceLocation> origins_;
};

// toml11's multi-line report -> one line at the location its marker points to.
Diagnostic SyntaxDiagnostic(const std::string& what, const std::string& path) {
  std::istringstream lines(what);
  std::string line, headline, note;
  int line_number = 0, column = 0;
  std::getline(lines, headline);
  int previous_source_line = 0;
  std::size_t previous_bar = 0;
  while (std::getline(lines, line)) {
    const std::size_t bar = line.find(" | ");
    if (bar == std::string::npos) continue;
    const std::string gutter = line.substr(0, bar);
    const std::size_t digits = gutter.find_first_of("0123456789");
    if (digits != std::string::npos) {
      previous_source_line = std::stoi(gutter.substr(digits));
      previous_bar = bar;
      continue;
    }
    const std::size_t marker = line.find_first_of("^~", bar + 3);
    if (marker == std::string::npos || previous_source_line == 0) continue;
    // The last marked place is the error (for a duplicate key: the second definition).
    line_number = previous_source_line;
    column = static_cast<int>(marker - (previous_bar + 3)) + 1;
    note = line.substr(line.find_first_not_of("^~- ", marker));
  }
  // "[error] toml::parse_table: invalid line format" -> "invalid line format".
  std::string message = headline;
  if (message.rfind("[error] ", 0) == 0) message = message.substr(8);
  if (message.rfind("toml::", 0) == 0) {
    const std::size_t colon = message.find(": ");
    if (colon != std::string::npos) message = message.substr(colon + 2);
  }
  while (!message.empty() && message.back() == '.') message.pop_back();
  while (!note.empty() && (note.back() == '.' || note.back() == ' ')) note.pop_back();
  std::string text = "invalid TOML: " + message;
  if (!note.empty()) text += " (" + note + ")";
  return {{path, line_number, column}, text};
}

// Line and column (in characters) of byte `offset` of UTF-8 `text`, from 1.
SourceLocation LocationOf(const std::string& text, std::size_t offset, const std::string& name) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {name, line, column};
}

Value ParseToml(const std::string& text, const std::string& name) {
  if (const std::optional<std::size_t> bad = FirstInvalidUtf8(text)) {
    // The text before the bad byte is valid, so its characters can be counted.
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
    throw RecipeError({{LocationOf(text, *bad, name), std::string("invalid UTF-8 (byte ") + hex + "): recipes are UTF-8 text"}});
  }
  if (const std::optional<std::size_t> deep = FirstTooDeepBracket(text)) {
    throw RecipeError({{LocationOf(text, *deep, name),
                        "invalid TOML: arrays and inline tables nested more than " +
                            std::to_string(kMaxTomlNesting) + " deep"}});
  }
  std::istringstream stream(text);
  try {
    return toml::parse<toml::discard_comments, std::map, std::vector>(stream, name);
  } catch (const toml::syntax_error& error) {
    throw RecipeError({SyntaxDiagnostic(error.what(), name)});
  }
}

// --set layer.key=value: the value is TOML ("0.5", "\"glass\"", "{ value = ... }"); a bare
// word that is not TOML is taken as a string, so --set tap.material=glass works. A value
// drawn by [[vary]] comes the same way, named `source` and reported at `origin`.
void ApplySet(Value& root, const std::string& set, const std::string& source,
              const SourceLocation& origin, Reader& reader) {
  reader.AddOrigin(source, origin);
  const SourceLocation& option = origin;
  const std::size_t equals = set.find('=');
  const std::size_t dot = set.substr(0, equals).rfind('.');
  if (equals == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 == equals) {
    reader.ErrorAt(option, "expected LAYER.KEY=VALUE or master.KEY=VALUE");
    return;
  }
  const std::string target = set.substr(0, dot);
  const std::string key = set.substr(dot + 1, equals - dot - 1);
  const std::string text = set.substr(equals + 1);
  Value parsed;
  try {
    parsed = ParseToml(key + " = " + text, source);
  } catch (const RecipeError&) {
    try {
      parsed = ParseToml(key + " = " + toml::format(Value(text)), source);
    } catch (const RecipeError& error) {
      reader.ErrorAt(option, error.diagnostics().front().message);
      return;
    }
  }
  const Value& new_value = parsed.as_table().at(key);
  if (target == "master") {
    if (!root.as_table().count("master")) root.as_table()["master"] = Value(Value::table_type{});
    root.as_table()["master"].as_table()[key] = new_value;
    return;
  }
  std::vector<std::string> names;
  if (root.as_table().count("layer") && root.as_table().at("layer").is_array()) {
    for (Value& layer : root.as_table()["layer"].as_array()) {
      if (!layer.is_table() || !layer.as_table().count("name")) continue;
      const Value& name = layer.as_table().at("name");
      if (!name.is_string()) continue;
      if (name.as_string().str == target) {
        layer.as_table()[key] = new_value;
        return;
      }
      names.push_back(name.as_string().str);
    }
  }
  std::string message = "no layer named " + Quoted(target);
  const std::string hint = Suggest(target, names);
  if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
  reader.ErrorAt(option, message);
}

void ReadMaster(const Value& master, Reader& reader, Recipe& recipe) {
  mix::MasterSettings& settings = recipe.master;
  const std::uint64_t seed = recipe.seed;
  if (!master.is_table()) {
    reader.Error(master, "master must be a table: write [master]");
    return;
  }
  reader.CheckKeys(master, kMasterKeys, "master: ");
  const auto& table = master.as_table();
  if (table.count("gain")) {
    if (auto gain = reader.ReadControl(table.at("gain"), "master: gain",
                                       {kMinGainDb, kMaxGainDb}, StreamSeed(seed, "master:gain"))) {
      settings.gain_db = *gain;
    }
  }
  if (table.count("fade_in")) {
    if (auto s = reader.Seconds(table.at("fade_in"), "master: fade_in")) settings.fade_in_seconds = *s;
  }
  if (table.count("fade_out")) {
    if (auto s = reader.Seconds(table.at("fade_out"), "master: fade_out")) settings.fade_out_seconds = *s;
  }
  if (table.count("loudness")) {
    settings.loudness_lufs = reader.InRange(table.at("loudness"), "master: loudness", kLoudnessRange);
  }
  if (table.count("spatial")) {
    const Value& spatial = table.at("spatial");
    const std::string name = spatial.is_string() ? spatial.as_string().str : "";
    if (name == "hrtf" || name == "spherical-head") {
      recipe.hrtf = name == "hrtf";
      recipe.spatial_where = reader.Where(spatial);
    } else {
      std::string message = "master: spatial = " + Shown(spatial) + " is not one of spherical-head, hrtf";
      const std::string hint = spatial.is_string() ? Suggest(name, kSpatialNames) : "";
      if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
      reader.Error(spatial, message);
    }
  }
  if (table.count("true_peak")) {
    if (auto ceiling = reader.InRange(table.at("true_peak"), "master: true_peak", kTruePeakRange)) {
      settings.true_peak_dbtp = *ceiling;
    }
  }
}

void ReadTextureParams(const Value& layer, const synth::TextureEntry& texture,
                       const std::string& context, std::uint64_t layer_seed, Reader& reader,
                       LayerSpec& spec) {
  const auto& table = layer.as_table();
  for (const ParamInfo& info : texture.params) {
    const std::string key(info.key);
    if (!table.count(key)) {
      spec.params[key] = DefaultValue(info);
      continue;
    }
    const Value& value = table.at(key);
    spec.where[key] = reader.Where(value);
    ParamValue param = DefaultValue(info);
    switch (info.kind) {
      case ParamKind::kNumber: {
        auto control = reader.ReadControl(value, context + key, {info.min, info.max, info.whole},
                                          StreamSeed(layer_seed, "wander:" + key));
        if (!control) continue;
        param.number = *control;
        break;
      }
      case ParamKind::kChoice: {
        if (IsBoolean(info)) {
          // true / false; the strings "true" and "false" too (choice names, as the
          // starter recipe writes defaults).
          const bool named = value.is_string() &&
                             (value.as_string().str == "true" || value.as_string().str == "false");
          if (!value.is_boolean() && !named) {
            reader.Error(value, context + key + " must be true or false, not " +
                                    (value.is_string() ? Shown(value) : TypeName(value)));
            continue;
          }
          const bool on = value.is_boolean() ? value.as_boolean() : value.as_string().str == "true";
          param.choice = on ? 1 : 0;
          break;
        }
        std::vector<std::string_view> names;
        for (const Choice& choice : info.choices) names.push_back(choice.name);
        const std::string chosen = value.is_string() ? value.as_string().str : "";
        const auto found = std::find(names.begin(), names.end(), chosen);
        if (!value.is_string() || found == names.end()) {
          std::string list;
          for (std::string_view name : names) list += (list.empty() ? "" : ", ") + std::string(name);
          std::string message = context + key + " = " + Shown(value) + " is not one of " + list;
          const std::string hint = value.is_string() ? Suggest(chosen, names) : "";
          if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
          reader.Error(value, message);
          continue;
        }
        param.choice = static_cast<int>(found - names.begin());
        break;
      }
      case ParamKind::kText:
        if (!value.is_string()) {
          reader.Error(value, context + key + " must be a string, not " + TypeName(value));
          continue;
        }
        param.text = value.as_string().str;
        break;
    }
    spec.params[key] = param;
  }
}

// position = angle | automation | wander | { motion = "...", period = "12s", span = 90 };
// distance = metres (a number, automation or wander).
void ReadPlacement(const Value::table_type& table, const std::string& context,
                   std::uint64_t layer_seed, Reader& reader, mix::Placement& placement) {
  placement.binaural = true;
  if (table.count("distance")) {
    if (auto distance = reader.ReadControl(table.at("distance"), context + "distance",
                                           kDistanceRange, StreamSeed(layer_seed, "wander:distance"))) {
      placement.distance_metres = *distance;
    }
  }
  if (!table.count("position")) return;
  const Value& position = table.at("position");
  if (!position.is_table() || !position.as_table().count("motion")) {
    if (auto azimuth = reader.ReadControl(position, context + "position", kAzimuthRange,
                                          StreamSeed(layer_seed, "wander:position"))) {
      placement.azimuth_degrees = *azimuth;
    }
    return;
  }
  const std::string what = context + "position";
  if (!reader.CheckKeys(position, kMotionKeys, what + ": ")) return;
  const auto& motion_table = position.as_table();
  const Value& motion = motion_table.at("motion");
  const std::string name = motion.is_string() ? motion.as_string().str : "";
  const auto found = std::find(std::begin(kMotionNames), std::end(kMotionNames), name);
  if (found == std::end(kMotionNames)) {
    std::string message = what + ": motion = " + Shown(motion) + " is not one of ear-to-ear, orbit, wander";
    const std::string hint = motion.is_string() ? Suggest(name, kMotionNames) : "";
    if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
    reader.Error(motion, message);
    return;
  }
  constexpr mix::Motion kMotions[] = {mix::Motion::kEarToEar, mix::Motion::kOrbit, mix::Motion::kWander};
  placement.motion = kMotions[found - std::begin(kMotionNames)];
  if (!motion_table.count("period")) {
    reader.Error(position, what + ": a motion needs a period (e.g. period = \"12s\")");
    return;
  }
  const Value& period_value = motion_table.at("period");
  const auto period = reader.Seconds(period_value, what + " period");
  if (!period) return;
  if (*period < kMinMotionPeriodSeconds || *period > kMaxDurationSeconds) {
    reader.Error(period_value, what + " period = " + Shown(period_value) + " must be between 1s and " +
                                   FormatDuration(kMaxDurationSeconds));
    return;
  }
  placement.period_seconds = *period;
  if (motion_table.count("span")) {
    if (placement.motion == mix::Motion::kOrbit) {
      reader.Error(motion_table.at("span"), what + ": an orbit goes all the way round and takes no span");
      return;
    }
    if (auto span = reader.InRange(motion_table.at("span"), what + " span", kSpanRange)) {
      placement.span_degrees = *span;
    }
  }
  placement.wander_seed = StreamSeed(layer_seed, "wander:position");
  placement.FinishWander();
}

void ReadLayer(const Value& layer, Reader& reader, std::uint64_t seed,
               std::map<std::string, int>& names_seen, Recipe& recipe) {
  if (!layer.is_table()) {
    reader.Error(layer, "each layer must be a table: write [[layer]]");
    return;
  }
  LayerSpec spec;
  spec.header = reader.Where(layer);
  const auto& table = layer.as_table();

  if (!table.count("name")) {
    reader.Error(layer, "layer has no name (add name = \"...\")");
    return;
  }
  const Value& name_value = table.at("name");
  if (!name_value.is_string() || name_value.as_string().str.empty()) {
    reader.Error(name_value, "layer name must be a non-empty string");
    return;
  }
  spec.common.name = name_value.as_string().str;
  const std::string context = "layer " + Quoted(spec.common.name) + ": ";
  const int line = reader.Where(name_value).line;
  if (auto [seen, fresh] = names_seen.emplace(spec.common.name, line); !fresh) {
    reader.Error(name_value, "layer name " + Quoted(spec.common.name) + " is already used" +
                                 (seen->second > 0 ? " on line " + std::to_string(seen->second) : ""));
    return;
  }
  const std::uint64_t layer_seed = StreamSeed(seed, spec.common.name);

  if (!table.count("texture")) {
    reader.Error(layer, context + "no texture (add texture = \"noise\", see `tingle textures`)");
    return;
  }
  const Value& texture_value = table.at("texture");
  const std::string texture_name = texture_value.is_string() ? texture_value.as_string().str : "";
  const synth::TextureEntry* texture = synth::FindTexture(texture_name);
  if (texture == nullptr) {
    std::vector<std::string_view> names;
    for (const auto& entry : synth::Textures()) names.push_back(entry.name);
    std::string message = context + "unknown texture " + Shown(texture_value);
    const std::string hint = Suggest(texture_name, names);
    message += hint.empty() ? " (see `tingle textures`)" : " (did you mean " + Quoted(hint) + "?)";
    reader.Error(texture_value, message);
    return;
  }
  spec.texture = texture_name;

  std::vector<std::string_view> allowed(std::begin(kLayerKeys), std::end(kLayerKeys));
  for (const ParamInfo& info : texture->params) allowed.push_back(info.key);
  reader.CheckKeys(layer, allowed, context);

  mix::LayerSettings& common = spec.common;
  if (table.count("gain")) {
    if (auto gain = reader.ReadControl(table.at("gain"), context + "gain", {kMinGainDb, kMaxGainDb},
                                       StreamSeed(layer_seed, "wander:gain"))) {
      common.gain_db = *gain;
    }
  }
  if (table.count("width")) {
    if (auto width = reader.ReadControl(table.at("width"), context + "width", {0.0, 1.0},
                                        StreamSeed(layer_seed, "wander:width"))) {
      common.width = *width;
    }
  }
  if (table.count("start")) {
    if (auto s = reader.Seconds(table.at("start"), context + "start")) common.start_seconds = *s;
  }
  if (table.count("end")) {
    if (auto s = reader.Seconds(table.at("end"), context + "end")) {
      if (*s <= common.start_seconds) {
        reader.Error(table.at("end"), context + "end = " + Shown(table.at("end")) +
                                          " is not after start (" +
                                          FormatDuration(common.start_seconds) + ")");
      }
      common.end_seconds = *s;
    }
  }
  if (table.count("fade_in")) {
    if (auto s = reader.Seconds(table.at("fade_in"), context + "fade_in")) common.fade_in_seconds = *s;
  }
  if (table.count("fade_out")) {
    if (auto s = reader.Seconds(table.at("fade_out"), context + "fade_out")) common.fade_out_seconds = *s;
  }
  if (table.count("position") || table.count("distance")) {
    ReadPlacement(table, context, layer_seed, reader, common.placement);
  }
  if (table.count("mute")) {
    const Value& mute = table.at("mute");
    if (mute.is_boolean()) {
      common.mute = mute.as_boolean();
    } else {
      reader.Error(mute, context + "mute must be true or false, not " + TypeName(mute));
    }
  }
  ReadTextureParams(layer, *texture, context, layer_seed, reader, spec);
  recipe.layers.push_back(std::move(spec));
}

// The names of the [[layer]] tables as written, parsed or not (for "no layer named").
std::vector<std::string> LayerNamesInFile(const Value& root) {
  std::vector<std::string> names;
  const auto& table = root.as_table();
  if (!table.count("layer") || !table.at("layer").is_array()) return names;
  for (const Value& layer : table.at("layer").as_array()) {
    if (!layer.is_table() || !layer.as_table().count("name")) continue;
    const Value& name = layer.as_table().at("name");
    if (name.is_string()) names.push_back(name.as_string().str);
  }
  return names;
}

std::string ChoiceList(const ParamInfo& info) {
  std::string list;
  for (const Choice& choice : info.choices) list += (list.empty() ? "" : ", ") + std::string(choice.name);
  return list;
}

// range = [low, high] of a number parameter, inside its table's range.
bool ReadVaryRange(const Value& range, const ParamInfo& info, const std::string& what,
                   Reader& reader, Vary& vary) {
  if (info.kind == ParamKind::kChoice) {
    reader.Error(range, what + " is a choice of " + ChoiceList(info) +
                            ": list some with choices = [...], not a range");
    return false;
  }
  if (!range.is_array() || range.as_array().size() != 2) {
    reader.Error(range, what + ": range must be [low, high], two numbers");
    return false;
  }
  bool good = true;
  double bounds[2] = {0.0, 0.0};
  for (int end = 0; end < 2; ++end) {
    const Value& number = range.as_array()[end];
    const auto value = reader.InRange(number, what + " range", {info.min, info.max, info.whole});
    if (value) bounds[end] = *value;
    good = good && value.has_value();
  }
  if (!good) return false;
  if (bounds[0] >= bounds[1]) {
    reader.Error(range, what + ": range = [" + FormatNumber(bounds[0]) + ", " +
                            FormatNumber(bounds[1]) + "] is empty: write [low, high] with low < high");
    return false;
  }
  vary.is_range = true;
  vary.low = bounds[0];
  vary.high = bounds[1];
  vary.whole = info.whole;
  return true;
}

// choices = [...]: names of a choice parameter, or numbers inside a number parameter's range.
bool ReadVaryChoices(const Value& choices, const ParamInfo& info, const std::string& what,
                     Reader& reader, Vary& vary) {
  if (!choices.is_array() || choices.as_array().empty()) {
    reader.Error(choices, what + ": choices must be a non-empty array");
    return false;
  }
  bool good = true;
  for (const Value& choice : choices.as_array()) {
    if (info.kind == ParamKind::kNumber) {
      const auto value = reader.InRange(choice, what + " choice", {info.min, info.max, info.whole});
      if (value) vary.choices.push_back(ExactNumberText(*value));
      good = good && value.has_value();
      continue;
    }
    if (IsBoolean(info) && choice.is_boolean()) {
      vary.choices.push_back(choice.as_boolean() ? "true" : "false");
      continue;
    }
    std::vector<std::string_view> names;
    for (const Choice& entry : info.choices) names.push_back(entry.name);
    const std::string name = choice.is_string() ? choice.as_string().str : "";
    if (!choice.is_string() || std::find(names.begin(), names.end(), name) == names.end()) {
      std::string message = what + ": " + Shown(choice) + " is not one of " + ChoiceList(info);
      const std::string hint = choice.is_string() ? Suggest(name, names) : "";
      if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
      reader.Error(choice, message);
      good = false;
      continue;
    }
    vary.choices.push_back(IsBoolean(info) ? name : Quoted(name));
  }
  return good;
}

// One [[vary]] entry: key = "LAYER.PARAMETER" and a range or choices valid for that
// parameter of that layer's texture.
void ReadVary(const Value& entry, const std::vector<std::string>& layers_in_file, Reader& reader,
              std::map<std::string, int>& targets_seen, Recipe& recipe) {
  if (!entry.is_table()) {
    reader.Error(entry, "each vary entry must be a table: write [[vary]]");
    return;
  }
  if (!reader.CheckKeys(entry, kVaryKeys, "vary: ")) return;
  const auto& table = entry.as_table();
  if (!table.count("key")) {
    reader.Error(entry, "vary: no key (add key = \"LAYER.PARAMETER\")");
    return;
  }
  const Value& key = table.at("key");
  const std::string target = key.is_string() ? key.as_string().str : "";
  const std::size_t dot = target.rfind('.');
  if (!key.is_string() || dot == std::string::npos || dot == 0 || dot + 1 == target.size()) {
    reader.Error(key, "vary: key = " + Shown(key) + " must be \"LAYER.PARAMETER\", e.g. \"rain.intensity\"");
    return;
  }
  const std::string layer_name = target.substr(0, dot);
  const std::string param = target.substr(dot + 1);
  const std::string what = "vary: " + Quoted(target);
  const auto layer = std::find_if(recipe.layers.begin(), recipe.layers.end(),
                                  [&](const LayerSpec& spec) { return spec.common.name == layer_name; });
  if (layer == recipe.layers.end()) {
    // A layer that is in the file but failed to parse has its own diagnostic already.
    if (std::find(layers_in_file.begin(), layers_in_file.end(), layer_name) != layers_in_file.end()) return;
    std::string message = what + ": no layer named " + Quoted(layer_name);
    const std::string hint = Suggest(layer_name, layers_in_file);
    if (!hint.empty()) message += " (did you mean " + Quoted(hint) + "?)";
    reader.Error(key, message);
    return;
  }
  const synth::TextureEntry* texture = synth::FindTexture(layer->texture);
  const auto info = std::find_if(texture->params.begin(), texture->params.end(),
                                 [&](const ParamInfo& candidate) { return candidate.key == param; });
  if (info == texture->params.end()) {
    std::vector<std::string_view> keys;
    for (const ParamInfo& candidate : texture->params) keys.push_back(candidate.key);
    std::string message = what + ": texture " + Quoted(layer->texture) + " has no parameter " +
                          Quoted(param) + "; only texture parameters vary";
    const std::string hint = Suggest(param, keys);
    message += hint.empty() ? " (see `tingle describe " + layer->texture + "`)"
                            : " (did you mean " + Quoted(hint) + "?)";
    reader.Error(key, message);
    return;
  }
  if (info->kind == ParamKind::kText) {
    reader.Error(key, what + ": a text parameter cannot vary");
    return;
  }
  const int line = reader.Where(key).line;
  if (auto [seen, fresh] = targets_seen.emplace(target, line); !fresh) {
    reader.Error(key, what + " is already varied" +
                          (seen->second > 0 ? " on line " + std::to_string(seen->second) : ""));
    return;
  }
  const bool has_range = table.count("range") > 0;
  const bool has_choices = table.count("choices") > 0;
  if (has_range && has_choices) {
    reader.Error(table.at("choices"), what + ": give range or choices, not both");
    return;
  }
  if (!has_range && !has_choices) {
    reader.Error(key, what + " needs range = [low, high] or choices = [...]");
    return;
  }
  Vary vary;
  vary.target = target;
  const Value& values = table.at(has_range ? "range" : "choices");
  vary.where = reader.Where(values);
  const bool good = has_range ? ReadVaryRange(values, *info, what, reader, vary)
                              : ReadVaryChoices(values, *info, what, reader, vary);
  if (good) recipe.variations.vary.push_back(std::move(vary));
}

// [variations] count = N and the [[vary]] entries, after the layers they name.
void ReadVariations(const Value& root, const Overrides& overrides, Reader& reader, Recipe& recipe) {
  const auto& table = root.as_table();
  int declared = 0;
  if (table.count("variations")) {
    const Value& variations = table.at("variations");
    if (!variations.is_table()) {
      reader.Error(variations, "variations must be a table: write [variations]");
    } else if (reader.CheckKeys(variations, kVariationsKeys, "variations: ")) {
      if (!variations.as_table().count("count")) {
        reader.Error(variations, "variations: no count (add count = 10)");
      } else {
        const Value& count = variations.as_table().at("count");
        if (count.is_integer() && count.as_integer() >= 1 && count.as_integer() <= kMaxVariations) {
          declared = static_cast<int>(count.as_integer());
        } else {
          reader.Error(count, "variations: count = " + Shown(count) + " must be a whole number from 1 to " +
                                  std::to_string(kMaxVariations));
        }
      }
    }
  }
  recipe.variations.count = overrides.variations.value_or(declared);
  if (!table.count("vary")) return;
  const Value& vary = table.at("vary");
  if (!vary.is_array()) {
    reader.Error(vary, "vary must be an array of tables: write [[vary]]");
    return;
  }
  if (vary.as_array().empty()) return;
  if (recipe.variations.count == 0 && !table.count("variations")) {
    reader.Error(vary.as_array().front(),
                 "[[vary]] needs a number of variations: add [variations] count = 10 (or pass --variations)");
  }
  const std::vector<std::string> layers_in_file = LayerNamesInFile(root);
  std::map<std::string, int> targets_seen;
  for (const Value& entry : vary.as_array()) {
    ReadVary(entry, layers_in_file, reader, targets_seen, recipe);
  }
}

}  // namespace

Recipe ParseRecipe(const std::string& text, const std::string& path, const Overrides& overrides) {
  Value root = ParseToml(text, path);
  Reader reader(path);
  Recipe recipe;
  recipe.path = path;

  std::uint64_t hash = Fnv1a64(text);
  for (const Draw& draw : overrides.draws) {
    const std::string set = draw.target + "=" + draw.value;
    hash = Fnv1a64("\n--vary " + set, hash);
    ApplySet(root, set, kDrawPrefix + set, draw.origin, reader);
  }
  for (const std::string& set : overrides.sets) {
    hash = Fnv1a64("\n--set " + set, hash);
    ApplySet(root, set, kSetPrefix + set, {kSetPrefix + set, 0, 0}, reader);
  }
  if (overrides.duration_seconds) {
    hash = Fnv1a64("\n--duration " + FormatNumber(*overrides.duration_seconds), hash);
  }
  recipe.hash = hash;

  reader.CheckKeys(root, kTopKeys, "");
  const auto& table = root.as_table();
  const SourceLocation file_only{path, 0, 0};

  recipe.title = std::filesystem::path(path).stem().string();
  if (table.count("title")) {
    const Value& title = table.at("title");
    if (title.is_string()) {
      recipe.title = title.as_string().str;
    } else {
      reader.Error(title, "title must be a string, not " + TypeName(title));
    }
  }

  if (table.count("seed")) {
    const Value& seed = table.at("seed");
    if (!seed.is_integer() || seed.as_integer() < 0) {
      reader.Error(seed, "seed = " + Shown(seed) + " must be a whole number >= 0");
    } else {
      recipe.seed = static_cast<std::uint64_t>(seed.as_integer());
    }
  }
  if (overrides.seed) recipe.seed = *overrides.seed;

  if (table.count("sample_rate")) {
    const Value& rate = table.at("sample_rate");
    bool supported = false;
    for (int candidate : kSupportedSampleRates) {
      supported |= rate.is_integer() && rate.as_integer() == candidate;
    }
    if (supported) {
      recipe.sample_rate = static_cast<int>(rate.as_integer());
    } else if (rate.is_floating()) {
      // Shown would print 44100.0 as 44100, which reads as if 44100 were refused.
      reader.Error(rate, "sample_rate must be a whole number without a decimal point (44100, 48000 or 96000)");
    } else {
      reader.Error(rate, "sample_rate = " + Shown(rate) + " is not supported (44100, 48000 or 96000)");
    }
  }

  std::optional<double> duration = overrides.duration_seconds;
  if (!duration && table.count("duration")) {
    const Value& value = table.at("duration");
    duration = reader.Seconds(value, "duration");
    if (duration && (*duration <= 0.0 || *duration > kMaxDurationSeconds)) {
      reader.Error(value, "duration = " + Shown(value) + " must be longer than 0s and at most " +
                              FormatDuration(kMaxDurationSeconds));
      duration.reset();
    }
  } else if (!duration) {
    reader.ErrorAt(file_only, "missing duration (add duration = \"10m\", or pass --duration)");
  }
  if (duration) recipe.duration_seconds = *duration;

  if (table.count("master")) ReadMaster(table.at("master"), reader, recipe);

  if (!table.count("layer")) {
    reader.ErrorAt(file_only, "no layers (add a [[layer]] table; `tingle new noise` prints one)");
  } else if (!table.at("layer").is_array()) {
    reader.Error(table.at("layer"), "layer must be an array of tables: write [[layer]]");
  } else {
    std::map<std::string, int> names_seen;
    for (const Value& layer : table.at("layer").as_array()) {
      ReadLayer(layer, reader, recipe.seed, names_seen, recipe);
    }
  }
  ReadVariations(root, overrides, reader, recipe);

  if (!reader.ok()) throw RecipeError(reader.TakeDiagnostics());
  return recipe;
}

}  // namespace tingle::recipe
