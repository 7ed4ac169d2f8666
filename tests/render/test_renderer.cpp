#include <doctest/doctest.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mix/loudness_meter.hpp"
#include "mix/true_peak_limiter.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"
#include "support/memory_sink.hpp"

namespace tingle::render {
namespace {

std::vector<float> Render(const std::string& text, int chunk_frames = kDefaultChunkFrames,
                          const recipe::Overrides& overrides = {}) {
  const recipe::Recipe recipe = recipe::ParseRecipe(text, "test.toml", overrides);
  mix::Track track = recipe::BuildTrack(recipe);
  test::MemorySink sink;
  RenderOptions options;
  options.chunk_frames = chunk_frames;
  RenderTrack(track, sink, options);
  return sink.samples;
}

// Renders a recipe with a loudness target, keeping its mix between passes if it fits in
// cache_bytes.
std::vector<float> RenderKeepingMix(const recipe::Recipe& recipe, std::size_t cache_bytes,
                                    RenderReport& report, RenderTimes* times = nullptr) {
  test::MemorySink sink;
  RenderOptions options;
  options.mix_cache_bytes = cache_bytes;
  options.times = times;
  report = RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, options);
  return sink.samples;
}

bool SameBytes(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Two layers with automation and a wander, odd length (not a whole number of blocks).
constexpr char kTwoLayers[] = R"(duration = 2.01
seed = 5
[master]
fade_in = "0.5s"
fade_out = "0.3s"
[[layer]]
name = "bed"
texture = "noise"
gain = { points = [["0s", -20], ["2s", -6]], curve = "smooth" }
high_cut = { value = 6000, drift = 3000, period = "0.5s" }
[[layer]]
name = "hiss"
texture = "noise"
color = "white"
gain = -30
width = 0.3
start = "0.7s"
end = "1.9s"
fade_in = "0.1s"
)";

// Five layers of four textures, placed, moving, wide and on their own timelines, with a
// loudness target (measuring passes, limiter). 3.3 s is 2475 blocks: "taps" is placed in
// all of them, "paper" from block 300 on, "brush" until block 2175.
constexpr char kFiveLayers[] = R"(duration = 3.3
seed = 8
[master]
loudness = -16
[[layer]]
name = "taps"
texture = "tapping"
position = { motion = "orbit", period = "2s" }
[[layer]]
name = "paper"
texture = "crinkling"
start = "0.4s"
position = { motion = "ear-to-ear", period = "1.5s" }
[[layer]]
name = "brush"
texture = "brushing"
end = "2.9s"
position = -40
[[layer]]
name = "rain"
texture = "rain"
width = 1.0
[[layer]]
name = "bed"
texture = "noise"
gain = -12
)";
constexpr std::int64_t kFiveLayersPlacedBlocks = 2475 + (2475 - 300) + 2175;

}  // namespace

