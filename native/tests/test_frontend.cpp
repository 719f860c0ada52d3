// Feature front end and streaming sessions, through the public C header:
// golden-vector parity, analytic checks, chunking invariance, bad input.
#include <cstdlib>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "TestSupport.h"
#include "mouthpiece.h"

using mptest::check;

namespace {

std::vector<float> features(const std::vector<float> &pcm) {
  std::vector<float> out(mp_feature_frame_count(pcm.size()) * 64);
  size_t frames = 0;
  const mp_status s = mp_compute_features(pcm.data(), pcm.size(), out.data(), out.size(), &frames);
  check(s == MP_OK, std::string("mp_compute_features ok: ") + mp_last_error());
  return out;
}

// Streams pcm through a session in chunks of the given sizes (cycled).
std::vector<float> streamed(const std::vector<float> &pcm, uint32_t rate, uint32_t channels,
                            const std::vector<size_t> &chunks, bool readEachTime) {
  mp_session_params p = mp_session_default_params();
  p.input_sample_rate = rate;
  p.channels = channels;
  mp_session *s = nullptr;
  check(mp_session_create(&p, &s) == MP_OK, "session create");
  std::vector<float> out;
  std::vector<float> tmp(64 * 4096);
  uint64_t expectIndex = 0;
  auto drain = [&] {
    size_t n = 0;
    uint64_t first = 0;
    while (mp_session_read(s, tmp.data(), 4096, &n, &first) == MP_OK && n > 0) {
      if (first != expectIndex) check(false, "frame indices are contiguous");
      expectIndex += n;
      out.insert(out.end(), tmp.begin(), tmp.begin() + static_cast<std::ptrdiff_t>(n * 64));
    }
  };
  const size_t total = pcm.size() / channels;
  size_t pos = 0, ci = 0;
  while (pos < total) {
    const size_t n = std::min(chunks[ci++ % chunks.size()], total - pos);
    if (mp_session_push(s, pcm.data() + pos * channels, n) != MP_OK) {
      check(false, std::string("push: ") + mp_last_error());
      break;
    }
    pos += n;
    if (readEachTime) drain();
  }
  check(mp_session_flush(s) == MP_OK, "flush");
  drain();
  mp_session_free(s);
  return out;
}

bool bitIdentical(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
}

void testGolden(const std::string &root) {
  const std::string dir = root + "/test/golden/";
  const auto index = mptest::readFile(dir + "index.json");
  check(!index.empty(), "golden index.json exists");
  // index.json lists names as "name": "..."; a tiny scan is enough here.
  const std::string text(index.begin(), index.end());
  size_t pos = 0;
  int cases = 0;
  double worst = 0;
  while ((pos = text.find("\"name\"", pos)) != std::string::npos) {
    const size_t q1 = text.find('"', text.find(':', pos) + 1);
    const size_t q2 = text.find('"', q1 + 1);
    const std::string name = text.substr(q1 + 1, q2 - q1 - 1);
    pos = q2;
    const auto in = mptest::readF32(dir + name + ".in.f32");
    const auto ref = mptest::readF32(dir + name + ".out.f32");
    const auto got = features(in);
    check(got.size() == ref.size(), "golden " + name + ": frame count");
    if (got.size() != ref.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < ref.size(); ++i) {
      const double tol = 1e-4 * std::max(1.0, std::fabs(static_cast<double>(ref[i])));
      const double d = std::fabs(static_cast<double>(got[i]) - ref[i]);
      worst = std::max(worst, d / tol);
      if (!(d <= tol)) ok = false;
    }
    check(ok, "golden " + name + " within 1e-4 * max(1, |ref|)");
    ++cases;
  }
  check(cases >= 5, "at least 5 golden cases");
  std::printf("golden: %d cases, worst |diff| / tolerance = %.3f\n", cases, worst);
}

void testAnalytic() {
  // Silence sits at the floor in every band.
  const auto silent = features(std::vector<float>(1600, 0.0f));
  bool floorOk = silent.size() == 10 * 64;
  for (float v : silent) floorOk = floorOk && std::fabs(v - std::log(1e-6f)) < 1e-5f;
  check(floorOk, "silence = ln(1e-6) in every band");
  // A 1 kHz tone peaks in the band whose centre is nearest 1 kHz.
  std::vector<float> tone(16000);
  for (size_t i = 0; i < tone.size(); ++i) tone[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * static_cast<double>(i) / 16000.0));
  const auto f = features(tone);
  const float *mid = f.data() + 50 * 64;
  int best = 0;
  for (int b = 1; b < 64; ++b) if (mid[b] > mid[best]) best = b;
  auto mel = [](double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); };
  auto hz = [](double m) { return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0); };
  int nearest = 0;
  double bestDist = 1e9;
  for (int b = 0; b < 64; ++b) {
    const double c = hz(mel(20) + (b + 1) * (mel(7600) - mel(20)) / 65.0);
    if (std::fabs(c - 1000) < bestDist) { bestDist = std::fabs(c - 1000); nearest = b; }
  }
  check(best == nearest, "1 kHz tone peaks in band " + std::to_string(nearest) + " (got " + std::to_string(best) + ")");
  check(mid[best] > 6.0f && mid[best] < 10.0f, "1 kHz tone level is plausible: " + std::to_string(mid[best]));
  // Frame counts.
  check(mp_feature_frame_count(0) == 0 && mp_feature_frame_count(1) == 1 && mp_feature_frame_count(160) == 1 &&
            mp_feature_frame_count(161) == 2,
        "frame count = ceil(n / 160)");
}

