/*
 * espeak_timings: speech from espeak-ng with the exact time of every phone.
 *
 * espeak-ng has no command-line option for phone timings, so this program
 * drives libespeak-ng directly: synchronous synthesis, phoneme events in IPA,
 * one process for many utterances (initialisation is the slow part).
 *
 * Usage: espeak_timings OUT_DIR [DATA_PATH] < lines
 *   stdin:  one utterance per line, "VOICE<TAB>TEXT" (UTF-8), e.g.
 *           "en-us+f3\tThe weather is mild today."
 *   OUT_DIR receives NNNNNN.wav per line (16-bit PCM mono at espeak's rate),
 *           NNNNNN the 0-based line index.
 *   stdout: one JSON object per input line, in order:
 *     {"index":0,"voice":"en-us+f3","sampleRate":22050,"samples":39512,
 *      "wav":"000000.wav",
 *      "phones":[{"ipa":"ð","start":0.000000,"ms":0},...],
 *      "words":[{"start":0.000000,"ms":0,"pos":1,"len":3},...],
 *      "ends":[1.791927,...]}
 *   or, when the line cannot be synthesised,
 *     {"index":3,"voice":"xx","error":"unknown voice"}
 *
 * Times. espeak-ng stamps each event with `sample`, the number of output
 * samples written before it (counted from the start of the espeak_Synth call
 * in synchronous mode), and `audio_position`, the same instant in whole ms.
 * "start" is sample / sampleRate in seconds (sample-exact); "ms" is the raw
 * audio_position, kept for reference. A phone's end is the next phone's start;
 * the last one ends at samples / sampleRate. "ends" are the clause/sentence
 * end events (espeakEVENT_END). Phone names are espeak-ng's IPA strings as
 * reported (at most 8 bytes; a name cut inside a UTF-8 sequence is trimmed),
 * stress marks included; the JavaScript wrapper normalises them.
 *
 * Build: cc -O2 -Wall -Wextra -o espeak_timings espeak_timings.c -lespeak-ng
 * Licence note: libespeak-ng is GPL-3.0-or-later; so is a binary linked to it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <espeak-ng/speak_lib.h>

/* Separator espeak_TextToPhonemes writes between phonemes (bits 8-23 of its
 * phonememode); '|' never occurs inside an IPA phoneme name. */
#define PHONEME_SEPARATOR '|'

typedef struct {
  int type;
  int sample;
  int ms;
  int pos;
  int len;
  char name[9];
} Event;

static short *g_samples;
static size_t g_nsamples, g_capsamples;
static Event *g_events;
static size_t g_nevents, g_capevents;
static int g_oom;

static void *grow(void *ptr, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return ptr;
  size_t cap2 = *cap ? *cap : 1024;
  while (cap2 < need) cap2 *= 2;
  void *p = realloc(ptr, cap2 * size);
  if (!p) {
    g_oom = 1;
    return ptr;
  }
  *cap = cap2;
  return p;
}

static int synth_callback(short *wav, int numsamples, espeak_EVENT *events) {
  if (wav && numsamples > 0) {
    g_samples = grow(g_samples, &g_capsamples, g_nsamples + (size_t)numsamples, sizeof(short));
    if (g_oom) return 1;
    memcpy(g_samples + g_nsamples, wav, (size_t)numsamples * sizeof(short));
    g_nsamples += (size_t)numsamples;
  }
  for (espeak_EVENT *e = events; e && e->type != espeakEVENT_LIST_TERMINATED; e++) {
    if (e->type != espeakEVENT_PHONEME && e->type != espeakEVENT_WORD && e->type != espeakEVENT_END &&
        e->type != espeakEVENT_SENTENCE && e->type != espeakEVENT_MSG_TERMINATED)
      continue;
    g_events = grow(g_events, &g_capevents, g_nevents + 1, sizeof(Event));
    if (g_oom) return 1;
    Event *ev = &g_events[g_nevents++];
    memset(ev, 0, sizeof *ev);
    ev->type = (int)e->type;
    ev->sample = e->sample;
    ev->ms = e->audio_position;
    ev->pos = e->text_position;
    ev->len = e->length;
    if (e->type == espeakEVENT_PHONEME) memcpy(ev->name, e->id.string, sizeof e->id.string); /* name[8] stays 0 */
  }
  return 0;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return len;
}

/* Writes s as a JSON string: escapes quotes, backslashes and controls; an
 * invalid UTF-8 byte becomes U+FFFD so the line stays valid JSON. With
 * trim_partial, an incomplete sequence at the very end is dropped instead
 * (espeak cuts phoneme names at 8 bytes). */
