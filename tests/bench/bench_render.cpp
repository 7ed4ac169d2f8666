// Benchmark: one table of x real time, ns per output frame (wall and CPU time) and peak
// RSS for each texture, the master chain, the spatializers and whole recipes.
//
//   tingle_bench [SECONDS] [RUNS] [RECIPE...]    (defaults: 60 5)
//   tingle_bench --fit RECIPE [RUNS]             (default: 3)
//
// Each row is the median of RUNS renders of SECONDS of 48 kHz stereo audio, one render
// thread unless it says otherwise, run in a forked child whose peak RSS (wait4) is the
// row's own. CPU time counts every thread: the output's loudness and true-peak meters run
// on a thread of their own.
// The rows, in order:
// - each texture at default parameters into memory (no I/O: synthesis alone), then its
//   starter recipe (`tingle new`, no loudness target) through the whole pipeline to a
//   16-bit WAV in /tmp (the I/O share);
// - granular at 200 and 1000 grains/s of 30 ms on pink noise, into memory;
// - the master chain alone (mix::Master and the output meters, on noise at -20 dBFS RMS),
//   then its parts one by one; the spatializers;
// - each RECIPE nine ways: the layers without their binaural placement; the layers and
//   mixer alone (no master chain); the whole render into memory (master chain: DC blocker,
//   band limiter, level, limiter, fades, and the output's meters); the same with two render
//   threads (layers in parallel, as `--jobs 2` renders one recipe); the layers alone and
//   the whole render with HRTF placement (`[master] spatial = "hrtf"`), each with its
//   ratio to the spherical head's (spatialization: the placing times; the render: wall
//   time); the same normalised to -23 and to -14 LUFS (measuring passes + writing pass; at
//   -14 the limiter usually works); the whole pipeline to a 16-bit WAV.
// Shares are of the whole render, as issue #6 defines them, for each in-memory render,
// in wall and in CPU time, each timed inside the render (render::RenderTimes) and the
// median of the runs' own shares, so they do not swing with the other rows' noise:
// - spatialization: every placed layer's spatializer calls (the mid formed, distance
//   cues, delays and head shadow or HRTF), timed by the CPU's cycle counter (two reads a
//   call, about 25 ns, against some 200 ns of work; the reads' own cost, calibrated at
//   the start, is taken off both the placing time and the render's);
// - master chain: the render thread's time in mix::Master and handing blocks to the
//   meters (by the cycle counter too, two reads a block, taken off alike), plus, in CPU
//   time, the meters' thread.
// --fit renders RECIPE into memory for 1, 10 and 60 minutes and prints each point (time,
// ns per frame, peak RSS), the least-squares line render time = a + b x duration and the
// largest relative deviation of a point from it: linear cost and flat memory at a glance.
// Never run as a test.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/catalogue_commands.hpp"
#include "core/block.hpp"
#include "core/cycle_clock.hpp"
#include "core/denormals.hpp"
#include "core/param_spec.hpp"
#include "core/random.hpp"
#include "dsp/stereo_biquad_cascade.hpp"
#include "dsp/peak_oversampler.hpp"
#include "io/sink.hpp"
#include "io/write_all.hpp"
#include "mix/hrtf_set.hpp"
#include "mix/loudness_meter.hpp"
#include "mix/master.hpp"
#include "mix/spatializer.hpp"
#include "mix/true_peak_limiter.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "render/output_meter.hpp"
#include "render/renderer.hpp"
#include "synth/registry.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kSampleRate = 48000.0;
constexpr const char* kWavPath = "/tmp/tingle-bench.wav";
// Level of the noise the master chain and its parts are timed on: -20 dBFS RMS.
constexpr double kNoiseRms = 0.1;
// Grain length of the granular rows, as tests/bench/anchors.sh times them.
constexpr double kGrainMs = 30.0;
// Durations of --fit: 1, 10 and 60 minutes, so the line spans almost two decades.
constexpr double kFitSeconds[] = {60.0, 600.0, 3600.0};
constexpr int kDefaultRuns = 5;
constexpr int kDefaultFitRuns = 3;

