// test_resampler: measures the quality of mp::Resampler (passband ripple,
// stopband rejection, timing), and checks streaming invariance, output lengths,
// identity and argument validation. Prints one line per check with the
// measured numbers; exits nonzero if any check fails.
//
// Usage: test_resampler [repo-root]   (the root is not needed by this test)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "Failure.h"
#include "Resampler.h"

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kRippleLimitDb = 0.1;
constexpr double kRejectionLimitDb = -70.0;
constexpr double kAmplitude = 0.5;
constexpr double kPhase0 = 0.3;

int g_failures = 0;

void check(bool ok, const std::string &what) {
  std::printf("%s %s\n", ok ? "PASS" : "FAIL", what.c_str());
  if (!ok) ++g_failures;
}

std::string fmt(const char *f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

std::vector<float> runWhole(std::uint32_t in, std::uint32_t out, const std::vector<float> &x) {
  mp::Resampler r(in, out);
  std::vector<float> y;
  r.process(x.data(), x.size(), y);
  r.flush(y);
  return y;
}

std::vector<float> tone(std::uint32_t rate, double freq, std::size_t n) {
  std::vector<float> x(n);
  const double w = 2.0 * kPi * freq / rate;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<float>(kAmplitude * std::sin(w * static_cast<double>(i) + kPhase0));
  }
  return x;
}

// Least-squares fit y[k] ~ a cos(wk) + b sin(wk) over [k0, k1): returns the
// amplitude, the phase (of A sin(wk + phase)) and the residual RMS.
struct Fit {
  double amplitude;
  double phase;
  double residualRms;
};

Fit fitTone(const std::vector<float> &y, double w, std::size_t k0, std::size_t k1) {
  double scc = 0, sss = 0, scs = 0, syc = 0, sys = 0;
  for (std::size_t k = k0; k < k1; ++k) {
    const double c = std::cos(w * static_cast<double>(k));
    const double s = std::sin(w * static_cast<double>(k));
    scc += c * c;
    sss += s * s;
    scs += c * s;
    syc += y[k] * c;
    sys += y[k] * s;
  }
  const double det = scc * sss - scs * scs;
  const double a = (syc * sss - sys * scs) / det;
  const double b = (sys * scc - syc * scs) / det;
  double res = 0;
  for (std::size_t k = k0; k < k1; ++k) {
    const double e = y[k] - (a * std::cos(w * static_cast<double>(k)) + b * std::sin(w * static_cast<double>(k)));
    res += e * e;
  }
  return {std::hypot(a, b), std::atan2(a, b), std::sqrt(res / static_cast<double>(k1 - k0))};
}

double rmsOf(const std::vector<float> &y, std::size_t k0, std::size_t k1) {
  double s = 0;
  for (std::size_t k = k0; k < k1; ++k) s += static_cast<double>(y[k]) * y[k];
  return std::sqrt(s / static_cast<double>(k1 - k0));
}

double wrapPi(double a) {
  while (a > kPi) a -= 2 * kPi;
  while (a < -kPi) a += 2 * kPi;
  return a;
}

