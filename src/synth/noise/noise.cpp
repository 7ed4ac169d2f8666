#include "synth/noise/noise.hpp"

#include <cmath>

#include "core/diagnostics.hpp"

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
  dsp::Svf reference_cut;
  reference_cut.set_f_q(kLevelReferenceCutHz / sample_rate, dsp::kButterworthQ);
  const auto frames = static_cast<int>(kGainMeasureSeconds * sample_rate);
  double energy = 0.0;
  for (int n = 0; n < frames; ++n) {
    const double colored = filter.Process(n == 0 ? 1.0 : 0.0);
    const double y = reference_cut.Process<dsp::FilterMode::kHighPass>(static_cast<float>(colored));
    energy += y * y;
  }
  return energy;
}

// White noise passes the colour stage unchanged.
struct Unfiltered {
  void Reset() {}
  double Process(double in) { return in; }
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
  channels_[0].white.Seed(StreamSeed(context.layer_seed, "noise:left"));
  channels_[1].white.Seed(StreamSeed(context.layer_seed, "noise:right"));
  double power_gain = PowerGain(Unfiltered{}, sample_rate_);
  for (Channel& channel : channels_) {
    channel.pink.Prepare(sample_rate_);
    channel.brown.Prepare(sample_rate_);
    channel.low_cut.Reset();
    channel.high_cut.Reset();
  }
  if (color_ == NoiseColor::kPink) power_gain = PowerGain(channels_[0].pink, sample_rate_);
  if (color_ == NoiseColor::kBrown) power_gain = PowerGain(channels_[0].brown, sample_rate_);
  scale_ = static_cast<float>(kBedRms / std::sqrt(power_gain * kUniformVariance));
  SetCuts(0.0);
}

void Noise::SetCuts(double seconds) noexcept {
  const double nyquist = 0.5 * sample_rate_;
  const double low_cut = settings_.low_cut_hz.At(seconds);
  const double high_cut = settings_.high_cut_hz.At(seconds);
  high_cut_on_ = high_cut < nyquist;
  for (Channel& channel : channels_) {
    channel.low_cut.set_f_q(low_cut / sample_rate_, dsp::kButterworthQ);
    if (high_cut_on_) channel.high_cut.set_f_q(high_cut / sample_rate_, dsp::kButterworthQ);
  }
}

template <NoiseColor color>
void Noise::RenderChannel(Channel& channel, float* out) noexcept {
  for (int i = 0; i < kBlockFrames; ++i) {
    const double white = channel.white.SignedFloat();
    double colored = white;
    if constexpr (color == NoiseColor::kPink) colored = channel.pink.Process(white);
    if constexpr (color == NoiseColor::kBrown) colored = channel.brown.Process(white);
    out[i] = static_cast<float>(colored) * scale_;
  }
  channel.low_cut.Process<dsp::FilterMode::kHighPass>(out, out, kBlockFrames);
  if (high_cut_on_) channel.high_cut.Process<dsp::FilterMode::kLowPass>(out, out, kBlockFrames);
}

void Noise::Render(const BlockContext& block, StereoView out) noexcept {
  SetCuts(static_cast<double>(block.first_frame) / sample_rate_);
  float* targets[2] = {out.left, out.right};
  for (int c = 0; c < 2; ++c) {
    switch (color_) {
      case NoiseColor::kWhite:
        RenderChannel<NoiseColor::kWhite>(channels_[c], targets[c]);
        break;
      case NoiseColor::kPink:
        RenderChannel<NoiseColor::kPink>(channels_[c], targets[c]);
        break;
      case NoiseColor::kBrown:
        RenderChannel<NoiseColor::kBrown>(channels_[c], targets[c]);
        break;
    }
  }
}

}  // namespace tingle::synth
