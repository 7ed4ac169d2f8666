// An AudioSink that keeps the interleaved floats it is given, and how they were chunked.
#pragma once

#include <vector>

#include "io/sink.hpp"

namespace tingle::test {

class MemorySink final : public io::AudioSink {
 public:
  void Write(const float* interleaved, int frames) override {
    samples.insert(samples.end(), interleaved, interleaved + 2 * frames);
    ++writes;
  }
  void Commit() override { committed = true; }

  std::vector<float> samples;
  int writes = 0;
  bool committed = false;
};

}  // namespace tingle::test
