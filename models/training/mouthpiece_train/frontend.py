"""The Mouthpiece log-mel front end (``models/features.md``, version 1) in torch.

The trainer computes features on the fly from augmented audio, on whole
batches, so this is the batched torch version of the definition; it is held
to the golden vectors in ``test/golden/`` like the C++ and TypeScript front
ends (``models/training/test_data_pipeline.py``).

Definition, briefly: 16 kHz mono float input; frame t is centred on sample
160 t and covers samples 160 t - 200 .. 160 t + 199 (zeros outside the audio);
F(n) = ceil(n / 160) frames; periodic Hann window of 400 samples zero-padded
to a 512-point FFT; power of bins 0..255 (Nyquist dropped); 64 HTK-mel
triangles 20..7600 Hz with peak height 1; v = ln(E + 1e-6).

Precision: by default the framing, window, FFT and power spectrum run in
float64, as features.md requires ("in float32, rounding noise from a loud
bin swamps quiet bands near the log floor"); the power spectrum is then cast
to float32 for the mel sum and the log, which the spec allows. The measured
worst error against the golden vectors is printed by the test. ``precision=
"float32"`` runs everything in float32 (faster, but outside the parity
tolerance in near-floor bands of loud frames; for experiments only).
"""

import json
import math
from pathlib import Path

import numpy as np
import torch

#: ``models/features.json``, resolved from this file's location.
SPEC_PATH = Path(__file__).resolve().parents[2] / "features.json"


def load_spec(path=None):
    """Read ``models/features.json`` (or ``path``) and check it is the definition this module implements."""
    p = Path(path) if path is not None else SPEC_PATH
    with open(p, "r", encoding="utf-8") as fh:
        spec = json.load(fh)
    expect = {"version": 1, "windowFunction": "periodic-hann", "melScale": "htk"}
    for key, value in expect.items():
        if spec.get(key) != value:
            raise ValueError("%s: %s is %r, this front end implements %r" % (p, key, spec.get(key), value))
    if spec["window"] > spec["fftSize"] or spec["window"] % 2:
        raise ValueError("%s: window must be even and <= fftSize" % p)
    return spec


def frame_count(samples, hop=160):
    """F(n) = ceil(n / hop): the frames whose centre lies inside the audio (F(0) = 0)."""
    samples = int(samples)
    if samples < 0:
        raise ValueError("negative sample count %d" % samples)
    return (samples + hop - 1) // hop


def mel_filterbank(spec):
    """HTK-mel triangles as a float64 array [fftSize // 2, bands] (bins x bands, ready for ``P @ M``)."""
    bands, n_fft, sr = spec["bands"], spec["fftSize"], spec["sampleRate"]

    def mel(f):
        return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)

    lo, hi = mel(spec["fminHz"]), mel(spec["fmaxHz"])
    edges = 700.0 * (10.0 ** ((lo + np.arange(bands + 2) * (hi - lo) / (bands + 1)) / 2595.0) - 1.0)
    f = np.arange(n_fft // 2, dtype=np.float64)[:, None] * sr / n_fft
    left, centre, right = edges[None, :-2], edges[None, 1:-1], edges[None, 2:]
    return np.maximum(0.0, np.minimum((f - left) / (centre - left), (right - f) / (right - centre)))


class LogMel(torch.nn.Module):
    """Batched log-mel features: ``forward(audio)`` with audio [B, n] (or [n]) -> [B, F(n), bands] float32.

    Items of a batch that are shorter than ``n`` must be zero-padded at the
    end (which is what the definition assumes outside the audio anyway);
    their valid frames are the first ``frame_count(length)``, identical to
    computing the item alone.
    """

    def __init__(self, spec=None, precision="float64"):
        super().__init__()
        if precision not in ("float64", "float32"):
            raise ValueError("precision must be 'float64' or 'float32', got %r" % (precision,))
        self.spec = spec if spec is not None else load_spec()
        self.precision = precision
        s = self.spec
        self.hop, self.win, self.n_fft, self.bands = s["hop"], s["window"], s["fftSize"], s["bands"]
        self.log_floor = float(s["logFloor"])
        fft_dtype = torch.float64 if precision == "float64" else torch.float32
        n = torch.arange(self.win, dtype=torch.float64)
        window = 0.5 - 0.5 * torch.cos(2.0 * math.pi * n / self.win)
        self.register_buffer("window", window.to(fft_dtype), persistent=False)
        self.register_buffer("fbank", torch.from_numpy(mel_filterbank(s)).float(), persistent=False)

    def frames(self, samples):
        """F(n) for n samples."""
        return frame_count(samples, self.hop)

    def forward(self, audio):
        x = torch.as_tensor(audio)
        squeeze = x.dim() == 1
        if squeeze:
            x = x[None]
        if x.dim() != 2:
            raise ValueError("audio must be [samples] or [batch, samples], got shape %s" % (tuple(x.shape),))
        if not bool(torch.isfinite(x).all()):
            raise ValueError("audio holds NaN or infinite samples")
        x = x.to(self.window.dtype)
        n = x.shape[1]
        F = self.frames(n)
        if F == 0:
            out = x.new_zeros((x.shape[0], 0, self.bands), dtype=torch.float32)
            return out[0] if squeeze else out
        half = self.win // 2
        total = (F - 1) * self.hop + self.win  # covers the last frame's window
        # Zeros before the start (frame 0 is centred on sample 0) and after the end.
        padded = torch.nn.functional.pad(x, (half, total - half - n))
        y = padded.unfold(1, self.win, self.hop) * self.window  # [B, F, W]
        spec = torch.fft.rfft(y, n=self.n_fft, dim=-1)[..., : self.n_fft // 2]
        power = (spec.real * spec.real + spec.imag * spec.imag).float()
        feats = torch.log(power @ self.fbank + self.log_floor)
        return feats[0] if squeeze else feats


_DEFAULT = {}


def log_mel(pcm, precision="float64"):
    """Features of one clip as a float32 numpy array [F(n), bands] (convenience wrapper of ``LogMel``)."""
    fe = _DEFAULT.get(precision)
    if fe is None:
        fe = _DEFAULT[precision] = LogMel(precision=precision)
    with torch.no_grad():
        return fe(torch.from_numpy(np.array(pcm))).numpy()  # a copy: the corpus hands out read-only arrays