TEST_SUITE("render") {

TEST_CASE("Renderer: the same recipe renders identical bytes whatever the I/O chunk size") {
  const auto reference = Render(kTwoLayers);
  REQUIRE(reference.size() == 2u * 96480u);
  for (int chunk : {1, 7, 64, 100, 1000, 65536}) {
    INFO("chunk frames: " << chunk);
    CHECK(SameBytes(Render(kTwoLayers, chunk), reference));
  }
}

TEST_CASE("Renderer: writes come in the requested chunk size") {
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml");
  mix::Track track = recipe::BuildTrack(recipe);
  test::MemorySink sink;
  RenderOptions options;
  options.chunk_frames = 1000;
  RenderTrack(track, sink, options);
  CHECK(sink.writes == 97);  // ceil(96480 / 1000)
  CHECK_FALSE(sink.committed);  // committing is the caller's decision
}

TEST_CASE("Renderer: another seed gives other audio") {
  recipe::Overrides overrides;
  overrides.seed = 6;
  CHECK_FALSE(SameBytes(Render(kTwoLayers, 4096, overrides), Render(kTwoLayers)));
}

TEST_CASE("Renderer: adding, muting or editing one layer leaves another layer's samples unchanged") {
  const std::string bed = "[[layer]]\nname = \"bed\"\ntexture = \"noise\"\n";
  const std::string alone = "duration = 1\n" + bed;
  const auto bed_alone = Render(alone);
  // A muted layer before it, with another texture setting: not a bit of "bed" changes.
  const auto with_muted = Render("duration = 1\n[[layer]]\nname = \"other\"\ntexture = \"noise\"\n"
                                 "color = \"white\"\nmute = true\n" + bed);
  CHECK(SameBytes(with_muted, bed_alone));
  // An audible second layer: the sum minus that layer alone is "bed" (to float rounding:
  // below the ceiling the master is linear, but its DC blocker and sixth-order band
  // limiter round on their own, about 1e-6, -120 dBFS).
  const std::string other = "[[layer]]\nname = \"other\"\ntexture = \"noise\"\ncolor = \"brown\"\n";
  const auto sum = Render("duration = 1\n" + bed + other);
  const auto other_alone = Render("duration = 1\n" + other);
  double worst = 0.0;
  for (std::size_t i = 0; i < sum.size(); ++i) {
    worst = std::max(worst, static_cast<double>(std::fabs(sum[i] - other_alone[i] - bed_alone[i])));
  }
  CHECK(worst < 1e-5);
  // Renaming the layer changes its streams.
  const auto renamed = Render("duration = 1\n[[layer]]\nname = \"bed2\"\ntexture = \"noise\"\n");
  CHECK_FALSE(SameBytes(renamed, bed_alone));
}

TEST_CASE("Renderer: a layer is silent outside start..end and fades in without a step") {
  const auto samples = Render(
      "duration = 2\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\ncolor = \"white\"\n"
      "start = \"0.5s\"\nend = \"1.5s\"\nfade_in = \"0.1s\"\n");
  auto frame_peak = [&](double from, double to) {
    double peak = 0.0;
    for (auto i = static_cast<std::size_t>(from * 48000); i < static_cast<std::size_t>(to * 48000); ++i) {
      peak = std::max({peak, static_cast<double>(std::fabs(samples[2 * i])),
                       static_cast<double>(std::fabs(samples[2 * i + 1]))});
    }
    return peak;
  };
  CHECK(frame_peak(0.0, 0.5) == 0.0);
  // After the end only the master's DC blocker lets go of the layer's sub-3 Hz content
  // (time constant 53 ms): under -40 dBFS at once, under -80 dBFS 0.3 s later.
  CHECK(frame_peak(1.5, 2.0) < 0.01);
  CHECK(frame_peak(1.8, 2.0) < 1e-4);
  CHECK(frame_peak(0.5, 0.501) < 0.01);  // the fade starts from silence
  CHECK(frame_peak(1.0, 1.5) > 0.1);
}

TEST_CASE("Renderer: a layer that starts inside a block starts on its own frame, placed or not") {
  // 0.5002 s is frame 24010, ten frames into block 375.
  for (const char* placement : {"", "position = { motion = \"ear-to-ear\", period = \"4s\" }\n"}) {
    INFO("placement: " << placement);
    const auto samples = Render(std::string("duration = 1\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\n") +
                                "color = \"white\"\nstart = \"0.5002s\"\n" + placement);
    const std::size_t first = 24010;
    double before = 0.0, after = 0.0;
    for (std::size_t i = 0; i < 2 * first; ++i) before = std::max(before, static_cast<double>(std::fabs(samples[i])));
    for (std::size_t i = 2 * first; i < 2 * (first + 64); ++i) {
      after = std::max(after, static_cast<double>(std::fabs(samples[i])));
    }
    CHECK(before == 0.0);
    CHECK(after > 0.01);
  }
}

TEST_CASE("Renderer: width 0 makes both channels equal") {
  const auto samples = Render("duration = 0.5\n[[layer]]\nname = \"a\"\ntexture = \"noise\"\nwidth = 0\n");
  for (std::size_t i = 0; i < samples.size(); i += 2) REQUIRE(samples[i] == samples[i + 1]);
}

TEST_CASE("Renderer: master fades reach silence at both ends") {
  const auto samples = Render("duration = 2\n[master]\nfade_in = \"1s\"\nfade_out = \"1s\"\n"
                              "[[layer]]\nname = \"a\"\ntexture = \"noise\"\ncolor = \"white\"\n");
  CHECK(samples[0] == 0.0f);
  CHECK(samples[1] == 0.0f);
  CHECK(std::fabs(samples[samples.size() - 2]) < 1e-3);
}

TEST_CASE("Renderer: a stop request ends the render with Interrupted") {
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml");
  mix::Track track = recipe::BuildTrack(recipe);
  test::MemorySink sink;
  std::atomic<bool> stop{true};
  RenderOptions options;
  options.stop = &stop;
  CHECK_THROWS_AS(RenderTrack(track, sink, options), Interrupted);
  CHECK(sink.samples.size() <= 2u * kDefaultChunkFrames);
}

TEST_CASE("Renderer: a report of what was written, measured by our own meters") {
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml");
  mix::Track track = recipe::BuildTrack(recipe);
  test::MemorySink sink;
  const RenderReport report = RenderTrack(track, sink, {});
  CHECK(report.passes == 1);
  CHECK_FALSE(report.target_lufs);
  CHECK(std::isfinite(report.integrated_lufs));
  CHECK(report.true_peak_dbtp < -1.0);
  mix::LoudnessMeter meter(48000.0);
  for (std::size_t frame = 0; frame < sink.samples.size() / 2; frame += kBlockFrames) {
    const auto frames = std::min<std::size_t>(kBlockFrames, sink.samples.size() / 2 - frame);
    std::array<float, kBlockFrames> left{}, right{};
    for (std::size_t i = 0; i < frames; ++i) {
      left[i] = sink.samples[2 * (frame + i)];
      right[i] = sink.samples[2 * (frame + i) + 1];
    }
    meter.Add(left.data(), right.data(), static_cast<int>(frames));
  }
  CHECK(meter.integrated_lufs() == report.integrated_lufs);
}

TEST_CASE("Renderer: a loudness target renders identical bytes whatever the I/O chunk size") {
  recipe::Overrides overrides;
  overrides.sets = {"master.loudness=-18"};
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml", overrides);
  const auto render = [&recipe](int chunk) {
    test::MemorySink sink;
    RenderOptions options;
    options.chunk_frames = chunk;
    const RenderReport report = RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, options);
    CHECK(report.passes >= 2);
    CHECK(std::fabs(report.integrated_lufs - -18.0) < 0.1);
    return sink.samples;
  };
  const auto reference = render(kDefaultChunkFrames);
  for (int chunk : {1, 777, 65536}) {
    INFO("chunk frames: " << chunk);
    CHECK(SameBytes(render(chunk), reference));
  }
}

