// test_wav: the WAV decoder through the public C API, over the corpus in
// test/fixtures/wav (written by test/fixtures/wav/make_corpus.py) plus cases
// built here. Usage: test_wav <repo root>. One line per check; exit status 1
// when any check fails.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mouthpiece.h"

namespace {

int passed = 0;
int failed = 0;

void check(bool ok, const std::string &what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  (ok ? passed : failed)++;
}

std::vector<uint8_t> readFile(const std::string &path, bool *found = nullptr) {
  std::ifstream in(path, std::ios::binary);
  if (found != nullptr) *found = static_cast<bool>(in);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// ---- a JSON reader for the flat expected.json files --------------------------
// Grammar handled: an object whose values are objects of string or integer
// members: {"a.wav": {"k": "text", "n": 12}, ...}. Enough for make_corpus.py.
using Record = std::map<std::string, std::string>;
using Table = std::map<std::string, Record>;

struct Json {
  const std::string &s;
  size_t i = 0;
  bool ok = true;
  void ws() {
    while (i < s.size() && std::strchr(" \t\r\n", s[i]) != nullptr) ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) return ++i, true;
    return false;
  }
  std::string str() {
    std::string out;
    if (!eat('"')) return ok = false, out;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;  // \" and \\ only
      out += s[i++];
    }
    if (!eat('"')) ok = false;
    return out;
  }
  std::string scalar() {
    ws();
    if (i < s.size() && s[i] == '"') return str();
    std::string out;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-')) out += s[i++];
    if (out.empty()) ok = false;
    return out;
  }
  template <typename F>
  void object(F member) {
    if (!eat('{')) return void(ok = false);
    if (eat('}')) return;
    do {
      std::string key = str();
      if (!ok || !eat(':')) return void(ok = false);
      member(key);
    } while (ok && eat(','));
    if (!eat('}')) ok = false;
  }
};

Table readTable(const std::string &path) {
  bool found = false;
  const auto bytes = readFile(path, &found);
  const std::string text(bytes.begin(), bytes.end());
  Json j{text};
  Table t;
  j.object([&](const std::string &name) {
    j.object([&](const std::string &key) { t[name][key] = j.scalar(); });
  });
  check(found && j.ok && !t.empty(), "read " + path + " (" + std::to_string(t.size()) + " entries)");
  return t;
}

// ---- decoding helpers ----------------------------------------------------------

struct Result {
  mp_status status = MP_ERR_INTERNAL;
  std::string message;
  mp_audio_info info{};
  std::vector<float> samples;
};

// Decodes from an exactly sized heap copy, so a sanitizer sees any overread.
Result decode(const std::vector<uint8_t> &bytes, const mp_wav_params *params = nullptr) {
  std::unique_ptr<uint8_t[]> copy(bytes.empty() ? nullptr : new uint8_t[bytes.size()]);
  if (!bytes.empty()) std::memcpy(copy.get(), bytes.data(), bytes.size());
  mp_audio *audio = nullptr;
  Result r;
  r.status = mp_wav_decode(copy.get(), bytes.size(), params, &audio);
  r.message = mp_last_error();
  if (r.status == MP_OK && audio != nullptr) {
    mp_audio_get_info(audio, &r.info);
    const float *s = mp_audio_samples(audio);
    r.samples.assign(s, s + mp_audio_frame_count(audio));
    if (mp_audio_sample_rate(audio) != r.info.sample_rate) r.status = MP_ERR_INTERNAL;
  } else if (audio != nullptr) {
    r.status = MP_ERR_INTERNAL;  // an error must not hand out a handle
  }
  mp_audio_free(audio);
  return r;
}

std::string describe(const Result &r) {
  return std::string(mp_status_name(r.status)) + (r.message.empty() ? "" : ": " + r.message);
}

// ---- in-memory WAV builder -----------------------------------------------------