void testChunking() {
  std::mt19937 rng(1234);
  std::normal_distribution<float> noise(0.0f, 0.2f);
  for (uint32_t rate : {16000u, 44100u, 48000u, 8000u}) {
    for (uint32_t channels : {1u, 2u}) {
      std::vector<float> pcm(static_cast<size_t>(rate) * 13 / 10 * channels);
      for (auto &x : pcm) x = noise(rng);
      const auto whole = streamed(pcm, rate, channels, {pcm.size()}, false);
      std::uniform_int_distribution<size_t> len(1, 3000);
      for (int trial = 0; trial < 3; ++trial) {
        std::vector<size_t> chunks(64);
        for (auto &c : chunks) c = trial == 0 ? 1 : len(rng);
        const auto parts = streamed(pcm, rate, channels, chunks, trial != 2);
        check(bitIdentical(whole, parts), "chunked == whole, rate " + std::to_string(rate) + " ch " +
                                              std::to_string(channels) + " trial " + std::to_string(trial));
      }
      const size_t frames16k = mp_resample_length(pcm.size() / channels, rate, 16000);
      check(whole.size() == mp_feature_frame_count(frames16k) * 64, "stream frame count, rate " + std::to_string(rate));
      if (rate == 16000 && channels == 1) check(bitIdentical(whole, features(pcm)), "session == mp_compute_features");
    }
  }
}

