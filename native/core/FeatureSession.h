// FeatureSession: a stream of PCM chunks in, feature frames on the audio clock
// out. The model will later sit behind it; today its frames are log-mel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "MelFrontend.h"
#include "Resampler.h"
#include "mouthpiece.h"

namespace mp {

/**
 * Accepts interleaved float PCM of any chunk length at any supported rate,
 * mixes to mono, resamples to 16 kHz and emits feature frames. Any chunking
 * of the same audio gives bit-identical frames: the mono mix, the resampler
 * and each frame are pure functions of the samples, never of chunk edges.
 */
class FeatureSession {
 public:
  explicit FeatureSession(const mp_session_params &params);

  /** Validates the whole chunk before touching state (NaN leaves it intact). */
  void push(const float *pcm, std::size_t frames);
  void flush();
  void reset();

  std::size_t framesAvailable() const { return (out_.size() - outRead_) / bands_; }
  /** Moves up to maxFrames frames into out; returns the count, sets firstIndex. */
  std::size_t read(float *out, std::size_t maxFrames, std::uint64_t *firstIndex);

 private:
  void consume16k(const float *x, std::size_t n);
  void emitReadyFrames(bool final);

  mp_session_params params_;
  std::size_t bands_;
  MelFrontend mel_;
  std::unique_ptr<Resampler> resampler_;  // null when the input is 16 kHz
  bool flushed_ = false;
  std::vector<float> mono_;      // scratch: the mixed chunk
  std::vector<float> resampled_; // scratch: the chunk at 16 kHz
  // 16 kHz samples still needed by future frames. buf_[0] is sample number
  // bufStart_ (negative at the start: the spec's leading zero padding).
  std::vector<float> buf_;
  std::int64_t bufStart_ = 0;
  std::uint64_t total16k_ = 0;   // 16 kHz samples received
  std::uint64_t nextFrame_ = 0;  // index of the next frame to compute
  std::vector<float> out_;       // computed frames, frame-major
  std::size_t outRead_ = 0;      // floats of out_ already read
  std::uint64_t outFirstIndex_ = 0;  // frame index of out_[outRead_]
};

}  // namespace mp
