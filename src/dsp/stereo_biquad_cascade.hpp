// Four second-order sections in series on a stereo pair: the master's DC blocker and band
// limiter, in place, on as many frames a call as the caller has (at least kMinFrames).
//
// Run frame by frame, each section's recursion waits on its own previous output, so four
// sections cost four such chains a frame however little else they do. But section k at
// frame n needs only section k - 1's output at frame n: so the builds run the cascade as a
// skewed pipeline, one step a frame, section k of both channels working on frame n - 2k
// in lane k (left) and 4 + k (right). Each step passes the sections' outputs of two steps
// before one lane up, takes the next input frame into lane 0 and gives the last section's
// output six frames late; the first and last six steps of a call leave the sections that
// have no frame yet (or none left) as they are, so a call still reads and writes its own
// frames (and takes twelve steps more than it has frames). Two steps between a section's
// input and the one before it, not one, keep the input off the recursion's chain: a step
// waits only on the sections' own last outputs, through one multiply and one subtract
// (direct form I, below), about 6 cycles instead of the 9 a transposed form needs. Every
// lane runs the same operations as a section run alone, so the bits are the same in every
// build.
#pragma once

#include <array>

namespace tingle::dsp {

// One second-order section in direct form I (a0 = 1), x1, x2, y1, y2 the last two inputs
// and outputs:
//   y = (b0 x + ((b1 x1 + b2 x2) - a2 y2)) - a1 y1.
// The parentheses are part of it: y waits on y1 through one multiply and one subtract, and
// a constant x with b1 = -b0, b2 = 0 (the DC blocker) adds exactly 0.
struct BiquadSection {
  float b0 = 1.0f, b1 = 0.0f, b2 = 0.0f, a1 = 0.0f, a2 = 0.0f;  // default: passes x as is
};

// The output of a section for the input x, on whatever type x is (a float, or a vector of
// lanes); the histories move on separately.
#define TINGLE_BIQUAD_OUTPUT(b0, b1, b2, a1, a2, x1, x2, y1, y2, x) \
  (((b0) * (x) + (((b1) * (x1) + (b2) * (x2)) - (a2) * (y2))) - (a1) * (y1))

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
    alignas(32) float x1[kLanes];  // the last two inputs and outputs
    alignas(32) float x2[kLanes];
    alignas(32) float y1[kLanes];
    alignas(32) float y2[kLanes];
  };

  // Sections in the order the signal meets them; clears the state.
  void Init(const std::array<BiquadSection, kSections>& sections) noexcept;
  void Reset() noexcept;
  // The fewest frames a call takes, the pipeline's lag: its fill and drain must not overlap.
  static constexpr int kMinFrames = 2 * (kSections - 1);
  // `frames` (>= kMinFrames) frames of each channel, in place. Allocates nothing.
  void Process(float* left, float* right, int frames) noexcept;
  // For the test that runs each build on them.
  Lanes& lanes() noexcept { return lanes_; }

 private:
  Lanes lanes_{};
};

// The two builds, for the test that compares them: the portable one runs the pipeline of a
// channel in 128-bit lanes, one channel after the other; the AVX2 one both in one register.
void BiquadCascadePortable(StereoBiquadCascade::Lanes& lanes, float* left, float* right, int frames) noexcept;
void BiquadCascadeAvx2(StereoBiquadCascade::Lanes& lanes, float* left, float* right, int frames) noexcept;

}  // namespace tingle::dsp
