// A texture's parameters, declared once: key, unit, range, default and meaning.
//
// The one table per texture drives recipe validation, defaults, `tingle describe`,
// `tingle new`, the man page and the property tests (DESIGN §5). Nothing restates a
// range elsewhere: code that needs a bound reads it from here.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/control.hpp"

namespace tingle {

enum class ParamKind {
  kNumber,  // a Control: constant, automation or wander, inside [min, max]
  kChoice,  // one name from a fixed list (true/false for a BooleanParam)
  kText,    // free text (a file name, a phrase)
};

struct Choice {
  std::string_view name;
  std::string_view doc;
};

struct ParamInfo {
  std::string_view key;
  ParamKind kind = ParamKind::kNumber;
  std::string_view doc;
  // kNumber
  std::string_view unit;  // "Hz", "dB", "s", "1/s", "cm"; empty for a plain 0..1 amount
  double min = 0.0;
  double max = 1.0;
  double default_number = 0.0;
  bool whole = false;  // whole numbers only (and then never automated)
  // kChoice
  std::span<const Choice> choices;
  int default_choice = 0;
  // kText
  std::string_view default_text;
};

// A validated value for one parameter; which member is meaningful follows ParamInfo::kind.
struct ParamValue {
  Control number;
  int choice = 0;
  std::string text;
};

using ParamValues = std::map<std::string, ParamValue, std::less<>>;

// One table row: the facts plus where the value lands in the texture's Settings struct.
template <class Settings>
struct ParamSpec {
  ParamInfo info;
  Control Settings::*number = nullptr;
  int Settings::*choice = nullptr;
  std::string Settings::*text = nullptr;
};

template <class Settings>
ParamSpec<Settings> NumberParam(std::string_view key, std::string_view unit, double min,
                                double max, double default_number, std::string_view doc,
                                Control Settings::*member) {
  ParamSpec<Settings> spec;
  spec.info.key = key;
  spec.info.kind = ParamKind::kNumber;
  spec.info.unit = unit;
  spec.info.min = min;
  spec.info.max = max;
  spec.info.default_number = default_number;
  spec.info.doc = doc;
  spec.number = member;
  return spec;
}

// A whole number (an index or a count); constant only.
template <class Settings>
ParamSpec<Settings> WholeParam(std::string_view key, double min, double max,
                               double default_number, std::string_view doc,
                               Control Settings::*member) {
  ParamSpec<Settings> spec = NumberParam<Settings>(key, "", min, max, default_number, doc, member);
  spec.info.whole = true;
  return spec;
}

template <class Settings>
ParamSpec<Settings> ChoiceParam(std::string_view key, std::span<const Choice> choices,
                                int default_choice, std::string_view doc,
                                int Settings::*member) {
  ParamSpec<Settings> spec;
  spec.info.key = key;
  spec.info.kind = ParamKind::kChoice;
  spec.info.choices = choices;
  spec.info.default_choice = default_choice;
  spec.info.doc = doc;
  spec.choice = member;
  return spec;
}

// The two choices of an on/off switch. Recipes write it as a TOML boolean (`sync = true`);
// it binds like any choice: false is 0, true is 1.
inline constexpr Choice kBooleanChoices[] = {{"false", "off"}, {"true", "on"}};

// True for a choice parameter made by BooleanParam.
inline bool IsBoolean(const ParamInfo& info) {
  return info.kind == ParamKind::kChoice && info.choices.data() == kBooleanChoices;
}

template <class Settings>
ParamSpec<Settings> BooleanParam(std::string_view key, bool default_on, std::string_view doc,
                                 int Settings::*member) {
  return ChoiceParam<Settings>(key, kBooleanChoices, default_on ? 1 : 0, doc, member);
}

template <class Settings>
ParamSpec<Settings> TextParam(std::string_view key, std::string_view default_text,
                              std::string_view doc, std::string Settings::*member) {
  ParamSpec<Settings> spec;
  spec.info.key = key;
  spec.info.kind = ParamKind::kText;
  spec.info.default_text = default_text;
  spec.info.doc = doc;
  spec.text = member;
  return spec;
}

// The value a parameter takes when the recipe leaves it out.
inline ParamValue DefaultValue(const ParamInfo& info) {
  ParamValue value;
  value.number = Control::Constant(info.default_number);
  value.choice = info.default_choice;
  value.text = std::string(info.default_text);
  return value;
}

// Copies validated values (or each parameter's default, where absent) into settings.
template <class Settings>
void BindParams(std::span<const ParamSpec<Settings>> specs, const ParamValues& values,
                Settings& settings) {
  for (const ParamSpec<Settings>& spec : specs) {
    const auto found = values.find(spec.info.key);
    const ParamValue value = found != values.end() ? found->second : DefaultValue(spec.info);
    switch (spec.info.kind) {
      case ParamKind::kNumber:
        settings.*spec.number = value.number;
        break;
      case ParamKind::kChoice:
        settings.*spec.choice = value.choice;
        break;
      case ParamKind::kText:
        settings.*spec.text = value.text;
        break;
    }
  }
}

}  // namespace tingle
