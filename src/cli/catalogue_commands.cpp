#include "cli/catalogue_commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <stdexcept>

#include "cli/exit_codes.hpp"
#include "core/suggest.hpp"
#include "synth/registry.hpp"

namespace tingle::cli {
namespace {

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

const synth::TextureEntry& FindOrThrow(const std::string& name) {
  if (const synth::TextureEntry* entry = synth::FindTexture(name)) return *entry;
  std::vector<std::string_view> names;
  for (const auto& entry : synth::Textures()) names.push_back(entry.name);
  std::string message = "unknown texture \"" + name + "\"";
  const std::string hint = Suggest(name, names);
  message += hint.empty() ? " (see `tingle textures`)" : " (did you mean \"" + hint + "\"?)";
  throw std::invalid_argument(message);
}

std::string ChoiceList(const ParamInfo& info, const char* separator) {
  std::string list;
  for (const Choice& choice : info.choices) {
    if (!list.empty()) list += separator;
    list += choice.name;
  }
  return list;
}

// "0 .. 20000 Hz" or "one of a | b | c".
std::string RangeText(const ParamInfo& info) {
  switch (info.kind) {
    case ParamKind::kNumber:
      return Number(info.min) + " .. " + Number(info.max) +
             (info.unit.empty() ? "" : " " + std::string(info.unit)) +
             (info.whole ? ", whole" : "");
    case ParamKind::kChoice:
      return ChoiceList(info, " | ");
    case ParamKind::kText:
      return "text";
  }
  return "";
}

std::string DefaultText(const ParamInfo& info) {
  switch (info.kind) {
    case ParamKind::kNumber:
      return Number(info.default_number);
    case ParamKind::kChoice: {
      const std::string name(info.choices[static_cast<std::size_t>(info.default_choice)].name);
      return IsBoolean(info) ? name : "\"" + name + "\"";  // a TOML boolean is a bare word
    }
    case ParamKind::kText:
      return "\"" + std::string(info.default_text) + "\"";
  }
  return "";
}

// A TOML literal for the default: whole numbers keep a decimal point where automatable.
std::string DefaultToml(const ParamInfo& info) {
  if (info.kind == ParamKind::kNumber && !info.whole) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", info.default_number);
    if (Number(info.default_number).find_first_of(".e") != std::string::npos) {
      return Number(info.default_number);
    }
    return text;
  }
  return DefaultText(info);
}

// roff escapes: backslash, minus, double quote, and a leading dot or quote.
std::string Roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '"') {
      out += "\\(dq";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

}  // namespace

std::string TexturesText() {
  std::size_t width = 0;
  for (const auto& entry : synth::Textures()) width = std::max(width, entry.name.size());
  std::string text;
  for (const auto& entry : synth::Textures()) {
    text += std::string(entry.name) + std::string(width + 2 - entry.name.size(), ' ') +
            std::string(entry.summary) + "\n";
  }
  return text;
}

std::string DescribeText(const std::string& texture) {
  const synth::TextureEntry& entry = FindOrThrow(texture);
  std::string text = std::string(entry.name) + ": " + std::string(entry.summary) + "\n\n";
  std::size_t key_width = 3, range_width = 5;
  for (const ParamInfo& info : entry.params) {
    key_width = std::max(key_width, info.key.size());
    range_width = std::max(range_width, RangeText(info).size());
  }
  auto row = [&](const std::string& key, const std::string& range, const std::string& fallback,
                 const std::string& doc) {
    std::string line = "  " + key + std::string(key_width + 2 - key.size(), ' ') + range +
                       std::string(range_width + 2 - std::min(range.size(), range_width + 1), ' ');
    line += fallback + std::string(fallback.size() < 12 ? 12 - fallback.size() : 1, ' ') + doc;
    return line + "\n";
  };
  text += row("key", "range", "default", "meaning");
  for (const ParamInfo& info : entry.params) {
    text += row(std::string(info.key), RangeText(info), DefaultText(info), std::string(info.doc));
    if (info.kind == ParamKind::kChoice) {
      for (const Choice& choice : info.choices) {
        text += "      " + std::string(choice.name) + ": " + std::string(choice.doc) + "\n";
      }
    }
  }
  text +=
      "\nEvery number may also be automated, { points = [[\"0s\", a], [\"10m\", b]] }, or wander,"
      "\n{ value = v, drift = d, period = \"5m\" }. Common layer keys: name texture gain start end"
      "\nfade_in fade_out width position distance mute (see tingle-recipe(5)).\n";
  return text;
}

