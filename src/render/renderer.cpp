#include "render/renderer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "core/block.hpp"
#include "core/cycle_clock.hpp"
#include "core/denormals.hpp"
#include "core/units.hpp"
#include "render/mix_cache.hpp"
#include "render/output_meter.hpp"

namespace tingle::render {
namespace {

// How close a limited measuring pass must come to the loudness target to be final: a
// tenth of the +-0.5 LU that independent meters are held to, so their own differences
// (a few hundredths of a LU) never add up to a miss.
constexpr double kLoudnessTolerance = 0.05;
// At most this many limited measuring passes: a light touch of the limiter needs one, a
// target 10-15 LU above what the recipe peaks allow three or four (measured on the
// example recipes at -14 LUFS).
constexpr int kMaxCorrectionPasses = 4;
// Below this slope (LU of loudness per dB of gain) the limiter is squashing so hard that
// 4 dB more gain buys less than 1 LU: the search stops there instead of pumping up the
// noise between the peaks. Also the smallest slope a step may assume.
constexpr double kMinSlope = 0.25;
// The slope a step assumes ahead of the last two points, as a fraction of theirs: on the
// example recipes the local slope at the newer point was 0.6-0.8 of the secant's.
constexpr double kSlopeAhead = 0.7;
constexpr int kSpanBlocks = mix::Master::kSpanBlocks;
constexpr int kSpanFrames = kSpanBlocks * kBlockFrames;

// One pass over the whole track, written to a sink or only measured.
struct Pass {
  io::AudioSink* sink = nullptr;   // nullptr: a measuring pass, the audio is discarded
  bool measure_true_peak = false;  // the output's true peak (costs a second oversampler)
  MixCache* record_mix = nullptr;  // keeps the layers' mix for the later passes
  MixCache* replay_mix = nullptr;  // the mix from here: the layers do not render
  std::int64_t progress_offset = 0;
  std::int64_t progress_total = 0;
};

struct PassResult {
  double integrated_lufs = 0.0;
  double true_peak = 0.0;         // linear, of the output (when measured)
  double max_limiter_input = 0.0;  // linear: the largest true peak reaching the limiter
  double limiter_min_gain = 1.0;
};

// Renders every frame of a prepared track: the mixer runs on the mix's timeline, the master
// returns the output latency_frames() later, so the loop runs that much past the end,
// feeding silence (the track is silent after its end), and skips the first output blocks.
// The master takes up to kSpanBlocks blocks a call; the output is the same whatever the
// span.
PassResult RunPass(mix::Track& track, const Pass& pass, const RenderOptions& options) {
  const std::int64_t total = track.total_frames;
  const int latency = track.master.latency_frames();
  const int chunk_frames = std::max(1, options.chunk_frames);
  // Blocks are appended to the chunk; each full chunk is written and what overflowed (less
  // than a block) moves to the front, so every write but the last is exactly chunk_frames.
  std::vector<float> chunk(static_cast<std::size_t>(chunk_frames + kBlockFrames) * 2);
  std::vector<float> span(2 * kSpanFrames);
  float* const left = span.data();
  float* const right = left + kSpanFrames;
  OutputMeter meter(track.sample_rate, pass.measure_true_peak);
  if (pass.replay_mix != nullptr) pass.replay_mix->Rewind();
  track.mixer.set_timing(options.times != nullptr);
  // Master-chain time for RenderOptions::times: the clock is read only when it is set.
  const auto master_clock = [&options] { return options.times != nullptr ? CycleClockTicks() : 0; };
  const auto add_master_time = [&options](std::uint64_t since) {
    if (options.times != nullptr) {
      options.times->master.ticks += CycleClockTicks() - since;
      ++options.times->master.calls;
    }
  };

  std::int64_t in_frame = 0;
  std::int64_t out_frame = -latency;  // output frame of the span the master returns
  int chunk_filled = 0;               // frames in `chunk`
  while (out_frame < total) {
    // No more blocks than the output still needs, so the limiter sees the same blocks
    // whatever the span.
    const std::int64_t blocks_needed = (total - out_frame + kBlockFrames - 1) / kBlockFrames;
    const int span_frames = static_cast<int>(std::min<std::int64_t>(kSpanBlocks, blocks_needed)) * kBlockFrames;
    // The mix, then silence from the track's end on, for the limiter to look at.
    const auto mixed = static_cast<int>(std::clamp<std::int64_t>(total - in_frame, 0, span_frames));
    const int mixed_blocks = (mixed + kBlockFrames - 1) / kBlockFrames;
    if (mixed_blocks > 0) {
      const int mixed_frames = mixed_blocks * kBlockFrames;
      if (pass.replay_mix != nullptr) {
        pass.replay_mix->Replay(left, right, mixed_frames);
      } else {
        track.mixer.Render({in_frame}, {left, right, mixed_frames});
        if (pass.record_mix != nullptr) pass.record_mix->Record(left, right, mixed_frames);
      }
    }
    std::fill(left + mixed, left + span_frames, 0.0f);
    std::fill(right + mixed, right + span_frames, 0.0f);

    const std::uint64_t master_start = master_clock();
    track.master.Process({in_frame}, {left, right, span_frames});
    in_frame += span_frames;
    // Metered block by block (on the meter's thread), so measurements cannot depend on
    // the chunk size.
    for (int offset = 0; offset < span_frames; offset += kBlockFrames) {
      const std::int64_t first = out_frame + offset;
      if (first < 0) continue;  // the limiter's look-ahead filling up
      meter.Add(left + offset, right + offset, static_cast<int>(std::min<std::int64_t>(kBlockFrames, total - first)));
    }
    add_master_time(master_start);

    for (int offset = 0; offset < span_frames; offset += kBlockFrames) {
      const std::int64_t first = out_frame + offset;
      if (first < 0) continue;
      const int frames = static_cast<int>(std::min<std::int64_t>(kBlockFrames, total - first));
      if (pass.sink != nullptr) {
        float* out = chunk.data() + static_cast<std::size_t>(chunk_filled) * 2;
        for (int i = 0; i < frames; ++i) {
          out[2 * i] = left[offset + i];
          out[2 * i + 1] = right[offset + i];
        }
      }
      chunk_filled += frames;
      const std::int64_t done = first + frames;
      const bool last = done == total;
      while (chunk_filled >= chunk_frames || (last && chunk_filled > 0)) {
        const int frames_out = std::min(chunk_filled, chunk_frames);
        if (pass.sink != nullptr) {
          pass.sink->Write(chunk.data(), frames_out);
          std::copy(chunk.begin() + 2 * frames_out, chunk.begin() + 2 * chunk_filled, chunk.begin());
        }
        chunk_filled -= frames_out;
        if (options.progress) options.progress(pass.progress_offset + done, pass.progress_total);
        if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
          throw Interrupted();
        }
      }
    }
    out_frame += span_frames;
  }
  // Waiting here for the meters to finish what is queued is master-chain time too.
  const std::uint64_t finish_start = master_clock();
  const OutputMeter::Result measured = meter.Finish();
  add_master_time(finish_start);
  if (options.times != nullptr) {
    options.times->meter_cpu_seconds += measured.worker_cpu_seconds;
    options.times->placing += track.mixer.placing_time();
  }
  PassResult result;
  result.integrated_lufs = measured.integrated_lufs;
  result.true_peak = measured.true_peak;
  result.max_limiter_input = track.master.limiter().max_input_peak();
  result.limiter_min_gain = track.master.limiter().min_gain();
  return result;
}

// Prepares the master, and the layers unless the pass replays a kept mix.
void Prepare(mix::Track& track, double normalization_gain_db, bool limiting, int threads,
             const MixCache* replay_mix = nullptr) {
  track.master.set_normalization_gain_db(normalization_gain_db);
  track.master.set_limiting(limiting);
  if (replay_mix == nullptr) track.mixer.Prepare(track.sample_rate, track.seed, track.total_frames, threads);
  track.master.Prepare(track.sample_rate, track.total_frames);
}

double LinearToDb(double linear) {
  return linear > 0.0 ? GainToDb(linear) : -std::numeric_limits<double>::infinity();
}

RenderReport WritingPass(mix::Track& track, io::AudioSink& sink, const RenderOptions& options,
                         double normalization_gain_db, int passes, MixCache* replay_mix = nullptr) {
  Prepare(track, normalization_gain_db, true, options.threads, replay_mix);
  Pass pass;
  pass.sink = &sink;
  pass.measure_true_peak = true;
  pass.replay_mix = replay_mix;
  pass.progress_offset = (passes - 1) * track.total_frames;
  pass.progress_total = passes * track.total_frames;
  const PassResult result = RunPass(track, pass, options);
  RenderReport report;
  report.integrated_lufs = result.integrated_lufs;
  report.true_peak_dbtp = LinearToDb(result.true_peak);
  report.normalization_gain_db = normalization_gain_db;
  report.passes = passes;
  report.layer_passes = replay_mix != nullptr ? 1 : passes;
  report.limiter_gain_db = GainToDb(result.limiter_min_gain);
  return report;
}

}  // namespace