static void json_string(FILE *f, const char *str, size_t n, int trim_partial) {
  const unsigned char *s = (const unsigned char *)str;
  fputc('"', f);
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t len = utf8_len(s + i, n - i);
    if (len == 0) {
      if (trim_partial && c >= 0xC2 && c <= 0xF4) {
        /* a lead byte whose sequence runs past the end: drop the tail */
        size_t need = c <= 0xDF ? 2 : c <= 0xEF ? 3 : 4;
        if (i + need > n) break;
      }
      fputs("\\ufffd", f);
      i++;
      continue;
    }
    if (len == 1) {
      if (c == '"') fputs("\\\"", f);
      else if (c == '\\') fputs("\\\\", f);
      else if (c == '\n') fputs("\\n", f);
      else if (c == '\r') fputs("\\r", f);
      else if (c == '\t') fputs("\\t", f);
      else if (c < 0x20 || c == 0x7F) fprintf(f, "\\u%04x", c);
      else fputc((int)c, f);
    } else {
      fwrite(s + i, 1, len, f);
    }
    i += len;
  }
  fputc('"', f);
}

/* Selects a voice like the espeak-ng command line does: by file name
 * ("en-us+f3", "fr"), else by language ("fr-fr"), keeping a "+variant".
 * A language lookup must match exactly: espeak would otherwise fall back on a
 * neighbour (asking for "en-zz" gives English) and the label would lie. */
static int select_voice(const char *voice) {
  if (espeak_SetVoiceByName(voice) == EE_OK) return 0;
  char lang[128];
  const char *plus = strchr(voice, '+');
  size_t n = plus ? (size_t)(plus - voice) : strlen(voice);
  if (n == 0 || n >= sizeof lang) return -1;
  memcpy(lang, voice, n);
  lang[n] = '\0';
  espeak_VOICE want;
  memset(&want, 0, sizeof want);
  want.languages = lang;
  if (espeak_SetVoiceByProperties(&want) != EE_OK) return -1;
  espeak_VOICE *got = espeak_GetCurrentVoice();
  /* languages: a priority byte, then the language name */
  if (!got || !got->languages || strcasecmp(got->languages + 1, lang) != 0) return -1;
  if (!plus) return 0;
  if (!got->identifier) return -1;
  char full[256];
  if (snprintf(full, sizeof full, "%s%s", got->identifier, plus) >= (int)sizeof full) return -1;
  return espeak_SetVoiceByName(full) == EE_OK ? 0 : -1;
}

static void put_le16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v & 0xFF);
  p[1] = (unsigned char)((v >> 8) & 0xFF);
}

static void put_le32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)((v >> (8 * i)) & 0xFF);
}

static int write_wav(const char *path, const short *samples, size_t n, int rate) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  unsigned char h[44];
  uint32_t data = (uint32_t)(n * 2);
  memcpy(h, "RIFF", 4);
  put_le32(h + 4, 36 + data);
  memcpy(h + 8, "WAVEfmt ", 8);
  put_le32(h + 16, 16);
  put_le16(h + 20, 1); /* PCM */
  put_le16(h + 22, 1); /* mono */
  put_le32(h + 24, (uint32_t)rate);
  put_le32(h + 28, (uint32_t)rate * 2);
  put_le16(h + 32, 2);
  put_le16(h + 34, 16);
  memcpy(h + 36, "data", 4);
  put_le32(h + 40, data);
  int ok = fwrite(h, 1, sizeof h, f) == sizeof h;
  for (size_t i = 0; ok && i < n; i++) {
    unsigned char b[2];
    put_le16(b, (unsigned)(uint16_t)samples[i]);
    ok = fwrite(b, 1, 2, f) == 2;
  }
  if (fclose(f) != 0) ok = 0;
  return ok ? 0 : -1;
}

static void print_error(long index, const char *voice, size_t voice_len, const char *message) {
  printf("{\"index\":%ld,\"voice\":", index);
  json_string(stdout, voice, voice_len, 0);
  printf(",\"error\":");
  json_string(stdout, message, strlen(message), 0);
  printf("}\n");
  fflush(stdout);
}

