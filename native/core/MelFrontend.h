// MelFrontend: one feature frame (64 log-mel values) from 400 samples, exactly
// as models/features.md defines it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "Fft.h"
#include "mouthpiece.h"

namespace mp {

/** The feature definition's constants (models/features.md, version 1). */
mp_feature_spec featureSpec();

/** Frames for n samples at 16 kHz: ceil(n / hop). */
inline std::uint64_t featureFrameCount(std::uint64_t n) { return n / 160 + (n % 160 != 0 ? 1 : 0); }

/**
 * Computes one frame of log-mel features. Owns its FFT, window and filter
 * bank and reuses scratch buffers, so compute() never allocates. Not
 * thread-safe: one instance per session or per thread.
 */
class MelFrontend {
 public:
  MelFrontend();

  /** Samples one frame reads (the window length, 400). */
  std::size_t windowLength() const { return window_.size(); }
  /** Values one frame writes (the band count, 64). */
  std::size_t bands() const { return bandStart_.size(); }

  /**
   * `samples` points at x[c - 200], the first of the 400 samples of the
   * frame centred on sample c; writes bands() floats to `out`.
   */
  void compute(const float *samples, float *out);

  /** Features of a whole 16 kHz buffer (zero-padded at both ends). */
  void computeAll(const float *pcm, std::size_t n, float *out);

 private:
  Fft fft_;
  std::vector<double> window_;
  std::vector<double> frame_;  // windowed and zero-padded to the FFT size
  std::vector<float> power_;
  // The filter bank is sparse (each triangle spans a few bins): store each
  // band's first bin and its weights contiguously.
  std::vector<std::size_t> bandStart_;
  std::vector<std::size_t> bandOffset_;  // into weights_, size bands + 1
  std::vector<float> weights_;
  float logFloor_;
};

}  // namespace mp
