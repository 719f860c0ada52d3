/*
 * mouthpiece.h - the one public C header of the Mouthpiece native core.
 *
 * Mouthpiece turns speech into facial animation. This header is the whole
 * native surface: the Node-API addon wraps it, and a Unity, Unreal or Godot
 * plugin would call exactly the same functions. It has no Node, CUDA or C++
 * types in it.
 *
 * Conventions
 * - Every handle is opaque and created by a *_create / *_decode call and
 *   released by the matching *_free call (which accepts NULL).
 * - Every fallible function returns an mp_status. On anything but MP_OK a
 *   human-readable message that names the bad field is available from
 *   mp_last_error() on the same thread until the next failing call there.
 * - Parameter structs are plain data: get defaults from *_default_params()
 *   and change only the fields you care about, so new fields added in later
 *   ABI versions keep old callers working.
 * - Audio is float32 PCM in [-1, 1]; interleaved when channels > 1.
 *
 * Thread-safety rule
 * - Functions on *different* handles may run concurrently on any threads.
 * - One handle must not be used by two threads at the same time; callers
 *   that share a handle serialise access themselves.
 * - mp_last_error() is thread-local.
 *
 * Usage example (decode a WAV file, stream it through a session):
 *
 *   mp_audio *audio = NULL;
 *   if (mp_wav_decode(bytes, size, NULL, &audio) != MP_OK) {
 *     fprintf(stderr, "bad wav: %s\n", mp_last_error());
 *     return 1;
 *   }
 *   mp_session_params p = mp_session_default_params();
 *   p.input_sample_rate = mp_audio_sample_rate(audio);
 *   mp_session *s = NULL;
 *   mp_session_create(&p, &s);
 *   mp_session_push(s, mp_audio_samples(audio), mp_audio_frame_count(audio));
 *   mp_session_flush(s);
 *   float feats[64 * 100];
 *   size_t n = 0;
 *   uint64_t first = 0;
 *   while (mp_session_read(s, feats, 100, &n, &first) == MP_OK && n > 0) {
 *     // frame first + i has timestamp (first + i) * 10 ms on the audio clock
 *   }
 *   mp_session_free(s);
 *   mp_audio_free(audio);
 */
#ifndef MOUTHPIECE_H
#define MOUTHPIECE_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(MOUTHPIECE_SHARED)
#define MP_API __declspec(dllexport)
#elif defined(__GNUC__)
#define MP_API __attribute__((visibility("default")))
#else
#define MP_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Bumped on any incompatible change of this header. */
#define MP_ABI_VERSION 1

/** Status codes. Stable numbers: bindings map them to error codes. */
typedef enum mp_status {
  MP_OK = 0,
  MP_ERR_INVALID_ARGUMENT = 1, /* NULL pointer, out-of-range parameter */
  MP_ERR_BAD_WAV = 2,          /* not a WAV file, or a header field is wrong */
  MP_ERR_UNSUPPORTED = 3,      /* a valid WAV encoding we do not decode */
  MP_ERR_TRUNCATED = 4,        /* data ends before a chunk or header does */
  MP_ERR_TOO_LARGE = 5,        /* would exceed the configured size limits */
  MP_ERR_BAD_AUDIO = 6,        /* NaN or infinite samples */
  MP_ERR_OUT_OF_MEMORY = 7,
  MP_ERR_STATE = 8, /* call not allowed now (e.g. push after flush) */
  MP_ERR_INTERNAL = 9
} mp_status;

/** ABI version this library was built with (compare to MP_ABI_VERSION). */
MP_API uint32_t mp_abi_version(void);
/** Library version, e.g. "0.1.0". Static storage. */
MP_API const char *mp_version_string(void);
/** Stable upper-case name of a status, e.g. "BAD_WAV". Static storage. */
MP_API const char *mp_status_name(mp_status status);
/** Message of the last failing call on this thread ("" if none). */
MP_API const char *mp_last_error(void);

/* ------------------------------------------------------------------ */
/* Build and device information                                        */
/* ------------------------------------------------------------------ */

/** Compile-time and run-time facts about this build. */
typedef struct mp_build_info {
  int cuda_compiled;     /* 1 if CUDA kernels were compiled in */
  int cuda_devices;      /* CUDA devices that answered at run time (0 if none) */
  char cuda_reason[160]; /* why CUDA is not usable, "" when it is */
  char simd[32];         /* instruction set the CPU kernels were built for */
} mp_build_info;

/** Fills *out. Probes CUDA once per process (cheap afterwards). */
MP_API mp_status mp_get_build_info(mp_build_info *out);

/* ------------------------------------------------------------------ */
/* Audio: WAV decoding                                                 */
/* ------------------------------------------------------------------ */

/** Limits that protect the decoder against absurd or hostile files. */
typedef struct mp_wav_params {
  uint64_t max_frames;    /* default 192000 * 3600 (1 h at 192 kHz) */
  uint32_t max_channels;  /* default 64 */
} mp_wav_params;

MP_API mp_wav_params mp_wav_default_params(void);

/** Decoded audio: mono float32 (all channels averaged) at the file's rate. */
typedef struct mp_audio mp_audio;

/** What the file declared, for reporting. */
typedef struct mp_audio_info {
  uint32_t sample_rate;     /* Hz */
  uint16_t channels;        /* in the file, before the mono mix */
  uint16_t bits_per_sample; /* container bits: 8, 16, 24, 32 or 64 */
  uint16_t format;          /* 1 = PCM integer, 3 = IEEE float */
  uint16_t extensible;      /* 1 if WAVE_FORMAT_EXTENSIBLE */
  uint64_t frame_count;     /* samples per channel */
} mp_audio_info;

