/* The header's usage example, compiled as C99: proves mouthpiece.h is a
 * plain C header that a Unity, Unreal or Godot plugin can include, and that
 * the documented call sequence works end to end. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mouthpiece.h"

static int failures = 0;
static int passes = 0;
#define CHECK(cond, what)                      \
  do {                                         \
    if (cond) {                                \
      ++passes;                                \
    } else {                                   \
      ++failures;                              \
      printf("FAIL %s (%s)\n", what, mp_last_error()); \
    }                                          \
  } while (0)

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v & 0xffff); put16(p + 2, v >> 16); }

/* One second of a 440 Hz tone, 44.1 kHz stereo 16-bit, as WAV bytes. */
static uint8_t *make_wav(size_t *size) {
  const uint32_t rate = 44100, frames = 44100, channels = 2;
  const uint32_t data = frames * channels * 2;
  uint8_t *b = (uint8_t *)calloc(44 + data, 1);
  memcpy(b, "RIFF", 4); put32(b + 4, 36 + data); memcpy(b + 8, "WAVEfmt ", 8);
  put32(b + 16, 16); put16(b + 20, 1); put16(b + 22, (uint16_t)channels); put32(b + 24, rate);
  put32(b + 28, rate * channels * 2); put16(b + 32, (uint16_t)(channels * 2)); put16(b + 34, 16);
  memcpy(b + 36, "data", 4); put32(b + 40, data);
  for (uint32_t i = 0; i < frames; ++i) {
    const int16_t v = (int16_t)lrint(16000.0 * sin(2.0 * 3.14159265358979 * 440.0 * i / rate));
    for (uint32_t c = 0; c < channels; ++c) put16(b + 44 + (i * channels + c) * 2, (uint16_t)v);
  }
  *size = 44 + data;
  return b;
}

int main(void) {
  size_t size = 0;
  uint8_t *bytes = make_wav(&size);

  /* The example from the top of mouthpiece.h, call for call. */
  mp_audio *audio = NULL;
  CHECK(mp_wav_decode(bytes, size, NULL, &audio) == MP_OK, "decode");
  CHECK(mp_audio_frame_count(audio) == 44100 && mp_audio_sample_rate(audio) == 44100, "decoded shape");
  mp_session_params p = mp_session_default_params();
  p.input_sample_rate = mp_audio_sample_rate(audio);
  mp_session *s = NULL;
  CHECK(mp_session_create(&p, &s) == MP_OK, "create");
  CHECK(mp_session_push(s, mp_audio_samples(audio), mp_audio_frame_count(audio)) == MP_OK, "push");
  CHECK(mp_session_flush(s) == MP_OK, "flush");
  float feats[64 * 100];
  size_t n = 0, total = 0;
  uint64_t first = 0, expect = 0;
  while (mp_session_read(s, feats, 100, &n, &first) == MP_OK && n > 0) {
    CHECK(first == expect, "contiguous frame indices");
    expect += n;
    total += n;
  }
  CHECK(total == mp_feature_frame_count(mp_resample_length(44100, 44100, 16000)), "frame count for 1 s");
  mp_session_free(s);
  mp_audio_free(audio);

  /* Errors are status codes with a message, and NULL handles are safe. */
  bytes[22] = 0; /* channels = 0 */
  bytes[23] = 0;
  audio = NULL;
  const mp_status st = mp_wav_decode(bytes, size, NULL, &audio);
  CHECK(st == MP_ERR_BAD_WAV && audio == NULL, "zero channels rejected");
  CHECK(strstr(mp_last_error(), "channels") != NULL, "message names the field");
  CHECK(strcmp(mp_status_name(st), "BAD_WAV") == 0, "status name");
  mp_audio_free(NULL);
  mp_session_free(NULL);
  CHECK(mp_abi_version() == MP_ABI_VERSION, "ABI version");
  free(bytes);

  printf("%d passed, %d failed\n", passes, failures);
  return failures == 0 ? 0 : 1;
}
