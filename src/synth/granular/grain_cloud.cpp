#include "synth/granular/grain_cloud.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/units.hpp"
#include "synth/granular/noise_source.hpp"
#include "synth/granular/source_loop.hpp"

namespace tingle::synth {
namespace {

constexpr std::string_view kNoisePrefix = "noise:";
constexpr std::string_view kNoiseNames[] = {"white", "pink", "brown"};

// Transposition limit of one grain, pitch and jitter together: three octaves, the top
// octave level (SourceLevels::kLevels).
constexpr double kMaxShiftSemitones = 12.0 * (SourceLevels::kLevels - 1);
// Longest splice of a sound file's end into its start (source_loop.hpp), s.
constexpr double kLoopFadeSeconds = 0.05;

// Grain draws (GrainStart::Unit); 0 is the clock's.
enum Draw : std::uint64_t { kJitterDraw = 1, kPitchDraw, kReverseDraw, kPanDraw };

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// The channels' mean.
std::vector<float> FoldToMono(const SoundClip& clip) {
  const std::size_t frames = clip.frames();
  const auto channels = static_cast<std::size_t>(clip.channels);
  std::vector<float> mono(frames);
  const float scale = 1.0f / static_cast<float>(channels);
  for (std::size_t i = 0; i < frames; ++i) {
    float sum = 0.0f;
    for (std::size_t c = 0; c < channels; ++c) sum += clip.samples[i * channels + c];
    mono[i] = sum * scale;
  }
  return mono;
}

}  // namespace

GrainCloud::GrainCloud(const GranularSettings& settings, const BuildContext& context)
    : settings_(settings) {
  const std::string& source = settings_.source;
  if (source.rfind(kNoisePrefix, 0) == 0) {
    const std::string_view color = std::string_view(source).substr(kNoisePrefix.size());
    const auto found = std::find(std::begin(kNoiseNames), std::end(kNoiseNames), color);
    if (found == std::end(kNoiseNames)) {
      throw ParamError("source", "source " + Quoted(source) +
                                     " is not a built-in noise (noise:white, noise:pink or "
                                     "noise:brown)");
    }
    noise_color_ = static_cast<NoiseColor>(found - std::begin(kNoiseNames));
    return;
  }
  if (source.empty()) {
    throw ParamError("source",
                     "source is empty: name a sound file or noise:white, noise:pink "
                     "or noise:brown");
  }
  if (!context.load_sound) {
    throw ParamError("source", "source " + Quoted(source) + ": sound files cannot be loaded here");
  }
  clip_ = context.load_sound("source", source, kMaxSourceSeconds);
}

void GrainCloud::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  const std::uint64_t seed = StreamSeed(context.layer_seed, "granular");
  if (clip_) {
    std::vector<float> audio = FoldToMono(*clip_);
    if (clip_->sample_rate_hz != sample_rate_) {
      if (clip_->resample == nullptr)
        throw std::logic_error("granular: a clip without a resampler");
      audio = clip_->resample(audio, clip_->sample_rate_hz, sample_rate_);
    }
    clip_.reset();  // the levels hold all that is needed from here on
    const auto fade = static_cast<std::size_t>(kLoopFadeSeconds * sample_rate_);
    auto levels = std::make_shared<SourceLevels>();
    levels->Prepare(SourceLoop::Make(std::move(audio), fade));
    levels_ = std::move(levels);
  } else {
    levels_ = NoiseSource::Shared(noise_color_, sample_rate_);
  }
  window_.Prepare(static_cast<WindowShape>(settings_.window));
  clock_.Prepare(StreamSeed(seed, "clock"));
  scan_integral_.Prepare(&settings_.scan, sample_rate_);
  sync_phase_.Prepare(&settings_.density, sample_rate_);
  active_ = 0;
  started_ = dropped_ = 0;
  next_frame_ = 0;
}