/**
 * Decodes a RIFF/WAVE file held in memory. Accepts PCM 8 (unsigned),
 * 16, 24, 32-bit, IEEE float 32/64, any channel count (averaged to mono),
 * 8000..192000 Hz, WAVE_FORMAT_EXTENSIBLE, chunks in any order, pad bytes.
 * Rejects truncated, lying or absurd files with a status and a message
 * naming the field; never allocates more than the data can fill.
 * `params` may be NULL for the defaults.
 */
MP_API mp_status mp_wav_decode(const uint8_t *data, size_t size,
                               const mp_wav_params *params, mp_audio **out);
MP_API void mp_audio_free(mp_audio *audio);
MP_API const float *mp_audio_samples(const mp_audio *audio);
MP_API size_t mp_audio_frame_count(const mp_audio *audio);
MP_API uint32_t mp_audio_sample_rate(const mp_audio *audio);
MP_API mp_status mp_audio_get_info(const mp_audio *audio, mp_audio_info *out);

/* ------------------------------------------------------------------ */
/* Resampling                                                          */
/* ------------------------------------------------------------------ */

/**
 * Number of output samples mp_resample produces for `n` input samples:
 * ceil(n * out_rate / in_rate). Returns 0 and sets mp_last_error() when a
 * rate is outside 8000..192000 Hz.
 */
MP_API size_t mp_resample_length(size_t n, uint32_t in_rate, uint32_t out_rate);

/**
 * Band-limited (Kaiser-windowed sinc, polyphase) resampling of a whole
 * mono buffer. Output sample k sits at time k / out_rate, the same clock as
 * the input (the filter's delay is compensated). Rates 8000..192000 Hz.
 * `out` must hold mp_resample_length(n, in_rate, out_rate) floats.
 */
MP_API mp_status mp_resample(const float *in, size_t n, uint32_t in_rate,
                             uint32_t out_rate, float *out, size_t out_capacity,
                             size_t *out_written);

/* ------------------------------------------------------------------ */
/* Feature front end (see models/features.md for the definition)        */
/* ------------------------------------------------------------------ */

/** The model's input features, as defined in models/features.md. */
typedef struct mp_feature_spec {
  uint32_t sample_rate; /* 16000 */
  uint32_t hop;         /* 160 samples = 10 ms */
  uint32_t window;      /* 400 samples = 25 ms, periodic Hann */
  uint32_t fft_size;    /* 512 */
  uint32_t bands;       /* 64 mel bands */
  float fmin_hz;        /* 20 */
  float fmax_hz;        /* 7600 */
  float log_floor;      /* 1e-6, added before the natural log */
} mp_feature_spec;

MP_API mp_status mp_get_feature_spec(mp_feature_spec *out);

/** Frames produced for n samples at 16 kHz: ceil(n / hop). */
MP_API size_t mp_feature_frame_count(size_t n);

/**
 * Features of a whole 16 kHz mono buffer. Writes frame_count * bands floats,
 * frame-major. `out` must hold mp_feature_frame_count(n) * bands floats.
 */
MP_API mp_status mp_compute_features(const float *pcm16k, size_t n, float *out,
                                     size_t out_capacity, size_t *frames_written);

/* ------------------------------------------------------------------ */
/* Streaming sessions                                                  */
/* ------------------------------------------------------------------ */

typedef struct mp_session mp_session;

typedef struct mp_session_params {
  uint32_t input_sample_rate; /* Hz of pushed PCM, 8000..192000; default 16000 */
  uint32_t channels;          /* interleaved channels of pushed PCM; default 1 */
  uint64_t max_buffered_frames; /* push fails while this many frames are unread; default 360000 (1 h) */
} mp_session_params;

MP_API mp_session_params mp_session_default_params(void);
MP_API mp_status mp_session_create(const mp_session_params *params,
                                   mp_session **out);
MP_API void mp_session_free(mp_session *session);

/**
 * Pushes `n` sample frames (n * channels floats, interleaved) of any length.
 * Chunking never changes the output: any split of the same audio yields
 * bit-identical feature frames. NaN or infinite input fails with
 * MP_ERR_BAD_AUDIO and leaves the session unchanged. A caller that never
 * reads gets MP_ERR_TOO_LARGE once max_buffered_frames frames are unread
 * (one push may go past the limit: its frames are bounded by its length).
 */
MP_API mp_status mp_session_push(mp_session *session, const float *pcm, size_t n);

/** Ends the stream: pads with silence so every frame whose centre lies
 * inside the audio is emitted. Further pushes fail until mp_session_reset. */
MP_API mp_status mp_session_flush(mp_session *session);

/** Forgets all audio and frames; the clock restarts at zero. */
MP_API mp_status mp_session_reset(mp_session *session);

/** Frames computed but not read yet. */
MP_API size_t mp_session_frames_available(const mp_session *session);

/**
 * Moves up to `max_frames` frames (each `bands` floats) into `out`.
 * *first_index receives the index of the first frame written; frame i has
 * timestamp i * hop / 16000 seconds on the input's audio clock.
 */
MP_API mp_status mp_session_read(mp_session *session, float *out,
                                 size_t max_frames, size_t *frames_written,
                                 uint64_t *first_index);

#ifdef __cplusplus
}
#endif

#endif /* MOUTHPIECE_H */
