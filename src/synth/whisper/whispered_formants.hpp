// Voiced formant targets turned into whispered ones, for a vocal tract of a given length.
#pragma once

#include <array>
#include <cstddef>

namespace tingle::synth::whisper {

// Whispering raises the vocal-tract resonances: the open glottis changes the tract's
// lower boundary. Swerdlin, Smith & Wolfe, "The effect of whisper and creak vocal
// mechanisms on vocal tract resonances", JASA 127, 2590 (2010), measured R1..R4 in the
// same gesture whispered and phonated: whisper raised them by 255, 115, 125 and 75 Hz
// on average. F1 moves most, so whispered vowels sit higher in F1 than voiced ones.
inline constexpr std::array<double, 4> kWhisperShiftHz = {255.0, 115.0, 125.0, 75.0};

// Voiced male formants → whispered formants of a tract `tract_scale` times shorter than
// 17.5 cm (formants ∝ 1 / length).
inline std::array<double, 4> WhisperedFormantsHz(const std::array<double, 4>& voiced_male,
                                                 double tract_scale) {
  std::array<double, 4> out{};
  for (std::size_t n = 0; n < 4; ++n) out[n] = (voiced_male[n] + kWhisperShiftHz[n]) * tract_scale;
  return out;
}

}  // namespace tingle::synth::whisper
