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

  // Blocks are appended to the chunk; each full chunk is written and what overflowed (less
  // than a block) moves to the front, so every write but the last is exactly chunk_frames.
  const int chunk_frames = std::max(1, options.chunk_frames);
  std::vector<float> chunk(static_cast<std::size_t>(chunk_frames + kBlockFrames) * 2);
  std::array<float, kBlockFrames> left{};
  std::array<float, kBlockFrames> right{};
  const StereoView block_view{left.data(), right.data(), kBlockFrames};

  std::int64_t frame = 0;
  int chunk_filled = 0;  // frames in `chunk`
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
    const bool last = frame == track.total_frames;
    while (chunk_filled >= chunk_frames || (last && chunk_filled > 0)) {
      const int frames_out = std::min(chunk_filled, chunk_frames);
      sink.Write(chunk.data(), frames_out);
      std::copy(chunk.begin() + 2 * frames_out, chunk.begin() + 2 * chunk_filled, chunk.begin());
      chunk_filled -= frames_out;
      if (options.progress) options.progress(frame, track.total_frames);
      if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
        throw Interrupted();
      }
    }
  }
}

}  // namespace tingle::render
