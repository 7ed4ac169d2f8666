// Granular: overlap-add, grain counts, transposition, level, and the texture's contract
// (no allocation, late starts, extremes, same bytes) over generated sources.
#include <doctest/doctest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/block.hpp"
#include "core/diagnostics.hpp"
#include "core/random.hpp"
#include "io/sample_file.hpp"
#include "recipe/build.hpp"
#include "recipe/recipe.hpp"
#include "support/alloc_counter.hpp"
#include "support/signal_stats.hpp"
#include "support/temp_dir.hpp"
#include "support/write_sound.hpp"
#include "synth/granular/grain_cloud.hpp"
#include "synth/granular/grain_window.hpp"
#include "synth/granular/granular.hpp"
#include "synth/registry.hpp"

namespace tingle::synth {
namespace {

constexpr double kSampleRate = 48000.0;

struct Stereo {
  std::vector<float> left;
  std::vector<float> right;
};

ParamValue Number(double value) {
  ParamValue param;
  param.number = Control::Constant(value);
  return param;
}

ParamValue Text(const std::string& text) {
  ParamValue param;
  param.text = text;
  return param;
}

ParamValue Choice(int choice) {
  ParamValue param;
  param.choice = choice;
  return param;
}

GranularSettings Settings(const ParamValues& values) {
  GranularSettings settings;
  BindParams(kGranularParams, values, settings);
  return settings;
}

// A context whose every sound file is `clip`.
BuildContext ClipContext(std::shared_ptr<const SoundClip> clip) {
  BuildContext context;
  context.load_sound = [clip](const std::string&, const std::string&, double) { return clip; };
  return context;
}

std::shared_ptr<const SoundClip> Clip(std::vector<float> mono, double sample_rate) {
  auto clip = std::make_shared<SoundClip>();
  clip->sample_rate_hz = sample_rate;
  clip->channels = 1;
  clip->samples = std::move(mono);
  return clip;
}

using test::WriteSound;


// Renders `seconds` of a texture from frame `first_frame` on (Prepare for total_frames).
Stereo Render(Texture& texture, double seconds, std::int64_t first_frame = 0,
              std::uint64_t seed = 1) {
  const auto blocks = static_cast<std::int64_t>(std::ceil(seconds * kSampleRate / kBlockFrames));
  texture.Prepare({kSampleRate, seed, first_frame + blocks * kBlockFrames});
  Stereo out;
  out.left.resize(static_cast<std::size_t>(blocks * kBlockFrames));
  out.right.resize(out.left.size());
  for (std::int64_t b = 0; b < blocks; ++b) {
    const std::size_t at = static_cast<std::size_t>(b * kBlockFrames);
    texture.Render({first_frame + b * kBlockFrames},
                   {out.left.data() + at, out.right.data() + at, kBlockFrames});
  }
  return out;
}

std::unique_ptr<Texture> Make(const ParamValues& values, const BuildContext& context = {}) {
  return FindTexture("granular")->create(values, context);
}

const GrainCloud& CloudOf(const Texture& texture) {
  return dynamic_cast<const Granular&>(texture).cloud();
}

// Frequency of the largest spectral peak above 50 Hz, refined by a parabola through the
// log power of the peak bin and its neighbours.
double PeakHz(const std::vector<float>& x) {
  constexpr int kFft = 16384;
  const std::vector<double> spectrum = test::PowerSpectrum(x, kFft);
  const double bin_hz = kSampleRate / kFft;
  std::size_t peak = static_cast<std::size_t>(50.0 / bin_hz);
  for (std::size_t k = peak; k + 1 < spectrum.size(); ++k) {
    if (spectrum[k] > spectrum[peak]) peak = k;
  }
  const double a = std::log(spectrum[peak - 1]), b = std::log(spectrum[peak]),
               c = std::log(spectrum[peak + 1]);
  return (static_cast<double>(peak) + 0.5 * (a - c) / (a - 2.0 * b + c)) * bin_hz;
}

std::vector<float> Sine(double frequency_hz, double sample_rate, double seconds,
                        double amplitude = 0.5) {
  std::vector<float> x(static_cast<std::size_t>(seconds * sample_rate));
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>(
        amplitude * std::sin(kTwoPi * frequency_hz * static_cast<double>(i) / sample_rate));
  }
  return x;
}

}  // namespace