// (a) passband ripple, image/alias residual and tone timing; (b) stopband.
void measureQuality(std::uint32_t in, std::uint32_t out) {
  const double lower = std::min(in, out);
  const double passEdge = 0.4375 * lower;
  const std::size_t n = in / 4;  // 0.25 s per tone
  const std::size_t outLen = mp::Resampler::outputLength(n, in, out);
  // Steady state only: skip 10% at each end (the filter reaches <= 2.5 ms).
  const std::size_t k0 = outLen / 10;
  const std::size_t k1 = outLen - outLen / 10;

  std::vector<double> freqs = {50, 100, 200, 300, 500, 700};
  for (double f = 1000; f < passEdge; f += 250) freqs.push_back(f);
  freqs.push_back(passEdge - 50);
  freqs.push_back(passEdge);

  double worstRipple = 0, worstRippleAt = 0;
  double worstResidual = -400, worstResidualAt = 0;
  double worstTiming = 0, worstTimingAt = 0;
  for (double f : freqs) {
    const std::vector<float> y = runWhole(in, out, tone(in, f, n));
    const double w = 2.0 * kPi * f / out;
    const Fit fit = fitTone(y, w, k0, k1);
    const double rippleDb = 20.0 * std::log10(fit.amplitude / kAmplitude);
    const double residualDb = 20.0 * std::log10(std::max(fit.residualRms, 1e-20) / (kAmplitude / std::sqrt(2.0)));
    // Phase error turned into a time offset in output samples.
    const double timing = wrapPi(fit.phase - kPhase0) / w;
    if (std::fabs(rippleDb) > std::fabs(worstRipple)) {
      worstRipple = rippleDb;
      worstRippleAt = f;
    }
    if (residualDb > worstResidual) {
      worstResidual = residualDb;
      worstResidualAt = f;
    }
    if (std::fabs(timing) > std::fabs(worstTiming)) {
      worstTiming = timing;
      worstTimingAt = f;
    }
  }
  const std::string tag = std::to_string(in) + "->" + std::to_string(out);
  check(std::fabs(worstRipple) <= kRippleLimitDb,
        tag + ": passband 50.." + fmt("%.0f", passEdge) + " Hz, " + std::to_string(freqs.size()) +
            " tones: worst ripple " + fmt("%+.5f", worstRipple) + " dB at " + fmt("%.0f", worstRippleAt) +
            " Hz (limit +-0.1 dB)");
  check(worstResidual <= kRejectionLimitDb,
        tag + ": passband tones: worst residual after the tone (images, aliases, noise) " +
            fmt("%.1f", worstResidual) + " dB at " + fmt("%.0f", worstResidualAt) + " Hz (limit -70 dB)");
  check(std::fabs(worstTiming) <= 0.01,
        tag + ": passband tones: worst phase-derived time offset " + fmt("%+.6f", worstTiming) +
            " output samples at " + fmt("%.0f", worstTimingAt) + " Hz (limit 0.01)");

  if (in > out) {
    const double stopEdge = 0.5 * lower;
    std::vector<double> stops = {stopEdge, stopEdge + 50};
    for (double f = stopEdge + 250; f < in / 2.0; f += 250) stops.push_back(f);
    stops.push_back(in / 2.0 - 10);
    double worst = -400, worstAt = 0;
    for (double f : stops) {
      const std::vector<float> y = runWhole(in, out, tone(in, f, n));
      // Aliases land anywhere in the output band: measure all the energy.
      const double levelDb =
          20.0 * std::log10(std::max(rmsOf(y, k0, k1), 1e-20) / (kAmplitude / std::sqrt(2.0)));
      if (levelDb > worst) {
        worst = levelDb;
        worstAt = f;
      }
    }
    check(worst <= kRejectionLimitDb, tag + ": stopband " + fmt("%.0f", stopEdge) + ".." + fmt("%.0f", in / 2.0) +
                                          " Hz, " + std::to_string(stops.size()) + " tones: worst level " +
                                          fmt("%.1f", worst) + " dB at " + fmt("%.0f", worstAt) +
                                          " Hz (limit -70 dB)");
  }
}

// (c) An impulse placed exactly on an output instant must peak there, with a
// symmetric neighbourhood (linear phase, delay compensated).
void measureImpulse(std::uint32_t in, std::uint32_t out) {
  mp::Resampler probe(in, out);
  std::uint64_t g = in, b = out;
  while (b != 0) {
    const std::uint64_t t = g % b;
    g = b;
    b = t;
  }
  const std::uint64_t up = out / g, down = in / g;
  // Input sample n0 = j * M coincides with output k0 = j * L.
  std::uint64_t j = 1;
  while (j * down < 2000) ++j;
  const std::size_t n0 = static_cast<std::size_t>(j * down);
  const std::size_t k0 = static_cast<std::size_t>(j * up);
  std::vector<float> x(n0 + 4000, 0.f);
  x[n0] = 1.f;
  const std::vector<float> y = runWhole(in, out, x);
  std::size_t peak = 0;
  for (std::size_t k = 1; k < y.size(); ++k) {
    if (std::fabs(y[k]) > std::fabs(y[peak])) peak = k;
  }
  // Sub-sample peak by a parabola through the three largest samples.
  double frac = 0;
  if (peak > 0 && peak + 1 < y.size()) {
    const double a = y[peak - 1], c = y[peak], d = y[peak + 1];
    const double den = a - 2 * c + d;
    if (den != 0) frac = 0.5 * (a - d) / den;
  }
  const double lag = static_cast<double>(peak) + frac - static_cast<double>(k0);
  double asym = 0;
  for (std::size_t d = 1; d < 8 && d <= k0 && k0 + d < y.size(); ++d) {
    asym = std::max(asym, static_cast<double>(std::fabs(y[k0 + d] - y[k0 - d])));
  }
  const std::string tag = std::to_string(in) + "->" + std::to_string(out);
  check(std::fabs(lag) <= 0.5 && asym <= 1e-5,
        tag + ": impulse at input " + std::to_string(n0) + " peaks at output lag " + fmt("%+.6f", lag) +
            " samples (limit 0.5), max asymmetry " + fmt("%.2e", asym));
}