TEST_CASE("Renderer: layers on several threads give the bytes of one thread") {
  // 1, 2, 3 and 8 threads (more than layers).
  const recipe::Recipe recipe = recipe::ParseRecipe(kFiveLayers, "test.toml");
  const auto render = [&recipe](int threads) {
    test::MemorySink sink;
    RenderOptions options;
    options.threads = threads;
    RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, options);
    return sink.samples;
  };
  const auto reference = render(1);
  REQUIRE(reference.size() == 2u * 158400u);
  for (int threads : {2, 3, 8}) {
    INFO("threads: " << threads);
    CHECK(SameBytes(render(threads), reference));
  }
}

TEST_CASE("Renderer: timing a render leaves its bytes alone and times every placed block") {
  const recipe::Recipe recipe = recipe::ParseRecipe(kFiveLayers, "test.toml");
  const auto render = [&recipe](int threads, RenderTimes* times, RenderReport* report) {
    test::MemorySink sink;
    RenderOptions options;
    options.threads = threads;
    options.times = times;
    *report = RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, options);
    return sink.samples;
  };
  RenderReport untimed;
  const auto reference = render(1, nullptr, &untimed);
  for (int threads : {1, 2}) {
    INFO("threads: " << threads);
    RenderTimes times;
    RenderReport report;
    CHECK(SameBytes(render(threads, &times, &report), reference));
    const int timed_passes = report.passes;
    CHECK(timed_passes == untimed.passes);
    CHECK(times.placing.calls == report.layer_passes * kFiveLayersPlacedBlocks);
    CHECK(times.placing.ticks > static_cast<std::uint64_t>(times.placing.calls));
    // A call a span of the master's in each pass (the track's 2475 blocks and the
    // limiter's look-ahead, Master::kSpanBlocks at a time), and one for the wait at each
    // pass's end.
    mix::TruePeakLimiter limiter;
    limiter.Prepare(48000.0, -1.0);
    const int blocks = 2475 + limiter.latency_frames() / kBlockFrames;
    const int spans = (blocks + mix::Master::kSpanBlocks - 1) / mix::Master::kSpanBlocks;
    CHECK(times.master.calls == timed_passes * (spans + 1));
    CHECK(times.master.ticks > static_cast<std::uint64_t>(times.master.calls));
  }
}

TEST_CASE("Renderer: a normalised short track renders its layers once, to the bytes of rendering them every pass") {
  // Hard against the ceiling, so the limited measuring passes replay the mix too.
  recipe::Overrides overrides;
  overrides.sets = {"master.loudness=-9"};
  const recipe::Recipe recipe = recipe::ParseRecipe(kFiveLayers, "test.toml", overrides);
  RenderReport every_pass;
  RenderTimes every_pass_times;
  const auto reference = RenderKeepingMix(recipe, 0, every_pass, &every_pass_times);
  REQUIRE(every_pass.passes > 2);
  CHECK(every_pass.layer_passes == every_pass.passes);
  CHECK(every_pass_times.placing.calls == every_pass.passes * kFiveLayersPlacedBlocks);
  // The mix is 2475 whole blocks of two floats: exactly that fits, a byte less does not.
  const std::size_t mix_bytes = 2475u * kBlockFrames * 2 * sizeof(float);
  for (const std::size_t cache_bytes : {kDefaultMixCacheBytes, mix_bytes, mix_bytes - 1}) {
    INFO("cache bytes: " << cache_bytes);
    RenderReport report;
    RenderTimes times;
    CHECK(SameBytes(RenderKeepingMix(recipe, cache_bytes, report, &times), reference));
    CHECK(report.passes == every_pass.passes);
    const int layer_passes = cache_bytes >= mix_bytes ? 1 : every_pass.passes;
    CHECK(report.layer_passes == layer_passes);
    CHECK(times.placing.calls == layer_passes * kFiveLayersPlacedBlocks);
  }
}

