"""Independent Python reference of the Mouthpiece log-mel front end (features v1).

Written from ``models/features.md`` alone (constants in ``models/features.json``);
it is the source of the golden vectors in ``test/golden/`` that the C++ and
TypeScript implementations are held to, and the front end the trainer uses.

Everything is computed in float64 with ``numpy.fft.rfft``:

* frame t is centred on sample c = t * hop and covers x[c - W/2 + n], n = 0..W-1,
  with zeros outside the audio (no reflection);
* F(n) = ceil(n / hop) frames (F(0) = 0);
* periodic Hann window, zero-padded to the FFT size N;
* power |X[k]|^2 for k = 0..N/2-1 (the Nyquist bin is dropped);
* HTK-mel triangular filter bank, peak height 1, no area normalisation;
* v = ln(E + logFloor).

Usage::

    import features_reference as fr
    spec = fr.load_spec()
    feats = fr.log_mel(pcm16k, spec)     # [frames, bands], float64
"""

import json
import math
from pathlib import Path

import numpy as np

#: ``models/features.json``, resolved from this file's location.
SPEC_PATH = Path(__file__).resolve().parent.parent / "features.json"

_SUPPORTED_VERSION = 1


def load_spec(path=None):
    """Read the feature spec (``models/features.json`` by default) and return it as a dict.

    Checks the version and the parts of the definition this module implements
    (periodic Hann window, HTK mel scale), and that W <= N and W is even.
    """
    p = Path(path) if path is not None else SPEC_PATH
    with open(p, "r", encoding="utf-8") as fh:
        spec = json.load(fh)
    if spec.get("version") != _SUPPORTED_VERSION:
        raise ValueError("unsupported features version %r" % spec.get("version"))
    if spec.get("windowFunction") != "periodic-hann":
        raise ValueError("unsupported window %r" % spec.get("windowFunction"))
    if spec.get("melScale") != "htk":
        raise ValueError("unsupported mel scale %r" % spec.get("melScale"))
    if spec["window"] > spec["fftSize"] or spec["window"] % 2:
        raise ValueError("window must be even and <= fftSize")
    return spec


def hz_to_mel(f):
    """HTK mel: mel(f) = 2595 * log10(1 + f / 700)."""
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    """Inverse HTK mel: f(m) = 700 * (10^(m / 2595) - 1)."""
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def band_edges(spec):
    """The B + 2 edge frequencies e_0 .. e_{B+1} in Hz (float64), equally spaced in mel.

    Band b is the triangle (e_b, e_{b+1}, e_{b+2}); its centre is e_{b+1}.
    """
    B = spec["bands"]
    m_lo = hz_to_mel(spec["fminHz"])
    m_hi = hz_to_mel(spec["fmaxHz"])
    i = np.arange(B + 2, dtype=np.float64)
    return mel_to_hz(m_lo + i * (m_hi - m_lo) / (B + 1))


