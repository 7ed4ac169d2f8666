// Bit-for-bit equality of two signals, for the kernels whose builds must agree exactly
// (== would call -0 and +0 equal and every NaN unequal).
#pragma once

#include <cstring>
#include <vector>

namespace tingle::test {

inline bool SameBits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace tingle::test
