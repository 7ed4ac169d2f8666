// Contact force of one tap (Hunt-Crossley), fed to the modes as its first difference.
//
// The force of a striker meeting a surface is F = k x^alpha (1 + mu x'), x the
// compression: Hertz's elastic law with alpha = 3/2 plus a dissipation term that
// vanishes at first touch, so the force rises from zero without a step (Hunt & Crossley,
// "Coefficient of restitution interpreted as damping in vibroimpact", J. Appl. Mech.
// 1975; Avanzini & Rocchesso, "Modeling collision sounds: non-linear contact force",
// DAFx 2001, the Sound Design Toolkit's impact model). Its shape depends only on the
// dimensionless dissipation mu v0, so Prepare integrates it once and every tap plays it
// back stretched to its own contact time: a short pulse is broadband (a click), a long
// one only reaches the low modes (a thud).
//
// The modes receive the pulse's first difference, not the pulse: the bank then outputs
// surface velocity rather than displacement (the tapping texture compensates the
// difference's +6 dB/oct per mode), and because a difference telescopes, each tap's
// excitation sums to exactly zero: no tap leaves a DC offset however low the modes go.
#pragma once

#include <array>
#include <cmath>
#include <vector>

namespace tingle::synth {

class ImpactExciter {
 public:
  static constexpr int kTableSize = 256;

  // Integrates the normalised contact, x'' = -x^1.5 (1 + mu x') with x(0) = 0 and
  // x'(0) = 1 (1.5: Hertz's exponent for curved contacts), and stores its force,
  // area-normalised, over the contact. Allocates; call before Render. contact_damping =
  // mu >= 0.
  void Prepare(double contact_damping) {
    // Normalised time; the contact lasts about 3.2, some 3 300 steps. Fourth-order
    // Runge-Kutta is far more accurate than that needs: against steps ten times shorter the
    // table moves by under 0.06 % of its peak (mu from 0 to 3), almost all of it the
    // contact's end falling on a step, and a tapping layer starts 0.7 ms sooner.
    constexpr double kStep = 1.0e-3;
    // x^1.5 as x sqrt(x): a correctly rounded square root costs a few cycles where pow
    // cost some 20 ns (the table came out the same bits).
    const auto force = [contact_damping](double x, double v) {
      if (x <= 0.0) return 0.0;
      const double f = x * std::sqrt(x) * (1.0 + contact_damping * v);
      return f > 0.0 ? f : 0.0;
    };
    const auto acceleration = [&force](double x, double v) { return -force(x, v); };
    std::vector<double> samples;
    double x = 0.0;
    double v = 1.0;
    bool past_peak = false;
    double previous = 0.0;
    samples.push_back(0.0);
    double k1v = acceleration(x, v);
    for (int step = 0; step < 1000000; ++step) {
      // Classical fourth-order Runge-Kutta on (x, v).
      const double k1x = v;
      const double k2x = v + 0.5 * kStep * k1v;
      const double k2v = acceleration(x + 0.5 * kStep * k1x, k2x);
      const double k3x = v + 0.5 * kStep * k2v;
      const double k3v = acceleration(x + 0.5 * kStep * k2x, k3x);
      const double k4x = v + kStep * k3v;
      const double k4v = acceleration(x + kStep * k3x, k4x);
      x += kStep / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x);
      v += kStep / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
      const double f = force(x, v);
      k1v = -f;  // the next step's first slope, at the same (x, v)
      if (f < previous) past_peak = true;
      previous = f;
      samples.push_back(f);
      // Contact ends when the surfaces separate or the lossy force has fallen to zero.
      if (x <= 0.0 || (past_peak && f <= 0.0)) break;
    }
    samples.back() = 0.0;
    // Resample to the table over the contact's duration.
    const double last = static_cast<double>(samples.size() - 1);
    double area = 0.0;
    for (int i = 0; i <= kTableSize; ++i) {
      const double position = last * i / kTableSize;
      const auto index = static_cast<std::size_t>(position);
      const double fraction = position - static_cast<double>(index);
      const double next = index + 1 < samples.size() ? samples[index + 1] : 0.0;
      const double value = samples[index] + (next - samples[index]) * fraction;
      table_[static_cast<std::size_t>(i)] = static_cast<float>(value);
      area += (i == 0 || i == kTableSize) ? 0.5 * value : value;
    }
    area /= kTableSize;
    for (float& value : table_) value = static_cast<float>(static_cast<double>(value) / area);
    table_[kTableSize] = 0.0f;
    table_[kTableSize + 1] = 0.0f;  // guard for the interpolation at the very end
    Reset();
  }

  void Reset() {
    active_ = false;
    previous_force_ = 0.0f;
  }

  // Starts a contact. The first sample rendered after this call lies `first_elapsed`
  // frames (0 <= first_elapsed < 1) after the onset, which gives sub-sample onsets.
  // contact_frames > 1; impulse: the area under the force, in output units.
  void Strike(double first_elapsed, double contact_frames, double impulse) {
    step_ = 1.0 / contact_frames;
    phase_ = first_elapsed * step_;
    scale_ = static_cast<float>(impulse / contact_frames);
    previous_force_ = 0.0f;
    active_ = true;
  }

  bool active() const { return active_; }

  // Adds the force's first difference to out[from, to); stops when the contact ends.
  void Render(float* out, int from, int to) {
    if (!active_) return;
    double phase = phase_;
    for (int i = from; i < to; ++i) {
      float force = 0.0f;
      if (phase < 1.0) {
        const double position = phase * kTableSize;
        const auto index = static_cast<int>(position);
        const auto fraction = static_cast<float>(position - index);
        const float a = table_[static_cast<std::size_t>(index)];
        const float b = table_[static_cast<std::size_t>(index) + 1];
        force = scale_ * (a + (b - a) * fraction);
      }
      out[i] += force - previous_force_;
      previous_force_ = force;
      if (phase >= 1.0) {
        active_ = false;
        return;
      }
      phase += step_;
    }
    phase_ = phase;
  }

 private:
  std::array<float, kTableSize + 2> table_{};
  double phase_ = 0.0;  // contact phase (0..1) at the next sample to render
  double step_ = 0.0;   // contact phase per frame
  float scale_ = 0.0f;
  float previous_force_ = 0.0f;
  bool active_ = false;
};

}  // namespace tingle::synth