// (d) Any chunking gives bit-identical output; reset() restarts cleanly.
void checkChunking(std::uint32_t in, std::uint32_t out, std::mt19937_64 &rng) {
  const std::size_t n = in + 1237;  // ~1 s, not a round number
  std::vector<float> x(n);
  std::normal_distribution<float> noise(0.f, 0.3f);
  for (float &v : x) v = noise(rng);
  const std::vector<float> whole = runWhole(in, out, x);

  mp::Resampler r(in, out);
  bool ok = true;
  int trials = 0;
  for (int mode = 0; mode < 5; ++mode) {
    r.reset();
    std::vector<float> y;
    std::size_t pos = 0;
    while (pos < n) {
      std::size_t len;
      switch (mode) {
        case 0: len = 1; break;
        case 1: len = std::uniform_int_distribution<std::size_t>(1, 16)(rng); break;
        case 2: len = std::uniform_int_distribution<std::size_t>(1, 5000)(rng); break;
        case 3: len = std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? 0 : std::uniform_int_distribution<std::size_t>(1, 700)(rng); break;
        default: len = std::uniform_int_distribution<int>(0, 1)(rng) ? 1 : std::uniform_int_distribution<std::size_t>(100, 9000)(rng); break;
      }
      len = std::min(len, n - pos);
      r.process(len ? x.data() + pos : nullptr, len, y);
      pos += len;
    }
    r.flush(y);
    ++trials;
    ok = ok && y.size() == whole.size() && std::memcmp(y.data(), whole.data(), y.size() * sizeof(float)) == 0;
  }
  const std::string tag = std::to_string(in) + "->" + std::to_string(out);
  check(ok, tag + ": " + std::to_string(trials) + " random chunkings (1-sample, 1..16, 1..5000, with empty chunks, mixed) " +
                "bit-identical to one call (" + std::to_string(whole.size()) + " samples)");
}

// (e) Output length is ceil(n * out / in), streamed or computed.
void checkLengths(std::mt19937_64 &rng) {
  const std::uint32_t rates[] = {8000, 11025, 16000, 22050, 44100, 44101, 48000, 96000, 192000, 191999};
  std::vector<std::uint64_t> ns = {0, 1, 2, 3, 5, 7, 11, 100, 159, 160, 161, 441, 882, 1000, 44100, 44101};
  for (int i = 0; i < 20; ++i) ns.push_back(std::uniform_int_distribution<std::uint64_t>(0, 30000)(rng));
  bool ok = true;
  std::size_t cases = 0;
  std::string firstBad;
  std::vector<float> x(50000, 0.25f);
  for (std::uint32_t in : rates) {
    for (std::uint32_t out : {16000u, 8000u, 44100u, 192000u}) {
      mp::Resampler r(in, out);
      for (std::uint64_t n : ns) {
        const std::uint64_t expect = (n * out + in - 1) / in;
        const std::size_t computed = mp::Resampler::outputLength(n, in, out);
        r.reset();
        std::vector<float> y;
        // Two chunks, so the streaming path and flush both contribute.
        const std::size_t first = static_cast<std::size_t>(n / 3);
        r.process(x.data(), first, y);
        r.process(x.data() + first, static_cast<std::size_t>(n) - first, y);
        r.flush(y);
        ++cases;
        if (computed != expect || y.size() != expect) {
          if (ok) {
            firstBad = " first mismatch: " + std::to_string(in) + "->" + std::to_string(out) + " n=" + std::to_string(n) +
                       " expected " + std::to_string(expect) + " computed " + std::to_string(computed) + " streamed " +
                       std::to_string(y.size());
          }
          ok = false;
        }
      }
    }
  }
  // Huge counts must not overflow: 1 h at 192 kHz and far beyond.
  const std::uint64_t big = 192000ull * 3600 * 24 * 365;
  ok = ok && mp::Resampler::outputLength(big, 192000, 16000) == big / 12;
  ok = ok && mp::Resampler::outputLength(big + 1, 192000, 16000) == big / 12 + 1;
  const std::uint64_t q = big / 44101;
  ok = ok && mp::Resampler::outputLength(q * 44101, 44101, 16000) == q * 16000;
  ok = ok && mp::Resampler::outputLength(q * 44101 + 1, 44101, 16000) == q * 16000 + 1;
  check(ok, "lengths: " + std::to_string(cases) + " (rate pair, n) cases incl. n=0,1 stream and compute ceil(n*out/in)" +
                firstBad + "; 1-year count without overflow");
}

