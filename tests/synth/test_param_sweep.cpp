// Numeric safety over every texture's whole parameter table: each parameter at its
// minimum, its maximum and a seeded random point (every choice, both ways of a switch),
// one at a time from the defaults, at 44.1, 48 and 96 kHz. Every render must be finite,
// within full scale (the Texture contract; the layer gain and the master's limiter come
// later), free of DC, and cost at most 3x the CPU time of the texture's default render at
// that rate (times the extra work a parameter asks for: WorkFactor), the budget the
// reliability issue sets: a stall costs 10-100x.
//
// The renders run as the renderer runs them, with denormals flushed (DESIGN §9): that is
// what keeps textures from stalling, since their decays do reach denormal floats (the
// MXCSR denormal flag rises in most blocks of brushing, rain or tapping without it), and
// what they cost unflushed depends on the CPU (measured: 1.35x on an AMD EPYC; an Intel
// core takes a microcode assist of some 100 cycles for each).
#include <doctest/doctest.h>

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/block.hpp"
#include "core/denormals.hpp"
#include "core/diagnostics.hpp"
#include "core/random.hpp"
#include "support/render_texture.hpp"
#include "support/signal_stats.hpp"
#include "synth/granular/grain_cloud.hpp"
#include "synth/registry.hpp"

namespace tingle {
namespace {

// Long enough for events at the default rates: a dozen taps, two crinkle gestures,
// several whispered phrases. The slowest extremes (a tap every 10 s) still sound once.
constexpr double kRenderSeconds = 6.0;
// The budget: a render may cost this many times the default's CPU time...
constexpr double kMaxCpuRatio = 3.0;
// ...times the extra work it asks for (WorkFactor), where an interpolated grain counts as
// this many copied ones (measured: a default-sized cloud of them takes 2.3-2.8x the
// default's time)...
constexpr double kInterpolatedGrainWork = 2.0;
// ...and, under AddressSanitizer, this much slack: it checks every load, so textures that
// read more (more modes, more drops) grow dearer against their defaults than in an
// optimized build (rain on a roof: up to 3.6x, against 2.1x).
#if defined(__has_feature)  // Clang's way of saying it
#if __has_feature(address_sanitizer)
#define TINGLE_SWEEP_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(TINGLE_SWEEP_UNDER_ASAN)
constexpr double kSanitizerSlack = 2.0;
#else
constexpr double kSanitizerSlack = 1.0;
#endif
// The default's time is the least of this many renders, so one preempted or cache-cold
// run does not lower the budget...
constexpr int kBaselineRenders = 3;
// ...and a swept render over budget is timed again, up to this many times in all, each
// after the defaults once more, before it fails: noise only ever adds time, and both then
// see the same load (a busy neighbour slows this core's caches, or shares its pipeline
// on a virtual machine), while a stall does not go away.
constexpr int kSweptRenders = 5;
// -60 dBFS.
constexpr double kMaxDc = 1e-3;
// Seeds the random point of each parameter; a failure names the value it drew.
constexpr std::uint64_t kSweepSeed = 2024;
constexpr std::uint64_t kLayerSeed = 7;

// Values of the text parameters that can be swept. A sound file cannot: synth/ opens no
// files and unit tests have no loader (test_granular covers loaded sources), so granular's
// `source` is swept over its built-in noises.
struct TextValues {
  std::string_view texture;
  std::string_view key;
  std::vector<std::string> values;
};

const std::vector<TextValues>& SweptTexts() {
  static const std::vector<TextValues> texts = {
      {"granular", "source", {"noise:white", "noise:pink", "noise:brown"}},
      // Plain words, text with no letters to speak (punctuation, digits, UTF-8), and one
      // long word with no phrase end.
      {"whisper", "text", {"Hush now, rest your eyes. Soft rain on the window.",
                           "... 42 ?! ça été -- 雨",
                           std::string(2000, 'a')}},
  };
  return texts;
}

// One parameter changed from the defaults.
struct SweepPoint {
  std::string label;  // "key = value", for failure messages
  ParamValues values;
};

std::string NumberText(double value) {
  std::ostringstream text;
  text.precision(10);
  text << value;
  return text.str();
}

std::vector<SweepPoint> SweepPoints(const synth::TextureEntry& entry, double sample_rate) {
  std::vector<SweepPoint> points;
  for (const ParamInfo& info : entry.params) {
    const std::string key(info.key);
    switch (info.kind) {
      case ParamKind::kNumber: {
        // Each rate draws its own point, so the sweep tries three in all.
        Pcg32 draw(StreamSeed(StreamSeed(kSweepSeed, std::string(entry.name) + "." + key),
                              static_cast<std::uint64_t>(sample_rate)));
        double random = info.min + (info.max - info.min) * draw.UnitDouble();
        if (info.whole) random = std::round(random);
        for (double value : {info.min, info.max, random}) {
          points.push_back({key + " = " + NumberText(value), {{key, test::Number(value)}}});
        }
        break;
      }
      case ParamKind::kChoice:
        for (std::size_t c = 0; c < info.choices.size(); ++c) {
          ParamValue value;
          value.choice = static_cast<int>(c);
          points.push_back({key + " = " + std::string(info.choices[c].name), {{key, value}}});
        }
        break;
      case ParamKind::kText: {
        const auto& texts = SweptTexts();
        const auto found = std::find_if(texts.begin(), texts.end(), [&](const TextValues& t) {
          return t.texture == entry.name && t.key == info.key;
        });
        // A new text parameter needs its values listed above, never a silent skip.
        INFO(entry.name << "." << key << " is a text parameter the sweep does not know");
        REQUIRE(found != texts.end());
        for (const std::string& text : found->values) {
          ParamValue value;
          value.text = text;
          points.push_back({key + " = \"" + text.substr(0, 60) + "\"", {{key, value}}});
        }
        break;
      }
    }
  }
  return points;
}

// The value `key` takes in `values`, or its default.
double NumberOf(const synth::TextureEntry& entry, const ParamValues& values,
                std::string_view key) {
  const auto found = values.find(key);
  if (found != values.end()) return found->second.number.At(0.0);
  for (const ParamInfo& info : entry.params) {
    if (info.key == key) return info.default_number;
  }
  FAIL("no parameter " << key);
  return 0.0;
}

// How much more work than the defaults a render asks for, where a parameter's job is to
// add work. Granular's grains sounding at once are density x grain length (at most
// GrainCloud::kMaxGrains): 66 times the default's at density 2000. And the default's
// grains, at unit speed, copy source frames, where a transposed or reversed grain reads
// four and runs a cubic for each (grain_voice.hpp).
double WorkFactor(const synth::TextureEntry& entry, const ParamValues& values) {
  if (entry.name != "granular") return 1.0;
  const auto grains_sounding = [&](const ParamValues& v) {
    const double grain_seconds = 1e-3 * NumberOf(entry, v, "grain_ms");
    return std::clamp(NumberOf(entry, v, "density") * grain_seconds, 1.0,
                      static_cast<double>(synth::GrainCloud::kMaxGrains));
  };
  const bool interpolated = NumberOf(entry, values, "pitch") != 0.0 ||
                            NumberOf(entry, values, "pitch_jitter") != 0.0 ||
                            NumberOf(entry, values, "reverse") != 0.0;
  return std::max(1.0, grains_sounding(values) / grains_sounding({})) *
         (interpolated ? kInterpolatedGrainWork : 1.0);
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

struct TimedRender {
  test::StereoBuffer sound;
  double cpu_seconds = 0.0;  // the Render calls only: Prepare may precompute
};

// test::RenderTexture, with the Render calls timed in this thread's CPU time (other
// processes loading the machine do not count).
TimedRender RenderTimed(const synth::TextureEntry& entry, const ParamValues& values,
                        double sample_rate) {
  auto texture = entry.create(values);
  const auto blocks =
      static_cast<std::int64_t>(std::ceil(kRenderSeconds * sample_rate / kBlockFrames));
  texture->Prepare({sample_rate, kLayerSeed, blocks * kBlockFrames});
  TimedRender render;
  render.sound.left.resize(static_cast<std::size_t>(blocks * kBlockFrames));
  render.sound.right.resize(render.sound.left.size());
  ScopedFlushDenormals flush_denormals;  // as on every render thread
  const double start = ThreadCpuSeconds();
  for (std::int64_t b = 0; b < blocks; ++b) {
    const auto offset = static_cast<std::size_t>(b * kBlockFrames);
    texture->Render({b * kBlockFrames}, {render.sound.left.data() + offset,
                                         render.sound.right.data() + offset, kBlockFrames});
  }
  render.cpu_seconds = ThreadCpuSeconds() - start;
  return render;
}

// The least CPU time of `first` and `renders` more renders: noise only ever adds time.
double LeastCpuSeconds(const synth::TextureEntry& entry, const ParamValues& values,
                       double sample_rate, double first, int renders) {
  double least = first;
  for (int r = 0; r < renders; ++r) {
    least = std::min(least, RenderTimed(entry, values, sample_rate).cpu_seconds);
  }
  return least;
}

void CheckChannel(const std::vector<float>& channel) {
  const bool finite = test::AllFinite(channel);
  CHECK(finite);
  if (!finite) return;  // its peak and mean mean nothing then
  CHECK(test::Peak(channel) <= 1.0);
  CHECK(std::abs(test::Mean(channel)) < kMaxDc);
}

// Non-fatal, so that one bad render does not hide the rest of the sweep.
void CheckSound(const test::StereoBuffer& sound) {
  {
    INFO("left channel");
    CheckChannel(sound.left);
  }
  {
    INFO("right channel");
    CheckChannel(sound.right);
  }
}

void CheckSpeed(const synth::TextureEntry& entry, const ParamValues& values, double sample_rate,
                double cpu, double default_cpu) {
  const double ratio = kMaxCpuRatio * WorkFactor(entry, values) * kSanitizerSlack;
  if (cpu > ratio * default_cpu) {
    default_cpu = std::numeric_limits<double>::infinity();
    for (int r = 1; r < kSweptRenders; ++r) {
      default_cpu = std::min(default_cpu, RenderTimed(entry, {}, sample_rate).cpu_seconds);
      cpu = std::min(cpu, RenderTimed(entry, values, sample_rate).cpu_seconds);
    }
  }
  const double budget = ratio * default_cpu;
  INFO("CPU time " << cpu * 1e3 << " ms, " << cpu / default_cpu << " x the defaults' "
                   << default_cpu * 1e3 << " ms; budget " << budget / default_cpu << " x");
  CHECK(cpu <= budget);
}

void SweepAtRate(double sample_rate) {
  for (const synth::TextureEntry& entry : synth::Textures()) {
    INFO(entry.name << " at " << sample_rate << " Hz");
    const TimedRender defaults = RenderTimed(entry, {}, sample_rate);
    {
      INFO("defaults");
      CheckSound(defaults.sound);
    }
    const double default_cpu =
        LeastCpuSeconds(entry, {}, sample_rate, defaults.cpu_seconds, kBaselineRenders - 1);
    for (const SweepPoint& point : SweepPoints(entry, sample_rate)) {
      INFO(point.label);
      TimedRender render;
      try {
        render = RenderTimed(entry, point.values, sample_rate);
      } catch (const ParamError& error) {
        // A value may conflict with another key's default (high_cut at or below low_cut):
        // it must be refused with the key to blame, never rendered wrongly.
        const std::string refusal = error.what();
        INFO("refused: " << refusal);
        CHECK_FALSE(error.key().empty());
        continue;
      }
      CheckSound(render.sound);
      CheckSpeed(entry, point.values, sample_rate, render.cpu_seconds, default_cpu);
    }
  }
}

}  // namespace

TEST_SUITE("synth") {

TEST_CASE("Parameter sweep at 44.1 kHz: every texture finite, unclipped, DC-free, no stalls") {
  SweepAtRate(44100.0);
}

TEST_CASE("Parameter sweep at 48 kHz: every texture finite, unclipped, DC-free, no stalls") {
  SweepAtRate(48000.0);
}

TEST_CASE("Parameter sweep at 96 kHz: every texture finite, unclipped, DC-free, no stalls") {
  SweepAtRate(96000.0);
}

}
}  // namespace tingle
