// Sample-rate conversion of a source clip, once, when a granular layer is prepared.
//
// libsoxr at its HQ setting (20-bit: pass band flat to 0.91 of Nyquist, stop band some
// 120 dB down), single-threaded. Chosen over libsamplerate by measurement on this
// machine (Debian 12, libsoxr 0.1.3, libsamplerate 0.2.2; a 10 s clip, 44.1 -> 48 kHz,
// median of 5, CPU time; THD+N of a 0.5-amplitude sine against its best-fit sine):
//
//   converter              10 s mono  10 s stereo  THD+N at 1 / 10 / 18 / 20 kHz  gain at 20 kHz
//   soxr HQ                     7 ms        20 ms    -134 / -135 / -134 / -135 dB    -0.008 dB
//   soxr VHQ                   11 ms        22 ms    -151 / -151 / -153 / -152 dB    -0.006 dB
//   SRC_SINC_BEST_QUALITY     584 ms       640 ms    -149 / -145 / -140 / -139 dB    -0.000 dB
//   SRC_SINC_MEDIUM_QUALITY   121 ms       107 ms    -142 / -129 / -119 / -116 dB    -3.3 dB
//   SRC_SINC_FASTEST           67 ms        60 ms    -119 / -105 /  -94 /  -80 dB    -22.8 dB
//
// soxr HQ is 80x faster than libsamplerate's best and its error lies far below 16-bit
// sources' own noise (-98 dB). VHQ measures better still, but runs in double precision
// on a kernel chosen at run time by the CPU (AVX or not), so its output bits could differ
// between machines; HQ runs the single-precision SSE kernel, which soxr takes on every
// x86-64 CPU, so a layer's source, and so the render, is the same bytes everywhere
// (DESIGN §9).
#pragma once

#include <span>
#include <vector>

namespace tingle::io {

// One channel from from_hz to to_hz; about size × to_hz / from_hz frames come out.
// Throws std::runtime_error if libsoxr fails (it only does without memory).
std::vector<float> Resample(std::span<const float> mono, double from_hz, double to_hz);

}  // namespace tingle::io
