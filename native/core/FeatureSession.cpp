#include "FeatureSession.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "Failure.h"

namespace mp {

namespace {
constexpr std::int64_t kHalfWindow = 200;
constexpr std::int64_t kHop = 160;

void checkRate(std::uint32_t rate) {
  if (rate < 8000 || rate > 192000) {
    fail(MP_ERR_INVALID_ARGUMENT,
         "Expected input_sample_rate in 8000..192000 Hz but received " + std::to_string(rate));
  }
}
}  // namespace

FeatureSession::FeatureSession(const mp_session_params &params)
    : params_(params), bands_(featureSpec().bands) {
  checkRate(params.input_sample_rate);
  if (params.channels < 1 || params.channels > 64) {
    fail(MP_ERR_INVALID_ARGUMENT,
         "Expected channels in 1..64 but received " + std::to_string(params.channels));
  }
  if (params.max_buffered_frames < 1) {
    fail(MP_ERR_INVALID_ARGUMENT, "Expected max_buffered_frames >= 1 but received 0");
  }
  reset();
}

void FeatureSession::reset() {
  resampler_.reset();
  if (params_.input_sample_rate != featureSpec().sample_rate) {
    resampler_ = std::make_unique<Resampler>(params_.input_sample_rate, featureSpec().sample_rate);
  }
  flushed_ = false;
  buf_.assign(static_cast<std::size_t>(kHalfWindow), 0.0f);  // leading zero padding
  bufStart_ = -kHalfWindow;
  total16k_ = 0;
  nextFrame_ = 0;
  out_.clear();
  outRead_ = 0;
  outFirstIndex_ = 0;
}

void FeatureSession::push(const float *pcm, std::size_t frames) {
  if (flushed_) fail(MP_ERR_STATE, "push after flush: call reset() to start a new stream");
  if (frames == 0) return;
  if (pcm == nullptr) fail(MP_ERR_INVALID_ARGUMENT, "Expected PCM data but received NULL");
  const std::size_t ch = params_.channels;
  if (frames > SIZE_MAX / ch) fail(MP_ERR_INVALID_ARGUMENT, "push of " + std::to_string(frames) + " frames overflows");
  const std::size_t count = frames * ch;
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(pcm[i])) {
      fail(MP_ERR_BAD_AUDIO, "bad audio: sample " + std::to_string(i) + " of the chunk is " +
                                 (std::isnan(pcm[i]) ? "NaN" : "infinite"));
    }
  }
  // A caller who never reads gets an error instead of unbounded memory. One
  // push may go past the limit: its frames are bounded by its own length.
  if (framesAvailable() >= params_.max_buffered_frames) {
    fail(MP_ERR_TOO_LARGE, "session buffer full: " + std::to_string(framesAvailable()) +
                               " unread frames (max_buffered_frames " +
                               std::to_string(params_.max_buffered_frames) + "); read frames first");
  }

  const float *mono = pcm;
  if (ch > 1) {
    mono_.resize(frames);
    const float scale = 1.0f / static_cast<float>(ch);
    for (std::size_t f = 0; f < frames; ++f) {
      float s = 0.0f;
      for (std::size_t c = 0; c < ch; ++c) s += pcm[f * ch + c];
      mono_[f] = s * scale;
    }
    mono = mono_.data();
  }
  if (resampler_) {
    resampled_.clear();
    resampler_->process(mono, frames, resampled_);
    consume16k(resampled_.data(), resampled_.size());
  } else {
    consume16k(mono, frames);
  }
  emitReadyFrames(false);
}

void FeatureSession::flush() {
  if (flushed_) return;
  if (resampler_) {
    resampled_.clear();
    resampler_->flush(resampled_);
    consume16k(resampled_.data(), resampled_.size());
  }
  emitReadyFrames(true);
  flushed_ = true;
}

void FeatureSession::consume16k(const float *x, std::size_t n) {
  buf_.insert(buf_.end(), x, x + n);
  total16k_ += n;
}

void FeatureSession::emitReadyFrames(bool final) {
  const std::uint64_t frameTotal = featureFrameCount(total16k_);
  const std::size_t w = mel_.windowLength();
  for (;;) {
    const std::int64_t centre = static_cast<std::int64_t>(nextFrame_) * kHop;
    const std::int64_t end = centre + kHalfWindow;  // one past the last sample read
    const bool complete = end <= static_cast<std::int64_t>(total16k_);
    if (!complete && !(final && nextFrame_ < frameTotal)) break;
    if (!complete) {
      // End of stream: the spec's trailing zero padding.
      const std::size_t have = static_cast<std::size_t>(static_cast<std::int64_t>(total16k_) - bufStart_);
      buf_.resize(have + w, 0.0f);
    }
    const std::size_t offset = static_cast<std::size_t>(centre - kHalfWindow - bufStart_);
    const std::size_t at = out_.size();
    out_.resize(at + bands_);
    mel_.compute(buf_.data() + offset, out_.data() + at);
    ++nextFrame_;
  }
  // Drop samples no future frame reads; compact only when it pays off so the
  // erase cost stays amortised O(1) per sample.
  const std::int64_t keepFrom = static_cast<std::int64_t>(nextFrame_) * kHop - kHalfWindow;
  const std::int64_t drop = keepFrom - bufStart_;
  if (drop > 0 && static_cast<std::size_t>(drop) >= buf_.size() / 2 && drop > 4096) {
    buf_.erase(buf_.begin(), buf_.begin() + drop);
    bufStart_ = keepFrom;
  }
}

std::size_t FeatureSession::read(float *out, std::size_t maxFrames, std::uint64_t *firstIndex) {
  const std::size_t n = std::min(maxFrames, framesAvailable());
  if (firstIndex != nullptr) *firstIndex = outFirstIndex_;
  if (n == 0) return 0;
  if (out == nullptr) fail(MP_ERR_INVALID_ARGUMENT, "Expected an output buffer but received NULL");
  std::copy(out_.begin() + static_cast<std::ptrdiff_t>(outRead_),
            out_.begin() + static_cast<std::ptrdiff_t>(outRead_ + n * bands_), out);
  outRead_ += n * bands_;
  outFirstIndex_ += n;
  if (outRead_ == out_.size()) {
    out_.clear();
    outRead_ = 0;
  } else if (outRead_ > 65536 && outRead_ >= out_.size() / 2) {
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(outRead_));
    outRead_ = 0;
  }
  return n;
}

}  // namespace mp