static double seconds(const Event *e, int rate) {
  /* `sample` is sample-exact; fall back on audio_position if it looks unset. */
  if (e->sample > 0 || e->ms == 0) return (double)e->sample / rate;
  return e->ms / 1000.0;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s OUT_DIR [ESPEAK_DATA_PATH] < \"VOICE<TAB>TEXT\" lines\n", argv[0]);
    return 2;
  }
  const char *outdir = argv[1];
  const char *data_path = argc == 3 ? argv[2] : NULL;
  int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path,
                               espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_PHONEME_IPA | espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0) {
    fprintf(stderr, "espeak_timings: espeak_Initialize failed (%d): espeak-ng data not found?\n", rate);
    return 1;
  }
  espeak_SetSynthCallback(synth_callback);

  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  long index = 0;
  char *current_voice = NULL;
  size_t pathcap = strlen(outdir) + 32;
  char *path = malloc(pathcap);
  if (!path) return 1;

  while ((got = getline(&line, &cap, stdin)) != -1) {
    size_t n = (size_t)got;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    long idx = index++;
    char *tab = memchr(line, '\t', n);
    if (!tab) {
      print_error(idx, "", 0, "expected VOICE<TAB>TEXT");
      continue;
    }
    *tab = '\0';
    const char *voice = line;
    const char *text = tab + 1;
    size_t voice_len = (size_t)(tab - line);
    if (voice_len == 0) {
      print_error(idx, voice, voice_len, "empty voice");
      continue;
    }
    if (*text == '\0') {
      print_error(idx, voice, voice_len, "empty text");
      continue;
    }
    if (!current_voice || strcmp(current_voice, voice) != 0) {
      free(current_voice);
      current_voice = NULL;
      if (select_voice(voice) != 0) {
        print_error(idx, voice, voice_len, "unknown voice");
        continue;
      }
      current_voice = strdup(voice);
    }

    /* The IPA transcription, clause by clause, phonemes separated: phoneme
     * events carry no stress marks or tones, the transcription does. It is
     * made before synthesis; both read the same text with the same voice. */
    printf("{\"index\":%ld,\"voice\":", idx);
    json_string(stdout, voice, voice_len, 0);
    espeak_VOICE *cur = espeak_GetCurrentVoice();
    if (cur && cur->identifier) {
      printf(",\"identifier\":");
      json_string(stdout, cur->identifier, strlen(cur->identifier), 0);
    }
    printf(",\"transcription\":[");
    const void *tp = text;
    for (int k = 0; tp != NULL; k++) {
      const char *clause = espeak_TextToPhonemes(&tp, espeakCHARS_UTF8, espeakPHONEMES_IPA | (PHONEME_SEPARATOR << 8));
      if (k > 0) putchar(',');
      json_string(stdout, clause ? clause : "", clause ? strlen(clause) : 0, 0);
    }
    putchar(']');

    g_nsamples = 0;
    g_nevents = 0;
    g_oom = 0;
    espeak_ERROR err = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    if (err != EE_OK || g_oom) {
      printf(",\"error\":\"%s\"}\n", g_oom ? "out of memory" : "espeak_Synth failed");
      fflush(stdout);
      continue;
    }
    snprintf(path, pathcap, "%s/%06ld.wav", outdir, idx);
    if (write_wav(path, g_samples, g_nsamples, rate) != 0) {
      char msg[256];
      snprintf(msg, sizeof msg, "cannot write wav: %s", strerror(errno));
      printf(",\"error\":");
      json_string(stdout, msg, strlen(msg), 0);
      printf("}\n");
      fflush(stdout);
      continue;
    }

    printf(",\"sampleRate\":%d,\"samples\":%zu,\"wav\":\"%06ld.wav\",\"phones\":[", rate, g_nsamples, idx);
    int first = 1;
    for (size_t i = 0; i < g_nevents; i++) {
      const Event *e = &g_events[i];
      if (e->type != espeakEVENT_PHONEME) continue;
      printf("%s{\"ipa\":", first ? "" : ",");
      json_string(stdout, e->name, strlen(e->name), 1);
      printf(",\"start\":%.6f,\"ms\":%d}", seconds(e, rate), e->ms);
      first = 0;
    }
    printf("],\"words\":[");
    first = 1;
    for (size_t i = 0; i < g_nevents; i++) {
      const Event *e = &g_events[i];
      if (e->type != espeakEVENT_WORD) continue;
      printf("%s{\"start\":%.6f,\"ms\":%d,\"pos\":%d,\"len\":%d}", first ? "" : ",", seconds(e, rate), e->ms, e->pos, e->len);
      first = 0;
    }
    printf("],\"ends\":[");
    first = 1;
    for (size_t i = 0; i < g_nevents; i++) {
      const Event *e = &g_events[i];
      if (e->type != espeakEVENT_END) continue;
      printf("%s%.6f", first ? "" : ",", seconds(e, rate));
      first = 0;
    }
    printf("]}\n");
    fflush(stdout);
  }
  free(line);
  free(path);
  free(current_voice);
  free(g_samples);
  free(g_events);
  espeak_Terminate();
  return 0;
}