TEST_CASE("Renderer: where the mix cannot be kept, the layers render in every pass, to the same bytes") {
  recipe::Overrides overrides;
  overrides.sets = {"master.loudness=-20"};
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml", overrides);
  RenderReport every_pass;
  const auto reference = RenderKeepingMix(recipe, 0, every_pass);
  REQUIRE(every_pass.passes == 2);
  REQUIRE(every_pass.layer_passes == 2);
  RenderReport report;
  SUBCASE("no folder for the temporary file") {
    const char* saved = std::getenv("TMPDIR");
    const std::string saved_tmpdir = saved != nullptr ? saved : "";
    setenv("TMPDIR", "/nonexistent/tingle-test", 1);
    const auto samples = RenderKeepingMix(recipe, kDefaultMixCacheBytes, report);
    if (saved != nullptr) {
      setenv("TMPDIR", saved_tmpdir.c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
    CHECK(SameBytes(samples, reference));
  }
  SUBCASE("the file cannot grow past 64 KiB (a full disk)") {
    rlimit saved{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    rlimit small = saved;
    small.rlim_cur = 64 << 10;
    void (*saved_handler)(int) = std::signal(SIGXFSZ, SIG_IGN);  // a write fails with EFBIG
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const auto samples = RenderKeepingMix(recipe, kDefaultMixCacheBytes, report);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, saved_handler);
    CHECK(SameBytes(samples, reference));
  }
  CHECK(report.passes == 2);
  CHECK(report.layer_passes == 2);
}

TEST_CASE("Renderer: a render on two threads stops cleanly with a batch rendering ahead") {
  // The stop comes after the first chunk: the mixer's next batch is then on its way on the
  // other thread, and the track is destroyed under it (AddressSanitizer's run checks that
  // nothing writes to freed buffers).
  recipe::Overrides overrides;
  overrides.duration_seconds = 10.0;
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml", overrides);
  test::MemorySink sink;
  std::atomic<bool> stop{false};
  int chunks = 0;
  RenderOptions options;
  options.threads = 2;
  options.stop = &stop;
  options.progress = [&](std::int64_t, std::int64_t) { stop = ++chunks == 1; };
  {
    mix::Track track = recipe::BuildTrack(recipe);
    CHECK_THROWS_AS(RenderTrack(track, sink, options), Interrupted);
  }
  CHECK(chunks == 1);
  CHECK(sink.samples.size() == 2u * kDefaultChunkFrames);
}

TEST_CASE("Renderer: progress covers the measuring pass and the writing pass") {
  recipe::Overrides overrides;
  overrides.sets = {"master.loudness=-30"};
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml", overrides);
  test::MemorySink sink;
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  RenderOptions options;
  options.progress = [&calls](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); };
  const RenderReport report = RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, options);
  REQUIRE(report.passes == 2);
  const std::int64_t frames = 96480;
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.front().second == 2 * frames);
  CHECK(calls.front().first < frames);                   // the measuring pass comes first
  CHECK(calls.back() == std::make_pair(2 * frames, 2 * frames));
  for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first >= calls[i - 1].first);
  // Halfway, the measuring pass ends; only the writing pass reached the sink.
  CHECK(std::any_of(calls.begin(), calls.end(), [&](const auto& c) { return c.first == frames; }));
  CHECK(sink.samples.size() == 2u * frames);
}

TEST_CASE("Renderer: a single built track cannot be normalised, and says so") {
  recipe::Overrides overrides;
  overrides.sets = {"master.loudness=-23"};
  mix::Track track = recipe::BuildTrack(recipe::ParseRecipe(kTwoLayers, "test.toml", overrides));
  test::MemorySink sink;
  CHECK_THROWS_AS(RenderTrack(track, sink, {}), std::invalid_argument);
}

TEST_CASE("Renderer: a stop request ends a measuring pass too") {
  recipe::Overrides overrides;
  overrides.sets = {"master.loudness=-23"};
  const recipe::Recipe recipe = recipe::ParseRecipe(kTwoLayers, "test.toml", overrides);
  test::MemorySink sink;
  std::atomic<bool> stop{true};
  RenderOptions options;
  options.stop = &stop;
  CHECK_THROWS_AS(RenderTrack([&recipe] { return recipe::BuildTrack(recipe); }, sink, options), Interrupted);
  CHECK(sink.samples.empty());  // nothing was written: it stopped while measuring
}

}
}  // namespace tingle::render
