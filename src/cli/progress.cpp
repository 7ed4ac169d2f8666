#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/duration.hpp"

namespace tingle::cli {
namespace {

// Redraw at most this often: a terminal write per chunk would cost more than the audio.
constexpr auto kRedrawInterval = std::chrono::milliseconds(200);

}  // namespace

Progress::Progress(bool enabled, double sample_rate)
    : shown_(enabled && isatty(STDERR_FILENO) == 1),
      sample_rate_(sample_rate),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\r\033[K", stderr);  // leave the line clean for what follows
}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::Update(std::int64_t frames_done, std::int64_t total_frames) {
  if (!shown_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval && frames_done < total_frames) return;
  last_draw_ = now;
  const double elapsed = elapsed_seconds();
  const double audio_seconds = static_cast<double>(frames_done) / sample_rate_;
  const double speed = elapsed > 0.0 ? audio_seconds / elapsed : 0.0;
  const double fraction = static_cast<double>(frames_done) / static_cast<double>(total_frames);
  const double left = speed > 0.0 ? (static_cast<double>(total_frames - frames_done) / sample_rate_) / speed : 0.0;
  std::fprintf(stderr, "\r\033[K%5.1f%%  %6.0fx real time  %s left", 100.0 * fraction, speed,
               FormatDuration(left).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace tingle::cli
