#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/random.hpp"
#include "support/alloc_counter.hpp"
#include "support/render_texture.hpp"
#include "support/signal_stats.hpp"
#include "synth/crinkling/crinkle_material.hpp"
#include "synth/crinkling/crinkling.hpp"
#include "synth/crinkling/crumple_process.hpp"
#include "synth/crinkling/gesture_envelope.hpp"
#include "synth/registry.hpp"

namespace tingle::synth {
namespace {

using test::ChoiceNamed;
using test::Number;
using test::RenderTexture;
using test::StereoBuffer;
using test::TextureRun;

constexpr double kSampleRate = 48000.0;
const std::string kMaterialNames[] = {"paper", "plastic", "foil", "cellophane"};
const std::string kGestureNames[] = {"squeeze", "steady", "handle"};

// The snaps the texture would play for `seconds`, with the texture's own activity:
// rate scale × gesture × flutter (crinkling.cpp).
std::vector<CrumpleEvent> Snaps(CrinkleMaterialKind material, Gesture gesture, double intensity,
                                double period_s, double seconds, std::uint64_t seed,
                                double sample_rate = kSampleRate,
                                std::int64_t chunk_frames = kBlockFrames) {
  CrumpleProcess process;
  process.Prepare(seed, sample_rate, Crinkling::ModelFor(material, 0.5));
  GestureEnvelope envelope;
  envelope.Prepare(gesture, StreamSeed(seed, "gesture"));
  const double scale = Crinkling::RateScale(intensity, 0.5);
  std::vector<CrumpleEvent> events;
  const auto end = static_cast<std::int64_t>(seconds * sample_rate);
  for (std::int64_t frame = 0; frame < end; frame += chunk_frames) {
    process.Advance(
        std::min(frame + chunk_frames, end),
        [&](double t) { return scale * envelope.At(t / period_s) * envelope.Flutter(t); },
        [&](const CrumpleEvent& event) { events.push_back(event); });
  }
  return events;
}

// Maximum-likelihood exponent of a power law truncated to [1, range] (Clauset, Shalizi
// & Newman, "Power-law distributions in empirical data", SIAM Review 51, 2009, with
// the truncation in the normaliser), by a fine search: the likelihood is unimodal.
double FitExponent(const std::vector<double>& energies, double range) {
  double sum_log = 0.0;
  for (double e : energies) sum_log += std::log(e);
  const auto n = static_cast<double>(energies.size());
  double best = 0.0, best_likelihood = -1e300;
  for (double alpha = 1.005; alpha < 3.0; alpha += 0.001) {
    const double norm = (alpha - 1.0) / (1.0 - std::pow(range, 1.0 - alpha));
    const double likelihood = n * std::log(norm) - alpha * sum_log;
    if (likelihood > best_likelihood) {
      best_likelihood = likelihood;
      best = alpha;
    }
  }
  return best;
}

// Variance over mean of the number of snaps in consecutive windows.
double IndexOfDispersion(const std::vector<CrumpleEvent>& events, double window_s, double seconds,
                         double sample_rate = kSampleRate) {
  const auto windows = static_cast<std::size_t>(seconds / window_s);
  std::vector<double> counts(windows, 0.0);
  for (const CrumpleEvent& event : events) {
    const auto w =
        static_cast<std::size_t>(static_cast<double>(event.frame) / sample_rate / window_s);
    if (w < windows) counts[w] += 1.0;
  }
  double mean = 0.0;
  for (double c : counts) mean += c;
  mean /= static_cast<double>(windows);
  double variance = 0.0;
  for (double c : counts) variance += (c - mean) * (c - mean);
  variance /= static_cast<double>(windows - 1);
  return variance / mean;
}

TextureRun Run(ParamValues values, double seconds, std::uint64_t seed = 1,
               double sample_rate = kSampleRate) {
  return test::MakeRun("crinkling", std::move(values), seconds, seed, sample_rate);
}

ParamValue Material(const std::string& name) { return ChoiceNamed("crinkling", "material", name); }
ParamValue GestureNamed(const std::string& name) {
  return ChoiceNamed("crinkling", "gesture", name);
}

using test::Mono;

double Centroid(const StereoBuffer& buffer, double sample_rate = kSampleRate) {
  return test::SpectralCentroid(test::PowerSpectrum(Mono(buffer), 4096), sample_rate);
}

// Level of each octave band (125 Hz .. 16 kHz) relative to the loudest, dB.
std::vector<double> OctaveProfile(const StereoBuffer& buffer) {
  const std::vector<double> spectrum = test::PowerSpectrum(Mono(buffer), 4096);
  std::vector<double> levels;
  for (double low = 125.0; low < 16000.0; low *= 2.0) {
    levels.push_back(10.0 * std::log10(test::BandPower(spectrum, kSampleRate, low, 2.0 * low)));
  }
  const double loudest = *std::max_element(levels.begin(), levels.end());
  for (double& level : levels) level -= loudest;
  return levels;
}

// How long a loud snap rings: the mean time, over the 20 loudest 5 ms envelope peaks
// that stand alone, for the envelope to fall 20 dB. Foil's modes are lightly damped.
double RingSeconds(const StereoBuffer& buffer) {
  const std::vector<float> mono = Mono(buffer);
  const int hop = static_cast<int>(0.001 * kSampleRate);  // 1 ms envelope frames
  std::vector<double> envelope;
  for (std::size_t start = 0; start + hop <= mono.size(); start += hop) {
    double sum = 0.0;
    for (int i = 0; i < hop; ++i) sum += static_cast<double>(mono[start + i]) * mono[start + i];
    envelope.push_back(10.0 * std::log10(sum / hop + 1e-20));
  }
  std::vector<std::pair<double, std::size_t>> peaks;
  for (std::size_t i = 5; i + 200 < envelope.size(); ++i) {
    bool is_peak = true;
    for (std::size_t j = i - 5; j <= i + 5; ++j) is_peak = is_peak && envelope[j] <= envelope[i];
    if (is_peak) peaks.push_back({envelope[i], i});
  }
  std::sort(peaks.rbegin(), peaks.rend());
  double total = 0.0;
  int counted = 0;
  for (const auto& [level, index] : peaks) {
    if (counted == 20) break;
    std::size_t k = index;
    while (k < index + 200 && envelope[k] > level - 20.0) ++k;
    total += static_cast<double>(k - index) * 0.001;
    ++counted;
  }
  return total / counted;
}

}  // namespace

TEST_SUITE("synth") {
  TEST_CASE("CrumpleProcess: snap energies follow the material's power law (fit within 0.2)") {
    for (int m = 0; m < 4; ++m) {
      const auto material = static_cast<CrinkleMaterialKind>(m);
      INFO("material: " << kMaterialNames[m]);
      const std::vector<CrumpleEvent> events =
          Snaps(material, Gesture::kSteady, 1.0, 3.0, 120.0, 11 + m);
      std::vector<double> energies;
      for (const CrumpleEvent& event : events) energies.push_back(event.energy);
      REQUIRE(energies.size() > 2000);
      const double range = Crinkling::kEnergyRange;
      const double fitted = FitExponent(energies, range);
      const double model = MaterialOf(material).energy_exponent;
      INFO("model exponent " << model << ", fitted " << fitted << " from " << energies.size());
      CHECK(std::fabs(fitted - model) < 0.2);
      // The energies span the whole range: at least two decades are actually drawn.
      const auto [lowest, highest] = std::minmax_element(energies.begin(), energies.end());
      CHECK(*lowest >= 1.0);
      CHECK(*highest <= range);
      CHECK(*highest / *lowest > 100.0);
    }
  }

  TEST_CASE("CrumpleProcess: a wrong exponent is rejected by the same fit") {
    // Guards the test above: energies drawn with α = 2.0 must not pass as paper's 1.45.
    std::vector<double> energies;
    for (std::uint64_t k = 0; k < 5000; ++k) {
      energies.push_back(CrumpleProcess::EnergyFromUnit(EventUnit(3, k, 0), 2.0, 300.0));
    }
    CHECK(std::fabs(FitExponent(energies, 300.0) - 2.0) < 0.1);
    CHECK(std::fabs(FitExponent(energies, 300.0) - 1.45) > 0.2);
  }

  TEST_CASE("CrumpleProcess: squeezing clusters snaps (index of dispersion in 100 ms > 1.5)") {
    const double seconds = 120.0;
    const std::vector<CrumpleEvent> squeeze =
        Snaps(CrinkleMaterialKind::kPaper, Gesture::kSqueeze, 0.5, 3.0, seconds, 5);
    const double dispersion = IndexOfDispersion(squeeze, 0.1, seconds);
    INFO("squeeze: " << squeeze.size() << " snaps, dispersion " << dispersion);
    CHECK(dispersion > 1.5);

    // The statistic itself: single-snap avalanches at a constant rate are Poisson (≈ 1).
    CrumpleProcess poisson;
    CrumpleModel model = Crinkling::ModelFor(CrinkleMaterialKind::kPaper, 0.5);
    model.max_crackles = 1.0;
    poisson.Prepare(5, kSampleRate, model);
    std::vector<CrumpleEvent> events;
    poisson.Advance(
        static_cast<std::int64_t>(seconds * kSampleRate), [](double) { return 0.5; },
        [&](const CrumpleEvent& event) { events.push_back(event); });
    const double poisson_dispersion = IndexOfDispersion(events, 0.1, seconds);
    INFO("poisson: " << events.size() << " snaps, dispersion " << poisson_dispersion);
    CHECK(poisson_dispersion > 0.8);
    CHECK(poisson_dispersion < 1.2);
  }

  TEST_CASE("CrumpleProcess: snaps follow the gesture: a squeeze is busier than its rest") {
    const double period = 3.0;
    const std::vector<CrumpleEvent> events =
        Snaps(CrinkleMaterialKind::kPaper, Gesture::kSqueeze, 0.5, period, 60.0, 9);
    // Squeeze peaks near 40 % of each cycle; from 75 % on the hand rests.
    int squeezing = 0, resting = 0;
    for (const CrumpleEvent& event : events) {
      const double x = std::fmod(static_cast<double>(event.frame) / kSampleRate / period, 1.0);
      if (x > 0.25 && x < 0.5) ++squeezing;
      if (x > 0.75) ++resting;
    }
    INFO("squeezing " << squeezing << ", resting " << resting);
    CHECK(squeezing > 2 * resting);
  }

  TEST_CASE("CrumpleProcess: the same snaps whatever the chunking, in time order") {
    const auto by_block = Snaps(CrinkleMaterialKind::kPlastic, Gesture::kHandle, 0.7, 2.0, 10.0, 4,
                                kSampleRate, kBlockFrames);
    const auto by_second = Snaps(CrinkleMaterialKind::kPlastic, Gesture::kHandle, 0.7, 2.0, 10.0, 4,
                                 kSampleRate, 48000);
    REQUIRE(by_block.size() == by_second.size());
    REQUIRE(by_block.size() > 100);
    for (std::size_t i = 0; i < by_block.size(); ++i) {
      INFO("snap: " << i);
      CHECK(by_block[i].frame == by_second[i].frame);
      CHECK(by_block[i].energy == by_second[i].energy);
      if (i > 0) CHECK(by_block[i].frame >= by_block[i - 1].frame);
    }
  }

  TEST_CASE("CrumpleProcess: snap times are in seconds, whatever the sample rate") {
    const auto at_48k =
        Snaps(CrinkleMaterialKind::kFoil, Gesture::kSqueeze, 0.5, 3.0, 10.0, 8, 48000.0);
    const auto at_96k =
        Snaps(CrinkleMaterialKind::kFoil, Gesture::kSqueeze, 0.5, 3.0, 10.0, 8, 96000.0);
    REQUIRE(at_48k.size() == at_96k.size());
    for (std::size_t i = 0; i < at_48k.size(); ++i) {
      INFO("snap: " << i);
      CHECK(std::fabs(static_cast<double>(at_48k[i].frame) / 48000.0 -
                      static_cast<double>(at_96k[i].frame) / 96000.0) < 1.0 / 48000.0);
      CHECK(at_48k[i].energy == at_96k[i].energy);
    }
  }

  TEST_CASE("Crinkling: crispness raises the spectral centroid, for every material") {
    for (const std::string& material : kMaterialNames) {
      INFO("material: " << material);
      const auto dull = RenderTexture(Run({{"material", Material(material)},
                                           {"gesture", GestureNamed("steady")},
                                           {"crispness", Number(0.1)}},
                                          10.0));
      const auto crisp = RenderTexture(Run({{"material", Material(material)},
                                            {"gesture", GestureNamed("steady")},
                                            {"crispness", Number(0.9)}},
                                           10.0));
      const double dull_hz = Centroid(dull);
      const double crisp_hz = Centroid(crisp);
      INFO("centroid: crispness 0.1 → " << dull_hz << " Hz, 0.9 → " << crisp_hz << " Hz");
      CHECK(crisp_hz > 1.25 * dull_hz);
    }
  }

  TEST_CASE("Crinkling: materials differ measurably") {
    std::vector<StereoBuffer> renders;
    for (const std::string& material : kMaterialNames) {
      renders.push_back(RenderTexture(
          Run({{"material", Material(material)}, {"gesture", GestureNamed("steady")}}, 10.0)));
    }
    // Brightness: paper is the dullest, cellophane the brightest, plastic in between.
    const double paper = Centroid(renders[0]);
    const double plastic = Centroid(renders[1]);
    const double cellophane = Centroid(renders[3]);
    INFO("centroids: paper " << paper << ", plastic " << plastic << ", cellophane " << cellophane);
    CHECK(plastic > 1.15 * paper);
    CHECK(cellophane > 1.1 * plastic);
    // Every pair differs by at least 3 dB in some octave band of its spectrum shape.
    for (int a = 0; a < 4; ++a) {
      for (int b = a + 1; b < 4; ++b) {
        const auto profile_a = OctaveProfile(renders[a]);
        const auto profile_b = OctaveProfile(renders[b]);
        double largest = 0.0;
        for (std::size_t k = 0; k < profile_a.size(); ++k) {
          largest = std::max(largest, std::fabs(profile_a[k] - profile_b[k]));
        }
        INFO(kMaterialNames[a] << " vs " << kMaterialNames[b] << ": " << largest << " dB");
        CHECK(largest > 3.0);
      }
    }
    // Foil rings: its loud snaps take clearly longer to fall by 20 dB than paper's.
    const double paper_ring = RingSeconds(renders[0]);
    const double foil_ring = RingSeconds(renders[2]);
    INFO("20 dB fall: paper " << paper_ring << " s, foil " << foil_ring << " s");
    CHECK(foil_ring > 1.5 * paper_ring);
  }

  TEST_CASE("Crinkling: every extreme renders finite, DC-free output within full scale") {
    std::vector<ParamValues> cases;
    for (const std::string& material : kMaterialNames) {
      for (const std::string& gesture : kGestureNames) {
        for (double extreme : {0.0, 1.0}) {
          cases.push_back({{"material", Material(material)},
                           {"gesture", GestureNamed(gesture)},
                           {"intensity", Number(extreme)},
                           {"crispness", Number(extreme)},
                           {"size", Number(extreme)},
                           {"gesture_period", Number(extreme == 0.0 ? 0.5 : 30.0)}});
        }
      }
    }
    // The loudest corner: everything up, the fastest gesture.
    cases.push_back({{"material", Material("cellophane")},
                     {"gesture", GestureNamed("steady")},
                     {"intensity", Number(1.0)},
                     {"crispness", Number(1.0)},
                     {"size", Number(1.0)},
                     {"gesture_period", Number(0.5)}});
    for (std::size_t c = 0; c < cases.size(); ++c) {
      INFO("case: " << c);
      const StereoBuffer out = RenderTexture(Run(cases[c], 6.0, 3 + c));
      for (const auto* channel : {&out.left, &out.right}) {
        CHECK(test::AllFinite(*channel));
        CHECK(test::Peak(*channel) <= 1.0);
        CHECK(std::fabs(test::Mean(*channel)) < 1e-3);
      }
    }
  }

  TEST_CASE("Crinkling: peaks at the defaults sit between -12 and -6 dBFS") {
    const StereoBuffer out = RenderTexture(Run({}, 20.0));
    const double peak_db = 20.0 * std::log10(std::max(test::Peak(out.left), test::Peak(out.right)));
    INFO("peak: " << peak_db << " dBFS");
    CHECK(peak_db > -12.0);
    CHECK(peak_db < -6.0);
  }

  TEST_CASE("Crinkling: intensity raises the level, and 0 is quiet but not silent") {
    const auto quiet = RenderTexture(Run({{"intensity", Number(0.0)}}, 10.0));
    const auto busy = RenderTexture(Run({{"intensity", Number(1.0)}}, 10.0));
    const double quiet_db = 20.0 * std::log10(test::Rms(quiet.left));
    const double busy_db = 20.0 * std::log10(test::Rms(busy.left));
    INFO("rms: intensity 0 → " << quiet_db << " dBFS, 1 → " << busy_db << " dBFS");
    CHECK(busy_db > quiet_db + 12.0);
    CHECK(quiet_db > -90.0);
  }

  TEST_CASE("Crinkling: the same level and brightness at 44.1 and 96 kHz") {
    const auto low = RenderTexture(Run({{"gesture", GestureNamed("steady")}}, 10.0, 2, 44100.0));
    const auto high = RenderTexture(Run({{"gesture", GestureNamed("steady")}}, 10.0, 2, 96000.0));
    const double low_db = 20.0 * std::log10(test::Rms(low.left));
    const double high_db = 20.0 * std::log10(test::Rms(high.left));
    const double low_hz = Centroid(low, 44100.0);
    const double high_hz = Centroid(high, 96000.0);
    INFO("44.1 kHz: " << low_db << " dBFS, " << low_hz << " Hz; 96 kHz: " << high_db << " dBFS, "
                      << high_hz << " Hz");
    CHECK(std::fabs(low_db - high_db) < 1.5);
    CHECK(std::fabs(std::log2(low_hz / high_hz)) < 0.25);
  }

  TEST_CASE("Crinkling: the two ears hear one sheet, slightly differently") {
    const StereoBuffer out = RenderTexture(Run({}, 10.0));
    const double correlation = test::Correlation(out.left, out.right);
    INFO("L/R correlation: " << correlation);
    CHECK(correlation > 0.2);
    CHECK(correlation < 0.98);
  }

  TEST_CASE("Crinkling: a layer that starts late plays the snaps a full render plays there") {
    const TextureEntry* entry = FindTexture("crinkling");
    REQUIRE(entry != nullptr);
    const ParamValues values = {{"gesture", GestureNamed("handle")}};
    const std::int64_t start_block = static_cast<std::int64_t>(10.0 * kSampleRate) / kBlockFrames;
    const std::int64_t blocks = static_cast<std::int64_t>(2.0 * kSampleRate) / kBlockFrames;
    const auto render = [&](std::int64_t first_block, std::uint64_t seed) {
      auto texture = entry->create(values);
      texture->Prepare({kSampleRate, seed, (start_block + blocks) * kBlockFrames});
      std::vector<float> left(static_cast<std::size_t>(blocks * kBlockFrames));
      std::vector<float> right(left.size());
      float scratch_l[kBlockFrames], scratch_r[kBlockFrames];
      for (std::int64_t b = first_block; b < start_block + blocks; ++b) {
        const bool kept = b >= start_block;
        const auto offset = static_cast<std::size_t>((b - start_block) * kBlockFrames);
        texture->Render({b * kBlockFrames},
                        {kept ? left.data() + offset : scratch_l,
                         kept ? right.data() + offset : scratch_r, kBlockFrames});
      }
      return left;
    };
    const std::vector<float> full = render(0, 5);
    const std::vector<float> late = render(start_block, 5);
    const std::vector<float> other = render(start_block, 6);
    // 5 ms RMS envelopes over the second half (tails of earlier snaps have died away).
    // The rustle's fine grain is a sequential stream, so only the snaps and the hand's
    // gesture are expected to coincide: another seed is the control.
    const auto envelope = [](const std::vector<float>& x) {
      std::vector<float> rms;
      const std::size_t hop = 240;
      for (std::size_t i = x.size() / 2; i + hop <= x.size(); i += hop) {
        double sum = 0.0;
        for (std::size_t j = 0; j < hop; ++j) sum += static_cast<double>(x[i + j]) * x[i + j];
        rms.push_back(static_cast<float>(std::sqrt(sum / hop)));
      }
      return rms;
    };
    const double match = test::Correlation(envelope(full), envelope(late));
    const double control = test::Correlation(envelope(full), envelope(other));
    INFO("envelope correlation: late start " << match << ", another seed " << control);
    CHECK(match > 0.7);
    CHECK(control < 0.3);
  }

  TEST_CASE("Crinkling: Render allocates nothing") {
    const TextureEntry* entry = FindTexture("crinkling");
    REQUIRE(entry != nullptr);
    for (const std::string& material : kMaterialNames) {
      INFO("material: " << material);
      auto texture = entry->create(
          {{"material", Material(material)}, {"intensity", Number(1.0)}, {"size", Number(1.0)}});
      texture->Prepare({kSampleRate, 1, 5 * 48000});
      float left[kBlockFrames];
      float right[kBlockFrames];
      test::AllocCounter counter;
      for (std::int64_t b = 0; b < 5 * 48000 / kBlockFrames; ++b) {
        texture->Render({b * kBlockFrames}, {left, right, kBlockFrames});
      }
      CHECK(counter.count() == 0);
    }
  }

  TEST_CASE("Crinkling: re-renders are byte-identical, another seed differs") {
    const ParamValues values = {{"material", Material("foil")},
                                {"gesture", GestureNamed("handle")}};
    const auto first = RenderTexture(Run(values, 5.0, 42));
    const auto second = RenderTexture(Run(values, 5.0, 42));
    const auto other = RenderTexture(Run(values, 5.0, 43));
    CHECK(first.left == second.left);
    CHECK(first.right == second.right);
    CHECK(first.left != other.left);
  }

}  // TEST_SUITE
}  // namespace tingle::synth
