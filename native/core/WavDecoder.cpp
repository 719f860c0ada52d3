// WavDecoder.cpp - see WavDecoder.h for what is accepted and how samples are
// mixed. All offsets and sizes are uint64_t; every read is bounds-checked
// against the real buffer size before it happens.
#include "WavDecoder.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <new>
#include <string>

#include "Failure.h"

namespace mp {
namespace {

constexpr uint32_t kMinRate = 8000;
constexpr uint32_t kMaxRate = 192000;
constexpr uint16_t kTagPcm = 0x0001;
constexpr uint16_t kTagFloat = 0x0003;
constexpr uint16_t kTagExtensible = 0xFFFE;
constexpr uint32_t kSizePlaceholder = 0xFFFFFFFFu;
constexpr uint64_t kFmtMin = 16;         // WAVEFORMAT + wBitsPerSample
constexpr uint64_t kFmtExtensible = 40;  // WAVEFORMATEXTENSIBLE
constexpr uint16_t kCbSizeExtensible = 22;

// KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT are {000X0000-0000-0010-8000-00AA00389B71}:
// the first two bytes hold the format tag, the other fourteen are fixed.
constexpr uint8_t kGuidTail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                   0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

inline uint16_t rd16(const uint8_t *p) {
  return static_cast<uint16_t>(static_cast<unsigned>(p[0]) | (static_cast<unsigned>(p[1]) << 8));
}
inline uint32_t rd32(const uint8_t *p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
inline uint64_t rd64(const uint8_t *p) {
  return static_cast<uint64_t>(rd32(p)) | (static_cast<uint64_t>(rd32(p + 4)) << 32);
}

std::string num(uint64_t v) { return std::to_string(v); }

std::string hex(uint64_t v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llX", digits, static_cast<unsigned long long>(v));
  return buf;
}

bool isIdByte(uint8_t c) { return c >= 0x20 && c <= 0x7E; }

bool looksLikeId(const uint8_t *p) {
  return isIdByte(p[0]) && isIdByte(p[1]) && isIdByte(p[2]) && isIdByte(p[3]);
}

// A chunk header at `pos` whose id is printable and whose size fits the file
// (or is the streaming placeholder).
bool plausibleHeader(const uint8_t *data, uint64_t n, uint64_t pos) {
  if (pos > n || n - pos < 8 || !looksLikeId(data + pos)) return false;
  const uint32_t size = rd32(data + pos + 4);
  return size == kSizePlaceholder || size <= n - pos - 8;
}

// A chunk id for messages: printable characters as is, others as \xNN.
std::string idText(const uint8_t *p) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    if (isIdByte(p[i]) && p[i] != '\'' && p[i] != '\\') {
      s += static_cast<char>(p[i]);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(p[i]));
      s += buf;
    }
  }
  return "'" + s + "'";
}

const char *tagName(uint16_t tag) {
  switch (tag) {
    case 0x0000: return "unknown";
    case 0x0001: return "PCM";
    case 0x0002: return "Microsoft ADPCM";
    case 0x0003: return "IEEE float";
    case 0x0006: return "A-law";
    case 0x0007: return "mu-law";
    case 0x0011: return "IMA ADPCM";
    case 0x0031: return "GSM 6.10";
    case 0x0050: return "MPEG";
    case 0x0055: return "MPEG Layer 3";
    case 0x0092: return "Dolby AC-3 SPDIF";
    case 0x00FF: return "AAC";
    case 0x1610: return "HE-AAC";
    case 0xF1AC: return "FLAC";
    case 0xFFFE: return "WAVE_FORMAT_EXTENSIBLE";
    default: return "unknown";
  }
}

[[noreturn]] void badWav(const std::string &m) { fail(MP_ERR_BAD_WAV, "bad WAV: " + m); }
[[noreturn]] void unsupported(const std::string &m) {
  fail(MP_ERR_UNSUPPORTED, "unsupported WAV: " + m);
}
[[noreturn]] void truncated(const std::string &m) {
  fail(MP_ERR_TRUNCATED, "truncated WAV: " + m);
}
[[noreturn]] void tooLarge(const std::string &m) { fail(MP_ERR_TOO_LARGE, "WAV too large: " + m); }

