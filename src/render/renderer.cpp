#include "render/renderer.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "core/block.hpp"
#include "core/denormals.hpp"

namespace tingle::render {

void RenderTrack(mix::Track& track, io::AudioSink& sink, const RenderOptions& options) {
  ScopedFlushDenormals flush_denormals;
  track.mixer.Prepare(track.sample_rate, track.seed, track.total_frames);
  track.master.Prepare(track.sample_rate, track.total_frames);

  // A chunk holds whole blocks, so a block is never split between two writes.
  const int chunk_frames = std::max(1, options.chunk_frames);
  const int chunk_blocks = (chunk_frames + kBlockFrames - 1) / kBlockFrames;
  std::vector<float> chunk(static_cast<std::size_t>(chunk_blocks) * kBlockFrames * 2);
  std::array<float, kBlockFrames> left{};
  std::array<float, kBlockFrames> right{};
  const StereoView block_view{left.data(), right.data(), kBlockFrames};

  std::int64_t frame = 0;
  int chunk_filled = 0;  // frames in `chunk`
  auto flush = [&](int frames_to_write) {
    // Written in pieces of chunk_frames so the sink sees exactly that chunking.
    for (int offset = 0; offset < frames_to_write; offset += chunk_frames) {
      const int frames = std::min(chunk_frames, frames_to_write - offset);
      sink.Write(chunk.data() + static_cast<std::size_t>(offset) * 2, frames);
    }
  };
  while (frame < track.total_frames) {
    track.mixer.Render({frame}, block_view);
    track.master.Process({frame}, block_view);
    const int frames = static_cast<int>(std::min<std::int64_t>(kBlockFrames, track.total_frames - frame));
    float* out = chunk.data() + static_cast<std::size_t>(chunk_filled) * 2;
    for (int i = 0; i < frames; ++i) {
      out[2 * i] = left[i];
      out[2 * i + 1] = right[i];
    }
    chunk_filled += frames;
    frame += frames;
    if (chunk_filled >= chunk_frames || frame == track.total_frames) {
      flush(chunk_filled);
      chunk_filled = 0;
      if (options.progress) options.progress(frame, track.total_frames);
      if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
        throw Interrupted();
      }
    }
  }
}

}  // namespace tingle::render
