// The streaming render loop: fixed blocks -> mixer -> master -> interleaved chunks -> sink.
//
// Memory is one block per layer plus one I/O chunk, whatever the duration: an 8-hour
// render holds no more than a 1-minute one.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>

#include "io/sink.hpp"
#include "mix/track.hpp"

namespace tingle::render {

inline constexpr int kDefaultChunkFrames = 4096;

struct RenderOptions {
  // Frames handed to the sink per Write. Changes only I/O granularity, never the audio.
  int chunk_frames = kDefaultChunkFrames;
  // Called after each chunk with frames done and the total.
  std::function<void(std::int64_t, std::int64_t)> progress;
  // Polled after each chunk; when set, rendering stops with Interrupted.
  const std::atomic<bool>* stop = nullptr;
};

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

// Prepares the track and renders all of it into the sink (does not Commit).
void RenderTrack(mix::Track& track, io::AudioSink& sink, const RenderOptions& options);

}  // namespace tingle::render
