// A sound file as a spectrogram's mono source (the mean of its channels), metering its
// integrated loudness and true peak on the way when asked to.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/block.hpp"
#include "io/sound_reader.hpp"
#include "preview/mono_source.hpp"

namespace tingle::render {
class OutputMeter;
}

namespace tingle::preview {

struct Levels {
  double integrated_lufs = 0.0;  // LUFS; -infinity for silence
  double true_peak_dbtp = 0.0;   // dBTP (4x oversampled); -infinity for silence
};

class SoundFileSource : public MonoSource {
 public:
  // measure: every frame is decoded (Skip reads through) and metered, as `tingle render`
  // meters what it writes. The meters take the first two channels; a mono file is
  // measured as one channel (BS.1770 gives it the weight of one, not of two).
  // `interrupt` (may be null): checked every chunk; when set, PreviewInterrupted is thrown.
  SoundFileSource(io::SoundReader& reader, bool measure, const std::atomic<bool>* interrupt);
  ~SoundFileSource() override;

  double sample_rate() const override { return reader_.sample_rate(); }
  std::int64_t frames() const override { return reader_.frames(); }
  int Read(float* out, int frames) override;
  void Skip(std::int64_t frames) override;

  // Reads the rest of the file into the meters and returns what they measured. Only
  // with measure = true, once.
  Levels FinishMeasuring();

 private:
  // Decodes up to `frames` frames; writes their mono mix to `mono` unless it is null.
  int Decode(float* mono, int frames);
  void CheckInterrupt() const;

  io::SoundReader& reader_;
  const std::atomic<bool>* interrupt_;
  std::vector<float> interleaved_;
  std::unique_ptr<render::OutputMeter> meter_;
  std::array<float, kBlockFrames> left_{};  // the block being gathered for the meter
  std::array<float, kBlockFrames> right_{};
  int block_frames_ = 0;
  std::int64_t position_ = 0;
};

}  // namespace tingle::preview