// (f) in == out is an exact pass-through.
void checkIdentity(std::mt19937_64 &rng) {
  bool ok = true;
  for (std::uint32_t rate : {8000u, 16000u, 44100u, 192000u}) {
    std::vector<float> x(12345);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    for (float &v : x) v = u(rng);
    x[7] = 1e-30f;  // denormal-ish values pass untouched too
    mp::Resampler r(rate, rate);
    std::vector<float> y;
    r.process(x.data(), 1000, y);
    r.process(x.data() + 1000, 1, y);
    r.process(x.data() + 1001, x.size() - 1001, y);
    r.flush(y);
    ok = ok && y.size() == x.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
  }
  check(ok, "identity: in == out (8000, 16000, 44100, 192000) passes samples through bit-exactly");
}

// A constant stays at exactly the same level (unit DC gain in every phase).
void checkDc() {
  double worst = 0;
  for (std::uint32_t in : {8000u, 11025u, 44100u, 44101u, 48000u, 192000u}) {
    const std::vector<float> y = runWhole(in, 16000, std::vector<float>(in / 2, 0.5f));
    for (std::size_t k = y.size() / 10; k < y.size() - y.size() / 10; ++k) {
      worst = std::max(worst, std::fabs(static_cast<double>(y[k]) - 0.5));
    }
  }
  check(worst <= 1e-5, "dc: constant 0.5 stays flat within " + fmt("%.2e", worst) + " (limit 1e-5)");
}

template <class F>
bool throwsWith(F f, mp_status status, const char *needle, std::string &msg) {
  try {
    f();
  } catch (const mp::Failure &e) {
    msg = e.what();
    return e.status() == status && msg.find(needle) != std::string::npos;
  }
  msg = "(no exception)";
  return false;
}

// (g) Invalid rates and misuse throw Failure with a message naming the field.
void checkErrors() {
  std::string m1, m2, m3, m4, m5, m6;
  bool ok = true;
  ok = throwsWith([] { mp::Resampler r(7, 16000); }, MP_ERR_INVALID_ARGUMENT, "'inRate'", m1) && ok;
  ok = throwsWith([] { mp::Resampler r(7999, 16000); }, MP_ERR_INVALID_ARGUMENT, "'inRate'", m1) && ok;
  ok = throwsWith([] { mp::Resampler r(192001, 16000); }, MP_ERR_INVALID_ARGUMENT, "'inRate'", m2) && ok;
  ok = throwsWith([] { mp::Resampler r(16000, 0); }, MP_ERR_INVALID_ARGUMENT, "'outRate'", m3) && ok;
  ok = throwsWith([] { (void)mp::Resampler::outputLength(10, 16000, 200000); }, MP_ERR_INVALID_ARGUMENT, "'outRate'", m4) && ok;
  ok = throwsWith(
           [] {
             mp::Resampler r(48000, 16000);
             std::vector<float> y;
             r.flush(y);
             const float v = 0.f;
             r.process(&v, 1, y);
           },
           MP_ERR_STATE, "flush", m5) &&
       ok;
  ok = throwsWith(
           [] {
             mp::Resampler r(48000, 16000);
             std::vector<float> y;
             r.process(nullptr, 3, y);
           },
           MP_ERR_INVALID_ARGUMENT, "'in'", m6) &&
       ok;
  // The extremes are accepted.
  bool edges = true;
  try {
    mp::Resampler a(8000, 192000), b(192000, 8000);
  } catch (...) {
    edges = false;
  }
  check(ok && edges, "errors: bad rates -> INVALID_ARGUMENT (\"" + m1 + "\", \"" + m3 + "\"), process after flush -> STATE, "
                     "8000/192000 accepted");
}

}  // namespace

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  std::mt19937_64 rng(20240611);
  const std::uint32_t inputs[] = {8000, 11025, 22050, 32000, 44100, 48000, 96000, 192000, 44101};
  for (std::uint32_t in : inputs) measureQuality(in, 16000);
  // Other directions and pairs through the same code.
  const std::uint32_t pairs[][2] = {{16000, 48000}, {8000, 44100}, {48000, 44100}, {44100, 48000}, {16000, 8000}};
  for (const auto &p : pairs) measureQuality(p[0], p[1]);
  for (std::uint32_t in : inputs) measureImpulse(in, 16000);
  measureImpulse(16000, 48000);
  measureImpulse(48000, 44100);
  for (std::uint32_t in : inputs) checkChunking(in, 16000, rng);
  checkChunking(16000, 44100, rng);
  checkChunking(8000, 191999, rng);
  checkLengths(rng);
  checkIdentity(rng);
  checkDc();
  checkErrors();
  std::printf("%s: %d failure(s)\n", g_failures ? "FAILED" : "OK", g_failures);
  return g_failures ? 1 : 0;
}
