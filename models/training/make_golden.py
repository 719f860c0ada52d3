"""Generate the golden feature vectors in ``test/golden/`` from the Python reference.

Each case NAME is written as

* ``NAME.in.f32``  - 16 kHz mono input, little-endian float32 raw samples;
* ``NAME.out.f32`` - expected features, little-endian float32, frame-major
  [frames, bands] (value (t, b) at float index t * bands + b);

and ``index.json`` is a JSON array of {name, samples, frames, bands, description}.

The reference is evaluated in float64 on the float32-rounded input samples, so an
implementation reading ``NAME.in.f32`` sees exactly the input the reference saw.
All randomness uses ``numpy.random.RandomState`` with fixed seeds (its stream is
frozen by NumPy), so the output is deterministic. Run from anywhere:

    python3 models/training/make_golden.py
"""

import json
import sys
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features_reference as fr  # noqa: E402

REPO_ROOT = HERE.parent.parent
GOLDEN_DIR = REPO_ROOT / "test" / "golden"
SR = 16000
MAX_TOTAL_BYTES = 3 * 1024 * 1024


def _t(n):
    return np.arange(n, dtype=np.float64) / SR


def silence(seconds):
    return np.zeros(int(round(seconds * SR)))


def sine(freq, amp, seconds):
    return amp * np.sin(2.0 * np.pi * freq * _t(int(round(seconds * SR))))


def chirp(f0, f1, amp, seconds):
    """Linear chirp: instantaneous frequency f0 + (f1 - f0) t / T."""
    t = _t(int(round(seconds * SR)))
    T = seconds
    return amp * np.sin(2.0 * np.pi * (f0 * t + 0.5 * (f1 - f0) * t * t / T))


def uniform_noise(n, amp, seed):
    """White noise, uniform in [-amp, amp)."""
    return amp * (2.0 * np.random.RandomState(seed).random_sample(n) - 1.0)


def square(freq, amp, seconds):
    """Naive (non-band-limited) square wave, values exactly +-amp, phase 0 at t = 0."""
    t = _t(int(round(seconds * SR)))
    phase = np.mod(freq * t, 1.0)
    return np.where(phase < 0.5, amp, -amp)


def impulses(n, positions, amp):
    x = np.zeros(n)
    x[list(positions)] = amp
    return x


def _resonator(freq, bw):
    """Second-order all-pole resonator (unit gain at DC) at freq Hz, bandwidth bw Hz."""
    r = np.exp(-np.pi * bw / SR)
    a = [1.0, -2.0 * r * np.cos(2.0 * np.pi * freq / SR), r * r]
    return [sum(a)], a


def vowels(seconds=2.0, peak=0.6):
    """Synthetic vowel sequence: glottal pulses through cascaded formant resonators.

    Five segments /a/ /i/ /u/ /e/ /o/ with pauses, f0 gliding 110-220 Hz,
    raised-cosine attack/decay envelopes, normalised to ``peak``.
    """
    n = int(round(seconds * SR))
    # (start s, end s, f0 start, f0 end, formants [(F, BW)...])
    segs = [
        (0.10, 0.45, 110.0, 140.0, [(730, 90), (1090, 110), (2440, 170)]),   # a
        (0.55, 0.85, 220.0, 180.0, [(270, 60), (2290, 100), (3010, 150)]),   # i
        (0.95, 1.25, 150.0, 120.0, [(300, 60), (870, 80), (2240, 140)]),     # u
        (1.35, 1.62, 130.0, 200.0, [(530, 70), (1840, 100), (2480, 160)]),   # e
        (1.70, 1.92, 170.0, 110.0, [(570, 70), (840, 90), (2410, 160)]),     # o
    ]
    out = np.zeros(n)
    for s0, s1, f0a, f0b, formants in segs:
        i0, i1 = int(round(s0 * SR)), int(round(s1 * SR))
        m = i1 - i0
        f0 = np.linspace(f0a, f0b, m)
        phase = np.cumsum(f0 / SR)
        # Glottal excitation: one pulse per period (where the phase wraps),
        # shaped by a short one-sided decay (crude Rosenberg-like pulse).
        src = np.zeros(m)
        src[np.flatnonzero(np.diff(np.floor(phase), prepend=0.0) > 0)] = 1.0
        src = lfilter([1.0], [1.0, -0.9], src)          # glottal pulse shape
        src = lfilter([1.0, -1.0], [1.0], src)          # lip radiation
        y = src
        for F, bw in formants:
            b, a = _resonator(F, bw)
            y = lfilter(b, a, y)
        env = np.ones(m)
        ramp = int(0.03 * SR)
        r = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
        env[:ramp] = r
        env[-ramp:] = r[::-1]
        out[i0:i1] += y * env
    return peak * out / np.max(np.abs(out))


