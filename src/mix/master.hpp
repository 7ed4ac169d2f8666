// The master chain (DESIGN §2): DC blocker -> band limiter -> level (gain automation and
// loudness normalisation) -> true-peak limiter -> fades. Dither follows last, in the sink.
//
// The band limiter (a low-pass at 0.448 fs, 21.5 kHz at 48 kHz) is not in DESIGN §2: it
// removes the inaudible top of the band, where inter-sample peaks are ill-defined, so the
// ceiling holds whichever meter reads it (see dsp/band_limiter.hpp).
//
// Fades come after the limiter: they only ever lower the level, so the ceiling still
// holds, and a fade-in never makes the limiter release into the start of the track.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/block.hpp"
#include "core/control.hpp"
#include "core/stereo_view.hpp"
#include "dsp/stereo_biquad_cascade.hpp"
#include "mix/true_peak_limiter.hpp"

namespace tingle::mix {

struct MasterSettings {
  Control gain_db = Control::Constant(0.0);
  double fade_in_seconds = 0.0;
  double fade_out_seconds = 0.0;
  // Integrated loudness target (LUFS); empty: the level is left alone.
  std::optional<double> loudness_lufs;
  // True-peak ceiling (dBTP) the limiter guarantees.
  double true_peak_dbtp = -1.0;
};

class Master {
 public:
  // Corner of the DC blocker: a decade below the 20-30 Hz that the lowest beds keep
  // (-0.1 dB at 20 Hz), and any offset settles within a second (time constant 53 ms).
  static constexpr double kDcBlockerHz = 3.0;

  // The filters ahead of the level: the DC blocker, then the band limiter's sections.
  static std::array<dsp::BiquadSection, dsp::StereoBiquadCascade::kSections> FilterSections(double sample_rate);

  // Blocks a Process call is best given: the filters' pipeline fills and drains once a
  // call (twelve steps), and 16 blocks, 8 KB of the two channels, stay in the level-1
  // cache through the whole chain.
  static constexpr int kSpanBlocks = 16;

  explicit Master(const MasterSettings& settings) : settings_(settings) {}

  // The loudness normalisation gain in dB (0 until set). Set before Prepare.
  void set_normalization_gain_db(double gain_db) { normalization_gain_db_ = gain_db; }
  // false: the limiter leaves the level alone (the loudness-measuring pass). Default true.
  void set_limiting(bool limiting) { limiting_ = limiting; }

  void Prepare(double sample_rate, std::int64_t total_frames);

  // Processes a whole number of kBlockFrames blocks in place (io.frames frames): reads the
  // mix's frames [n, n + io.frames) (n = block.first_frame) and writes the track's output
  // frames [n - latency_frames(), ...), a whole number of blocks back (the limiter's
  // look-ahead). The filters run over all the frames at once, the rest block by block:
  // the result is the same however the blocks are grouped into calls, and the filters'
  // pipeline costs less a frame the more frames a call has. Allocates nothing.
  void Process(const BlockContext& block, StereoView io) noexcept;

  int latency_frames() const { return limiter_.latency_frames(); }
  const MasterSettings& settings() const { return settings_; }
  const TruePeakLimiter& limiter() const { return limiter_; }

 private:
  // Process's work, built for the baseline and for AVX2 (dsp::CallWidestBuild).
  void ProcessBody(const BlockContext& block, StereoView io) noexcept;
  // Level, limiter and fades on one filtered block.
  void ProcessBlock(std::int64_t first_frame, float* left, float* right) noexcept;

  MasterSettings settings_;
  double normalization_gain_db_ = 0.0;
  bool limiting_ = true;
  double sample_rate_ = 48000.0;
  std::int64_t total_frames_ = 0;
  std::int64_t fade_in_frames_ = 0;
  std::int64_t fade_out_frames_ = 0;
  float previous_level_ = -1.0f;
  dsp::StereoBiquadCascade filters_;  // FilterSections
  TruePeakLimiter limiter_;
};

}  // namespace tingle::mix
