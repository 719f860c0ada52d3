#include "MelFrontend.h"

#include <algorithm>
#include <cmath>

namespace mp {

namespace {
constexpr double kPi = 3.14159265358979323846;

double hzToMel(double f) { return 2595.0 * std::log10(1.0 + f / 700.0); }
double melToHz(double m) { return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0); }
}  // namespace

mp_feature_spec featureSpec() {
  mp_feature_spec s{};
  s.sample_rate = 16000;
  s.hop = 160;
  s.window = 400;
  s.fft_size = 512;
  s.bands = 64;
  s.fmin_hz = 20.0f;
  s.fmax_hz = 7600.0f;
  s.log_floor = 1e-6f;
  return s;
}

MelFrontend::MelFrontend() : fft_(featureSpec().fft_size), logFloor_(featureSpec().log_floor) {
  const mp_feature_spec spec = featureSpec();
  const std::size_t w = spec.window;
  const std::size_t nfft = spec.fft_size;
  window_.resize(w);
  for (std::size_t n = 0; n < w; ++n) {
    window_[n] = 0.5 - 0.5 * std::cos(2.0 * kPi * static_cast<double>(n) / static_cast<double>(w));
  }
  frame_.assign(nfft, 0.0);
  power_.assign(nfft / 2, 0.0f);

  // Filter bank in double, stored in float (models/features.md, "Mel filter bank").
  const std::size_t bands = spec.bands;
  const double lo = hzToMel(spec.fmin_hz), hi = hzToMel(spec.fmax_hz);
  std::vector<double> edges(bands + 2);
  for (std::size_t i = 0; i < bands + 2; ++i) {
    edges[i] = melToHz(lo + static_cast<double>(i) * (hi - lo) / static_cast<double>(bands + 1));
  }
  const double binHz = static_cast<double>(spec.sample_rate) / static_cast<double>(nfft);
  bandOffset_.push_back(0);
  for (std::size_t b = 0; b < bands; ++b) {
    std::size_t first = nfft;  // sentinel: no bin yet
    std::vector<float> ws;
    for (std::size_t k = 0; k < nfft / 2; ++k) {
      const double f = static_cast<double>(k) * binHz;
      const double up = (f - edges[b]) / (edges[b + 1] - edges[b]);
      const double down = (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1]);
      const double v = std::max(0.0, std::min(up, down));
      if (v > 0.0) {
        if (first == nfft) first = k;
        // Keep interior zeros (there are none for a triangle, but be exact).
        ws.resize(k - first + 1, 0.0f);
        ws[k - first] = static_cast<float>(v);
      }
    }
    bandStart_.push_back(first == nfft ? 0 : first);
    weights_.insert(weights_.end(), ws.begin(), ws.end());
    bandOffset_.push_back(weights_.size());
  }
}

void MelFrontend::compute(const float *samples, float *out) {
  const std::size_t w = window_.size();
  for (std::size_t n = 0; n < w; ++n) frame_[n] = window_[n] * static_cast<double>(samples[n]);
  // frame_[w..nfft) stays zero from construction.
  fft_.power(frame_.data(), power_.data());
  const std::size_t bands = bandStart_.size();
  for (std::size_t b = 0; b < bands; ++b) {
    const float *wts = weights_.data() + bandOffset_[b];
    const float *p = power_.data() + bandStart_[b];
    const std::size_t len = bandOffset_[b + 1] - bandOffset_[b];
    float e = 0.0f;
    for (std::size_t i = 0; i < len; ++i) e += wts[i] * p[i];
    out[b] = std::log(e + logFloor_);
  }
}

void MelFrontend::computeAll(const float *pcm, std::size_t n, float *out) {
  const std::size_t frames = static_cast<std::size_t>(featureFrameCount(n));
  const std::size_t w = window_.size();
  const std::size_t halfW = w / 2;
  const std::size_t hop = featureSpec().hop;
  std::vector<float> edge(w, 0.0f);
  for (std::size_t t = 0; t < frames; ++t) {
    const std::size_t c = t * hop;
    const bool inside = c >= halfW && c + halfW <= n;
    if (inside) {
      compute(pcm + (c - halfW), out + t * bands());
      continue;
    }
    // Frames that reach past either end read zeros there.
    for (std::size_t i = 0; i < w; ++i) {
      const std::size_t idx = c + i;  // index + halfW, so no negative values
      edge[i] = (idx >= halfW && idx - halfW < n) ? pcm[idx - halfW] : 0.0f;
    }
    compute(edge.data(), out + t * bands());
  }
}

}  // namespace mp
