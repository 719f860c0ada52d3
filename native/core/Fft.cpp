#include "Fft.h"

#include <cmath>

#include "Failure.h"

namespace mp {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

Fft::Fft(std::size_t n) : n_(n), half_(n / 2) {
  if (n < 4 || (n & (n - 1)) != 0) {
    fail(MP_ERR_INVALID_ARGUMENT, "Expected a power of two >= 4 for FFT size but received " +
                                      std::to_string(n));
  }
  std::size_t bits = 0;
  while ((std::size_t{1} << bits) < half_) ++bits;
  bitrev_.resize(half_);
  for (std::size_t i = 0; i < half_; ++i) {
    std::size_t r = 0;
    for (std::size_t b = 0; b < bits; ++b) r |= ((i >> b) & 1u) << (bits - 1 - b);
    bitrev_[i] = r;
  }
  twRe_.resize(half_ / 2);
  twIm_.resize(half_ / 2);
  for (std::size_t k = 0; k < half_ / 2; ++k) {
    const double a = -2.0 * kPi * static_cast<double>(k) / static_cast<double>(half_);
    twRe_[k] = std::cos(a);
    twIm_[k] = std::sin(a);
  }
  splitRe_.resize(half_);
  splitIm_.resize(half_);
  for (std::size_t k = 0; k < half_; ++k) {
    const double a = -2.0 * kPi * static_cast<double>(k) / static_cast<double>(n_);
    splitRe_[k] = std::cos(a);
    splitIm_[k] = std::sin(a);
  }
  re_.resize(half_);
  im_.resize(half_);
}

void Fft::power(const double *in, float *out) {
  const std::size_t m = half_;
  // Pack even samples as real, odd as imaginary, in bit-reversed order.
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t j = bitrev_[i];
    re_[j] = in[2 * i];
    im_[j] = in[2 * i + 1];
  }
  // Iterative radix-2 decimation in time.
  for (std::size_t len = 2; len <= m; len <<= 1) {
    const std::size_t halfLen = len >> 1;
    const std::size_t step = m / len;
    for (std::size_t start = 0; start < m; start += len) {
      for (std::size_t k = 0; k < halfLen; ++k) {
        const double wr = twRe_[k * step];
        const double wi = twIm_[k * step];
        const std::size_t a = start + k;
        const std::size_t b = a + halfLen;
        const double tr = re_[b] * wr - im_[b] * wi;
        const double ti = re_[b] * wi + im_[b] * wr;
        re_[b] = re_[a] - tr;
        im_[b] = im_[a] - ti;
        re_[a] += tr;
        im_[a] += ti;
      }
    }
  }
  // Split: X[k] = (Z[k] + conj Z[m-k]) / 2 + W^k (Z[k] - conj Z[m-k]) / (2i).
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t mk = (m - k) & (m - 1);
    const double zr = re_[k], zi = im_[k];
    const double cr = re_[mk], ci = -im_[mk];
    const double er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
    // (Z - conj Z') / (2i) = (dI - i dR) / 2 with d = Z - conj Z'.
    const double dr = zr - cr, di = zi - ci;
    const double or_ = 0.5 * di, oi = -0.5 * dr;
    const double xr = er + splitRe_[k] * or_ - splitIm_[k] * oi;
    const double xi = ei + splitRe_[k] * oi + splitIm_[k] * or_;
    out[k] = static_cast<float>(xr * xr + xi * xi);
  }
}

}  // namespace mp
