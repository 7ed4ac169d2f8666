#include "cli/interrupt.hpp"

#include <csignal>

namespace tingle::cli {
namespace {

std::atomic<bool> g_interrupt_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handlers need a lock-free flag");

extern "C" void OnInterrupt(int) { g_interrupt_requested.store(true, std::memory_order_relaxed); }

}  // namespace

void InstallInterruptHandlers() {
  struct sigaction action = {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  // Past `ulimit -f` a write then fails with EFBIG, reported and cleaned up like a full disk,
  // instead of the signal killing the process with its temporary file left behind.
  std::signal(SIGXFSZ, SIG_IGN);
}

const std::atomic<bool>& InterruptRequested() { return g_interrupt_requested; }

}  // namespace tingle::cli
