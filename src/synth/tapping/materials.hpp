// What each tappable material rings like: mode ratio set, loss factor, stiffness, pitch.
//
// Each material is a typical object of that material: the mode ratios come from the
// textbook shape that object is closest to, and the decay of mode m follows the loss
// model sigma_m = pi f_m eta + sigma_support (1/s, amplitude decay rate): internal
// friction makes the decay rate proportional to frequency times the material's loss
// factor eta (Cremer, Heckl & Petersson, "Structure-Borne Sound", 3rd ed. 2005, ch. 3 and
// its loss-factor table; Wildes & Richards, "Recovering material properties from
// sound", 1988; Klatzky, Pai & Krotkov, "Perception of material from contact sounds",
// Presence 2000), plus a frequency-independent loss to whatever holds the object.
#pragma once

#include <span>
#include <string_view>

#include "core/units.hpp"
#include "synth/tapping/tapping_params.hpp"

namespace tingle::synth {

// How a mode's amplitude varies over the object's surface; see ModeWeight in
// tapped_object.hpp for the shape functions.
enum class ModeShape {
  kBeam,   // free-free bar, mode index `a` (0 = fundamental)
  kPanel,  // simply supported rectangular plate, `a` half-waves along x, `b` along y
  kRing,   // cylindrical shell / ring bending mode with `a` circumferential waves
  kDisc,   // free circular plate, `a` nodal diameters, `b` nodal circles
};

struct ModeSpec {
  double ratio;     // frequency / fundamental
  ModeShape shape;  // spatial shape family
  int a;            // first shape index (see ModeShape)
  int b;            // second shape index (see ModeShape)
  // The sin(a theta) partner of a degenerate pair of an axisymmetric object: it sits a
  // hair above its cos partner (TappedObject draws the split), and the two beat.
  bool quadrature;
};

struct MaterialSpec {
  std::span<const ModeSpec> modes;
  double loss_factor;          // eta, dimensionless
  double support_decay_per_s;  // sigma_support, 1/s
  double fundamental_hz_m;     // fundamental x size: f1 = this / size (metres)
  double youngs_modulus_gpa;   // surface stiffness seen by the striker (Hertz contact)
  double max_detune;           // per-object random mode mistuning, fraction (< 0.5 %)
  double max_pair_split;       // largest split of degenerate pairs, fraction
  // Level of the unresolved dense modes (DenseResidual) relative to the resolved ones:
  // small for a sparse, clear glass or metal object, large for a damped, dense box.
  double residual_level;
};

namespace materials_detail {

// Free-free Euler-Bernoulli bar: (beta_k L)^2 ratios with beta_k L = 4.7300, 7.8532,
// 10.9956, 14.1372, 17.2788, 20.4204, 23.5619, 26.7035 (Fletcher & Rossing, "The Physics
// of Musical Instruments", 2nd ed. 1998, ch. 2: 1 : 2.756 : 5.404 : 8.933 ...).
// A metal bar, rod or spoon handle.
inline constexpr ModeSpec kBeamModes[] = {
    {1.0000, ModeShape::kBeam, 0, 0, false},  {2.7565, ModeShape::kBeam, 1, 0, false},
    {5.4039, ModeShape::kBeam, 2, 0, false},  {8.9330, ModeShape::kBeam, 3, 0, false},
    {13.3443, ModeShape::kBeam, 4, 0, false}, {18.6379, ModeShape::kBeam, 5, 0, false},
    {24.8148, ModeShape::kBeam, 6, 0, false}, {31.8720, ModeShape::kBeam, 7, 0, false},
};

// Thin ring / cylindrical shell, inextensional bending: f_n ∝ n (n^2 - 1) / sqrt(n^2 + 1),
// n = 2..8 (Rayleigh, "The Theory of Sound" vol. 1, ch. 10; Fletcher & Rossing ch. 2; Rossing,
// "Wine glasses, bell modes and Lord Rayleigh", Phys. Teach. 1990). A glass jar or
// tumbler; every mode is a degenerate cos/sin pair split by the glass's imperfections.
inline constexpr ModeSpec kRingModes[] = {
    {1.0000, ModeShape::kRing, 2, 0, false},  {1.0000, ModeShape::kRing, 2, 0, true},
    {2.8284, ModeShape::kRing, 3, 0, false},  {2.8284, ModeShape::kRing, 3, 0, true},
    {5.4233, ModeShape::kRing, 4, 0, false},  {5.4233, ModeShape::kRing, 4, 0, true},
    {8.7705, ModeShape::kRing, 5, 0, false},  {8.7705, ModeShape::kRing, 5, 0, true},
    {12.8664, ModeShape::kRing, 6, 0, false}, {12.8664, ModeShape::kRing, 6, 0, true},
    {17.7088, ModeShape::kRing, 7, 0, false}, {17.7088, ModeShape::kRing, 7, 0, true},
    {23.2974, ModeShape::kRing, 8, 0, false}, {23.2974, ModeShape::kRing, 8, 0, true},
};

// Free circular plate, Poisson ratio 0.33: lambda^2 = 5.253 (2,0), 9.084 (0,1), 12.23
// (3,0), 20.52 (1,1), 21.6 (4,0), 33.06 (5,0), 35.25 (2,1), 38.55 (0,2) (Leissa,
// "Vibration of Plates", NASA SP-160, 1969, ch. 2; Fletcher & Rossing ch. 3: 1 : 1.73 :
// 2.33 : 3.91 : 4.11 : 6.30 : 6.71 : 7.34). A ceramic plate or saucer; modes with nodal
// diameters are degenerate pairs.
inline constexpr ModeSpec kDiscModes[] = {
    {1.0000, ModeShape::kDisc, 2, 0, false}, {1.0000, ModeShape::kDisc, 2, 0, true},
    {1.7293, ModeShape::kDisc, 0, 1, false}, {2.3282, ModeShape::kDisc, 3, 0, false},
    {2.3282, ModeShape::kDisc, 3, 0, true},  {3.9063, ModeShape::kDisc, 1, 1, false},
    {3.9063, ModeShape::kDisc, 1, 1, true},  {4.1119, ModeShape::kDisc, 4, 0, false},
    {4.1119, ModeShape::kDisc, 4, 0, true},  {6.2935, ModeShape::kDisc, 5, 0, false},
    {6.2935, ModeShape::kDisc, 5, 0, true},  {6.7105, ModeShape::kDisc, 2, 1, false},
    {6.7105, ModeShape::kDisc, 2, 1, true},  {7.3387, ModeShape::kDisc, 0, 2, false},
};

// Simply supported orthotropic rectangular plate (Leissa 1969, ch. 11, after Huber):
// f_mn ∝ sqrt(Dx (m/a)^4 + 2H (m/a)^2 (n/b)^2 + Dy (n/b)^4), lowest 12 modes, a mode
// dropped when within 4 % of the one below (they would merge at these loss factors).
// Wood: a box lid 1.6 times longer than wide, grain along the length, Dx/Dy = 10,
// H = 0.3 sqrt(Dx Dy) (stiffness ratios of solid softwood, Wood Handbook FPL-GTR-190,
// table 5-1). The ratios are irregular, as tapped wood sounds.
inline constexpr ModeSpec kWoodPanelModes[] = {
    {1.0000, ModeShape::kPanel, 1, 1, false},  {2.5044, ModeShape::kPanel, 1, 2, false},
    {2.9473, ModeShape::kPanel, 2, 1, false},  {4.0000, ModeShape::kPanel, 2, 2, false},
    {5.2251, ModeShape::kPanel, 1, 3, false},  {6.3387, ModeShape::kPanel, 3, 1, false},
    {7.1341, ModeShape::kPanel, 3, 2, false},  {9.0000, ModeShape::kPanel, 3, 3, false},
    {10.0175, ModeShape::kPanel, 2, 4, false}, {11.1131, ModeShape::kPanel, 4, 1, false},
    {11.7891, ModeShape::kPanel, 4, 2, false}, {13.3051, ModeShape::kPanel, 4, 3, false},
};

// Isotropic panel (Dx = Dy = H), aspect 1.3: the wall or lid of a plastic box.
inline constexpr ModeSpec kPlasticPanelModes[] = {
    {1.0000, ModeShape::kPanel, 1, 1, false},  {2.1152, ModeShape::kPanel, 2, 1, false},
    {2.8848, ModeShape::kPanel, 1, 2, false},  {3.9740, ModeShape::kPanel, 3, 1, false},
    {5.8587, ModeShape::kPanel, 3, 2, false},  {6.5762, ModeShape::kPanel, 4, 1, false},
    {7.1413, ModeShape::kPanel, 2, 3, false},  {8.4610, ModeShape::kPanel, 4, 2, false},
    {9.0000, ModeShape::kPanel, 3, 3, false},  {9.9219, ModeShape::kPanel, 5, 1, false},
    {10.4238, ModeShape::kPanel, 1, 4, false}, {11.5390, ModeShape::kPanel, 2, 4, false},
};

// Paperboard panel, aspect 1.25, machine/cross direction stiffness Dx/Dy = 2,
// H = 0.5 sqrt(Dx Dy) (typical MD/CD ratio of board, Baum et al., Tappi J. 1981): the
// side of a cardboard box.
inline constexpr ModeSpec kCardboardPanelModes[] = {
    {1.0000, ModeShape::kPanel, 1, 1, false},  {2.5509, ModeShape::kPanel, 2, 1, false},
    {2.7391, ModeShape::kPanel, 1, 2, false},  {4.0000, ModeShape::kPanel, 2, 2, false},
    {5.2644, ModeShape::kPanel, 3, 1, false},  {5.7466, ModeShape::kPanel, 1, 3, false},
    {6.4954, ModeShape::kPanel, 3, 2, false},  {6.8194, ModeShape::kPanel, 2, 3, false},
    {9.0000, ModeShape::kPanel, 3, 3, false},  {9.9793, ModeShape::kPanel, 1, 4, false},
    {10.9564, ModeShape::kPanel, 2, 4, false}, {12.4319, ModeShape::kPanel, 4, 3, false},
};

// Loss factors eta from Cremer, Heckl & Petersson (ch. 3) and Wildes & Richards:
// steel/aluminium 1e-4..6e-4, glass 6e-4..2e-3, porcelain ~3e-3, wood 8e-3..1.5e-2,
// acrylic/PVC 2e-2..4e-2, paperboard 5e-2..1e-1. Support decay: a light object held in
// the hand or resting on a table loses more to its support the softer and lighter it is.
// Fundamental x size: chosen so a 10 cm jar rings near 1.5 kHz, a 15 cm wooden box lid
// near 400 Hz, a 15 cm ceramic saucer near 900 Hz. Young's moduli across the surface:
// wood 1 GPa (radial), plastic 3 GPa, paperboard 0.2 GPa (out of plane).
inline constexpr MaterialSpec kMaterials[] = {
    // wood
    {kWoodPanelModes, 0.012, 12.0, 60.0, 1.0, 0.004, 0.0, 0.35},
    // glass
    {kRingModes, 0.0012, 1.0, 150.0, 70.0, 0.002, 0.006, 0.08},
    // plastic
    {kPlasticPanelModes, 0.03, 15.0, 70.0, 3.0, 0.004, 0.0, 0.3},
    // metal
    {kBeamModes, 0.0002, 0.4, 220.0, 200.0, 0.002, 0.0, 0.05},
    // ceramic
    {kDiscModes, 0.003, 2.0, 140.0, 100.0, 0.002, 0.006, 0.1},
    // cardboard
    {kCardboardPanelModes, 0.07, 25.0, 30.0, 0.2, 0.004, 0.0, 0.5},
};

}  // namespace materials_detail

inline const MaterialSpec& Material(TapMaterial material) {
  return materials_detail::kMaterials[static_cast<int>(material)];
}

// Nominal fundamental of an object of this material and size (geometric similarity:
// scaling every dimension by s scales every modal frequency by 1/s).
inline double FundamentalHz(const MaterialSpec& material, double size_cm) {
  return material.fundamental_hz_m / (size_cm * 0.01);
}

// A hand resting on the object (damping 0..1) adds a broadband loss: a constant decay
// rate plus a loss factor of its own, the soft tissue acting as a constrained damping
// layer (Cremer, Heckl & Petersson ch. 3).
inline constexpr double kHandDecayPerS = 40.0;
inline constexpr double kHandLossFactor = 0.02;

// Amplitude decay rate of a mode, 1/s: the loss model.
inline double ModeDecayRate(const MaterialSpec& material, double frequency_hz, double damping) {
  return kPi * frequency_hz * (material.loss_factor + damping * kHandLossFactor) +
         material.support_decay_per_s + damping * kHandDecayPerS;
}

// Time to decay by 60 dB, s: ln(1000) / decay rate.
inline double ModeT60Seconds(const MaterialSpec& material, double frequency_hz, double damping) {
  return 6.907755278982137 / ModeDecayRate(material, frequency_hz, damping);
}

}  // namespace tingle::synth
