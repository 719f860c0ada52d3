// Fft: power spectrum of a real frame, for the feature front end.
#pragma once

#include <cstddef>
#include <vector>

namespace mp {

/**
 * Real-input FFT of a fixed power-of-two size N, computed as a complex FFT of
 * size N/2 plus the usual split step, so a 512-point frame costs one 256-point
 * complex transform, in double precision. Twiddles and bit-reversal tables are built once; power()
 * never allocates, so it is safe in the per-frame hot path.
 */
class Fft {
 public:
  /** Throws Failure(MP_ERR_INVALID_ARGUMENT) unless n is a power of two >= 4. */
  explicit Fft(std::size_t n);

  std::size_t size() const { return n_; }

  /**
   * Writes |X[k]|^2 for k = 0 .. N/2 - 1 (the Nyquist bin is not produced,
   * matching the feature definition) of the N real samples in `in`.
   * `in` and `out` must not overlap.
   */
  void power(const double *in, float *out);

 private:
  std::size_t n_;
  std::size_t half_;
  std::vector<std::size_t> bitrev_;
  // Double precision inside: in float, rounding noise from a loud bin
  // (|X| ~ 100) swamps quiet bands near the 1e-6 log floor and breaks the
  // 1e-4 parity target; doubles cost little at N = 512.
  std::vector<double> twRe_, twIm_;      // half-size transform twiddles
  std::vector<double> splitRe_, splitIm_;  // e^{-2 pi i k / N} for the split
  std::vector<double> re_, im_;          // work buffers, reused every frame
};

}  // namespace mp