struct Format {
  uint16_t tag = 0;  // effective: kTagPcm or kTagFloat
  uint16_t channels = 0;
  uint32_t rate = 0;
  uint16_t bits = 0;  // container bits
  uint16_t blockAlign = 0;
  bool extensible = false;
};

Format parseFmt(const uint8_t *p, uint64_t n, const mp_wav_params &params) {
  if (n < kFmtMin) {
    badWav("fmt chunk is " + num(n) + " bytes, need at least " + num(kFmtMin) +
           " (field 'fmt chunk size')");
  }
  Format f;
  const uint16_t tag = rd16(p);
  f.channels = rd16(p + 2);
  f.rate = rd32(p + 4);
  const uint32_t byteRate = rd32(p + 8);
  f.blockAlign = rd16(p + 12);
  f.bits = rd16(p + 14);

  if (f.channels == 0) badWav("fmt chunk declares 0 channels (field 'channels')");
  if (f.channels > params.max_channels) {
    tooLarge("fmt chunk declares " + num(f.channels) + " channels, the limit is " +
             num(params.max_channels) + " (field 'channels')");
  }
  if (f.rate == 0) badWav("fmt chunk declares a sample rate of 0 Hz (field 'sample_rate')");
  if (f.rate < kMinRate || f.rate > kMaxRate) {
    unsupported("sample rate " + num(f.rate) + " Hz is outside " + num(kMinRate) + ".." +
                num(kMaxRate) + " Hz (field 'sample_rate')");
  }

  uint16_t effective = tag;
  uint16_t validBits = 0;
  if (tag == kTagExtensible) {
    f.extensible = true;
    if (n < 18) {
      badWav("WAVE_FORMAT_EXTENSIBLE fmt chunk is " + num(n) +
             " bytes, too short to hold cbSize (field 'cbSize')");
    }
    const uint16_t cbSize = rd16(p + 16);
    if (cbSize < kCbSizeExtensible) {
      badWav("WAVE_FORMAT_EXTENSIBLE declares cbSize " + num(cbSize) + ", need at least " +
             num(kCbSizeExtensible) + " (field 'cbSize')");
    }
    if (n < kFmtExtensible) {
      badWav("WAVE_FORMAT_EXTENSIBLE fmt chunk is " + num(n) + " bytes, need " +
             num(kFmtExtensible) + " for cbSize " + num(cbSize) + " (field 'cbSize')");
    }
    validBits = rd16(p + 18);
    const uint8_t *guid = p + 24;
    if (std::memcmp(guid + 2, kGuidTail, sizeof kGuidTail) != 0) {
      std::string g;
      for (int i = 0; i < 16; ++i) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned>(guid[i]));
        g += buf;
      }
      unsupported("WAVE_FORMAT_EXTENSIBLE sub-format GUID bytes " + g +
                  " are not PCM or IEEE float (field 'subformat')");
    }
    effective = rd16(guid);
  }

  if (effective != kTagPcm && effective != kTagFloat) {
    unsupported(std::string(f.extensible ? "WAVE_FORMAT_EXTENSIBLE sub-format " : "format tag ") +
                hex(effective, 4) + " (" + tagName(effective) +
                ") is not decoded; only PCM (0x0001) and IEEE float (0x0003) are (field " +
                (f.extensible ? "'subformat')" : "'format_tag')"));
  }
  f.tag = effective;
  if (effective == kTagPcm) {
    if (f.bits != 8 && f.bits != 16 && f.bits != 24 && f.bits != 32) {
      unsupported("PCM with " + num(f.bits) +
                  " bits per sample; containers of 8, 16, 24 or 32 bits are decoded "
                  "(field 'bits_per_sample')");
    }
  } else if (f.bits != 32 && f.bits != 64) {
    unsupported("IEEE float with " + num(f.bits) +
                " bits per sample; 32 or 64 bits are decoded (field 'bits_per_sample')");
  }
  if (validBits > f.bits) {
    badWav("validBitsPerSample " + num(validBits) + " exceeds the " + num(f.bits) +
           "-bit container (field 'validBitsPerSample')");
  }
  const uint32_t expectAlign = static_cast<uint32_t>(f.channels) * (f.bits / 8u);
  if (f.blockAlign != expectAlign) {
    badWav("block_align is " + num(f.blockAlign) + " but " + num(f.channels) + " channels of " +
           num(f.bits) + " bits need " + num(expectAlign) + " (field 'block_align')");
  }
  const uint64_t expectRate = static_cast<uint64_t>(f.rate) * f.blockAlign;
  if (byteRate != expectRate) {
    badWav("byte_rate is " + num(byteRate) + " but " + num(f.rate) + " Hz * " +
           num(f.blockAlign) + " bytes per frame = " + num(expectRate) + " (field 'byte_rate')");
  }
  return f;
}

