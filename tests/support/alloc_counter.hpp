// Counts heap allocations made on this thread while an AllocCounter is alive.
#pragma once

#include <cstdint>

namespace tingle::test {

class AllocCounter {
 public:
  AllocCounter();
  ~AllocCounter();
  AllocCounter(const AllocCounter&) = delete;
  AllocCounter& operator=(const AllocCounter&) = delete;

  std::int64_t count() const;

 private:
  std::int64_t start_;
};

}  // namespace tingle::test