std::string StarterRecipe(const std::vector<std::string>& textures) {
  for (const std::string& name : textures) FindOrThrow(name);
  std::string text =
      "# Starter recipe from `tingle new";
  for (const std::string& name : textures) text += " " + name;
  text +=
      "`. Every texture key is listed at its default;\n"
      "# `tingle describe TEXTURE` explains each one. Render: tingle render this.toml -o out.wav\n"
      "title = \"Starter\"\n"
      "duration = \"1m\"        # \"45s\", \"10m\", \"1h30m\", \"8h\" or seconds\n"
      "seed = 1               # same recipe + seed = the same bytes\n"
      "sample_rate = 48000    # 44100 | 48000 | 96000\n"
      "\n[master]\n"
      "gain = 0.0             # dB\n"
      "fade_in = \"2s\"\n"
      "fade_out = \"5s\"\n";
  std::map<std::string, int> used;
  for (const std::string& name : textures) {
    const synth::TextureEntry& entry = FindOrThrow(name);
    const int count = ++used[name];
    const std::string layer_name = count == 1 ? name : name + "-" + std::to_string(count);
    text += "\n[[layer]]\nname = \"" + layer_name + "\"\ntexture = \"" + name + "\"   # " +
            std::string(entry.summary) + "\ngain = -6.0            # dB\n";
    for (const ParamInfo& info : entry.params) {
      const std::string assignment = std::string(info.key) + " = " + DefaultToml(info);
      text += assignment + std::string(assignment.size() < 23 ? 23 - assignment.size() : 1, ' ') +
              "# " + RangeText(info) + ": " + std::string(info.doc) + "\n";
    }
  }
  return text;
}

std::string TexturesManSection() {
  std::string roff;
  for (const auto& entry : synth::Textures()) {
    roff += ".SS " + std::string(entry.name) + "\n" + Roff(entry.summary) + ".\n";
    for (const ParamInfo& info : entry.params) {
      roff += ".TP\n.BR " + std::string(info.key) + " \" (" + Roff(RangeText(info)) +
              "; default " + Roff(DefaultText(info)) + ")\"\n" + Roff(info.doc) + ".\n";
      if (info.kind == ParamKind::kChoice) {
        for (const Choice& choice : info.choices) {
          roff += ".RS\n.TP\n.B " + std::string(choice.name) + "\n" + Roff(choice.doc) + ".\n.RE\n";
        }
      }
    }
  }
  return roff;
}

CLI::App* SetupTextures(CLI::App& app) {
  return app.add_subcommand("textures", "List the textures, one line each");
}

CLI::App* SetupDescribe(CLI::App& app, DescribeOptions& options) {
  CLI::App* describe = app.add_subcommand("describe", "Show a texture's parameters");
  describe->add_option("texture", options.texture, "Texture name (see `tingle textures`)")->required();
  return describe;
}

CLI::App* SetupNew(CLI::App& app, NewOptions& options) {
  CLI::App* create = app.add_subcommand("new", "Print a starter recipe with these textures");
  create->add_option("textures", options.textures, "Texture names")->required();
  return create;
}

int RunTextures() {
  std::fputs(TexturesText().c_str(), stdout);
  return kExitOk;
}

int RunDescribe(const DescribeOptions& options) {
  try {
    std::fputs(DescribeText(options.texture).c_str(), stdout);
    return kExitOk;
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "tingle describe: error: %s\n", error.what());
    return kExitBadInput;
  }
}

int RunNew(const NewOptions& options) {
  try {
    std::fputs(StarterRecipe(options.textures).c_str(), stdout);
    return kExitOk;
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "tingle new: error: %s\n", error.what());
    return kExitBadInput;
  }
}

}  // namespace tingle::cli