def bin_frequencies(spec):
    """Frequencies f_k = k * sampleRate / N of the N/2 used bins (k = 0 .. N/2 - 1)."""
    N = spec["fftSize"]
    return np.arange(N // 2, dtype=np.float64) * spec["sampleRate"] / N


def mel_filterbank(spec):
    """Triangular mel filter bank M, shape [bands, fftSize // 2], float64.

    M[b][k] = max(0, min((f_k - e_b) / (e_{b+1} - e_b),
                         (e_{b+2} - f_k) / (e_{b+2} - e_{b+1}))).
    """
    e = band_edges(spec)
    f = bin_frequencies(spec)[None, :]
    lo, mid, hi = e[:-2, None], e[1:-1, None], e[2:, None]
    rising = (f - lo) / (mid - lo)
    falling = (hi - f) / (hi - mid)
    return np.maximum(0.0, np.minimum(rising, falling))


def periodic_hann(spec):
    """Periodic Hann window w[n] = 0.5 - 0.5 cos(2 pi n / W), n = 0 .. W-1 (float64)."""
    W = spec["window"]
    n = np.arange(W, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * n / W)


def frame_count(n, spec):
    """Number of frames for n samples: F(n) = ceil(n / hop) = floor((n + hop - 1) / hop)."""
    n = int(n)
    if n < 0:
        raise ValueError("negative sample count")
    H = spec["hop"]
    return (n + H - 1) // H


def frames(pcm16k, spec):
    """Raw (unwindowed) frames, shape [F(n), W], float64.

    Row t holds x[t*hop - W/2 + n] for n = 0 .. W-1, zero outside the audio.
    """
    x = np.asarray(pcm16k, dtype=np.float64).reshape(-1)
    H, W = spec["hop"], spec["window"]
    F = frame_count(x.size, spec)
    if F == 0:
        return np.zeros((0, W), dtype=np.float64)
    half = W // 2
    total = (F - 1) * H + W  # padded length covering the last frame
    padded = np.zeros(total, dtype=np.float64)
    take = min(x.size, total - half)  # always x.size: (F-1)*H < n
    padded[half:half + take] = x[:take]
    idx = np.arange(F)[:, None] * H + np.arange(W)[None, :]
    return padded[idx]


def power_spectrum(pcm16k, spec):
    """Power P[t][k] = |X_t[k]|^2, k = 0 .. N/2 - 1, shape [F(n), N/2], float64.

    X_t is the unnormalised N-point DFT of the windowed frame zero-padded at the end.
    """
    N = spec["fftSize"]
    y = frames(pcm16k, spec) * periodic_hann(spec)[None, :]
    X = np.fft.rfft(y, n=N, axis=1)[:, : N // 2]
    return X.real ** 2 + X.imag ** 2


def mel_energy(pcm16k, spec, fbank=None):
    """Band energies E[t][b] = sum_k M[b][k] P[t][k], shape [F(n), bands], float64."""
    M = mel_filterbank(spec) if fbank is None else fbank
    return power_spectrum(pcm16k, spec) @ M.T


def log_mel(pcm16k, spec, fbank=None):
    """Log-mel features v[t][b] = ln(E[t][b] + logFloor), shape [F(n), bands], float64.

    ``pcm16k`` is mono PCM in [-1, 1] at 16 kHz (any real dtype; converted to
    float64 without any other processing).
    """
    return np.log(mel_energy(pcm16k, spec, fbank) + float(spec["logFloor"]))


def summary(spec):
    """Human-readable summary of the spec and of the derived filter bank."""
    sr, H, W, N, B = (spec[k] for k in ("sampleRate", "hop", "window", "fftSize", "bands"))
    e = band_edges(spec)
    M = mel_filterbank(spec)
    nz = (M > 0).sum(axis=1)
    lines = [
        "Mouthpiece features v%d" % spec["version"],
        "  sample rate %d Hz, hop %d (%.1f ms), window %d (%.1f ms, %s), FFT %d"
        % (sr, H, 1000.0 * H / sr, W, 1000.0 * W / sr, spec["windowFunction"], N),
        "  %d power bins (0 .. %d, %.2f Hz each, Nyquist dropped)" % (N // 2, N // 2 - 1, sr / N),
        "  %d %s mel bands, %g .. %g Hz, log floor %g (silence = %.4f)"
        % (B, spec["melScale"], spec["fminHz"], spec["fmaxHz"], spec["logFloor"],
           math.log(spec["logFloor"])),
        "  frames: F(n) = ceil(n / %d); frame t centred on sample %d t" % (H, H),
        "  band centres e_1..e_B: %.2f .. %.2f Hz" % (e[1], e[B]),
        "  non-zero bins per band: min %d, max %d" % (nz.min(), nz.max()),
        "  narrowest triangle (e_{b+2}-e_b): %.2f Hz" % (e[2:] - e[:-2]).min(),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    _spec = load_spec()
    print(summary(_spec))
    _e = band_edges(_spec)
    print("  band  lo_Hz    centre_Hz  hi_Hz")
    for _b in range(_spec["bands"]):
        print("  %4d  %8.2f %9.2f %8.2f" % (_b, _e[_b], _e[_b + 1], _e[_b + 2]))
