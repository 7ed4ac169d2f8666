#include "support/alloc_counter.hpp"

#include <cstdlib>
#include <new>

namespace {

thread_local std::int64_t g_allocations = 0;
thread_local int g_active_counters = 0;

void* CountedAllocate(std::size_t size) {
  if (g_active_counters > 0) ++g_allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) { return CountedAllocate(size); }
void* operator new[](std::size_t size) { return CountedAllocate(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }

namespace tingle::test {

AllocCounter::AllocCounter() : start_(g_allocations) { ++g_active_counters; }
AllocCounter::~AllocCounter() { --g_active_counters; }
std::int64_t AllocCounter::count() const { return g_allocations - start_; }

}  // namespace tingle::test
