// The C ABI: the only place where C++ exceptions are turned into status codes
// and thread-local messages. Nothing thrown inside the core crosses this line.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "CudaProbe.h"
#include "Failure.h"
#include "FeatureSession.h"
#include "MelFrontend.h"
#include "Resampler.h"
#include "WavDecoder.h"
#include "mouthpiece.h"

struct mp_audio {
  mp::DecodedWav wav;
};

struct mp_session {
  explicit mp_session(const mp_session_params &p) : impl(p) {}
  mp::FeatureSession impl;
};

namespace {

thread_local std::string lastError;

mp_status setError(mp_status status, const std::string &message) {
  lastError = message;
  return status;
}

// Runs fn, mapping every exception to a status. Clears the message on success
// so a stale error is never reported for a call that worked.
template <typename Fn>
mp_status guarded(Fn &&fn) {
  try {
    fn();
    lastError.clear();
    return MP_OK;
  } catch (const mp::Failure &f) {
    return setError(f.status(), f.what());
  } catch (const std::bad_alloc &) {
    return setError(MP_ERR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return setError(MP_ERR_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return setError(MP_ERR_INTERNAL, "internal error: unknown exception");
  }
}

mp_status nullArg(const char *name) {
  return setError(MP_ERR_INVALID_ARGUMENT, std::string("Expected non-NULL ") + name + " but received NULL");
}

void checkRate(const char *name, uint32_t rate) {
  if (rate < 8000 || rate > 192000) {
    mp::fail(MP_ERR_INVALID_ARGUMENT, std::string("Expected ") + name +
                                          " in 8000..192000 Hz but received " + std::to_string(rate));
  }
}

// Same wording as the session's check, so every path names the sample alike.
void checkFinite(const float *x, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) {
      mp::fail(MP_ERR_BAD_AUDIO, "bad audio: sample " + std::to_string(i) + " is " + (std::isnan(x[i]) ? "NaN" : "infinite"));
    }
  }
}

}  // namespace

