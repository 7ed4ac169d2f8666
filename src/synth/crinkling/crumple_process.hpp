// The sequence of crumpling snaps: avalanche onsets under the hand's activity, each a
// short burst of snaps with power-law energies.
//
// Model (Houle & Sethna, "Acoustic emission from crumpling paper", PRE 54, 278, 1996;
// Kramer & Lobkovsky, PRE 53, 1465, 1996): a crumpled sheet releases elastic energy in
// discrete snaps whose energies follow p(E) ∝ E^-α over decades, and snaps trigger each
// other (Kramer & Lobkovsky measure a slowly decaying, stretched-exponential energy
// autocorrelation), so they arrive in avalanches rather than as a Poisson stream. Here:
// - Avalanche onsets are an inhomogeneous Poisson process with rate
//   max_avalanche_rate · activity(t), drawn by thinning (Lewis & Shedler 1979): candidate
//   onsets at the maximum rate, each kept with probability activity(t) ∈ [0, 1].
// - An avalanche holds N snaps with a power-law size distribution, P(N >= n) = n^(1-τ),
//   truncated at `max_crackles` (crackling noise: Sethna, Dahmen & Myers, "Crackling
//   noise", Nature 410, 242, 2001), spaced by exponential gaps (a Neyman–Scott cluster
//   process). Most avalanches are a single snap or two; a few are the loud "crunches"
//   of dozens of snaps that make crumpling bursty.
// - Inside an avalanche the snaps thin out like aftershocks (Omori's law, rate ∝ 1/(c+t)):
//   gap j has mean crackle_gap_s · (kOmoriStart + kOmoriGrowth · j), so a crunch starts
//   dense and sharp and trails off.
// - Every snap draws E from a power law truncated to [1, energy_range] by inverting its
//   CDF: E = (1 - u (1 - R^(1-α)))^(-1/(α-1)).
// Times are in seconds (sample-rate independent) and become frames only on output.
// Every draw is counter-based: candidate k and snap j of avalanche k use EventUnit on
// (stream, k, j, draw), so the sequence is a pure function of the seed and the activity.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "core/random.hpp"

namespace tingle::synth {

struct CrumpleModel {
  double max_avalanche_rate_hz = 10.0;   // onsets per second at activity 1
  double avalanche_size_exponent = 1.8;  // τ > 1: P(N >= n) = n^(1-τ)
  double max_crackles = 32.0;            // largest avalanche, >= 1
  double crackle_gap_s = 0.005;          // gap scale between snaps of one avalanche
  double energy_exponent = 1.45;         // α > 1
  double energy_range = 1.0e4;           // E_max / E_min
};

struct CrumpleEvent {
  std::int64_t frame;       // absolute frame of the snap
  double energy;            // in [1, energy_range], units of the smallest snap
  std::uint64_t avalanche;  // which avalanche (unique, increasing)
  std::uint32_t crackle;    // index of the snap inside its avalanche
  double position;          // where on the sheet, -1 (left) .. 1 (right)
};

class CrumpleProcess {
 public:
  // Avalanches that may overlap in time; a new onset while all are open is dropped.
  static constexpr int kMaxOpenAvalanches = 16;
  // Gap growth inside an avalanche (Omori-like thinning), in units of crackle_gap_s.
  static constexpr double kOmoriStart = 0.4;
  static constexpr double kOmoriGrowth = 0.12;
  // Bound on max_crackles.
  static constexpr std::uint32_t kMaxCracklesPerAvalanche = 256;

  void Prepare(std::uint64_t seed, double sample_rate, const CrumpleModel& model) {
    onset_seed_ = StreamSeed(seed, "crumple:onsets");
    avalanche_seed_ = StreamSeed(seed, "crumple:avalanches");
    crackle_seed_ = StreamSeed(seed, "crumple:crackles");
    sample_rate_ = sample_rate;
    model_ = model;
    open_count_ = 0;
    candidate_ = 0;
    candidate_time_s_ = NextGap(0);
  }

  // Largest avalanche for onsets from now on (>= 1); may change every block.
  void set_max_crackles(double max_crackles) { model_.max_crackles = max_crackles; }

