// libFuzzer target: recipe text -> parse and validate -> build -> a very short render.
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DTINGLE_FUZZ=ON
//   cmake --build build-fuzz --target tingle_fuzz_recipe
//   build-fuzz/tests/tingle_fuzz_recipe -max_total_time=120 CORPUS tests/fuzz/seeds
//
// Any exception other than the documented RecipeError, any sanitizer report, crash,
// hang or huge allocation is a finding; each becomes an input under tests/data/fuzz/,
// which tests/recipe/test_fuzz_regressions.cpp replays (see run_recipe_input.hpp).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/run_recipe_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tingle::test::RunRecipeInput(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
