// Benchmark: renders each texture alone and whole recipes, prints x real time and peak RSS.
//
//   tingle_bench [SECONDS] [RUNS] [RECIPE...]
//
// Each row is the median of RUNS renders of SECONDS of 48 kHz stereo audio, into memory
// (no I/O) so synthesis cost stands alone: wall time, and the process's CPU time (all
// threads: the loudness and true-peak meters of the output run on a thread of their own).
// Each recipe is rendered six ways: the layers without their binaural placement; the
// layers and mixer alone (no master chain); the
// whole render into memory (master chain: DC blocker, band limiter, level, limiter,
// fades, and the output's loudness and true-peak meters); the same normalised to -23 and
// to -14 LUFS (measuring passes + writing pass; at -14 the limiter usually works); and
// the whole pipeline to a 16-bit WAV in /tmp (the I/O share). Shares are of the whole
// render, as issue #6 defines them, for each of the three in-memory renders (each pass
// renders the layers once): spatialization, passes x (layers alone - unplaced) / render;
// master chain, 1 - passes x (layers alone) / render; in wall and in CPU time. Never run
// as a test.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/block.hpp"
#include "core/denormals.hpp"
#include "core/random.hpp"
#include "dsp/band_limiter.hpp"
#include "dsp/dc_blocker.hpp"
#include "dsp/peak_oversampler.hpp"
#include "io/sink.hpp"
#include "mix/hrtf_set.hpp"
#include "mix/loudness_meter.hpp"
#include "mix/spatializer.hpp"
#include "mix/true_peak_limiter.hpp"
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

