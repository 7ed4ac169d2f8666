// Measurements the property tests assert on: levels, spectra, centroid, single frequencies.
#pragma once

#include <complex>
#include <vector>

namespace tingle::test {

// In-place FFT (data.size() a power of two; dsp::Fft, the project's one transform); the
// inverse leaves out the 1/N.
void Fft(std::vector<std::complex<double>>& data, bool inverse = false);

double Rms(const std::vector<float>& x);
double Peak(const std::vector<float>& x);  // largest |x|
double Mean(const std::vector<float>& x);
bool AllFinite(const std::vector<float>& x);
// Pearson correlation of two equal-length signals.
double Correlation(const std::vector<float>& a, const std::vector<float>& b);

// Welch power spectrum: Hann windows of `fft_size` (a power of two) at 50 % overlap,
// averaged. Bin k is at k * sample_rate / fft_size; fft_size / 2 + 1 bins.
std::vector<double> PowerSpectrum(const std::vector<float>& x, int fft_size);

// Mean power of the spectrum between two frequencies (bins whose centre lies inside).
double BandPower(const std::vector<double>& spectrum, double sample_rate, double low_hz,
                 double high_hz);

// Power-weighted mean frequency, Hz.
double SpectralCentroid(const std::vector<double>& spectrum, double sample_rate);

// Power of one frequency over the whole signal (Goertzel), normalised by length.
double GoertzelPower(const std::vector<float>& x, double frequency_hz, double sample_rate);

}  // namespace tingle::test
