// Built-in sources "noise:white", "noise:pink" and "noise:brown": a fixed stretch of
// coloured noise, long enough that a grain cloud scanning it never audibly repeats.
//
// White noise (dsp/lane_noise.hpp), coloured by the same filters as the `noise` texture
// (dsp/pinking_filter.hpp, dsp/browning_filter.hpp), cut below kLowCutHz (the inaudible
// rumble brown noise is made of would only eat headroom and leave DC in short grains),
// and scaled to kRms, the `noise` bed's level. A repeating noise is heard as repeating
// ("whooshing") for periods up to about a second (Guttman & Julesz, "Lower limits of
// auditory periodicity analysis", JASA 35, 1963), and with effort for periods of up to
// some ten seconds (Kaernbach, "The memory of noise", Exp. Psychol. 51, 2004); kSeconds
// is twice that, and grains read it at scattered places and speeds besides.
//
// The table is a constant, like a wavetable: one per colour and sample rate, made from a
// fixed seed once per process (some 20 ms) and shared, read-only, by every layer that
// uses it (Shared). A layer's own seed chooses where its grains read, so two layers are
// as uncorrelated as their grains; a render of many layers or variations builds it once.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "dsp/browning_filter.hpp"
#include "dsp/lane_noise.hpp"
#include "dsp/pinking_filter.hpp"
#include "dsp/stereo_svf.hpp"
#include "synth/granular/source_levels.hpp"
#include "synth/granular/source_loop.hpp"
#include "synth/noise/noise.hpp"  // NoiseColor: the same three colours

namespace tingle::synth {

class NoiseSource {
 public:
  static constexpr double kSeconds = 20.0;
  static constexpr double kRms = 0.1;
  static constexpr double kLowCutHz = 20.0;
  // Generated first and thrown away, so the colour filters' slowest poles (5 Hz) have
  // settled: 30 time constants.
  static constexpr double kSettleSeconds = 1.0;
  // The loop's splice (source_loop.hpp).
  static constexpr double kFadeSeconds = 0.05;

  // The table for a colour at a sample rate, built on first use. Thread-safe.
  static std::shared_ptr<const SourceLevels> Shared(NoiseColor color, double sample_rate) {
    static std::mutex mutex;
    static std::map<std::pair<int, double>, std::shared_ptr<const SourceLevels>> tables;
    const std::lock_guard<std::mutex> lock(mutex);
    auto& table = tables[{static_cast<int>(color), sample_rate}];
    if (!table) {
      const auto fade = static_cast<std::size_t>(kFadeSeconds * sample_rate);
      const std::uint64_t seed =
          StreamSeed(Fnv1a64("granular:noise"), static_cast<std::uint64_t>(color));
      auto levels = std::make_shared<SourceLevels>();
      levels->Prepare(SourceLoop::Make(Make(color, sample_rate, seed, fade), fade));
      table = std::move(levels);
    }
    return table;
  }

  // kSeconds (plus `extra_frames`, for the loop's fade) of noise at `sample_rate`.
  static std::vector<float> Make(NoiseColor color, double sample_rate, std::uint64_t seed,
                                 std::size_t extra_frames) {
    const auto settle = static_cast<std::size_t>(kSettleSeconds * sample_rate);
    const std::size_t frames = static_cast<std::size_t>(kSeconds * sample_rate) + extra_frames;
    std::vector<float> noise((settle + frames + 3) / 4 * 4);
    dsp::LaneNoise white;
    white.Seed(seed);
    for (std::size_t i = 0; i < noise.size(); i += 4) {
      const dsp::Float4 draw = white.Next();
      for (std::size_t lane = 0; lane < 4; ++lane) noise[i + lane] = draw[lane];
    }
    dsp::PinkingFilter pink;
    pink.Prepare(sample_rate);
    dsp::BrowningFilter brown;
    brown.Prepare(sample_rate);
    dsp::StereoSvf low_cut;
    low_cut.set_f_q(kLowCutHz / sample_rate, dsp::kButterworthQ);
    float unused[kBlockFrames] = {};  // the filters' second channel, not used
    for (std::size_t start = 0; start < noise.size(); start += kBlockFrames) {
      const int size = static_cast<int>(std::min<std::size_t>(kBlockFrames, noise.size() - start));
      float* chunk = noise.data() + start;
      if (color == NoiseColor::kPink) pink.Process(chunk, unused, size);
      if (color == NoiseColor::kBrown) brown.Process(chunk, unused, size);
      low_cut.Process<dsp::FilterMode::kHighPass>(chunk, unused, size);
    }
    noise.erase(noise.begin(), noise.begin() + static_cast<long>(settle));
    noise.resize(frames);
    double power = 0.0;
    for (float x : noise) power += static_cast<double>(x) * static_cast<double>(x);
    const auto scale =
        static_cast<float>(kRms / std::sqrt(power / static_cast<double>(noise.size())));
    for (float& x : noise) x *= scale;
    return noise;
  }
};

}  // namespace tingle::synth
