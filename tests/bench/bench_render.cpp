// Benchmark: renders each texture alone and whole recipes, prints x real time and peak RSS.
//
//   tingle_bench [SECONDS] [RUNS] [RECIPE...]
//
// Each row is the median of RUNS renders of SECONDS of 48 kHz stereo audio on one thread,
// into memory (no I/O) so synthesis cost stands alone. Recipes are also rendered through
// the full pipeline to a 16-bit WAV in /tmp to show the I/O share. Never run as a test.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/denormals.hpp"
#include "core/random.hpp"
#include "io/sink.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/renderer.hpp"
#include "synth/registry.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kSampleRate = 48000.0;

double PeakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Seconds of wall time to render `seconds` of one texture at default parameters.
double TimeTexture(const tingle::synth::TextureEntry& entry, double seconds) {
  tingle::ScopedFlushDenormals flush_denormals;
  auto texture = entry.create({});
  const auto blocks = static_cast<std::int64_t>(seconds * kSampleRate) / tingle::kBlockFrames;
  texture->Prepare({kSampleRate, tingle::StreamSeed(1, "bench"), blocks * tingle::kBlockFrames});
  float left[tingle::kBlockFrames], right[tingle::kBlockFrames];
  float sink = 0.0f;
  const auto start = Clock::now();
  for (std::int64_t b = 0; b < blocks; ++b) {
    texture->Render({b * tingle::kBlockFrames}, {left, right, tingle::kBlockFrames});
    sink += left[0];
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (sink == 12345.0f) std::puts("");  // keeps the loop observable
  return elapsed;
}

class DiscardSink final : public tingle::io::AudioSink {
 public:
  void Write(const float*, int) override {}
  void Commit() override {}
};

double TimeRecipe(const std::string& path, double seconds, bool to_file) {
  tingle::recipe::Overrides overrides;
  overrides.duration_seconds = seconds;
  const auto recipe = tingle::recipe::LoadRecipe(path, overrides);
  auto track = tingle::recipe::BuildTrack(recipe);
  const auto start = Clock::now();
  if (to_file) {
    tingle::io::OutputSpec spec;
    spec.path = "/tmp/tingle-bench.wav";
    spec.sample_rate = recipe.sample_rate;
    spec.total_frames = track.total_frames;
    auto sink = tingle::io::OpenSink(spec);
    tingle::render::RenderTrack(track, *sink, {});
    sink->Commit();
  } else {
    DiscardSink sink;
    tingle::render::RenderTrack(track, sink, {});
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void Row(const std::string& name, double seconds, const std::vector<double>& times) {
  const double median = Median(times);
  std::printf("%-34s %10.0fx %10.1f ns/frame\n", name.c_str(), seconds / median,
              1e9 * median / (seconds * kSampleRate));
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::printf("tingle_bench: %.0f s of 48 kHz stereo, median of %d runs, one thread\n\n", seconds,
              runs);
  std::printf("%-34s %11s %18s\n", "render", "x real time", "cost");
  for (const auto& entry : tingle::synth::Textures()) {
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(TimeTexture(entry, seconds));
    Row("texture " + std::string(entry.name) + " (memory)", seconds, times);
  }
  for (int i = 3; i < argc; ++i) {
    for (bool to_file : {false, true}) {
      std::vector<double> times;
      for (int r = 0; r < runs; ++r) times.push_back(TimeRecipe(argv[i], seconds, to_file));
      Row(std::string(argv[i]).substr(std::string(argv[i]).rfind('/') + 1) +
              (to_file ? " (16-bit WAV)" : " (memory)"),
          seconds, times);
    }
  }
  std::remove("/tmp/tingle-bench.wav");
  std::printf("\npeak RSS %.1f MB\n", PeakRssMegabytes());
  return 0;
}
