// A non-owning view of planar stereo samples.
#pragma once

namespace tingle {

struct StereoView {
  float* left;
  float* right;
  int frames;
};

}  // namespace tingle
