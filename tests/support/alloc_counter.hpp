// Counts heap allocations made on this thread while an AllocCounter is alive.
//
// Read count() into a local and let the counter die before INFO or CHECK: doctest's
// message capture allocates, and would be counted.
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
