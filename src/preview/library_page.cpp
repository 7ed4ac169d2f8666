#include "preview/library_page.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "core/duration.hpp"
#include "preview/html_text.hpp"
#include "preview/page_assets.hpp"

namespace tingle::preview {
namespace {

// The page may load pictures and audio from its own folder and nothing else: no
// network, even if a name or a future change tried.
constexpr char kContentPolicy[] =
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'";

std::string Fixed(double value, const char* unit) {
  if (!std::isfinite(value)) return "silent";
  char text[48];
  std::snprintf(text, sizeof text, "%.1f %s", value, unit);
  return text;
}

std::string RateText(int sample_rate, int channels) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%g kHz", sample_rate / 1000.0);
  const std::string layout = channels == 1 ? "mono" : channels == 2 ? "stereo" : std::to_string(channels) + " channels";
  return std::string(rate) + " " + layout;
}

std::string FormatText(const io::ItemRecord& record) {
  if (record.format.empty()) return "";
  if (record.sample_format.empty() || record.format == "ogg") return record.format;
  const bool whole = record.sample_format != "float";
  return record.format + " " + record.sample_format + (whole ? "-bit" : "");
}

void Fact(std::string& html, std::string_view name, const std::string& value) {
  html += "<div><dt>";
  html += name;
  html += "</dt><dd>" + EscapeHtml(value) + "</dd></div>\n";
}

// What the filter searches: the words of the card, and its key=value pairs (one a line).
struct SearchData {
  std::string text;
  std::string pairs;

  void Word(const std::string& word) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  void Pair(const std::string& key, const std::string& value) {
    if (!pairs.empty()) pairs += '\n';
    pairs += key + "=" + value;
  }
};

SearchData Search(const PreviewCard& card) {
  SearchData search;
  search.Word(card.file);
  search.Pair("file", card.file);
  if (!card.title.empty()) {
    search.Word(card.title);
    search.Pair("title", card.title);
  }
  if (card.seed) {
    search.Word("seed " + std::to_string(*card.seed));
    search.Pair("seed", std::to_string(*card.seed));
  }
  if (!card.sidecar) return search;
  search.Word(card.sidecar->recipe);
  search.Pair("recipe", card.sidecar->recipe);
  for (const io::LayerRecord& layer : card.sidecar->layers) {
    search.Word(layer.name + " " + layer.texture);
    search.Pair("layer", layer.name);
    search.Pair("texture", layer.texture);
    for (const auto& [key, value] : layer.params) {
      search.Word(key + "=" + value);
      search.Pair(key, value);
      search.Pair(layer.name + "." + key, value);
    }
  }
  for (const auto& [key, value] : card.sidecar->varied) search.Pair(key, value);
  return search;
}

void LayersTable(std::string& html, const io::ItemRecord& record) {
  html += "<table class=\"layers\"><thead><tr><th>layer</th><th>texture</th><th>parameters</th></tr></thead><tbody>\n";
  std::map<std::string, std::string> varied_elsewhere = record.varied;
  for (const io::LayerRecord& layer : record.layers) {
    html += "<tr><td>" + EscapeHtml(layer.name) + "</td><td>" + EscapeHtml(layer.texture) + "</td><td>";
    for (const auto& [key, value] : layer.params) {
      const bool varied = varied_elsewhere.erase(layer.name + "." + key) > 0;
      const std::string text = EscapeHtml(key) + " = " + EscapeHtml(value);
      html += varied ? "<mark class=\"param\" title=\"varied\">" + text + "</mark>"
                     : "<span class=\"param\">" + text + "</span>";
    }
    html += "</td></tr>\n";
  }
  html += "</tbody></table>\n";
  // Varied keys outside the layers' parameters (master.gain, a layer's gain or position).
  if (!varied_elsewhere.empty()) {
    html += "<p class=\"note\">Varied: ";
    for (const auto& [key, value] : varied_elsewhere) {
      html += "<mark class=\"param\">" + EscapeHtml(key) + " = " + EscapeHtml(value) + "</mark>";
    }
    html += "</p>\n";
  }
}

void Card(std::string& html, const PreviewCard& card) {
  const SearchData search = Search(card);
  const std::string name = EscapeHtml(card.file);
  html += "<article class=\"card\" data-text=\"" + EscapeHtml(search.text) + "\" data-pairs=\"" +
          EscapeHtml(search.pairs) + "\">\n<h2>" + name + "</h2>\n";
  if (!card.problem.empty()) {
    html += "<p class=\"error\">Cannot be read: " + EscapeHtml(card.problem) + "</p>\n</article>\n";
    return;
  }
  html += "<img src=\"" + EscapeHtml(UrlPath(card.picture)) + "\" width=\"" + std::to_string(card.picture_width) +
          "\" height=\"" + std::to_string(card.picture_height) + "\" alt=\"Spectrogram of " + name + "\">\n";
  html += "<audio controls preload=\"none\" src=\"" + EscapeHtml(UrlPath(card.file)) + "\"></audio>\n";
  html += "<dl class=\"facts\">\n";
  Fact(html, "length", FormatDuration(card.seconds));
  Fact(html, "rate", RateText(card.sample_rate, card.channels));
  if (card.sidecar && !FormatText(*card.sidecar).empty()) Fact(html, "format", FormatText(*card.sidecar));
  Fact(html, "loudness", card.levels ? Fixed(card.levels->integrated_lufs, "LUFS") : "unknown");
  Fact(html, "true peak", card.levels ? Fixed(card.levels->true_peak_dbtp, "dBTP") : "unknown");
  Fact(html, "seed", card.seed ? std::to_string(*card.seed) : "unknown");
  if (card.sidecar) Fact(html, "recipe", card.sidecar->recipe + " (item " + std::to_string(card.sidecar->index) + ")");
  if (!card.title.empty()) Fact(html, "title", card.title);
  html += "</dl>\n";
  if (card.sidecar) {
    LayersTable(html, *card.sidecar);
  } else {
    html += "<p class=\"note\">No sidecar (" + EscapeHtml(card.file.substr(card.file.rfind('/') + 1)) +
            ".json): parameters unknown; loudness and true peak measured from the file.</p>\n";
  }
  html += "</article>\n";
}

}  // namespace

std::string LibraryPageHtml(std::string_view folder_name, const std::vector<PreviewCard>& cards) {
  const std::string title = EscapeHtml(folder_name);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"";
  html += kContentPolicy;
  html += "\">\n<meta name=\"generator\" content=\"tingle " TINGLE_VERSION "\">\n<title>" + title +
          " \xE2\x80\x94 tingle preview</title>\n<style>";
  html += kPageStyle;
  html += "</style>\n</head>\n<body>\n<header>\n<h1>" + title + "</h1>\n";
  html +=
      "<p class=\"legend\">Spectrograms: time from left to right; frequency upwards on a log scale from 40 Hz "
      "to half the sample rate (labels in Hz); colour the level in each band, from black at \xE2\x88\x92"
      "120 dB to pale yellow at \xE2\x88\x92" "20 dB (relative to a full-scale sine).</p>\n";
  html +=
      "<label for=\"filter\">Filter</label> <input id=\"filter\" type=\"search\" "
      "placeholder=\"texture, key=value, name\" autocomplete=\"off\" spellcheck=\"false\">"
      "<output id=\"shown\" for=\"filter\">" + std::to_string(cards.size()) + " files</output>\n</header>\n<main>\n";
  for (const PreviewCard& card : cards) Card(html, card);
  html += "<p id=\"none\" class=\"note\" hidden>No file matches the filter.</p>\n</main>\n<script>";
  html += kPageScript;
  html += "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace tingle::preview
