// The exit codes tingle promises (DESIGN §10).
#pragma once

namespace tingle::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;      // render or I/O failure
inline constexpr int kExitBadInput = 2;     // bad recipe or usage
inline constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM (128 + SIGINT)

}  // namespace tingle::cli