extern "C" {

uint32_t mp_abi_version(void) { return MP_ABI_VERSION; }

const char *mp_version_string(void) { return "0.1.0"; }

const char *mp_status_name(mp_status status) {
  switch (status) {
    case MP_OK: return "OK";
    case MP_ERR_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case MP_ERR_BAD_WAV: return "BAD_WAV";
    case MP_ERR_UNSUPPORTED: return "UNSUPPORTED";
    case MP_ERR_TRUNCATED: return "TRUNCATED";
    case MP_ERR_TOO_LARGE: return "TOO_LARGE";
    case MP_ERR_BAD_AUDIO: return "BAD_AUDIO";
    case MP_ERR_OUT_OF_MEMORY: return "OUT_OF_MEMORY";
    case MP_ERR_STATE: return "STATE";
    case MP_ERR_INTERNAL: return "INTERNAL";
  }
  return "UNKNOWN";
}

const char *mp_last_error(void) { return lastError.c_str(); }

mp_status mp_get_build_info(mp_build_info *out) {
  if (out == nullptr) return nullArg("out");
  return guarded([&] {
    const mp::CudaStatus &cuda = mp::cudaStatus();
    std::memset(out, 0, sizeof(*out));
    out->cuda_compiled = cuda.compiled ? 1 : 0;
    out->cuda_devices = cuda.devices;
    std::strncpy(out->cuda_reason, cuda.reason.c_str(), sizeof(out->cuda_reason) - 1);
#if defined(__AVX2__)
    const char *simd = "avx2";
#elif defined(__SSE2__) || defined(_M_X64)
    const char *simd = "sse2";
#elif defined(__ARM_NEON)
    const char *simd = "neon";
#else
    const char *simd = "scalar";
#endif
    std::strncpy(out->simd, simd, sizeof(out->simd) - 1);
  });
}

mp_wav_params mp_wav_default_params(void) {
  mp_wav_params p{};
  p.max_frames = static_cast<uint64_t>(192000) * 3600;
  p.max_channels = 64;
  return p;
}

mp_status mp_wav_decode(const uint8_t *data, size_t size, const mp_wav_params *params,
                        mp_audio **out) {
  if (out == nullptr) return nullArg("out");
  *out = nullptr;
  if (data == nullptr && size > 0) return nullArg("data");
  const mp_wav_params p = params != nullptr ? *params : mp_wav_default_params();
  return guarded([&] {
    auto audio = std::make_unique<mp_audio>();
    audio->wav = mp::decodeWav(data, size, p);
    *out = audio.release();
  });
}

void mp_audio_free(mp_audio *audio) { delete audio; }

const float *mp_audio_samples(const mp_audio *audio) {
  return audio != nullptr ? audio->wav.samples.data() : nullptr;
}

size_t mp_audio_frame_count(const mp_audio *audio) {
  return audio != nullptr ? audio->wav.samples.size() : 0;
}

uint32_t mp_audio_sample_rate(const mp_audio *audio) {
  return audio != nullptr ? audio->wav.info.sample_rate : 0;
}

mp_status mp_audio_get_info(const mp_audio *audio, mp_audio_info *out) {
  if (audio == nullptr) return nullArg("audio");
  if (out == nullptr) return nullArg("out");
  *out = audio->wav.info;
  lastError.clear();
  return MP_OK;
}

size_t mp_resample_length(size_t n, uint32_t in_rate, uint32_t out_rate) {
  size_t len = 0;
  // Returns 0 (with a message) for unsupported rates instead of throwing.
  guarded([&] {
    checkRate("in_rate", in_rate);
    checkRate("out_rate", out_rate);
    len = mp::Resampler::outputLength(n, in_rate, out_rate);
  });
  return len;
}

mp_status mp_resample(const float *in, size_t n, uint32_t in_rate, uint32_t out_rate, float *out,
                      size_t out_capacity, size_t *out_written) {
  if (out_written == nullptr) return nullArg("out_written");
  *out_written = 0;
  if (in == nullptr && n > 0) return nullArg("in");
  return guarded([&] {
    checkRate("in_rate", in_rate);
    checkRate("out_rate", out_rate);
    const size_t need = mp::Resampler::outputLength(n, in_rate, out_rate);
    checkFinite(in, n);
    if (out_capacity < need || (out == nullptr && need > 0)) {
      mp::fail(MP_ERR_INVALID_ARGUMENT, "Expected out_capacity >= " + std::to_string(need) +
                                            " but received " + std::to_string(out_capacity));
    }
    mp::Resampler r(in_rate, out_rate);
    std::vector<float> result;
    result.reserve(need);
    r.process(in, n, result);
    r.flush(result);
    if (result.size() != need) mp::fail(MP_ERR_INTERNAL, "resampler produced an unexpected length");
    std::copy(result.begin(), result.end(), out);
    *out_written = result.size();
  });
}

mp_status mp_get_feature_spec(mp_feature_spec *out) {
  if (out == nullptr) return nullArg("out");
  *out = mp::featureSpec();
  lastError.clear();
  return MP_OK;
}

size_t mp_feature_frame_count(size_t n) { return static_cast<size_t>(mp::featureFrameCount(n)); }

mp_status mp_compute_features(const float *pcm16k, size_t n, float *out, size_t out_capacity,
                              size_t *frames_written) {
  if (frames_written == nullptr) return nullArg("frames_written");
  *frames_written = 0;
  if (pcm16k == nullptr && n > 0) return nullArg("pcm16k");
  return guarded([&] {
    const size_t frames = mp_feature_frame_count(n);
    const size_t need = frames * mp::featureSpec().bands;
    if (out_capacity < need || (out == nullptr && need > 0)) {
      mp::fail(MP_ERR_INVALID_ARGUMENT, "Expected out_capacity >= " + std::to_string(need) +
                                            " but received " + std::to_string(out_capacity));
    }
    checkFinite(pcm16k, n);
    mp::MelFrontend mel;
    mel.computeAll(pcm16k, n, out);
    *frames_written = frames;
  });
}

mp_session_params mp_session_default_params(void) {
  mp_session_params p{};
  p.input_sample_rate = 16000;
  p.channels = 1;
  p.max_buffered_frames = 360000;
  return p;
}

mp_status mp_session_create(const mp_session_params *params, mp_session **out) {
  if (out == nullptr) return nullArg("out");
  *out = nullptr;
  const mp_session_params p = params != nullptr ? *params : mp_session_default_params();
  return guarded([&] { *out = new mp_session(p); });
}

void mp_session_free(mp_session *session) { delete session; }

mp_status mp_session_push(mp_session *session, const float *pcm, size_t n) {
  if (session == nullptr) return nullArg("session");
  return guarded([&] { session->impl.push(pcm, n); });
}

mp_status mp_session_flush(mp_session *session) {
  if (session == nullptr) return nullArg("session");
  return guarded([&] { session->impl.flush(); });
}

mp_status mp_session_reset(mp_session *session) {
  if (session == nullptr) return nullArg("session");
  return guarded([&] { session->impl.reset(); });
}

size_t mp_session_frames_available(const mp_session *session) {
  return session != nullptr ? session->impl.framesAvailable() : 0;
}

mp_status mp_session_read(mp_session *session, float *out, size_t max_frames,
                          size_t *frames_written, uint64_t *first_index) {
  if (session == nullptr) return nullArg("session");
  if (frames_written == nullptr) return nullArg("frames_written");
  *frames_written = 0;
  return guarded([&] { *frames_written = session->impl.read(out, max_frames, first_index); });
}

}  // extern "C"
