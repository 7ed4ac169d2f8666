// Test runner: doctest with denormals flushed, as on every render thread.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "core/denormals.hpp"

int main(int argc, char** argv) {
  tingle::ScopedFlushDenormals flush_denormals;
  doctest::Context context(argc, argv);
  return context.run();
}