void put16(std::vector<uint8_t> &b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v & 0xFF));
  b.push_back(static_cast<uint8_t>((v >> 8) & 0xFF));
}
void put32(std::vector<uint8_t> &b, uint32_t v) {
  put16(b, v & 0xFFFF);
  put16(b, v >> 16);
}

// A 16-bit PCM header (RIFF + fmt + data header) declaring `dataSize` bytes.
std::vector<uint8_t> header16(uint16_t channels, uint32_t rate, uint32_t dataSize,
                              uint32_t riffSize) {
  std::vector<uint8_t> b;
  const uint32_t align = channels * 2u;
  b.insert(b.end(), {'R', 'I', 'F', 'F'});
  put32(b, riffSize);
  b.insert(b.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
  put32(b, 16);
  put16(b, 1);
  put16(b, channels);
  put32(b, rate);
  put32(b, rate * align);
  put16(b, align);
  put16(b, 16);
  b.insert(b.end(), {'d', 'a', 't', 'a'});
  put32(b, dataSize);
  return b;
}

// ---- the checks ----------------------------------------------------------------------

void badCorpus(const std::string &dir) {
  const Table table = readTable(dir + "/expected.json");
  for (const auto &entry : table) {
    const std::string &name = entry.first;
    const std::string want = entry.second.count("status") ? entry.second.at("status") : "?";
    const std::string mentions = entry.second.count("mentions") ? entry.second.at("mentions") : "?";
    bool found = false;
    const Result r = decode(readFile(dir + "/" + name, &found), nullptr);
    const bool ok = found && want == mp_status_name(r.status) &&
                    r.message.find(mentions) != std::string::npos;
    check(ok, "bad/" + name + " -> " + want + " mentioning \"" + mentions + "\"" +
                  (ok ? "" : " (got " + describe(r) + ")"));
  }
  int listed = 0, unlisted = 0;
  for (const auto &e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".wav") continue;
    ++listed;
    if (!table.count(e.path().filename().string())) {
      ++unlisted;
      std::printf("     %s has no expected.json entry\n", e.path().filename().string().c_str());
    }
  }
  check(unlisted == 0 && listed >= 25,
        "bad/ holds " + std::to_string(listed) + " files, all in expected.json");
}

unsigned num(const Record &r, const char *key) {
  return r.count(key) ? static_cast<unsigned>(std::stoul(r.at(key))) : 0xFFFFFFFFu;
}

void goodCorpus(const std::string &dir) {
  const Table table = readTable(dir + "/expected.json");
  for (const auto &entry : table) {
    const std::string &name = entry.first;
    const Record &want = entry.second;
    bool found = false;
    const Result r = decode(readFile(dir + "/" + name, &found), nullptr);
    const std::vector<float> expected =
        [&] {
          const auto b = readFile(dir + "/" + name.substr(0, name.size() - 4) + ".f32");
          std::vector<float> v(b.size() / 4);
          for (size_t i = 0; i < v.size(); ++i) {
            const uint32_t u = static_cast<uint32_t>(b[4 * i]) | (static_cast<uint32_t>(b[4 * i + 1]) << 8) |
                               (static_cast<uint32_t>(b[4 * i + 2]) << 16) |
                               (static_cast<uint32_t>(b[4 * i + 3]) << 24);
            std::memcpy(&v[i], &u, 4);
          }
          return v;
        }();
    if (!found || r.status != MP_OK) {
      check(false, "good/" + name + " decodes (got " + describe(r) + ")");
      continue;
    }
    const mp_audio_info &in = r.info;
    const bool infoOk = in.sample_rate == num(want, "rate") && in.channels == num(want, "channels") &&
                        in.bits_per_sample == num(want, "bits") && in.format == num(want, "format") &&
                        in.extensible == num(want, "extensible") &&
                        in.frame_count == num(want, "frames") && r.samples.size() == in.frame_count;
    char info[160];
    std::snprintf(info, sizeof info, "%u Hz, %u ch, %u bits, format %u, ext %u, %llu frames",
                  in.sample_rate, in.channels, in.bits_per_sample, in.format, in.extensible,
                  static_cast<unsigned long long>(in.frame_count));
    check(infoOk, "good/" + name + " info: " + info);
    // Integer formats must be bit-exact; float formats within 1e-7.
    const bool exact = in.format == 1;
    size_t bad = 0, first = 0;
    double worst = 0.0;
    if (expected.size() != r.samples.size()) {
      bad = 1;
    } else {
      for (size_t i = 0; i < expected.size(); ++i) {
        const double d = std::fabs(static_cast<double>(expected[i]) - r.samples[i]);
        const bool same = exact ? std::memcmp(&expected[i], &r.samples[i], 4) == 0 ||
                                      (expected[i] == 0.0f && r.samples[i] == 0.0f)
                                : d <= 1e-7;
        if (!same && bad++ == 0) first = i;
        worst = std::max(worst, d);
      }
    }
    char what[160];
    std::snprintf(what, sizeof what, "good/%s samples %s (%zu of %zu differ, first at %zu, max |diff| %.3g)",
                  name.c_str(), exact ? "bit-exact" : "within 1e-7", bad, expected.size(), first, worst);
    check(bad == 0, what);
  }
}

