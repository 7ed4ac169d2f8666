// Four second-order sections in series on a stereo pair: the master's DC blocker and band
// limiter, one block at a time, in place.
//
// Run frame by frame, each section's recursion waits on its own previous output (an add,
// a multiply and a subtract, about 9 cycles), so four sections cost four such chains a
// frame however little else they do. But section k at frame n needs only section k - 1's
// output at frame n: so the AVX2 build runs the cascade as a skewed pipeline, one step a
// frame, section k of both channels working on frame n - k in lane k (left) and 4 + k
// (right). Each step passes the sections' outputs one lane up, takes the next input frame
// into lane 0 and gives the last section's output three frames late; the first and last
// three steps of a block leave the sections that have no frame yet (or none left) as they
// are, so a block still reads and writes its own frames. Every lane runs the same
// operations as the portable build's section-by-section loop, so the bits are the same.
#pragma once

#include <array>

namespace tingle::dsp {

// One second-order section in transposed direct form II (a0 = 1):
//   y = b0 x + s1,  s1' = (b1 x + s2) - a1 y,  s2' = b2 x - a2 y.
// The parentheses are part of it: s1' waits on y through one multiply and one subtract.
struct BiquadSection {
  float b0 = 1.0f, b1 = 0.0f, b2 = 0.0f, a1 = 0.0f, a2 = 0.0f;  // default: passes x as is
};

// One step of a section on whatever type x is (a float, or a vector of lanes).
#define TINGLE_BIQUAD_STEP(b0, b1, b2, a1, a2, s1, s2, x, y) \
  do {                                                      \
    (y) = (b0) * (x) + (s1);                                \
    (s1) = ((b1) * (x) + (s2)) - (a1) * (y);                \
    (s2) = (b2) * (x) - (a2) * (y);                         \
  } while (false)

class StereoBiquadCascade {
 public:
  static constexpr int kSections = 4;
  static constexpr int kLanes = 2 * kSections;  // section k: lane k (left), kSections + k (right)

  // The coefficients and the state of every lane.
  struct Lanes {
    alignas(32) float b0[kLanes];
    alignas(32) float b1[kLanes];
    alignas(32) float b2[kLanes];
    alignas(32) float a1[kLanes];
    alignas(32) float a2[kLanes];
    alignas(32) float s1[kLanes];
    alignas(32) float s2[kLanes];
  };

  // Sections in the order the signal meets them; clears the state.
  void Init(const std::array<BiquadSection, kSections>& sections) noexcept;
  void Reset() noexcept;
  // One kBlockFrames block of each channel, in place. Allocates nothing.
  void Process(float* left, float* right) noexcept;
  // For the test that runs each build on them.
  Lanes& lanes() noexcept { return lanes_; }

 private:
  Lanes lanes_{};
};

// The two builds, for the test that compares them: the portable one runs each frame through
// the sections in turn, the AVX2 one is the skewed pipeline.
void BiquadCascadePortable(StereoBiquadCascade::Lanes& lanes, float* left, float* right) noexcept;
void BiquadCascadeAvx2(StereoBiquadCascade::Lanes& lanes, float* left, float* right) noexcept;

}  // namespace tingle::dsp