void testBadInput() {
  mp_session *s = nullptr;
  mp_session_params p = mp_session_default_params();
  p.input_sample_rate = 7999;
  check(mp_session_create(&p, &s) == MP_ERR_INVALID_ARGUMENT && s == nullptr, "rate 7999 rejected");
  check(std::string(mp_last_error()).find("input_sample_rate") != std::string::npos, "message names input_sample_rate");
  p = mp_session_default_params();
  check(mp_session_create(&p, &s) == MP_OK, "create");
  std::vector<float> good(800, 0.1f), bad(800, 0.1f);
  bad[500] = NAN;
  check(mp_session_push(s, good.data(), good.size()) == MP_OK, "push good");
  const size_t before = mp_session_frames_available(s);
  check(mp_session_push(s, bad.data(), bad.size()) == MP_ERR_BAD_AUDIO, "NaN rejected");
  check(std::string(mp_last_error()).find("sample 500") != std::string::npos, "message names the sample");
  check(mp_session_frames_available(s) == before, "NaN push leaves the session unchanged");
  bad[500] = INFINITY;
  check(mp_session_push(s, bad.data(), bad.size()) == MP_ERR_BAD_AUDIO, "Inf rejected");
  check(mp_session_flush(s) == MP_OK, "flush");
  check(mp_session_push(s, good.data(), good.size()) == MP_ERR_STATE, "push after flush is a STATE error");
  check(mp_session_reset(s) == MP_OK && mp_session_frames_available(s) == 0, "reset clears");
  check(mp_session_push(s, good.data(), good.size()) == MP_OK, "push after reset");
  mp_session_free(s);
  check(mp_session_push(nullptr, good.data(), 1) == MP_ERR_INVALID_ARGUMENT, "NULL session");
  // Buffer limit: a caller who never reads gets TOO_LARGE, not unbounded
  // memory; one long push is fine, and reading makes room again.
  p.max_buffered_frames = 50;
  check(mp_session_create(&p, &s) == MP_OK, "create small");
  std::vector<float> second(16000, 0.0f);
  check(mp_session_push(s, second.data(), second.size()) == MP_OK, "one push past the limit is allowed");
  check(mp_session_push(s, second.data(), 160) == MP_ERR_TOO_LARGE, "buffer limit enforced while unread");
  check(std::string(mp_last_error()).find("max_buffered_frames 50") != std::string::npos, "message names the limit");
  std::vector<float> sink(64 * 200);
  size_t got = 0;
  uint64_t first = 0;
  check(mp_session_read(s, sink.data(), 200, &got, &first) == MP_OK && got > 90, "read drains");
  check(mp_session_push(s, second.data(), 160) == MP_OK, "push after reading");
  mp_session_free(s);
  // Invalid rates: status, not an exception through the C ABI.
  check(mp_resample_length(10, 16000, 0) == 0 && std::string(mp_last_error()).find("out_rate") != std::string::npos,
        "mp_resample_length rejects out_rate 0");
  std::vector<float> nanIn(100, 0.0f), out(100);
  nanIn[42] = NAN;
  size_t written = 0;
  check(mp_resample(nanIn.data(), nanIn.size(), 16000, 8000, out.data(), out.size(), &written) == MP_ERR_BAD_AUDIO,
        "mp_resample rejects NaN");
  // Many sessions: nothing leaks (ASan/LSan checks this in the sanitizer build).
  int ok = 0;
  for (int i = 0; i < 3000; ++i) {
    mp_session *t = nullptr;
    mp_session_params q = mp_session_default_params();
    q.input_sample_rate = i % 2 ? 44100 : 16000;
    if (mp_session_create(&q, &t) == MP_OK && mp_session_push(t, good.data(), good.size()) == MP_OK &&
        mp_session_flush(t) == MP_OK && mp_session_frames_available(t) > 0) {
      ++ok;
    }
    mp_session_free(t);
  }
  check(ok == 3000, "3000 sessions created, used and freed: " + std::to_string(ok) + " ok");
}

}  // namespace

int main(int argc, char **argv) {
  const std::string root = argc > 1 ? argv[1] : ".";
  check(mp_abi_version() == MP_ABI_VERSION, "ABI version");
  mp_build_info info{};
  check(mp_get_build_info(&info) == MP_OK, "build info");
  std::printf("cuda compiled %d, devices %d (%s), simd %s\n", info.cuda_compiled, info.cuda_devices, info.cuda_reason,
              info.simd);
  // On a GPU machine the build is asked to prove that the CUDA path is live,
  // not merely compiled: MOUTHPIECE_EXPECT_CUDA=1 turns the report into a check.
  const char *expectCuda = std::getenv("MOUTHPIECE_EXPECT_CUDA");
  if (expectCuda != nullptr && std::string(expectCuda) == "1") {
    check(info.cuda_compiled == 1, "CUDA compiled in (MOUTHPIECE_EXPECT_CUDA=1)");
    check(info.cuda_devices >= 1, std::string("a CUDA device answers: ") + info.cuda_reason);
  }
  testAnalytic();
  testGolden(root);
  testChunking();
  testBadInput();
  return mptest::finish();
}