// Every prefix of a valid file must fail cleanly (or, past the chunks the
// decoder needs, decode to the same samples as the whole file).
void truncations(const std::string &path, bool allMustFail) {
  const auto bytes = readFile(path);
  const Result full = decode(bytes);
  size_t failures = 0, successes = 0, wrong = 0;
  for (size_t len = 0; len < bytes.size(); ++len) {
    const Result r = decode(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len)));
    if (r.status == MP_OK) {
      ++successes;
      if (allMustFail || r.samples != full.samples) ++wrong;
    } else {
      ++failures;
      const bool clean = (r.status == MP_ERR_TRUNCATED || r.status == MP_ERR_BAD_WAV) && !r.message.empty();
      if (!clean || (allMustFail && r.status != MP_ERR_TRUNCATED)) {
        if (wrong++ == 0) std::printf("     cut at %zu: %s\n", len, describe(r).c_str());
      }
    }
  }
  check(full.status == MP_OK && wrong == 0,
        "every truncation of " + std::filesystem::path(path).filename().string() + " (" +
            std::to_string(bytes.size()) + " lengths: " + std::to_string(failures) + " " +
            (allMustFail ? "TRUNCATED" : "clean failures") + ", " + std::to_string(successes) + " decoded)");
}

void inCode(const std::string &goodDir) {
  // 100 bytes declaring a 4 GB data chunk: TRUNCATED, nothing huge allocated.
  {
    auto b = header16(2, 16000, 0xFFFFFFF0u, 92);
    b.resize(100, 0x11);
    const Result r = decode(b);
    check(r.status == MP_ERR_TRUNCATED && r.message.find("data chunk size") != std::string::npos,
          "100-byte file declaring 4 GB of data -> TRUNCATED (" + describe(r) + ")");
  }
  // The same with the streaming placeholder: the 14 whole frames present.
  {
    auto b = header16(2, 16000, 0xFFFFFFFFu, 0xFFFFFFFFu);
    b.resize(100, 0x11);
    b[99] = 0x7F;  // 56 data bytes = 14 frames of 0x1111
    const Result r = decode(b);
    const float v = static_cast<float>(0x1111) / 32768.0f;
    const bool ok = r.status == MP_OK && r.samples.size() == 14 &&
                    std::all_of(r.samples.begin(), r.samples.end() - 1, [&](float s) { return s == v; });
    check(ok, "100-byte streaming file (sizes 0xFFFFFFFF) -> 14 frames (" + describe(r) + ")");
  }
  // Limits from mp_wav_params.
  {
    const auto bytes = readFile(goodDir + "/s_s16_stereo_16000.wav");
    mp_wav_params p = mp_wav_default_params();
    check(p.max_frames == 192000ull * 3600 && p.max_channels == 64, "default params");
    p.max_frames = 299;
    Result r = decode(bytes, &p);
    check(r.status == MP_ERR_TOO_LARGE && r.message.find("max_frames") != std::string::npos,
          "max_frames 299 on 300 frames -> TOO_LARGE (" + describe(r) + ")");
    p.max_frames = 300;
    r = decode(bytes, &p);
    check(r.status == MP_OK && r.samples.size() == 300, "max_frames 300 on 300 frames -> OK");
    p = mp_wav_default_params();
    p.max_channels = 1;
    r = decode(bytes, &p);
    check(r.status == MP_ERR_TOO_LARGE && r.message.find("'channels'") != std::string::npos,
          "max_channels 1 on stereo -> TOO_LARGE (" + describe(r) + ")");
  }
  // Arguments and messages.
  {
    mp_audio *a = nullptr;
    const uint8_t byte = 0;
    check(mp_wav_decode(nullptr, 10, nullptr, &a) == MP_ERR_INVALID_ARGUMENT && a == nullptr,
          "NULL data with size 10 -> INVALID_ARGUMENT");
    check(mp_wav_decode(&byte, 1, nullptr, nullptr) == MP_ERR_INVALID_ARGUMENT,
          "NULL out -> INVALID_ARGUMENT");
    check(mp_wav_decode(nullptr, 0, nullptr, &a) == MP_ERR_TRUNCATED && a == nullptr,
          "NULL data with size 0 -> TRUNCATED (empty file)");
    const Result r = decode(readFile(goodDir + "/s_s16_mono_44100.wav"));
    check(r.status == MP_OK && std::string(mp_last_error()).empty(), "success clears mp_last_error");
    check(std::string(mp_status_name(MP_ERR_BAD_WAV)) == "BAD_WAV" &&
              std::string(mp_status_name(MP_ERR_TRUNCATED)) == "TRUNCATED",
          "mp_status_name");
    mp_audio_info info{};
    check(mp_audio_get_info(nullptr, &info) == MP_ERR_INVALID_ARGUMENT && mp_audio_samples(nullptr) == nullptr &&
              mp_audio_frame_count(nullptr) == 0,
          "NULL audio handle accessors");
  }
  // Speed: 10 minutes of 48 kHz stereo 16-bit.
  {
    const uint32_t frames = 48000u * 600u;
    auto b = header16(2, 48000, frames * 4u, 36u + frames * 4u);
    b.resize(b.size() + static_cast<size_t>(frames) * 4u);
    for (size_t i = 44; i < b.size(); ++i) b[i] = static_cast<uint8_t>(i * 2654435761u >> 13);
    mp_audio *a = nullptr;
    const auto t0 = std::chrono::steady_clock::now();
    const mp_status s = mp_wav_decode(b.data(), b.size(), nullptr, &a);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const bool ok = s == MP_OK && mp_audio_frame_count(a) == frames;
    mp_audio_free(a);
    char what[128];
    std::snprintf(what, sizeof what, "10 min 48 kHz stereo 16-bit decodes in %.0f ms (bound 5000)", ms);
    check(ok && ms < 5000.0, what);
  }
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <repo root>\n", argv[0]);
    return 2;
  }
  const std::string root = std::string(argv[1]) + "/test/fixtures/wav";
  badCorpus(root + "/bad");
  goodCorpus(root + "/good");
  truncations(root + "/good/s_s16_stereo_16000.wav", true);
  truncations(root + "/good/s_s24_stereo_48000.wav", true);
  truncations(root + "/good/p_list_odd_pad.wav", false);
  truncations(root + "/good/p_data_before_fmt.wav", false);
  inCode(root + "/good");
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
