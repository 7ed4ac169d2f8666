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

// Every form of new and delete that the library could pair is replaced, so memory from
// one is never released by another's counterpart (AddressSanitizer reports a mismatch when
// std::stable_sort's nothrow buffer goes back through the plain delete).
void* operator new(std::size_t size) { return CountedAllocate(size); }
void* operator new[](std::size_t size) { return CountedAllocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_active_counters > 0) ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }

namespace tingle::test {

AllocCounter::AllocCounter() : start_(g_allocations) { ++g_active_counters; }
AllocCounter::~AllocCounter() { --g_active_counters; }
std::int64_t AllocCounter::count() const { return g_allocations - start_; }

}  // namespace tingle::test
