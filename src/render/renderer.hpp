// The streaming render loop: fixed blocks -> mixer -> master (a span of blocks a call) ->
// interleaved chunks -> sink, with loudness normalisation by a measuring pass before the
// writing pass.
//
// Memory is one block per layer plus one I/O chunk, whatever the duration: an 8-hour
// render holds no more than a 1-minute one. Normalising to master.loudness does not change
// that: renders are deterministic (DESIGN §9), so instead of keeping the audio, the track
// is built afresh and rendered again, the first time into a loudness meter only. Only a
// short track's mix, up to RenderOptions::mix_cache_bytes, is kept from the first pass
// (in a temporary file, not in memory), so its later passes run the master chain alone
// (mix_cache.hpp).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>

#include "core/cycle_clock.hpp"
#include "io/sink.hpp"
#include "mix/track.hpp"

namespace tingle::render {

inline constexpr int kDefaultChunkFrames = 4096;
inline constexpr std::size_t kDefaultMixCacheBytes = std::size_t{64} << 20;

// Where a render's time went, summed over its passes: the master chain's cost measured
// directly, not as the difference of two noisy renders (for tests/bench).
struct RenderTimes {
  // Ticks of CycleClockTicks, for the caller to convert, each call also holding about one
  // clock read. The render thread's time in the master chain: mix::Master, and handing
  // each block to the output meters (waiting for them, if they fall a ring behind), a
  // call a span of mix::Master::kSpanBlocks blocks and one for the wait at the end of
  // each pass.
  TickTime master;
  // CPU time of the output meters' thread, seconds.
  double meter_cpu_seconds = 0.0;
  // The spatializers' time, every placed layer in every pass, a call a layer's block.
  TickTime placing;
};

struct RenderOptions {
  // Frames handed to the sink per Write. Changes only I/O granularity, never the audio.
  int chunk_frames = kDefaultChunkFrames;
  // Called after each chunk with the frames done and the total, counted over every pass
  // (a measuring pass counts as much as the writing one). A measuring pass that finds the
  // limiter would lower the loudness adds a pass, and the total grows.
  std::function<void(std::int64_t, std::int64_t)> progress;
  // Polled after each chunk; when set, rendering stops with Interrupted.
  const std::atomic<bool>* stop = nullptr;
  // Layers rendering at once (mix::Mixer). Changes only the speed, never the audio.
  int threads = 1;
  // When set, RenderTimes are added to it: two CycleClockTicks reads a placed layer's
  // block (about 0.4 ns a frame) and two a master span (16 times less a frame).
  RenderTimes* times = nullptr;
  // Largest layers' mix a normalised render keeps from its first pass for the later ones,
  // in a temporary file (two floats a frame): the default holds 2.9 minutes at 48 kHz.
  // 0 renders the layers in every pass. Changes only the speed, never the audio.
  std::size_t mix_cache_bytes = kDefaultMixCacheBytes;
};

// What was written, measured on the floats handed to the sink (before dither).
struct RenderReport {
  // Integrated loudness (mix::LoudnessMeter, BS.1770-4 gating), LUFS; -infinity for silence.
  double integrated_lufs = 0.0;
  // True peak (4x oversampled, dsp::PeakOversampler), dBTP; -infinity for silence.
  double true_peak_dbtp = 0.0;
  // The master's loudness target, LUFS, if it has one.
  std::optional<double> target_lufs;
  // The loudness normalisation gain applied, dB (0 without a target).
  double normalization_gain_db = 0.0;
  // Loudness measured before normalisation (the first pass), LUFS; only with a target.
  double measured_lufs = 0.0;
  // Renders of the whole track, the writing one included: 1 without a loudness target,
  // 2 with one, up to 6 when the limiter takes loudness off and the gain is corrected.
  int passes = 1;
  // Of those, the passes that rendered the layers: 1 where the mix was kept from the
  // first pass (RenderOptions::mix_cache_bytes), else all of them.
  int layer_passes = 1;
  // A loudness target was set but the track is silent: the level was left alone.
  bool silent = false;
  // The deepest gain reduction of the limiter, dB (0 when it never acted).
  double limiter_gain_db = 0.0;
};

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

// Builds a fresh, unprepared track: each call must give the same track (same recipe).
using TrackBuilder = std::function<mix::Track()>;

// Renders the track into the sink (does not Commit), normalised to its master loudness
// target if it has one: one pass, or measuring passes and the writing pass, each on a
// freshly built track. Where the true-peak ceiling leaves no room for the target (the
// limiter would have to squash ever harder), the loudness stays short of it.
RenderReport RenderTrack(const TrackBuilder& build, io::AudioSink& sink, const RenderOptions& options);

// Prepares the track and renders it once. Throws std::invalid_argument if its master has
// a loudness target (that needs a TrackBuilder).
RenderReport RenderTrack(mix::Track& track, io::AudioSink& sink, const RenderOptions& options);

}  // namespace tingle::render
