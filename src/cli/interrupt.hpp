// SIGINT/SIGTERM become a flag the render loop polls, so files are cleaned up on the way out.
#pragma once

#include <atomic>

namespace tingle::cli {

// Installs the handlers and ignores SIGPIPE (a closed pipe then surfaces as a write error).
void InstallInterruptHandlers();

const std::atomic<bool>& InterruptRequested();

}  // namespace tingle::cli
