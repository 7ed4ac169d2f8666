#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "preview/html_text.hpp"
#include "preview/library_page.hpp"

namespace tingle::preview {
namespace {

int Count(const std::string& text, const std::string& part) {
  int count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

PreviewCard Card(const std::string& file) {
  PreviewCard card;
  card.file = file;
  card.picture = ".preview/" + file + ".png";
  card.picture_width = 800;
  card.picture_height = 200;
  card.seconds = 30.0;
  card.sample_rate = 48000;
  card.channels = 2;
  card.levels = Levels{-23.04, -3.96};
  return card;
}

PreviewCard WithSidecar(const std::string& file) {
  PreviewCard card = Card(file);
  io::ItemRecord record;
  record.recipe = "recipes/glass.toml";
  record.index = 3;
  record.seed = 77;
  record.format = "flac";
  record.sample_format = "24";
  record.layers = {{"tap", "tapping", {{"material", "glass"}, {"rate", "2.31"}}}};
  record.varied = {{"tap.rate", "2.31"}, {"master.gain", "-1.5"}};
  card.sidecar = record;
  card.seed = record.seed;
  return card;
}

}  // namespace

TEST_SUITE("preview") {
  TEST_CASE("EscapeHtml: markup characters become references, controls U+FFFD") {
    CHECK(EscapeHtml("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
    CHECK(EscapeHtml("tab\tline\n") == "tab\tline\n");
    CHECK(EscapeHtml(std::string("x\x01y")) == "x\xEF\xBF\xBDy");
    CHECK(EscapeHtml("caf\xC3\xA9") == "caf\xC3\xA9");  // UTF-8 passes through
  }

  TEST_CASE("UrlPath: only unreserved characters and '/' stay as they are") {
    CHECK(UrlPath("rain/take 1#2?.wav") == "rain/take%201%232%3F.wav");
    CHECK(UrlPath("100%.flac") == "100%25.flac");
    CHECK(UrlPath("javascript:alert(1).wav") == "javascript%3Aalert%281%29.wav");
    CHECK(UrlPath("caf\xC3\xA9.ogg") == "caf%C3%A9.ogg");
  }

  TEST_CASE("LibraryPage: a hostile file name stays text in every place it appears") {
    const std::string hostile = "<img src=x onerror=alert(1)>&\"'.wav";
    const std::string html = LibraryPageHtml("<lib>", {Card(hostile)});
    CHECK(html.find("<img src=x") == std::string::npos);
    CHECK(html.find("onerror=alert(1)>") == std::string::npos);
    CHECK(html.find("<lib>") == std::string::npos);
    CHECK(html.find("<h1>&lt;lib&gt;</h1>") != std::string::npos);
    CHECK(html.find("<h2>&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;.wav</h2>") != std::string::npos);
    // The player's and the picture's addresses are percent-encoded, so quotes cannot end
    // the attribute and '#' cannot cut the name.
    CHECK(html.find("src=\"%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%26%22%27.wav\"") != std::string::npos);
    CHECK(html.find("src=\".preview/%3Cimg%20src%3Dx") != std::string::npos);
  }

  TEST_CASE("LibraryPage: one card per file, each with picture, player and facts") {
    const std::string html = LibraryPageHtml("lib", {Card("a.wav"), Card("b/c.flac"), Card("d.ogg")});
    CHECK(Count(html, "<article class=\"card\"") == 3);
    CHECK(Count(html, "<img src=") == 3);
    CHECK(Count(html, "<audio controls preload=\"none\" src=") == 3);
    CHECK(html.find("width=\"800\" height=\"200\" alt=\"Spectrogram of b/c.flac\"") != std::string::npos);
    CHECK(html.find("<dd>-23.0 LUFS</dd>") != std::string::npos);
    CHECK(html.find("<dd>-4.0 dBTP</dd>") != std::string::npos);
    CHECK(html.find("<dd>48 kHz stereo</dd>") != std::string::npos);
    CHECK(html.find("<dd>30s</dd>") != std::string::npos);
    CHECK(html.find("3 files</output>") != std::string::npos);
  }

  TEST_CASE("LibraryPage: nothing is fetched from elsewhere, and the policy says so") {
    const std::string html = LibraryPageHtml("lib", {WithSidecar("a.wav")});
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("src=\"//") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("content=\"default-src 'none'; img-src 'self'; media-src 'self';") != std::string::npos);
  }

  TEST_CASE("LibraryPage: a sidecar's layers, seed and recipe show, varied keys marked") {
    const std::string html = LibraryPageHtml("lib", {WithSidecar("glass-003.flac")});
    CHECK(html.find("<dd>77</dd>") != std::string::npos);
    CHECK(html.find("<dd>recipes/glass.toml (item 3)</dd>") != std::string::npos);
    CHECK(html.find("<dd>flac 24-bit</dd>") != std::string::npos);
    CHECK(html.find("<td>tap</td><td>tapping</td>") != std::string::npos);
    CHECK(html.find("<span class=\"param\">material = glass</span>") != std::string::npos);
    CHECK(html.find("<mark class=\"param\" title=\"varied\">rate = 2.31</mark>") != std::string::npos);
    // A varied key outside the layers' parameters is listed below them.
    CHECK(html.find("Varied: <mark class=\"param\">master.gain = -1.5</mark>") != std::string::npos);
    // What the filter matches: texture=, key=value, layer.key=value.
    CHECK(html.find("data-pairs=\"file=glass-003.flac\nseed=77\nrecipe=recipes/glass.toml\nlayer=tap\n"
                    "texture=tapping\nmaterial=glass\ntap.material=glass\nrate=2.31\ntap.rate=2.31\n") !=
          std::string::npos);
  }

  TEST_CASE("LibraryPage: without a sidecar the parameters are unknown, silence says so") {
    PreviewCard card = Card("x.wav");
    card.levels = Levels{-INFINITY, -INFINITY};
    const std::string html = LibraryPageHtml("lib", {card});
    CHECK(html.find("No sidecar (x.wav.json): parameters unknown") != std::string::npos);
    CHECK(html.find("<dt>seed</dt><dd>unknown</dd>") != std::string::npos);
    CHECK(Count(html, "<dd>silent</dd>") == 2);
    CHECK(html.find("<table") == std::string::npos);
  }

  TEST_CASE("LibraryPage: a file that cannot be read gets a card saying why, no picture") {
    PreviewCard card;
    card.file = "broken.wav";
    card.problem = "not a sound file (format not recognised)";
    const std::string html = LibraryPageHtml("lib", {card});
    CHECK(html.find("<p class=\"error\">Cannot be read: not a sound file (format not recognised)</p>") !=
          std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<audio") == std::string::npos);
  }

  TEST_CASE("LibraryPage: the same cards give the same bytes") {
    const std::vector<PreviewCard> cards = {WithSidecar("a.wav"), Card("b.wav")};
    CHECK(LibraryPageHtml("lib", cards) == LibraryPageHtml("lib", cards));
  }
}

}  // namespace tingle::preview
