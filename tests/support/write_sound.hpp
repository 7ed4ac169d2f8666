// Writes a sound file for the tests (sample-file loading, granular sources) by libsndfile.
#pragma once

#include <doctest/doctest.h>
#include <sndfile.h>

#include <string>
#include <vector>

namespace tingle::test {

// Interleaved float samples, as a 32-bit float WAV or another libsndfile format.
inline void WriteSound(const std::string& path, int sample_rate, int channels,
                       const std::vector<float>& samples, int format = SF_FORMAT_WAV | SF_FORMAT_FLOAT) {
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  REQUIRE(file != nullptr);
  sf_writef_float(file, samples.data(), static_cast<sf_count_t>(samples.size()) / channels);
  sf_close(file);
}

}  // namespace tingle::test