// Signed readers for each container; `int64_t` keeps sums exact.
inline int64_t s8(const uint8_t *p) { return static_cast<int64_t>(p[0]) - 128; }
inline int64_t s16(const uint8_t *p) {
  const int64_t u = rd16(p);
  return u - ((u & 0x8000) ? 0x10000 : 0);
}
inline int64_t s24(const uint8_t *p) {
  const int64_t u = static_cast<int64_t>(p[0]) | (static_cast<int64_t>(p[1]) << 8) |
                    (static_cast<int64_t>(p[2]) << 16);
  return u - ((u & 0x800000) ? 0x1000000 : 0);
}
inline int64_t s32(const uint8_t *p) {
  const int64_t u = rd32(p);
  return u - ((u & 0x80000000) ? (int64_t{1} << 32) : 0);
}
inline double f32(const uint8_t *p) {
  const uint32_t u = rd32(p);
  float v;
  std::memcpy(&v, &u, sizeof v);
  return static_cast<double>(v);
}
inline double f64(const uint8_t *p) {
  const uint64_t u = rd64(p);
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// mono[f] = float(sum_c x[f][c] / (channels * 2^(bits-1))): the sum is exact
// in int64 and double (|sum| < 2^47), so this is one correctly rounded
// division; dividing by a power of two is done as the exact multiplication.
template <int64_t (*Read)(const uint8_t *)>
void mixInt(const uint8_t *p, size_t frames, unsigned channels, unsigned bytes, unsigned bits,
            float *out) {
  const double divisor = static_cast<double>(channels) * std::ldexp(1.0, static_cast<int>(bits) - 1);
  const bool pow2 = (channels & (channels - 1)) == 0;
  const double inv = 1.0 / divisor;
  if (channels == 1) {
    for (size_t i = 0; i < frames; ++i, p += bytes) {
      out[i] = static_cast<float>(static_cast<double>(Read(p)) * inv);
    }
    return;
  }
  for (size_t i = 0; i < frames; ++i) {
    int64_t acc = 0;
    for (unsigned c = 0; c < channels; ++c, p += bytes) acc += Read(p);
    const double a = static_cast<double>(acc);
    out[i] = static_cast<float>(pow2 ? a * inv : a / divisor);
  }
}

[[noreturn]] void badSample(size_t frame, unsigned channels, unsigned c, double v) {
  const uint64_t index = static_cast<uint64_t>(frame) * channels + c;
  fail(MP_ERR_BAD_AUDIO, "bad audio: sample " + num(index) + " (frame " + num(frame) +
                             ", channel " + num(c) + ") is " +
                             (std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf")) +
                             " (field 'data')");
}

// mono[f] = float(clamp(sum_c x[f][c] / channels, -1, 1)), summed in double
// in channel order.
template <double (*Read)(const uint8_t *)>
void mixFloat(const uint8_t *p, size_t frames, unsigned channels, unsigned bytes, float *out) {
  const double ch = static_cast<double>(channels);
  for (size_t i = 0; i < frames; ++i) {
    double acc = 0.0;
    for (unsigned c = 0; c < channels; ++c, p += bytes) {
      const double v = Read(p);
      if (!std::isfinite(v)) badSample(i, channels, c, v);
      acc += v;
    }
    double m = channels == 1 ? acc : acc / ch;
    m = m > 1.0 ? 1.0 : (m < -1.0 ? -1.0 : m);
    out[i] = static_cast<float>(m);
  }
}

}  // namespace

DecodedWav decodeWav(const uint8_t *data, size_t size, const mp_wav_params &params) {
  if (data == nullptr && size != 0) {
    fail(MP_ERR_INVALID_ARGUMENT, "WAV data pointer is NULL but size is " + num(size) +
                                      " (field 'data')");
  }
  const uint64_t n = size;

  // ---- RIFF header ------------------------------------------------------
  if (n == 0) truncated("file is empty (field 'RIFF header')");
  if (n < 12) {
    const uint64_t head = n < 4 ? n : 4;
    if (std::memcmp(data, "RIFF", static_cast<size_t>(head)) != 0) {
      badWav("file does not start with 'RIFF' (field 'RIFF header')");
    }
    if (n > 8 && std::memcmp(data + 8, "WAVE", static_cast<size_t>(n - 8)) != 0) {
      badWav("RIFF form type is not 'WAVE' (field 'form type')");
    }
    truncated("file is " + num(n) + " bytes, shorter than the 12-byte RIFF header "
              "(field 'RIFF header')");
  }
  if (std::memcmp(data, "RIFF", 4) != 0) {
    if (std::memcmp(data, "RIFX", 4) == 0) {
      unsupported("big-endian 'RIFX' files are not decoded (field 'RIFF header')");
    }
    if (std::memcmp(data, "RF64", 4) == 0) {
      unsupported("'RF64' files are not decoded (field 'RIFF header')");
    }
    badWav("file starts with " + idText(data) + ", not 'RIFF' (field 'RIFF header')");
  }
  if (std::memcmp(data + 8, "WAVE", 4) != 0) {
    badWav("RIFF form type is " + idText(data + 8) + ", not 'WAVE' (field 'form type')");
  }
  // Streaming writers leave the RIFF size at 0 or 0xFFFFFFFF, others get it
  // wrong; the bytes actually present win. A plausible smaller size bounds
  // the chunk walk (ignoring trailing junk) unless fmt/data lie beyond it.
  const uint32_t riffSize = rd32(data + 4);
  const bool riffPlaceholder = riffSize == 0 || riffSize == kSizePlaceholder;
  uint64_t limit = n;
  if (!riffPlaceholder && riffSize >= 4 && 8 + static_cast<uint64_t>(riffSize) < n) {
    limit = 8 + static_cast<uint64_t>(riffSize);
  }

  // ---- chunk walk ---------------------------------------------------------
  bool haveFmt = false;
  bool haveData = false;
  Format fmt;
  uint64_t dataOff = 0;
  uint64_t dataLen = 0;
  uint64_t pos = 12;
  while (!(haveFmt && haveData)) {
    if (pos >= limit || limit - pos < 8) {
      if (limit < n) {  // fmt or data missing inside the RIFF size: look further
        limit = n;
        continue;
      }
      if (pos >= limit) break;
      truncated("chunk header at offset " + num(pos) + " has " + num(limit - pos) +
                " of 8 bytes (field 'chunk header')");
    }
    const uint8_t *h = data + pos;
    const uint32_t csize = rd32(h + 4);
    const uint64_t body = pos + 8;
    const uint64_t avail = n - body;
    const bool isData = std::memcmp(h, "data", 4) == 0;
    if (isData && !haveData) {
      haveData = true;
      dataOff = body;
      if (csize == kSizePlaceholder || (csize == 0 && riffPlaceholder)) {
        dataLen = avail;  // streaming placeholder: the data runs to the end
        pos = n;
        continue;
      }
      if (csize > avail) {
        truncated("data chunk at offset " + num(pos) + " declares " + num(csize) +
                  " bytes but only " + num(avail) + " remain (field 'data chunk size')");
      }
      dataLen = csize;
    } else {
      if (csize > avail) {
        truncated("chunk " + idText(h) + " at offset " + num(pos) + " declares " + num(csize) +
                  " bytes but only " + num(avail) + " remain (field '" +
                  (isData ? "data " : std::memcmp(h, "fmt ", 4) == 0 ? "fmt " : "") +
                  "chunk size')");
      }
      if (!haveFmt && std::memcmp(h, "fmt ", 4) == 0) {
        fmt = parseFmt(data + body, csize, params);
        haveFmt = true;
      }
    }
    pos = body + csize;
    if (csize & 1u) {
      // RIFF pads odd chunks to even length. Some writers omit the pad: keep
      // reading at the unpadded offset when the pad byte is not zero, a
      // plausible chunk header starts there and none starts after the pad.
      const bool padMissing = pos < n && data[pos] != 0 && plausibleHeader(data, n, pos) &&
                              !plausibleHeader(data, n, pos + 1);
      if (!padMissing) ++pos;  // may step past the end when the last pad is missing
    }
  }
  if (!haveFmt || !haveData) {
    const char *missing = !haveFmt ? "'fmt '" : "'data'";
    if (!riffPlaceholder && 8 + static_cast<uint64_t>(riffSize) > n) {
      truncated(std::string("no ") + missing + " chunk before the file ends at " + num(n) +
                " bytes, though the RIFF size declares " + num(8 + static_cast<uint64_t>(riffSize)) +
                " (field 'RIFF size')");
    }
    badWav(std::string("no ") + missing + " chunk in the file (field '" +
           (!haveFmt ? "fmt" : "data") + " chunk')");
  }

  // ---- samples ------------------------------------------------------------
  const unsigned channels = fmt.channels;
  const unsigned bytes = fmt.bits / 8u;
  const uint64_t frames64 = dataLen / fmt.blockAlign;  // a trailing partial frame is ignored
  if (frames64 > params.max_frames) {
    tooLarge("data chunk holds " + num(frames64) + " frames, the limit is " +
             num(params.max_frames) + " (field 'max_frames')");
  }
  if (frames64 > std::numeric_limits<size_t>::max() / sizeof(float)) {
    tooLarge("data chunk holds " + num(frames64) + " frames, more than memory can address "
             "(field 'max_frames')");
  }
  const size_t frames = static_cast<size_t>(frames64);

  DecodedWav out;
  try {
    out.samples.resize(frames);
  } catch (const std::bad_alloc &) {
    fail(MP_ERR_OUT_OF_MEMORY, "cannot allocate " + num(frames64) + " decoded samples");
  }
  const uint8_t *p = data + dataOff;
  float *dst = out.samples.data();
  if (fmt.tag == kTagPcm) {
    switch (fmt.bits) {
      case 8: mixInt<s8>(p, frames, channels, bytes, 8, dst); break;
      case 16: mixInt<s16>(p, frames, channels, bytes, 16, dst); break;
      case 24: mixInt<s24>(p, frames, channels, bytes, 24, dst); break;
      default: mixInt<s32>(p, frames, channels, bytes, 32, dst); break;
    }
  } else if (fmt.bits == 32) {
    mixFloat<f32>(p, frames, channels, bytes, dst);
  } else {
    mixFloat<f64>(p, frames, channels, bytes, dst);
  }

  out.info.sample_rate = fmt.rate;
  out.info.channels = fmt.channels;
  out.info.bits_per_sample = fmt.bits;
  out.info.format = fmt.tag;
  out.info.extensible = fmt.extensible ? 1 : 0;
  out.info.frame_count = frames64;
  return out;
}

}  // namespace mp