struct Timing {
  double wall = 0.0;  // seconds
  double cpu = 0.0;   // seconds, all threads
  int passes = 1;
  tingle::render::RenderTimes parts;  // of recipe renders: master chain and spatializers
};

// The length of a CycleClockTicks tick, and what one read adds to a timed stretch, measured
// once before the rows run (the children inherit it).
struct TickCalibration {
  double seconds_per_tick = 0.0;
  double read_ticks = 0.0;  // a read's own cost: the difference of two reads back to back
};
TickCalibration tick_calibration;

void CalibrateTicks() {
  constexpr int kReadPairs = 1000000;
  std::uint64_t sum = 0;
  for (int i = 0; i < kReadPairs; ++i) {
    const std::uint64_t first = tingle::CycleClockTicks();
    sum += tingle::CycleClockTicks() - first;
  }
  tick_calibration.read_ticks = static_cast<double>(sum) / kReadPairs;
  const Clock::time_point start = Clock::now();
  const std::uint64_t start_ticks = tingle::CycleClockTicks();
  while (Clock::now() - start < std::chrono::milliseconds(200)) {
  }
  const std::uint64_t ticks = tingle::CycleClockTicks() - start_ticks;
  tick_calibration.seconds_per_tick =
      std::chrono::duration<double>(Clock::now() - start).count() / static_cast<double>(ticks);
}

// A timed stretch's time in a render, less the clock's own reads: one inside each call.
double TimedSeconds(const tingle::TickTime& time) {
  const double ticks =
      static_cast<double>(time.ticks) - static_cast<double>(time.calls) * tick_calibration.read_ticks;
  return std::max(0.0, ticks) * tick_calibration.seconds_per_tick;
}

double PlacingSeconds(const Timing& t) { return TimedSeconds(t.parts.placing); }
double MasterSeconds(const Timing& t) { return TimedSeconds(t.parts.master); }

// The render's time less what timing the spatializers and the master chain added to it:
// two reads a call.
double UntimedSeconds(const Timing& t, double seconds) {
  const auto calls = static_cast<double>(t.parts.placing.calls + t.parts.master.calls);
  return seconds - 2.0 * calls * tick_calibration.read_ticks * tick_calibration.seconds_per_tick;
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Wall and CPU time since construction.
class Stopwatch {
 public:
  Timing Elapsed() const {
    Timing timing;
    timing.wall = std::chrono::duration<double>(Clock::now() - wall_start_).count();
    timing.cpu = CpuSeconds() - cpu_start_;
    return timing;
  }

 private:
  double cpu_start_ = CpuSeconds();
  Clock::time_point wall_start_ = Clock::now();
};

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double MedianWall(const std::vector<Timing>& timings) {
  std::vector<double> wall;
  for (const Timing& t : timings) wall.push_back(t.wall);
  return Median(wall);
}

double MedianCpu(const std::vector<Timing>& timings) {
  std::vector<double> cpu;
  for (const Timing& t : timings) cpu.push_back(t.cpu);
  return Median(cpu);
}

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "tingle_bench: error: %s\n", message.c_str());
  std::exit(1);
}

// false on end of file or error before `bytes` were read.
bool ReadAll(int fd, void* data, std::size_t bytes) {
  auto* at = static_cast<char*>(data);
  while (bytes > 0) {
    const ssize_t got = read(fd, at, bytes);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    at += got;
    bytes -= static_cast<std::size_t>(got);
  }
  return true;
}

struct ChildResult {
  std::vector<Timing> timings;
  double peak_rss_mb = 0.0;
};

