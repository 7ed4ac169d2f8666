#include "synth/noise/noise.hpp"

#include <algorithm>
#include <cmath>

#include "core/diagnostics.hpp"
#include "dsp/cpu_features.hpp"

namespace tingle::synth {
namespace {

constexpr Choice kColors[] = {
    {"white", "equal energy per hertz: bright hiss"},
    {"pink", "equal energy per octave (-3 dB/oct): the balanced, rain-like bed"},
    {"brown", "-6 dB/oct: deep rumble, like distant surf or a fan"},
};

const ParamSpec<NoiseSettings> kTable[] = {
    ChoiceParam<NoiseSettings>("color", kColors, 1, "spectral colour of the noise",
                               &NoiseSettings::color),
    // No "off": below 10 Hz a bed holds only inaudible rumble that eats headroom and
    // wanders away from zero (brown noise most of all).
    NumberParam<NoiseSettings>("low_cut", "Hz", 10.0, 20000.0, 20.0,
                               "12 dB/oct high-pass corner",
                               &NoiseSettings::low_cut_hz),
    NumberParam<NoiseSettings>("high_cut", "Hz", 20.0, 24000.0, 24000.0,
                               "12 dB/oct low-pass corner; at or above half the sample rate "
                               "it is off",
                               &NoiseSettings::high_cut_hz),
};

// RMS of each channel, measured through a 20 Hz low cut (the default): -20 dBFS leaves
// headroom for layering, and switching colour keeps the bed at the same level.
constexpr double kBedRms = 0.1;
constexpr double kLevelReferenceCutHz = 20.0;
// Variance of a uniform draw in [-1, 1).
constexpr double kUniformVariance = 1.0 / 3.0;
// Impulse-response length for measuring a colour filter's power gain; the slowest pole
// (5 Hz) has decayed by > 200 dB after this long.
constexpr double kGainMeasureSeconds = 8.0;

// Energy of the impulse response of a colour filter followed by the reference low cut.
template <class Filter>
double PowerGain(Filter filter, double sample_rate) {
  filter.Reset();
  dsp::StereoSvf reference_cut;
  reference_cut.set_f_q(kLevelReferenceCutHz / sample_rate, dsp::kButterworthQ);
  const auto blocks = static_cast<int>(kGainMeasureSeconds * sample_rate) / kBlockFrames;
  float left[kBlockFrames], right[kBlockFrames];
  double energy = 0.0;
  for (int b = 0; b < blocks; ++b) {
    std::fill(left, left + kBlockFrames, 0.0f);
    std::fill(right, right + kBlockFrames, 0.0f);
    if (b == 0) left[0] = 1.0f;
    filter.Process(left, right, kBlockFrames);
    reference_cut.Process<dsp::FilterMode::kHighPass>(left, right, kBlockFrames);
    for (float y : left) energy += static_cast<double>(y) * static_cast<double>(y);
  }
  return energy;
}

// White noise passes the colour stage unchanged.
struct Unfiltered {
  void Reset() {}
  void Process(float*, float*, int) {}
};

}  // namespace

const std::span<const ParamSpec<NoiseSettings>> kNoiseParams = kTable;

Noise::Noise(const NoiseSettings& settings)
    : settings_(settings), color_(static_cast<NoiseColor>(settings.color)) {
  if (settings_.low_cut_hz.Highest() >= settings_.high_cut_hz.Lowest()) {
    throw ParamError("high_cut", "high_cut must stay above low_cut");
  }
}

void Noise::Prepare(const PrepareContext& context) {
  sample_rate_ = context.sample_rate;
  white_left_.Seed(StreamSeed(context.layer_seed, "noise:left"));
  white_right_.Seed(StreamSeed(context.layer_seed, "noise:right"));
  pink_.Prepare(sample_rate_);
  brown_.Prepare(sample_rate_);
  low_cut_.Reset();
  high_cut_.Reset();
  low_cut_set_ = high_cut_set_ = -1.0;
  double power_gain = 1.0;
  switch (color_) {
    case NoiseColor::kWhite:
      power_gain = PowerGain(Unfiltered{}, sample_rate_);
      break;
    case NoiseColor::kPink:
      power_gain = PowerGain(pink_, sample_rate_);
      break;
    case NoiseColor::kBrown:
      power_gain = PowerGain(brown_, sample_rate_);
      break;
  }
  scale_ = static_cast<float>(kBedRms / std::sqrt(power_gain * kUniformVariance));
  SetCuts(0.0);
}

void Noise::SetCuts(double seconds) noexcept {
  const double low_cut = settings_.low_cut_hz.At(seconds);
  const double high_cut = settings_.high_cut_hz.At(seconds);
  if (low_cut != low_cut_set_) {
    low_cut_.set_f_q(low_cut / sample_rate_, dsp::kButterworthQ);
    low_cut_set_ = low_cut;
  }
  high_cut_on_ = high_cut < 0.5 * sample_rate_;
  if (high_cut_on_ && high_cut != high_cut_set_) {
    high_cut_.set_f_q(high_cut / sample_rate_, dsp::kButterworthQ);
    high_cut_set_ = high_cut;
  }
}

inline void Noise::RenderBody(const BlockContext& block, StereoView out) noexcept {
  SetCuts(static_cast<double>(block.first_frame) / sample_rate_);
  float* left = out.left;
  float* right = out.right;
  white_left_.SignedFloats(left, kBlockFrames);
  white_right_.SignedFloats(right, kBlockFrames);
  switch (color_) {
    case NoiseColor::kWhite:
      break;
    case NoiseColor::kPink:
      pink_.Process(left, right, kBlockFrames);
      break;
    case NoiseColor::kBrown:
      brown_.Process(left, right, kBlockFrames);
      break;
  }
  const float scale = scale_;
  for (int i = 0; i < kBlockFrames; ++i) {
    left[i] *= scale;
    right[i] *= scale;
  }
  low_cut_.Process<dsp::FilterMode::kHighPass>(left, right, kBlockFrames);
  if (high_cut_on_) high_cut_.Process<dsp::FilterMode::kLowPass>(left, right, kBlockFrames);
}

void Noise::Render(const BlockContext& block, StereoView out) noexcept {
  dsp::CallWidestBuild<&Noise::RenderBody>(this, block, out);
}

}  // namespace tingle::synth