RenderReport RenderTrack(mix::Track& track, io::AudioSink& sink, const RenderOptions& options) {
  if (track.master.settings().loudness_lufs) {
    throw std::invalid_argument("a loudness target needs a track builder: the track renders twice");
  }
  ScopedFlushDenormals flush_denormals;
  return WritingPass(track, sink, options, 0.0, 1);
}

RenderReport RenderTrack(const TrackBuilder& build, io::AudioSink& sink, const RenderOptions& options) {
  ScopedFlushDenormals flush_denormals;
  mix::Track track = build();
  const std::optional<double> target = track.master.settings().loudness_lufs;
  if (!target) return WritingPass(track, sink, options, 0.0, 1);

  // Pass 1 measures the loudness with the limiter off, so it scales exactly with the gain.
  // It keeps the mix of a track short enough for the later passes (mix_cache.hpp).
  int passes = 2;
  MixCache mix;
  const bool keeping = MixCache::Fits(track.total_frames, options.mix_cache_bytes) && mix.Open();
  Prepare(track, 0.0, false, options.threads);
  Pass measuring;
  measuring.progress_total = passes * track.total_frames;
  measuring.record_mix = keeping ? &mix : nullptr;
  const PassResult first = RunPass(track, measuring, options);
  mix.Rewind();
  MixCache* const kept = keeping && mix.usable() ? &mix : nullptr;
  if (!std::isfinite(first.integrated_lufs)) {
    // Nothing above the -70 LUFS gate: no gain could reach the target; leave the level.
    mix::Track again = build();
    RenderReport report = WritingPass(again, sink, options, 0.0, passes, kept);
    report.target_lufs = target;
    report.measured_lufs = first.integrated_lufs;
    report.silent = true;
    return report;
  }
  double gain_db = *target - first.integrated_lufs;

  // If the limiter will act at that gain, it takes some loudness off with the peaks:
  // measure with it working and correct the gain until the loudness is within
  // kLoudnessTolerance. Loudness against gain is smooth, rising and concave: a slope of 1
  // up to the gain at which the largest peak meets the threshold (known from the first
  // pass: below it the loudness is the first pass's plus the gain), falling towards 0 as
  // the limiter squashes harder. Each step follows the secant through the last two known
  // points (the first from that onset point), assuming a little less slope ahead while
  // both lie short of the target. Where the slope has fallen below kMinSlope the ceiling
  // allows little more loudness (more gain would only raise what lies between the
  // peaks), so the search stops short of the target. The writing pass uses the measured
  // gain that came closest: it renders the same samples, so it lands exactly there.
  const double threshold = track.master.limiter().threshold();
  if (first.max_limiter_input * DbToGain(gain_db) > threshold) {
    double previous_gain_db = GainToDb(threshold / first.max_limiter_input);
    double previous_lufs = first.integrated_lufs + previous_gain_db;
    double best_gain_db = gain_db;
    double best_error = std::numeric_limits<double>::infinity();
    for (int correction = 0; correction < kMaxCorrectionPasses; ++correction) {
      ++passes;
      mix::Track limited = build();
      Prepare(limited, gain_db, true, options.threads, kept);
      Pass correcting;
      correcting.replay_mix = kept;
      correcting.progress_offset = (passes - 2) * limited.total_frames;
      correcting.progress_total = passes * limited.total_frames;
      const double lufs = RunPass(limited, correcting, options).integrated_lufs;
      const double error = *target - lufs;
      if (!std::isfinite(lufs)) break;
      if (std::fabs(error) < best_error) {
        best_error = std::fabs(error);
        best_gain_db = gain_db;
      }
      if (std::fabs(error) <= kLoudnessTolerance || correction + 1 == kMaxCorrectionPasses) break;
      double slope = 1.0;
      if (gain_db != previous_gain_db) slope = (lufs - previous_lufs) / (gain_db - previous_gain_db);
      if (slope < kMinSlope && error > 0.0) break;
      // Both points short of the target: the curve bends down, so the slope ahead is
      // below the secant's; assume less and step further. Straddling it: interpolate.
      const bool straddling = (*target - previous_lufs) * error < 0.0;
      if (!straddling) slope *= kSlopeAhead;
      slope = std::clamp(slope, kMinSlope, 1.0);
      previous_gain_db = gain_db;
      previous_lufs = lufs;
      gain_db += error / slope;
    }
    gain_db = best_gain_db;
  }

  mix::Track writing = build();
  RenderReport report = WritingPass(writing, sink, options, gain_db, passes, kept);
  report.target_lufs = target;
  report.measured_lufs = first.integrated_lufs;
  return report;
}

}  // namespace tingle::render