// Seconds of wall time for one part of the master chain on `seconds` of white noise at
// `level` (RMS, linear), one block at a time.
enum class Part { kDcAndBand, kLimiter, kLoudnessMeter, kTruePeak };
double TimePart(Part part, double seconds, double level) {
  tingle::ScopedFlushDenormals flush_denormals;
  const auto frames = static_cast<std::size_t>(seconds * kSampleRate) / tingle::kBlockFrames *
                      tingle::kBlockFrames;
  std::vector<float> left(frames), right(frames);
  tingle::Pcg32 random(tingle::StreamSeed(1, "bench master"));
  for (std::size_t n = 0; n < frames; ++n) {
    left[n] = static_cast<float>(level * std::sqrt(3.0)) * random.SignedFloat();
    right[n] = static_cast<float>(level * std::sqrt(3.0)) * random.SignedFloat();
  }
  tingle::dsp::DcBlocker dc;
  dc.Init(3.0, kSampleRate);
  tingle::dsp::BandLimiter band;
  band.Init();
  tingle::mix::TruePeakLimiter limiter;
  limiter.Prepare(kSampleRate, -1.0);
  tingle::mix::LoudnessMeter meter(kSampleRate);
  tingle::dsp::PeakOversampler oversampler;
  float peaks[tingle::kBlockFrames];
  const auto start = Clock::now();
  for (std::size_t b = 0; b < frames; b += tingle::kBlockFrames) {
    float* l = left.data() + b;
    float* r = right.data() + b;
    switch (part) {
      case Part::kDcAndBand:
        dc.Process(l, r, tingle::kBlockFrames);
        band.Process(l, r, tingle::kBlockFrames);
        break;
      case Part::kLimiter:
        limiter.Process(l, r);
        break;
      case Part::kLoudnessMeter:
        meter.Add(l, r, tingle::kBlockFrames);
        break;
      case Part::kTruePeak:
        oversampler.Process(l, r, 0.0f, peaks);
        break;
    }
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (meter.integrated_lufs() == 12345.0 || peaks[0] == 12345.0f) std::puts("");
  return elapsed;
}

// Seconds of wall time to place `seconds` of white noise with one spatializer.
enum class Placing { kFixed, kEarToEar, kHrtfEarToEar };
double TimeSpatializer(Placing placing, double seconds) {
  tingle::ScopedFlushDenormals flush_denormals;
  tingle::mix::Placement placement;
  placement.binaural = true;
  placement.azimuth_degrees = tingle::Control::Constant(60.0);
  placement.distance_metres = tingle::Control::Constant(0.3);
  if (placing != Placing::kFixed) placement.motion = tingle::mix::Motion::kEarToEar;
  std::shared_ptr<const tingle::mix::HrtfSet> hrtf;
  if (placing == Placing::kHrtfEarToEar) {
    hrtf = tingle::mix::HrtfSet::Load(tingle::mix::kDefaultSofaPath, kSampleRate);
  }
  auto spatializer = tingle::mix::MakeSpatializer(placement, hrtf);
  spatializer->Prepare(kSampleRate);
  std::vector<float> mono(tingle::kBlockFrames * 64);
  tingle::Pcg32 random(tingle::StreamSeed(1, "bench placement"));
  for (float& sample : mono) sample = 0.1f * random.SignedFloat();
  float left[tingle::kBlockFrames], right[tingle::kBlockFrames];
  float sink = 0.0f;
  const auto blocks = static_cast<std::int64_t>(seconds * kSampleRate) / tingle::kBlockFrames;
  const auto start = Clock::now();
  for (std::int64_t b = 0; b < blocks; ++b) {
    const float* in = mono.data() + (b % 64) * tingle::kBlockFrames;
    spatializer->Process({b * tingle::kBlockFrames}, in, {left, right, tingle::kBlockFrames});
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

enum class Mode { kUnplaced, kMixerOnly, kMemory, kNormalised, kLoud, kFile };

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

struct Timing {
  double wall = 0.0;  // seconds
  double cpu = 0.0;   // seconds, all threads
  int passes = 1;
};

// Time to render a recipe in one of the modes above.
Timing TimeRecipe(const std::string& path, double seconds, Mode mode) {
  tingle::recipe::Overrides overrides;
  overrides.duration_seconds = seconds;
  auto recipe = tingle::recipe::LoadRecipe(path, overrides);
  // A recipe's own loudness target is dropped, except when normalising.
  recipe.master.loudness_lufs.reset();
  if (mode == Mode::kNormalised) recipe.master.loudness_lufs = -23.0;
  if (mode == Mode::kLoud) recipe.master.loudness_lufs = -14.0;
  // The layers without their binaural placement: what spatialization costs.
  if (mode == Mode::kUnplaced) {
    for (auto& layer : recipe.layers) layer.common.placement.binaural = false;
  }
  const auto build = [&recipe] { return tingle::recipe::BuildTrack(recipe); };
  auto track = build();
  Timing timing;
  const double cpu_start = CpuSeconds();
  const auto start = Clock::now();
  if (mode == Mode::kMixerOnly || mode == Mode::kUnplaced) {
    tingle::ScopedFlushDenormals flush_denormals;
    track.mixer.Prepare(track.sample_rate, track.seed, track.total_frames);
    float left[tingle::kBlockFrames], right[tingle::kBlockFrames];
    float sink = 0.0f;
    for (std::int64_t frame = 0; frame < track.total_frames; frame += tingle::kBlockFrames) {
      track.mixer.Render({frame}, {left, right, tingle::kBlockFrames});
      sink += left[0];
    }
    if (sink == 12345.0f) std::puts("");  // keeps the loop observable
  } else if (mode == Mode::kFile) {
    tingle::io::OutputSpec spec;
    spec.path = "/tmp/tingle-bench.wav";
    spec.sample_rate = recipe.sample_rate;
    spec.total_frames = track.total_frames;
    auto sink = tingle::io::OpenSink(spec);
    tingle::render::RenderTrack(track, *sink, {});
    sink->Commit();
  } else if (mode == Mode::kMemory) {
    DiscardSink sink;
    tingle::render::RenderTrack(track, sink, {});
  } else {
    DiscardSink sink;
    timing.passes = tingle::render::RenderTrack(build, sink, {}).passes;
  }
  timing.wall = std::chrono::duration<double>(Clock::now() - start).count();
  timing.cpu = CpuSeconds() - cpu_start;
  return timing;
}

void Row(const std::string& name, double seconds, const std::vector<double>& times) {
  const double median = Median(times);
  std::printf("%-34s %10.0fx %10.1f ns/frame\n", name.c_str(), seconds / median,
              1e9 * median / (seconds * kSampleRate));
}

void RecipeRow(const std::string& name, double seconds, const std::vector<Timing>& timings) {
  std::vector<double> wall, cpu;
  for (const Timing& t : timings) {
    wall.push_back(t.wall);
    cpu.push_back(t.cpu);
  }
  const double frames = seconds * kSampleRate;
  std::printf("%-34s %10.0fx %10.1f ns/frame %10.1f ns/frame CPU", name.c_str(), seconds / Median(wall),
              1e9 * Median(wall) / frames, 1e9 * Median(cpu) / frames);
  if (timings.front().passes > 1) std::printf("  (%d passes)", timings.front().passes);
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  std::printf("tingle_bench: %.0f s of 48 kHz stereo, median of %d runs, one render thread\n\n",
              seconds, runs);
  std::printf("%-34s %11s %18s\n", "render", "x real time", "cost");
  for (const auto& entry : tingle::synth::Textures()) {
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(TimeTexture(entry, seconds));
    Row("texture " + std::string(entry.name) + " (memory)", seconds, times);
  }
  const std::pair<const char*, std::pair<Part, double>> parts[] = {
      {"master: DC blocker + band limiter", {Part::kDcAndBand, 0.1}},
      {"master: limiter, below the ceiling", {Part::kLimiter, 0.1}},
      {"master: limiter, noise 12 dB over", {Part::kLimiter, 0.9}},
      {"meter: loudness (BS.1770 gated)", {Part::kLoudnessMeter, 0.1}},
      {"meter: true peak, every block", {Part::kTruePeak, 0.1}}};
  for (const auto& [name, part] : parts) {
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(TimePart(part.first, seconds, part.second));
    Row(name, seconds, times);
  }
  const std::pair<const char*, Placing> placings[] = {
      {"place: spherical head, fixed", Placing::kFixed},
      {"place: spherical head, ear to ear", Placing::kEarToEar},
      {"place: HRTF, ear to ear", Placing::kHrtfEarToEar}};
  for (const auto& [name, placing] : placings) {
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) times.push_back(TimeSpatializer(placing, seconds));
    Row(name, seconds, times);
  }
  for (int i = 3; i < argc; ++i) {
    const std::string name = std::string(argv[i]).substr(std::string(argv[i]).rfind('/') + 1);
    const std::pair<Mode, const char*> modes[] = {{Mode::kUnplaced, " (layers, unplaced)"},
                                                  {Mode::kMixerOnly, " (layers only)"},
                                                  {Mode::kMemory, " (memory)"},
                                                  {Mode::kNormalised, " (-23 LUFS)"},
                                                  {Mode::kLoud, " (-14 LUFS)"},
                                                  {Mode::kFile, " (16-bit WAV)"}};
    // Runs go round the modes (one of each, then again), so a drift in the machine's
    // speed during the benchmark falls on every mode alike and the shares stay fair.
    constexpr std::size_t kModes = std::size(modes);
    std::vector<std::vector<Timing>> timings_by_mode(kModes);
    for (int r = 0; r < runs; ++r) {
      for (std::size_t m = 0; m < kModes; ++m) timings_by_mode[m].push_back(TimeRecipe(argv[i], seconds, modes[m].first));
    }
    Timing unplaced, layers_only;
    for (std::size_t m = 0; m < kModes; ++m) {
      const auto& [mode, label] = modes[m];
      const std::vector<Timing>& timings = timings_by_mode[m];
      RecipeRow(name + label, seconds, timings);
      std::vector<double> wall, cpu;
      for (const Timing& t : timings) {
        wall.push_back(t.wall);
        cpu.push_back(t.cpu);
      }
      if (mode == Mode::kUnplaced) unplaced = {Median(wall), Median(cpu), 1};
      if (mode == Mode::kMixerOnly) {
        layers_only = {Median(wall), Median(cpu), 1};
        std::printf("%-34s %10.1f%% of the layers' time\n", "  spatialization share",
                    100.0 * (1.0 - unplaced.cpu / layers_only.cpu));
      }
      if (mode == Mode::kMemory || mode == Mode::kNormalised || mode == Mode::kLoud) {
        // Each pass renders the layers once; the rest of a render is the master chain
        // (and, in CPU time, the output meters' thread).
        const double passes = timings.front().passes;
        const double total_wall = Median(wall), total_cpu = Median(cpu);
        std::printf("%-34s %10.1f%% of the wall time, %.1f%% of the CPU time\n", "  spatialization share",
                    100.0 * passes * (layers_only.wall - unplaced.wall) / total_wall,
                    100.0 * passes * (layers_only.cpu - unplaced.cpu) / total_cpu);
        std::printf("%-34s %10.1f%% of the wall time, %.1f%% of the CPU time\n", "  master chain share",
                    100.0 * (1.0 - passes * layers_only.wall / total_wall),
                    100.0 * (1.0 - passes * layers_only.cpu / total_cpu));
      }
    }
  }
  std::remove("/tmp/tingle-bench.wav");
  std::printf("\npeak RSS %.1f MB\n", PeakRssMegabytes());
  return 0;
}
