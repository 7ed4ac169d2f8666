// The fixed internal block on which all control happens, and its context.
#pragma once

#include <cstdint>

namespace tingle {

// Every texture, layer and master stage advances in blocks of this many frames,
// whatever chunk size the caller writes with. Control values are taken once per
// block, so behaviour never depends on I/O chunking (DESIGN §9).
inline constexpr int kBlockFrames = 64;

struct BlockContext {
  std::int64_t first_frame;  // absolute position of the block's first frame
};

}  // namespace tingle