TEST_SUITE("synth") {
  TEST_CASE(
      "Granular: Hann grains at 50 % overlap in sync mode over a constant source sum to a "
      "constant") {
    constexpr float kLevel = 0.5f;
    // 20 ms grains, 100 a second: each starts 480 frames (half a grain) after the last.
    const ParamValues values{{"grain_ms", Number(20.0)}, {"density", Number(100.0)},
                             {"sync", Choice(1)},        {"source_jitter", Number(0.0)},
                             {"scan", Number(0.0)},      {"source_position", Number(0.5)},
                             {"spread", Number(0.0)},    {"source", Text("constant.wav")}};
    GrainCloud cloud(Settings(values),
                     ClipContext(Clip(std::vector<float>(48000, kLevel), kSampleRate)));
    cloud.Prepare({kSampleRate, 3, 48000});
    std::vector<float> left(48000), right(48000);
    for (std::size_t b = 0; b * kBlockFrames < left.size(); ++b) {
      cloud.Render(static_cast<std::int64_t>(b * kBlockFrames), left.data() + b * kBlockFrames,
                   right.data() + b * kBlockFrames);
    }
    // Two grains overlap: overlap × mean Hann² = 0.75 < 1, so grains play at unit gain, and
    // spread 0 puts each at -3 dB in both channels.
    const float expected = kLevel * static_cast<float>(std::cos(0.25 * kPi));
    constexpr std::size_t kRampUp = 480;  // the first grain's rising half, alone
    float worst = 0.0f;
    std::size_t worst_at = 0;
    for (std::size_t i = kRampUp; i < left.size(); ++i) {
      const float error = std::max(std::fabs(left[i] - expected), std::fabs(right[i] - expected));
      if (error > worst) {
        worst = error;
        worst_at = i;
      }
    }
    INFO("worst deviation " << worst << " at frame " << worst_at);
    CHECK(worst < 0.01f * expected);
    CHECK(cloud.grains_started() == 100);
  }

  TEST_CASE("Granular: a Hann grain's phasor window matches the window table") {
    GrainWindow table;
    table.Prepare(WindowShape::kHann);
    // One grain of L frames over a source of ones, with and without the phasor.
    for (int frames : {96, 1440, 24000}) {
      std::vector<float> ones(static_cast<std::size_t>(frames + 2 * SourceLevels::kGuard), 1.0f);
      std::vector<float> rotating(static_cast<std::size_t>(frames) + kBlockFrames, 0.0f);
      std::vector<float> tabled(rotating.size(), 0.0f);
      for (const bool hann : {true, false}) {
        GrainVoice voice;
        voice.source = ones.data() + SourceLevels::kGuard;
        voice.length = frames;
        voice.left_gain = voice.right_gain = 1.0f;
        voice.Begin(frames, 5, hann);
        std::vector<float>& out = hann ? rotating : tabled;
        std::vector<float> scratch(kBlockFrames);
        for (std::size_t b = 0; voice.Render(table, out.data() + b * kBlockFrames, scratch.data());
             ++b) {
        }
      }
      double worst = 0.0;
      for (std::size_t i = 0; i < rotating.size(); ++i) {
        worst = std::max(worst, std::fabs(static_cast<double>(rotating[i]) - tabled[i]));
      }
      INFO("grain of " << frames << " frames");
      CHECK(worst < 2e-5);
      CHECK(rotating[0] == 0.0f);  // before the grain (it starts at frame 5)
      CHECK(rotating[4] == 0.0f);
      CHECK(rotating[static_cast<std::size_t>(5 + frames)] == 0.0f);  // after it
    }
  }

  TEST_CASE("Granular: grains started over 60 s match density within 4 sqrt N") {
    constexpr double kDensity = 200.0;
    constexpr double kSeconds = 60.0;
    auto texture = Make({{"density", Number(kDensity)}, {"grain_ms", Number(30.0)}});
    Render(*texture, kSeconds, 0, 7);
    const double expected = kDensity * kSeconds;
    const auto started = static_cast<double>(CloudOf(*texture).grains_started());
    INFO("started " << started << ", expected " << expected);
    CHECK(std::fabs(started - expected) <= 4.0 * std::sqrt(expected));
    CHECK(CloudOf(*texture).grains_dropped() == 0);
    // Synchronous: exactly one grain every 1 / density.
    auto regular =
        Make({{"density", Number(kDensity)}, {"grain_ms", Number(30.0)}, {"sync", Choice(1)}});
    Render(*regular, kSeconds);
    CHECK(CloudOf(*regular).grains_started() == static_cast<std::int64_t>(expected));
  }

  TEST_CASE("Granular: transposition moves a sine source's peak by the pitch ratio within 1 %") {
    // A 44.1 kHz stereo file, so loading, folding to mono and resampling are on the path.
    test::TempDir dir;
    constexpr double kFileRate = 44100.0;
    constexpr double kSineHz = 700.0;
    const std::vector<float> mono = Sine(kSineHz, kFileRate, 4.0);
    std::vector<float> stereo(2 * mono.size());
    for (std::size_t i = 0; i < mono.size(); ++i) stereo[2 * i] = stereo[2 * i + 1] = mono[i];
    WriteSound(dir.File("sine.wav"), static_cast<int>(kFileRate), 2, stereo);
    const BuildContext context = recipe::MakeBuildContext(dir.File("r.toml"));
    for (double semitones : {12.0, -12.0, 0.0, 19.0, -7.0}) {
      auto texture = Make({{"source", Text("sine.wav")},
                           {"pitch", Number(semitones)},
                           {"grain_ms", Number(60.0)},
                           {"density", Number(80.0)},
                           {"source_jitter", Number(0.5)}},
                          context);
      const Stereo out = Render(*texture, 2.0);
      const double expected = kSineHz * std::exp2(semitones / 12.0);
      const double peak = PeakHz(out.left);
      INFO("pitch " << semitones << ": peak " << peak << " Hz, expected " << expected);
      CHECK(std::fabs(peak - expected) < 0.01 * expected);
    }
  }

  TEST_CASE("Granular: the level holds as density changes") {
    // Uncorrelated grains add in power; the gain keeps the RMS at the source's.
    double reference = 0.0;
    for (double density : {60.0, 600.0, 2000.0}) {
      auto texture = Make({{"density", Number(density)},
                           {"grain_ms", Number(50.0)},
                           {"source_jitter", Number(1.0)}});
      const Stereo out = Render(*texture, 2.0);
      const double rms = test::Rms(out.left);
      if (reference == 0.0) reference = rms;
      INFO("density " << density << ": RMS " << rms << ", at 60/s " << reference);
      CHECK(std::fabs(20.0 * std::log10(rms / reference)) < 1.0);
    }
  }

  TEST_CASE("Granular: Render allocates nothing, from the first block or a late one") {
    test::TempDir dir;
    WriteSound(dir.File("clip.wav"), 44100, 1, Sine(300.0, 44100.0, 1.0));
    const BuildContext context = recipe::MakeBuildContext(dir.File("r.toml"));
    for (const std::string source : {"noise:brown", "clip.wav"}) {
      auto texture = Make({{"source", Text(source)},
                           {"density", Number(500.0)},
                           {"pitch_jitter", Number(5.0)},
                           {"reverse", Number(0.5)}},
                          context);
      texture->Prepare({kSampleRate, 2, 48000 * 600});
      float left[kBlockFrames], right[kBlockFrames];
      for (const std::int64_t start :
           {std::int64_t{0}, std::int64_t{48000 * 7 + 3 * kBlockFrames}}) {
        std::int64_t allocations = 0;
        {
          test::AllocCounter counter;
          for (std::int64_t b = 0; b < 2000; ++b) {
            texture->Render({start + b * kBlockFrames}, {left, right, kBlockFrames});
          }
          allocations = counter.count();
        }
        INFO(source << " from frame " << start);
        CHECK(allocations == 0);
      }
    }
  }

  TEST_CASE("Granular: a layer that starts late sounds as a full render does there") {
    // Automated scan and density: their integrals must be recomputed from frame 0. Long
    // grains: those started up to 0.4 s before the start still sound well into the render.
    ParamValues values{{"density", Number(150.0)},
                       {"sync", Choice(0)},
                       {"pitch_jitter", Number(3.0)},
                       {"grain_ms", Number(400.0)}};
    values["scan"].number = Control::Points({{0.0, 1.0}, {20.0, -2.0}}, Curve::kSmooth);
    for (const int sync : {0, 1}) {
      values["sync"] = Choice(sync);
      values["density"].number = Control::Points({{0.0, 50.0}, {20.0, 400.0}}, Curve::kLinear);
      auto full = Make(values);
      auto late = Make(values);
      const std::int64_t start = 48000 * 9 + 5 * kBlockFrames;
      const Stereo whole = Render(*full, 11.0, 0, 4);
      const Stereo tail = Render(*late, 1.0, start, 4);
      // Voices sum in another order, and the low cut starts from rest: compare after its
      // settling, to a tolerance far below the signal (RMS about 0.1).
      double worst = 0.0;
      for (std::size_t i = 4800; i < tail.left.size(); ++i) {
        worst = std::max(worst, std::fabs(static_cast<double>(tail.left[i]) -
                                          whole.left[static_cast<std::size_t>(start) + i]));
      }
      INFO("sync " << sync << ": worst difference " << worst);
      CHECK(worst < 1e-4);
      CHECK(test::Rms(tail.left) > 0.01);
    }
  }

  TEST_CASE(
      "Granular: each number parameter at its extremes, over a sound file, is finite, DC-free, "
      "within full scale, and the same bytes twice") {
    test::TempDir dir;
    // Stereo 44.1 kHz: a sine and seeded noise, DC-free.
    std::vector<float> stereo(2 * 44100 * 3);
    Pcg32 noise(5);
    for (std::size_t i = 0; i < stereo.size(); ++i) {
      stereo[i] = 0.3f * static_cast<float>(std::sin(0.05 * static_cast<double>(i / 2))) +
                  0.2f * noise.SignedFloat();
    }
    WriteSound(dir.File("clip.flac"), 44100, 2, stereo, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    const BuildContext context = recipe::MakeBuildContext(dir.File("r.toml"));
    for (const ParamInfo& info : FindTexture("granular")->params) {
      if (info.kind != ParamKind::kNumber) continue;
      for (const double value : {info.min, info.max}) {
        const ParamValues values{{"source", Text("clip.flac")},
                                 {std::string(info.key), Number(value)}};
        auto first = Make(values, context);
        auto second = Make(values, context);
        const Stereo a = Render(*first, 1.0);
        const Stereo b = Render(*second, 1.0);
        INFO(info.key << " = " << value);
        for (const auto* channel : {&a.left, &a.right}) {
          REQUIRE(test::AllFinite(*channel));
          CHECK(test::Peak(*channel) < 1.0);
          CHECK(std::fabs(test::Mean(*channel)) < 1e-3);
        }
        CHECK(std::memcmp(a.left.data(), b.left.data(), a.left.size() * sizeof(float)) == 0);
        CHECK(std::memcmp(a.right.data(), b.right.data(), a.right.size() * sizeof(float)) == 0);
      }
    }
  }

  TEST_CASE(
      "Granular: every window, both clocks and each noise colour, dense and coherent, stay finite, "
      "DC-free, within full scale, and the same bytes twice") {
    const std::string sources[] = {"noise:white", "noise:pink", "noise:brown"};
    for (int window = 0; window < 4; ++window) {
      for (int sync = 0; sync < 2; ++sync) {
        const std::string& source = sources[static_cast<std::size_t>(window + sync) % 3];
        // The most coherent cloud there is: every grain the same stretch, a thousand deep.
        auto texture = Make({{"source", Text(source)},
                             {"window", Choice(window)},
                             {"sync", Choice(sync)},
                             {"density", Number(2000.0)},
                             {"grain_ms", Number(500.0)},
                             {"scan", Number(0.0)},
                             {"source_jitter", Number(0.0)},
                             {"spread", Number(0.0)}});
        const Stereo out = Render(*texture, 1.0);
        INFO("window " << window << ", sync " << sync << ", " << source);
        for (const auto* channel : {&out.left, &out.right}) {
          REQUIRE(test::AllFinite(*channel));
          CHECK(test::Peak(*channel) < 1.0);
          CHECK(std::fabs(test::Mean(*channel)) < 1e-3);
        }
        CHECK(CloudOf(*texture).grains_dropped() > 0);  // a thousand deep: the pool is full
        const Stereo again = Render(*texture, 1.0);     // Prepare starts it afresh
        CHECK(std::memcmp(out.left.data(), again.left.data(), out.left.size() * sizeof(float)) ==
              0);
      }
    }
  }

  TEST_CASE("Granular: sources that cannot be had are errors at the source key") {
    test::TempDir dir;
    const BuildContext context = recipe::MakeBuildContext(dir.File("r.toml"));
    std::string folders;
    const auto searched = io::SampleFolders(dir.path());
    for (std::size_t i = 0; i < searched.size(); ++i) {
      folders += (i == 0 ? "" : i + 1 == searched.size() ? " and " : ", ") + searched[i].string();
    }
    const auto message = [&](const ParamValues& values, const BuildContext& with) -> std::string {
      try {
        Make(values, with);
      } catch (const ParamError& error) {
        CHECK(error.key() == "source");
        return error.what();
      }
      return "(no error)";
    };
    CHECK(message({{"source", Text("nope.flac")}}, context) ==
          "source \"nope.flac\": no such file (looked in " + folders + ")");
    CHECK(
        message({{"source", Text("noise:purple")}}, context) ==
        "source \"noise:purple\" is not a built-in noise (noise:white, noise:pink or noise:brown)");
    CHECK(message({{"source", Text("clip.wav")}}, BuildContext{}) ==
          "source \"clip.wav\": sound files cannot be loaded here");
  }

  TEST_CASE("Granular: a recipe's source, and --set's, is looked for next to the recipe") {
    test::TempDir dir;
    WriteSound(dir.File("here.wav"), 48000, 1, Sine(440.0, 48000.0, 1.0));
    const std::string recipe = dir.File("r.toml");
    const std::string text =
        "duration = \"1s\"\n[[layer]]\nname = \"cloud\"\ntexture = \"granular\"\n"
        "source = \"here.wav\"\n";
    CHECK_NOTHROW(recipe::BuildTrack(recipe::ParseRecipe(text, recipe)));
    recipe::Overrides overrides;
    overrides.sets = {"cloud.source=gone.wav"};
    std::string first;
    try {
      recipe::BuildTrack(recipe::ParseRecipe(text, recipe, overrides));
    } catch (const RecipeError& error) {
      first = error.diagnostics().front().Format();
    }
    const std::string prefix =
        "--set cloud.source=gone.wav: error: layer \"cloud\": source \"gone.wav\": no such file "
        "(looked in " +
        dir.path().string();
    CHECK(first.rfind(prefix, 0) == 0);
    overrides.sets = {"cloud.source=here.wav"};
    CHECK_NOTHROW(recipe::BuildTrack(recipe::ParseRecipe(text, recipe, overrides)));
  }

}  // TEST_SUITE

}  // namespace tingle::synth