def cases():
    """List of (name, float64 signal, description)."""
    c = [
        ("silence", silence(0.5), "digital silence, 0.5 s (8000 zeros)"),
        ("sine_1k", sine(1000.0, 0.5, 1.0), "1 kHz sine, amplitude 0.5, 1 s, phase 0"),
        ("chirp", chirp(50.0, 7500.0, 0.8, 2.0),
         "linear chirp 50 Hz -> 7.5 kHz over 2 s, amplitude 0.8, phase 0"),
        ("noise", uniform_noise(SR, 0.1, 1), "white noise uniform in [-0.1, 0.1), 1 s, seed 1"),
        ("quiet_noise", uniform_noise(SR, 1e-4, 2),
         "very quiet white noise uniform in [-1e-4, 1e-4), 1 s, seed 2 (exercises the log floor)"),
    ]
    for i, n in enumerate((1, 159, 160, 161, 399, 401)):
        c.append(("odd_%d" % n, uniform_noise(n, 0.5, 100 + i),
                  "odd length: %d samples of white noise uniform in [-0.5, 0.5), seed %d"
                  % (n, 100 + i)))
    c += [
        ("vowels", vowels(2.0, 0.6),
         "speech-like: 5 synthetic vowels (glottal pulses, f0 110-220 Hz, 3 formant "
         "resonators) with envelopes and pauses, 2 s, peak 0.6"),
        ("square_440", square(440.0, 1.0, 1.0),
         "naive 440 Hz square wave, values exactly +-1.0 (full scale, aliased), 1 s"),
        ("impulses", impulses(4000, (0, 1, 1234, 3900, 3999), 1.0),
         "4000 samples (0.25 s) of zeros with unit impulses at samples 0, 1, 1234, "
         "3900, 3999 (padding at both ends)"),
    ]
    return c


def main():
    spec = fr.load_spec()
    assert spec["sampleRate"] == SR
    fbank = fr.mel_filterbank(spec)
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    index = []
    total = 0
    for name, x, desc in cases():
        x32 = np.asarray(x, dtype=np.float64).astype("<f4")
        assert np.all(np.isfinite(x32)) and np.max(np.abs(x32), initial=0.0) <= 1.0
        feats = fr.log_mel(x32.astype(np.float64), spec, fbank)
        nf = fr.frame_count(x32.size, spec)
        assert feats.shape == (nf, spec["bands"])
        out32 = feats.astype("<f4")
        pin = GOLDEN_DIR / (name + ".in.f32")
        pout = GOLDEN_DIR / (name + ".out.f32")
        pin.write_bytes(x32.tobytes())
        pout.write_bytes(out32.tobytes())
        total += pin.stat().st_size + pout.stat().st_size
        index.append({"name": name, "samples": int(x32.size), "frames": int(nf),
                      "bands": int(spec["bands"]), "description": desc})
        print("%-12s %6d samples %4d frames  v in [%8.4f, %8.4f]"
              % (name, x32.size, nf, feats.min() if nf else float("nan"),
                 feats.max() if nf else float("nan")))
    pidx = GOLDEN_DIR / "index.json"
    pidx.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    total += pidx.stat().st_size
    print("%d cases, %d bytes in test/golden" % (len(index), total))
    if total >= MAX_TOTAL_BYTES:
        raise SystemExit("golden set too large: %d bytes" % total)


if __name__ == "__main__":
    main()
