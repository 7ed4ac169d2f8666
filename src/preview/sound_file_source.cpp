#include "preview/sound_file_source.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/units.hpp"
#include "preview/preview_errors.hpp"
#include "render/output_meter.hpp"

namespace tingle::preview {
namespace {

// Frames decoded per call into libsndfile.
constexpr int kChunkFrames = 4096;

}  // namespace

SoundFileSource::SoundFileSource(io::SoundReader& reader, bool measure, const std::atomic<bool>* interrupt)
    : reader_(reader),
      interrupt_(interrupt),
      interleaved_(static_cast<std::size_t>(kChunkFrames) * static_cast<std::size_t>(reader.channels())) {
  if (measure) meter_ = std::make_unique<render::OutputMeter>(reader.sample_rate(), true);
}

SoundFileSource::~SoundFileSource() = default;

void SoundFileSource::CheckInterrupt() const {
  if (interrupt_ != nullptr && interrupt_->load(std::memory_order_relaxed)) throw PreviewInterrupted();
}

int SoundFileSource::Decode(float* mono, int frames) {
  CheckInterrupt();
  const int channels = reader_.channels();
  const auto got = static_cast<int>(reader_.Read(interleaved_.data(), std::min(frames, kChunkFrames)));
  const float* frame = interleaved_.data();
  for (int i = 0; i < got; ++i, frame += channels) {
    if (mono != nullptr) {
      float sum = 0.0f;
      for (int c = 0; c < channels; ++c) sum += frame[c];
      mono[i] = sum / static_cast<float>(channels);
    }
    if (meter_) {
      left_[static_cast<std::size_t>(block_frames_)] = frame[0];
      right_[static_cast<std::size_t>(block_frames_)] = channels > 1 ? frame[1] : 0.0f;
      if (++block_frames_ == kBlockFrames) {
        meter_->Add(left_.data(), right_.data(), kBlockFrames);
        block_frames_ = 0;
      }
    }
  }
  position_ += got;
  return got;
}

int SoundFileSource::Read(float* out, int frames) {
  int done = 0;
  while (done < frames) {
    const int got = Decode(out + done, frames - done);
    if (got == 0) break;
    done += got;
  }
  return done;
}

void SoundFileSource::Skip(std::int64_t frames) {
  CheckInterrupt();
  if (!meter_) {
    reader_.Skip(frames);
    position_ = std::min(position_ + frames, reader_.frames());
    return;
  }
  // The meters must hear every frame.
  for (std::int64_t left = frames; left > 0;) {
    const int got = Decode(nullptr, static_cast<int>(std::min<std::int64_t>(left, kChunkFrames)));
    if (got == 0) break;
    left -= got;
  }
}

Levels SoundFileSource::FinishMeasuring() {
  Skip(reader_.frames() - position_);
  if (block_frames_ > 0) meter_->Add(left_.data(), right_.data(), block_frames_);
  const render::OutputMeter::Result result = meter_->Finish();
  meter_.reset();
  const double silence = -std::numeric_limits<double>::infinity();
  return {result.integrated_lufs, result.true_peak > 0.0 ? GainToDb(result.true_peak) : silence};
}

}  // namespace tingle::preview
