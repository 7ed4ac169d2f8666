// Sums the layers of a track, in recipe order, on one or more threads.
//
// Layers render a batch of blocks at a time, one layer after another, not all layers
// block by block: going through every texture's code every 64 frames missed the level-1
// instruction cache some 150 times a block on five layers (their hot code is larger than
// the cache), 30 times in batches, and batches take 5 % fewer cycles.
//
// On one thread a layer adds its batch straight into the sum, which is the caller's own
// buffer when it asks for a whole batch. With more than one thread each layer is a stream
// of core/pipelined_streams.hpp: whichever thread is free renders the next batch of the
// layer furthest behind into a buffer of its own, up to two batches ahead of the one being
// read, and the caller, which sums the buffers in recipe order into the blocks it asks for
// and runs the master chain, renders batches too while it waits. A layer's output does not
// depend on the thread that renders it or on the batch size, and every sum runs in the
// same order as one block at a time, so the bytes are identical whatever the thread count
// (DESIGN §9).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/block.hpp"
#include "core/pipelined_streams.hpp"
#include "core/stereo_view.hpp"
#include "mix/layer.hpp"

namespace tingle::mix {

class Mixer {
 public:
  // Blocks per batch on one thread: 1024 frames, enough for each texture's code to stay
  // in the instruction cache, few enough for its output to stay in the data cache.
  static constexpr int kSoloBatchBlocks = 16;
  // Blocks per batch when layers render in parallel: 8192 frames, long enough that
  // handing batches between threads costs well under 1 % of the work (waking a thread
  // costs tens of microseconds on a virtual machine).
  static constexpr int kBatchBlocks = 128;

  explicit Mixer(std::vector<std::unique_ptr<Layer>> layers) : layers_(std::move(layers)) {}

  // Prepares every layer; its seed is StreamSeed(recipe seed, layer name). `threads`
  // layers render at once (1: all on the caller's thread). May throw.
  void Prepare(double sample_rate, std::uint64_t recipe_seed, std::int64_t total_frames,
               int threads = 1);

  // Overwrites `out` (a whole number of blocks) with the sum of the layers. Float addition
  // is not associative, so the order is fixed: the recipe's (DESIGN §9). Blocks must come
  // in order from frame 0.
  void Render(const BlockContext& block, StereoView out) noexcept;

  std::size_t layer_count() const { return layers_.size(); }

  // Layer::set_timing for every layer, and the sum of their placing times since Prepare.
  // Read it between renders: layers may be rendering ahead on another thread.
  void set_timing(bool on);
  TickTime placing_time() const;

 private:
  static constexpr int kBatchFrames = kBatchBlocks * kBlockFrames;

  // Makes the batch starting at first_frame the one read: rendered into the sum on one
  // thread, taken from the pipeline on several.
  void NextBatch(std::int64_t first_frame) noexcept;
  // One thread: clears `out` and every layer in turn adds its frames from first_frame.
  void AddLayers(std::int64_t first_frame, StereoView out) noexcept;
  // Several threads: one block of the layers' buffers, from `offset` in the batch, summed
  // in recipe order into left/right.
  void SumSlots(std::size_t offset, float* left, float* right) const noexcept;
  // PipelinedStreams::RenderPiece: batch `batch` of layer `layer`, kBatchFrames left then
  // kBatchFrames right.
  static void RenderLayerBatch(void* mixer, int layer, std::int64_t batch, float* out) noexcept;

  std::vector<std::unique_ptr<Layer>> layers_;
  int batch_frames_ = kSoloBatchBlocks * kBlockFrames;
  std::vector<float> sum_left_, sum_right_;  // one thread: the sum of the batch being read
  std::int64_t first_frame_ = 0;
  std::int64_t end_frame_ = 0;  // frames [first_frame_, end_frame_) are in the sum
  std::unique_ptr<PipelinedStreams> pipeline_;  // with more than one thread
};

}  // namespace tingle::mix