// Runs time_once `runs` times in a forked child, which sends the timings back through a
// pipe, and returns them with the child's peak RSS. A child starts with what the parent
// holds, so the parent renders nothing and each row's peak is its own. A child that fails
// (an exception, an exit status, a signal) ends the benchmark with exit status 1.
ChildResult RunInChild(int runs, const std::function<Timing()>& time_once) {
  const std::size_t bytes = static_cast<std::size_t>(runs) * sizeof(Timing);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) Fail(std::string("pipe: ") + std::strerror(errno));
  std::fflush(stdout);  // the table so far prints before anything the child says
  const pid_t pid = fork();
  if (pid < 0) Fail(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    close(pipe_fds[0]);
    int status = 0;
    try {
      std::vector<Timing> timings;
      for (int r = 0; r < runs; ++r) timings.push_back(time_once());
      if (tingle::io::WriteAll(pipe_fds[1], timings.data(), bytes) != 0) status = 1;
    } catch (const std::exception& error) {
      std::fprintf(stderr, "tingle_bench: %s\n", error.what());
      status = 1;
    }
    _exit(status);  // no atexit handlers or stdio flushes of the parent's copies
  }
  close(pipe_fds[1]);
  ChildResult result;
  result.timings.resize(static_cast<std::size_t>(runs));
  const bool complete = ReadAll(pipe_fds[0], result.timings.data(), bytes);
  close(pipe_fds[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) Fail(std::string("wait4: ") + std::strerror(errno));
  if (WIFSIGNALED(status)) {
    Fail(std::string("a benchmark child died: ") + strsignal(WTERMSIG(status)) + " (signal " +
         std::to_string(WTERMSIG(status)) + ")");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !complete) {
    Fail("a benchmark child failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
  }
  result.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
  return result;
}

constexpr int kSpanFrames = tingle::mix::Master::kSpanBlocks * tingle::kBlockFrames;
// The master rows read their noise from a loop of this many spans (10.005 s), copied a span
// at a time into the buffer the master works on in place, as the renderer copies the mix:
// their memory then stays the same whatever the duration (a whole track of noise took
// 8 bytes a frame, 23 MB a minute).
constexpr std::size_t kNoiseLoopFrames = 469 * kSpanFrames;

// A loop of white noise at `rms` (linear) per channel, kNoiseLoopFrames long.
std::pair<std::vector<float>, std::vector<float>> WhiteNoise(double rms) {
  const std::size_t frames = kNoiseLoopFrames;
  std::vector<float> left(frames), right(frames);
  tingle::Pcg32 random(tingle::StreamSeed(1, "bench master"));
  // SignedFloat is uniform in [-1, 1): RMS 1 / sqrt(3).
  const auto amplitude = static_cast<float>(rms * std::sqrt(3.0));
  for (std::size_t n = 0; n < frames; ++n) {
    left[n] = amplitude * random.SignedFloat();
    right[n] = amplitude * random.SignedFloat();
  }
  return {std::move(left), std::move(right)};
}

// Time to render `seconds` of one texture built from `values` (empty: defaults).
Timing TimeTexture(const tingle::synth::TextureEntry& entry, const tingle::ParamValues& values,
                   double seconds) {
  tingle::ScopedFlushDenormals flush_denormals;
  auto texture = entry.create(values);
  const auto blocks = static_cast<std::int64_t>(seconds * kSampleRate) / tingle::kBlockFrames;
  texture->Prepare({kSampleRate, tingle::StreamSeed(1, "bench"), blocks * tingle::kBlockFrames});
  float left[tingle::kBlockFrames], right[tingle::kBlockFrames];
  float sink = 0.0f;
  const Stopwatch stopwatch;
  for (std::int64_t b = 0; b < blocks; ++b) {
    texture->Render({b * tingle::kBlockFrames}, {left, right, tingle::kBlockFrames});
    sink += left[0];
  }
  const Timing timing = stopwatch.Elapsed();
  if (sink == 12345.0f) std::puts("");  // keeps the loop observable
  return timing;
}

// Granular at `grains_per_second` grains of kGrainMs reading pink noise.
tingle::ParamValues GranularValues(double grains_per_second) {
  tingle::ParamValues values;
  values["source"].text = "noise:pink";
  values["density"].number = tingle::Control::Constant(grains_per_second);
  values["grain_ms"].number = tingle::Control::Constant(kGrainMs);
  return values;
}

// Time for the whole master chain as the renderer runs it on a track without a loudness
// target (mix::Master, then render::OutputMeter: loudness and true peak on its own thread)
// on `seconds` of noise at kNoiseRms, Master::kSpanBlocks blocks a call.
Timing TimeMasterChain(double seconds) {
  tingle::ScopedFlushDenormals flush_denormals;
  const auto [noise_left, noise_right] = WhiteNoise(kNoiseRms);
  const auto frames = static_cast<std::int64_t>(seconds * kSampleRate) / tingle::kBlockFrames *
                      tingle::kBlockFrames;
  tingle::mix::Master master{tingle::mix::MasterSettings{}};
  master.Prepare(kSampleRate, frames);
  const Stopwatch stopwatch;
  tingle::render::OutputMeter meter(kSampleRate, true);
  float l[kSpanFrames], r[kSpanFrames];
  for (std::int64_t frame = 0; frame < frames; frame += kSpanFrames) {
    const auto span = static_cast<int>(std::min<std::int64_t>(kSpanFrames, frames - frame));
    const auto from = static_cast<std::size_t>(frame) % kNoiseLoopFrames;
    std::copy_n(noise_left.data() + from, span, l);
    std::copy_n(noise_right.data() + from, span, r);
    master.Process({frame}, {l, r, span});
    for (int block = 0; block < span; block += tingle::kBlockFrames) {
      meter.Add(l + block, r + block, tingle::kBlockFrames);
    }
  }
  const tingle::render::OutputMeter::Result measured = meter.Finish();
  const Timing timing = stopwatch.Elapsed();
  if (measured.integrated_lufs == 12345.0) std::puts("");
  return timing;
}

// Time for one part of the master chain on `seconds` of white noise at `level` (RMS,
// linear), one block at a time (the filters Master::kSpanBlocks blocks a call, as the
// master runs them).
enum class Part { kDcAndBand, kLimiter, kLoudnessMeter, kTruePeak };
Timing TimePart(Part part, double seconds, double level) {
  tingle::ScopedFlushDenormals flush_denormals;
  const auto [noise_left, noise_right] = WhiteNoise(level);
  const auto frames = static_cast<std::size_t>(seconds * kSampleRate) / kSpanFrames * kSpanFrames;
  tingle::dsp::StereoBiquadCascade filters;
  filters.Init(tingle::mix::Master::FilterSections(kSampleRate));
  tingle::mix::TruePeakLimiter limiter;
  limiter.Prepare(kSampleRate, tingle::mix::MasterSettings{}.true_peak_dbtp);
  tingle::mix::LoudnessMeter meter(kSampleRate);
  tingle::dsp::PeakOversampler oversampler;
  float peaks[tingle::kBlockFrames];
  float left[kSpanFrames], right[kSpanFrames];
  const Stopwatch stopwatch;
  for (std::size_t b = 0; b < frames; b += tingle::kBlockFrames) {
    const std::size_t in_span = b % kSpanFrames;
    if (in_span == 0) {
      std::copy_n(noise_left.data() + b % kNoiseLoopFrames, kSpanFrames, left);
      std::copy_n(noise_right.data() + b % kNoiseLoopFrames, kSpanFrames, right);
    }
    float* l = left + in_span;
    float* r = right + in_span;
    switch (part) {
      case Part::kDcAndBand:
        if (in_span == 0) filters.Process(l, r, kSpanFrames);
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
  const Timing timing = stopwatch.Elapsed();
  if (meter.integrated_lufs() == 12345.0 || peaks[0] == 12345.0f) std::puts("");
  return timing;
}

// Time to place `seconds` of white noise with one spatializer.
enum class Placing { kFixed, kEarToEar, kHrtfEarToEar };
Timing TimeSpatializer(Placing placing, double seconds) {
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
  const Stopwatch stopwatch;
  for (std::int64_t b = 0; b < blocks; ++b) {
    const float* in = mono.data() + (b % 64) * tingle::kBlockFrames;
    spatializer->Process({b * tingle::kBlockFrames}, in, in, {left, right, tingle::kBlockFrames});
    sink += left[0];
  }
  const Timing timing = stopwatch.Elapsed();
  if (sink == 12345.0f) std::puts("");  // keeps the loop observable
  return timing;
}

class DiscardSink final : public tingle::io::AudioSink {
 public:
  void Write(const float*, int) override {}
  void Commit() override {}
};

enum class Mode {
  kUnplaced,
  kMixerOnly,
  kMemory,
  kTwoThreads,
  kHrtfMixerOnly,
  kHrtfMemory,
  kNormalised,
  kLoud,
  kFile
};

// The recipe at `path` lasting `seconds`, its own loudness target dropped.
tingle::recipe::Recipe LoadBenchRecipe(const std::string& path, double seconds) {
  tingle::recipe::Overrides overrides;
  overrides.duration_seconds = seconds;
  auto recipe = tingle::recipe::LoadRecipe(path, overrides);
  recipe.master.loudness_lufs.reset();
  return recipe;
}

// `tingle new TEXTURE`: one layer at default parameters, lasting `seconds`.
tingle::recipe::Recipe StarterRecipe(std::string_view texture, double seconds) {
  tingle::recipe::Overrides overrides;
  overrides.duration_seconds = seconds;
  const std::string text = tingle::cli::StarterRecipe({std::string(texture)});
  auto recipe = tingle::recipe::ParseRecipe(text, "starter-" + std::string(texture) + ".toml",
                                            overrides);
  recipe.master.loudness_lufs.reset();
  return recipe;
}

// Time to render a recipe (without a loudness target) in one of the modes above.
Timing TimeRecipe(tingle::recipe::Recipe recipe, Mode mode) {
  if (mode == Mode::kNormalised) recipe.master.loudness_lufs = -23.0;
  if (mode == Mode::kLoud) recipe.master.loudness_lufs = -14.0;
  if (mode == Mode::kHrtfMixerOnly || mode == Mode::kHrtfMemory) recipe.hrtf = true;
  // The layers without their binaural placement: what spatialization costs.
  if (mode == Mode::kUnplaced) {
    for (auto& layer : recipe.layers) layer.common.placement.binaural = false;
  }
  const auto build = [&recipe] { return tingle::recipe::BuildTrack(recipe); };
  auto track = build();
  int passes = 1;
  tingle::render::RenderTimes parts;
  tingle::render::RenderOptions options;
  options.times = &parts;
  if (mode == Mode::kTwoThreads) options.threads = 2;
  const Stopwatch stopwatch;
  if (mode == Mode::kMixerOnly || mode == Mode::kUnplaced || mode == Mode::kHrtfMixerOnly) {
    tingle::ScopedFlushDenormals flush_denormals;
    track.mixer.Prepare(track.sample_rate, track.seed, track.total_frames);
    track.mixer.set_timing(true);
    float left[tingle::kBlockFrames], right[tingle::kBlockFrames];
    float sink = 0.0f;
    for (std::int64_t frame = 0; frame < track.total_frames; frame += tingle::kBlockFrames) {
      track.mixer.Render({frame}, {left, right, tingle::kBlockFrames});
      sink += left[0];
    }
    if (sink == 12345.0f) std::puts("");  // keeps the loop observable
    parts.placing = track.mixer.placing_time();
  } else if (mode == Mode::kFile) {
    tingle::io::OutputSpec spec;
    spec.path = kWavPath;
    spec.container = tingle::io::Container::kWav;
    spec.sample_format = tingle::io::SampleFormat::kPcm16;
    spec.sample_rate = recipe.sample_rate;
    spec.total_frames = track.total_frames;
    auto sink = tingle::io::OpenSink(spec);
    tingle::render::RenderTrack(track, *sink, options);
    sink->Commit();
  } else if (mode == Mode::kMemory || mode == Mode::kTwoThreads || mode == Mode::kHrtfMemory) {
    DiscardSink sink;
    tingle::render::RenderTrack(track, sink, options);
  } else {
    DiscardSink sink;
    passes = tingle::render::RenderTrack(build, sink, options).passes;
  }
  Timing timing = stopwatch.Elapsed();
  timing.passes = passes;
  timing.parts = parts;
  return timing;
}

constexpr int kNameWidth = 46;

void Header() {
  std::printf("%-*s %12s %10s %14s %10s\n", kNameWidth, "render", "x real time", "ns/frame",
              "CPU ns/frame", "peak RSS");
}

void Row(const std::string& name, double seconds, const ChildResult& result) {
  const double wall = MedianWall(result.timings);
  const double frames = seconds * kSampleRate;
  std::printf("%-*s %11.0fx %10.1f %14.1f %7.1f MB", kNameWidth, name.c_str(), seconds / wall,
              1e9 * wall / frames, 1e9 * MedianCpu(result.timings) / frames, result.peak_rss_mb);
  const int passes = result.timings.front().passes;
  if (passes > 1) std::printf("  (%d passes)", passes);
  std::printf("\n");
}

void TimeRow(const std::string& name, double seconds, int runs,
             const std::function<Timing()>& time_once) {
  Row(name, seconds, RunInChild(runs, time_once));
}

// Spatialization's share of each run's own time (wall or CPU), timed inside the render.
std::vector<double> PlacingShares(const std::vector<Timing>& timings, bool wall) {
  std::vector<double> shares;
  for (const Timing& t : timings) {
    shares.push_back(PlacingSeconds(t) / UntimedSeconds(t, wall ? t.wall : t.cpu));
  }
  return shares;
}

void RecipeRows(const std::string& path, double seconds, int runs) {
  const std::string name = path.substr(path.rfind('/') + 1);
  const std::pair<Mode, const char*> modes[] = {{Mode::kUnplaced, " (layers, unplaced)"},
                                                {Mode::kMixerOnly, " (layers only)"},
                                                {Mode::kMemory, " (memory)"},
                                                {Mode::kTwoThreads, " (memory, 2 threads)"},
                                                {Mode::kHrtfMixerOnly, " (layers only, HRTF)"},
                                                {Mode::kHrtfMemory, " (memory, HRTF)"},
                                                {Mode::kNormalised, " (-23 LUFS)"},
                                                {Mode::kLoud, " (-14 LUFS)"},
                                                {Mode::kFile, " (16-bit WAV)"}};
  // Runs go round the modes (one of each, then again), so a drift in the machine's speed
  // during the benchmark falls on every mode alike and the shares stay fair. So here each
  // run has a child of its own, and a row's peak RSS is the largest of its runs'.
  constexpr std::size_t kModes = std::size(modes);
  std::vector<ChildResult> results(kModes);
  for (int r = 0; r < runs; ++r) {
    for (std::size_t m = 0; m < kModes; ++m) {
      const Mode mode = modes[m].first;
      const ChildResult run =
          RunInChild(1, [&] { return TimeRecipe(LoadBenchRecipe(path, seconds), mode); });
      results[m].timings.push_back(run.timings.front());
      results[m].peak_rss_mb = std::max(results[m].peak_rss_mb, run.peak_rss_mb);
    }
  }
  // The layers placed on the spherical head, which the HRTF's placing time is set against.
  const std::vector<Timing>& placed = results[1].timings;
  Timing memory;
  for (std::size_t m = 0; m < kModes; ++m) {
    const auto& [mode, label] = modes[m];
    const std::vector<Timing>& timings = results[m].timings;
    Row(name + label, seconds, results[m]);
    const double wall = MedianWall(timings), cpu = MedianCpu(timings);
    if (mode == Mode::kMixerOnly) {
      std::printf("%-*s %10.1f%% of the layers' time\n", kNameWidth, "  spatialization share",
                  100.0 * Median(PlacingShares(timings, true)));
    }
    if (mode == Mode::kMemory) memory = {wall, cpu, 1};
    if (mode == Mode::kHrtfMixerOnly) {
      // Issue #6's "HRTF mode within 3x of the spherical-head mode", read both ways: the
      // placing time, then the whole render.
      std::vector<double> ratios;
      for (std::size_t r = 0; r < timings.size(); ++r) {
        ratios.push_back(PlacingSeconds(timings[r]) / PlacingSeconds(placed[r]));
      }
      std::printf("%-*s %10.2fx the spherical head's\n", kNameWidth, "  HRTF spatialization",
                  Median(ratios));
    }
    if (mode == Mode::kHrtfMemory) {
      std::printf("%-*s %10.2fx the spherical head's\n", kNameWidth, "  HRTF render", wall / memory.wall);
    }
    if (mode == Mode::kMemory || mode == Mode::kNormalised || mode == Mode::kLoud) {
      std::printf("%-*s %10.1f%% of the wall time, %.1f%% of the CPU time\n", kNameWidth,
                  "  spatialization share",
                  100.0 * Median(PlacingShares(timings, true)),
                  100.0 * Median(PlacingShares(timings, false)));
      // The master chain's share is timed inside each render (RenderTimes): the median
      // of the runs' own shares, so it does not swing with the other rows' noise.
      std::vector<double> wall_shares, cpu_shares;
      for (const Timing& t : timings) {
        wall_shares.push_back(MasterSeconds(t) / UntimedSeconds(t, t.wall));
        cpu_shares.push_back((MasterSeconds(t) + t.parts.meter_cpu_seconds) /
                             UntimedSeconds(t, t.cpu));
      }
      std::printf("%-*s %10.1f%% of the wall time, %.1f%% of the CPU time\n", kNameWidth,
                  "  master chain share", 100.0 * Median(wall_shares), 100.0 * Median(cpu_shares));
    }
  }
}

void PrintTable(double seconds, int runs, const std::vector<std::string>& recipes) {
  std::printf("tingle_bench: %.0f s of 48 kHz stereo, median of %d runs, one render thread unless "
              "a row says otherwise\n\n",
              seconds, runs);
  Header();
  const tingle::ParamValues defaults;
  for (const auto& entry : tingle::synth::Textures()) {
    const std::string name = "texture " + std::string(entry.name);
    TimeRow(name + " (memory)", seconds, runs,
            [&] { return TimeTexture(entry, defaults, seconds); });
    TimeRow(name + " (16-bit WAV)", seconds, runs,
            [&] { return TimeRecipe(StarterRecipe(entry.name, seconds), Mode::kFile); });
  }
  const tingle::synth::TextureEntry* granular = tingle::synth::FindTexture("granular");
  if (granular == nullptr) Fail("no texture named granular");
  for (const double grains_per_second : {200.0, 1000.0}) {
    const std::string name = "texture granular " +
                             std::to_string(static_cast<int>(grains_per_second)) + " grains/s, " +
                             std::to_string(static_cast<int>(kGrainMs)) + " ms (memory)";
    const tingle::ParamValues values = GranularValues(grains_per_second);
    TimeRow(name, seconds, runs, [&] { return TimeTexture(*granular, values, seconds); });
  }
  TimeRow("master chain alone (memory)", seconds, runs, [&] { return TimeMasterChain(seconds); });
  const std::pair<const char*, std::pair<Part, double>> parts[] = {
      {"master: DC blocker + band limiter", {Part::kDcAndBand, kNoiseRms}},
      {"master: limiter, below the ceiling", {Part::kLimiter, kNoiseRms}},
      {"master: limiter, noise peaks 5 dB over", {Part::kLimiter, 0.9}},
      {"meter: loudness (BS.1770 gated)", {Part::kLoudnessMeter, kNoiseRms}},
      {"meter: true peak, every block", {Part::kTruePeak, kNoiseRms}}};
  for (const auto& [name, part] : parts) {
    TimeRow(name, seconds, runs, [&] { return TimePart(part.first, seconds, part.second); });
  }
  const std::pair<const char*, Placing> placings[] = {
      {"place: spherical head, fixed", Placing::kFixed},
      {"place: spherical head, ear to ear", Placing::kEarToEar},
      {"place: HRTF, ear to ear", Placing::kHrtfEarToEar}};
  for (const auto& [name, placing] : placings) {
    TimeRow(name, seconds, runs, [&] { return TimeSpatializer(placing, seconds); });
  }
  for (const std::string& path : recipes) RecipeRows(path, seconds, runs);
}

// Render time against duration: the points, the least-squares line through them and the
// largest relative deviation of a point from it.
void PrintFit(const std::string& path, int runs) {
  std::printf("tingle_bench --fit %s: whole render into memory, median of %d runs, "
              "one render thread\n\n",
              path.c_str(), runs);
  std::printf("%10s %14s %12s %10s %10s\n", "duration", "render time", "x real time", "ns/frame",
              "peak RSS");
  std::vector<double> durations, times;
  for (const double seconds : kFitSeconds) {
    const ChildResult result =
        RunInChild(runs, [&] { return TimeRecipe(LoadBenchRecipe(path, seconds), Mode::kMemory); });
    const double wall = MedianWall(result.timings);
    std::printf("%8.0f s %12.3f s %11.0fx %10.1f %7.1f MB\n", seconds, wall, seconds / wall,
                1e9 * wall / (seconds * kSampleRate), result.peak_rss_mb);
    durations.push_back(seconds);
    times.push_back(wall);
  }
  const double n = static_cast<double>(durations.size());
  double mean_duration = 0.0, mean_time = 0.0;
  for (std::size_t i = 0; i < durations.size(); ++i) {
    mean_duration += durations[i] / n;
    mean_time += times[i] / n;
  }
  double covariance = 0.0, variance = 0.0;
  for (std::size_t i = 0; i < durations.size(); ++i) {
    covariance += (durations[i] - mean_duration) * (times[i] - mean_time);
    variance += (durations[i] - mean_duration) * (durations[i] - mean_duration);
  }
  const double slope = covariance / variance;  // render seconds per audio second
  const double intercept = mean_time - slope * mean_duration;
  double largest_deviation = 0.0;
  for (std::size_t i = 0; i < durations.size(); ++i) {
    const double fitted = intercept + slope * durations[i];
    largest_deviation = std::max(largest_deviation, std::fabs(times[i] - fitted) / times[i]);
  }
  std::printf("\nfit: render time = %.3f s + %.6f s x duration (%.1f ns/frame, %.0fx real time)\n",
              intercept, slope, 1e9 * slope / kSampleRate, 1.0 / slope);
  std::printf("largest deviation of a point from the line: %.1f %%\n", 100.0 * largest_deviation);
}

void Usage() {
  std::fprintf(stderr,
               "usage: tingle_bench [SECONDS] [RUNS] [RECIPE...]\n"
               "       tingle_bench --fit RECIPE [RUNS]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--fit") {
    if (argc < 3 || argc > 4) Usage();
    const int runs = argc > 3 ? std::atoi(argv[3]) : kDefaultFitRuns;
    if (runs < 1) Usage();
    CalibrateTicks();
    PrintFit(argv[2], runs);
    return 0;
  }
  CalibrateTicks();
  const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  const int runs = argc > 2 ? std::atoi(argv[2]) : kDefaultRuns;
  if (seconds <= 0.0 || runs < 1) Usage();
  PrintTable(seconds, runs, std::vector<std::string>(argv + std::min(argc, 3), argv + argc));
  std::remove(kWavPath);
  return 0;
}
