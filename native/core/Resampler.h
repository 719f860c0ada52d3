// Resampler: band-limited rational polyphase resampling (Kaiser-windowed sinc)
// of a mono float stream. The TypeScript twin (src/audio/Resampler.ts)
// implements the same algorithm; keep the two in step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mp {

/**
 * Converts a mono stream from inRate to outRate (both 8000..192000 Hz).
 *
 * - Output sample k sits at time k / outRate on the input's clock: the filter
 *   is linear-phase and centred on input position k * inRate / outRate, so
 *   there is no group delay to correct downstream. Input before the start of
 *   the stream is zero.
 * - Passband flat to 0.4375 * min(inRate, outRate) (ripple well under
 *   0.1 dB), stopband from 0.5 * min(inRate, outRate) (designed for 80 dB).
 * - Chunking never changes the output: every output sample is computed by the
 *   same arithmetic from the same input samples, whatever the split.
 * - process() emits every output whose input support has arrived; flush()
 *   pads with zeros so that the total length is outputLength(totalIn).
 * - inRate == outRate passes samples through unchanged.
 *
 * Not thread-safe; one instance per stream.
 */
class Resampler {
 public:
  /** Throws Failure(MP_ERR_INVALID_ARGUMENT) for a rate outside 8000..192000. */
  Resampler(std::uint32_t inRate, std::uint32_t outRate);

  /** Appends to `out` every output sample that n more input samples complete. */
  void process(const float *in, std::size_t n, std::vector<float> &out);

  /** Appends the remaining outputs (zero-padded tail). After it only reset()
   * is allowed; process() or flush() throw Failure(MP_ERR_STATE). */
  void flush(std::vector<float> &out);

  /** Forgets the stream; the clock restarts at zero. Keeps the filter table. */
  void reset();

  std::uint32_t inRate() const { return inRate_; }
  std::uint32_t outRate() const { return outRate_; }
  /** Input samples of support on each side of an output's centre. */
  std::size_t halfWidth() const { return static_cast<std::size_t>(half_); }

  /** Output length for n input samples: ceil(n * outRate / inRate), exact. */
  static std::size_t outputLength(std::uint64_t n, std::uint32_t inRate,
                                  std::uint32_t outRate);

 private:
  void emit(std::uint64_t count, std::vector<float> &out);
  void compact();

  std::uint32_t inRate_;
  std::uint32_t outRate_;
  std::uint64_t up_ = 1;    // L = outRate / gcd
  std::uint64_t down_ = 1;  // M = inRate / gcd
  std::uint64_t phases_ = 1;  // P: rows of the table (plus one when interpolating)
  bool interpolate_ = false;  // true when L > kMaxPhases
  std::int64_t half_ = 0;     // H: taps reach input positions (centre - H, centre + H]
  std::size_t taps_ = 0;      // 2H, a multiple of 8
  std::vector<float> table_;  // row p = taps_ coefficients for fraction p / P

  // Stream state. hist_[j] is input sample number histStart_ + j; it starts
  // negative because the H - 1 samples before the stream are zeros.
  std::vector<float> hist_;
  std::int64_t histStart_ = 0;
  std::uint64_t totalIn_ = 0;
  std::uint64_t emitted_ = 0;   // outputs produced so far = index of the next
  std::int64_t nextInt_ = 0;    // floor(emitted_ * M / L)
  std::uint64_t nextRem_ = 0;   // (emitted_ * M) mod L
  bool flushed_ = false;
};

}  // namespace mp