  // Calls emit(const CrumpleEvent&) for every snap with frame < end_frame not yet
  // emitted, in time order. activity(seconds) must return a value in [0, 1]; it is
  // asked once per candidate onset, at the candidate's time.
  template <class Activity, class Emit>
  void Advance(std::int64_t end_frame, Activity&& activity, Emit&& emit) noexcept {
    const double end_s = static_cast<double>(end_frame) / sample_rate_;
    for (;;) {
      int earliest = -1;
      for (int a = 0; a < open_count_; ++a) {
        if (earliest < 0 || open_[a].next_time_s < open_[earliest].next_time_s) earliest = a;
      }
      if (earliest >= 0 && open_[earliest].next_time_s <= candidate_time_s_) {
        if (open_[earliest].next_time_s >= end_s) return;
        EmitCrackle(earliest, emit);
        continue;
      }
      if (candidate_time_s_ >= end_s) return;
      const double u = EventUnit(onset_seed_, candidate_, 1);
      if (u < activity(candidate_time_s_) && open_count_ < kMaxOpenAvalanches) {
        Open(candidate_, candidate_time_s_);
      }
      ++candidate_;
      candidate_time_s_ += NextGap(candidate_);
    }
  }

  // Snaps in an avalanche for a uniform draw u in [0, 1): the discrete power law
  // N = floor((1 - u)^(-1 / (τ - 1))), truncated to [1, max_crackles].
  static std::uint32_t AvalancheSizeFromUnit(double u, double exponent, double max_crackles) {
    const double n = std::floor(std::pow(1.0 - u, -1.0 / (exponent - 1.0)));
    const double bound = std::fmin(std::fmax(max_crackles, 1.0), kMaxCracklesPerAvalanche);
    return static_cast<std::uint32_t>(std::fmin(n, bound));
  }

  // E for a uniform draw u in [0, 1): the inverse CDF of the truncated power law.
  static double EnergyFromUnit(double u, double exponent, double range) {
    const double shape = exponent - 1.0;
    const double tail = std::pow(range, -shape);
    return std::pow(1.0 - u * (1.0 - tail), -1.0 / shape);
  }

 private:
  struct Avalanche {
    double next_time_s;
    double position;
    std::uint64_t index;
    std::uint64_t crackle_stream;
    std::uint32_t next_crackle;
    std::uint32_t count;
  };

  double NextGap(std::uint64_t k) const {
    return -std::log(1.0 - EventUnit(onset_seed_, k, 0)) / model_.max_avalanche_rate_hz;
  }

  void Open(std::uint64_t k, double time_s) {
    Avalanche& avalanche = open_[open_count_++];
    avalanche.count = AvalancheSizeFromUnit(EventUnit(avalanche_seed_, k, 0),
                                            model_.avalanche_size_exponent, model_.max_crackles);
    avalanche.next_crackle = 0;
    avalanche.next_time_s = time_s;
    avalanche.position = 2.0 * EventUnit(avalanche_seed_, k, 1) - 1.0;
    avalanche.index = k;
    avalanche.crackle_stream = StreamSeed(crackle_seed_, k);
  }

  template <class Emit>
  void EmitCrackle(int a, Emit& emit) {
    Avalanche& avalanche = open_[a];
    const std::uint32_t j = avalanche.next_crackle;
    const double u_energy = EventUnit(avalanche.crackle_stream, j, 0);
    CrumpleEvent event;
    event.frame = static_cast<std::int64_t>(std::floor(avalanche.next_time_s * sample_rate_));
    event.energy = EnergyFromUnit(u_energy, model_.energy_exponent, model_.energy_range);
    event.avalanche = avalanche.index;
    event.crackle = j;
    // Snaps of one avalanche sit close together on the sheet.
    const double spread = 0.3 * (EventUnit(avalanche.crackle_stream, j, 1) - 0.5);
    event.position = std::fmin(std::fmax(avalanche.position + spread, -1.0), 1.0);
    emit(static_cast<const CrumpleEvent&>(event));
    avalanche.next_crackle = j + 1;
    if (avalanche.next_crackle >= avalanche.count) {
      avalanche = open_[--open_count_];  // order of open avalanches does not matter
      return;
    }
    const double u_gap = EventUnit(avalanche.crackle_stream, j, 2);
    const double mean_gap = model_.crackle_gap_s * (kOmoriStart + kOmoriGrowth * j);
    avalanche.next_time_s += -std::log(1.0 - u_gap) * mean_gap;
  }

  std::uint64_t onset_seed_ = 0;
  std::uint64_t avalanche_seed_ = 0;
  std::uint64_t crackle_seed_ = 0;
  double sample_rate_ = 48000.0;
  CrumpleModel model_;
  std::array<Avalanche, kMaxOpenAvalanches> open_{};
  int open_count_ = 0;
  std::uint64_t candidate_ = 0;
  double candidate_time_s_ = 0.0;
};

}  // namespace tingle::synth
