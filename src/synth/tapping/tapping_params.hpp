// The tapping texture's settings and the names behind its choice parameters.
#pragma once

#include <span>

#include "core/control.hpp"
#include "core/param_spec.hpp"

namespace tingle::synth {

// Order matches the choice lists in kTappingParams (tapping.cpp).
enum class TapMaterial { kWood, kGlass, kPlastic, kMetal, kCeramic, kCardboard };
enum class Striker { kNail, kFingertip };
enum class TapPattern { kSteady, kRandom, kGallop, kBursts };

struct TappingSettings {
  int material = 0;  // TapMaterial
  int striker = 0;   // Striker
  int pattern = 0;   // TapPattern
  Control size_cm;   // object size, cm: sets the pitch (modal frequencies ∝ 1 / size)
  Control rate;      // mean taps per second, 1/s
  Control humanize;  // 0..1: timing, velocity and position spread
  Control damping;   // 0..1: a hand muffling the object
  Control room;      // 0..1: how much of the room's diffuse tail the microphones hear
};

extern const std::span<const ParamSpec<TappingSettings>> kTappingParams;

}  // namespace tingle::synth