void GrainCloud::StartGrain(const GrainStart& start, const BlockValues& values) noexcept {
  if (active_ == kMaxGrains) {
    ++dropped_;
    return;
  }
  ++started_;
  // Transposition, and the octave level that keeps the reading speed at most 1.
  const double semitones =
      std::clamp(values.pitch + values.pitch_jitter * (2.0 * start.Unit(kPitchDraw) - 1.0),
                 -kMaxShiftSemitones, kMaxShiftSemitones);
  const double ratio = std::exp2(semitones / 12.0);
  int level = 0;
  while (level < SourceLevels::kLevels - 1 && ratio > static_cast<double>(1 << level)) ++level;
  const SourceLevels::Level& source = levels_->level(level);
  const double level_scale = 1.0 / static_cast<double>(1 << level);
  const std::int64_t step =
      std::llround(ratio * level_scale * static_cast<double>(GrainVoice::kOne));

  // Where it reads, in level-0 frames: position, plus the scan so far, plus jitter; a
  // reversed grain starts at the far end of the same stretch.
  const auto length0 = static_cast<double>(levels_->level(0).length);
  double from = values.position * length0 + values.scanned_frames +
                values.scan * static_cast<double>(start.offset) +
                values.jitter * length0 * (start.Unit(kJitterDraw) - 0.5);
  const bool reversed = start.Unit(kReverseDraw) < values.reverse;
  if (reversed) from += static_cast<double>(values.grain_frames) * ratio;
  double at = std::fmod(from * level_scale, static_cast<double>(source.length));
  if (at < 0.0) at += static_cast<double>(source.length);

  GrainVoice& voice = voices_[static_cast<std::size_t>(active_++)];
  voice.source = source.samples;
  voice.length = source.length;
  voice.step = reversed ? -step : step;
  voice.position = step == GrainVoice::kOne
                       ? std::llround(at) * GrainVoice::kOne  // whole frames: read directly
                       : std::llround(at * static_cast<double>(GrainVoice::kOne));
  voice.Begin(values.grain_frames, start.offset,
              static_cast<WindowShape>(settings_.window) == WindowShape::kHann);
  // Constant-power placement across the field.
  const double pan = values.spread * (2.0 * start.Unit(kPanDraw) - 1.0);
  const double angle = 0.25 * kPi * (1.0 + pan);
  voice.left_gain = static_cast<float>(values.gain * std::cos(angle));
  voice.right_gain = static_cast<float>(values.gain * std::sin(angle));
}

void GrainCloud::RenderBlock(std::int64_t first_frame, float* left, float* right) noexcept {
  const std::int64_t block = first_frame / kBlockFrames;
  const double seconds = static_cast<double>(first_frame) / sample_rate_;
  const GranularSettings& s = settings_;
  BlockValues values;
  const double grain_seconds = s.grain_ms.At(seconds) * 1e-3;
  values.grain_frames = std::max(2, static_cast<int>(std::lround(grain_seconds * sample_rate_)));
  const double density = s.density.At(seconds);
  const double overlap = std::min(density * grain_seconds, static_cast<double>(kMaxGrains));
  values.gain = 1.0 / std::sqrt(std::max(1.0, overlap * window_.mean_square()));
  values.position = s.source_position.At(seconds);
  values.jitter = s.source_jitter.At(seconds);
  values.scan = s.scan.At(seconds);
  values.scanned_frames = scan_integral_.Over(block).start * sample_rate_;
  values.pitch = s.pitch.At(seconds);
  values.pitch_jitter = s.pitch_jitter.At(seconds);
  values.reverse = s.reverse.At(seconds);
  values.spread = s.spread.At(seconds);

  std::fill(left, left + kBlockFrames, 0.0f);
  std::fill(right, right + kBlockFrames, 0.0f);
  const auto start = [&](const GrainStart& grain) { StartGrain(grain, values); };
  if (s.sync != 0) {
    const BlockIntegral::Span phase = sync_phase_.Over(block);
    clock_.Synchronous(phase.start, phase.end, start);
  } else {
    clock_.Asynchronous(block, density * kBlockFrames / sample_rate_, start);
  }
  for (int v = 0; v < active_;) {
    if (voices_[static_cast<std::size_t>(v)].Render(window_, left, right)) {
      ++v;
    } else {
      voices_[static_cast<std::size_t>(v)] = voices_[static_cast<std::size_t>(--active_)];
    }
  }
}

void GrainCloud::Render(std::int64_t first_frame, float* left, float* right) noexcept {
  if (first_frame != next_frame_) {
    // A late start (or a jump): replay the grains that are still sounding, silently.
    const auto preroll =
        static_cast<std::int64_t>(std::ceil(kMaxGrainMs * 1e-3 * sample_rate_ / kBlockFrames)) *
        kBlockFrames;
    std::int64_t frame = std::max<std::int64_t>(first_frame - preroll, 0);
    frame -= frame % kBlockFrames;
    active_ = 0;
    float scratch_left[kBlockFrames], scratch_right[kBlockFrames];
    for (; frame < first_frame; frame += kBlockFrames) {
      RenderBlock(frame, scratch_left, scratch_right);
    }
  }
  RenderBlock(first_frame, left, right);
  next_frame_ = first_frame + kBlockFrames;
}

}  // namespace tingle::synth
