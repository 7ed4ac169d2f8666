// The paired pole-zero scan: the same bits as two single scans, in both builds.
#include <doctest/doctest.h>

#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "dsp/cpu_features.hpp"
#include "dsp/first_order_scan.hpp"
#include "support/same_bits.hpp"

namespace tingle::dsp {
namespace {

using test::SameBits;

using PairScan = void (*)(const PoleZeroSignal&, const PoleZeroSignal&, int);

// 100 blocks of two noise signals through a pair scan, the state carried across blocks.
std::vector<float> RunPair(PairScan scan) {
  Pcg32 random(29);
  float a_input = 0.0f, a_output = 0.0f, b_input = 0.0f, b_output = 0.0f;
  std::vector<float> out;
  for (int block = 0; block < 100; ++block) {
    float a[kBlockFrames], b[kBlockFrames];
    for (int i = 0; i < kBlockFrames; ++i) {
      a[i] = random.SignedFloat();
      b[i] = 0.001f * random.SignedFloat();
    }
    scan({a, 1.7f, -0.9f, 0.93f, &a_input, &a_output}, {b, 0.4f, 0.3f, -0.2f, &b_input, &b_output},
         kBlockFrames);
    out.insert(out.end(), a, a + kBlockFrames);
    out.insert(out.end(), b, b + kBlockFrames);
    out.insert(out.end(), {a_input, a_output, b_input, b_output});
  }
  return out;
}

// Two single scans over the same input.
void TwoScans(const PoleZeroSignal& a, const PoleZeroSignal& b, int size) {
  PoleZeroScan(a.io, size, a.b0, a.b1, a.pole, *a.input_state, *a.output_state);
  PoleZeroScan(b.io, size, b.b0, b.b1, b.pole, *b.input_state, *b.output_state);
}

}  // namespace

TEST_SUITE("dsp") {
  TEST_CASE("PoleZeroScanPair: both builds give the bits of two single scans") {
    const std::vector<float> expected = RunPair(TwoScans);
    CHECK(SameBits(RunPair(PoleZeroScanPairPortable), expected));
    CHECK(SameBits(RunPair(PoleZeroScanPair), expected));
    if (CpuHasAvx2()) CHECK(SameBits(RunPair(PoleZeroScanPairAvx2), expected));
  }
}

}  // namespace tingle::dsp
