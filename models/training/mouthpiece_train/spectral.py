"""Speaker and channel augmentation in the feature domain: vocal tract length
perturbation (VTLP) and a random smooth equaliser, on log-mel frames.

Why: the corpus has few recorded-voice-like speakers per language (five
English TTS voices), and the shipped models were measured to read real
recordings very differently from held-out TTS voices (closure recall 0.81 vs
0.98). Real recordings also carry 4-14 dB more of each frame's energy in
the bands from about 0.9 to 7 kHz than the TTS voices (most bands 7-13 dB;
measured over the shared real speech against 300 held-out TTS utterances). The audio augmentation (reverb,
noise, band limits, level) does not vary either the speaker's formant scale
or the recording's spectral balance; these two do:

* VTLP (Jaitly & Hinton 2013): the frequency axis is scaled by a factor
  ``alpha`` (uniform in ``warp``) below ``warp_boundary_hz * min(alpha, 1)``,
  then linearly so that ``fmax`` maps to itself. A band at frequency f takes
  the energy of the source at warp^-1(f), interpolated linearly between band
  centres in the energy domain. alpha > 1 moves formants up (a shorter vocal
  tract).
* Equaliser: a gain in dB per band, a linear tilt over the mel axis (uniform
  in ``tilt_db`` from the lowest to the highest band) plus three cosine
  ripples over the mel axis with Gaussian amplitudes (standard deviation
  ``ripple_db / k`` for ripple k), clamped to +-``max_db``.

Both work on the band energies (``exp(feature) - floor``) and take the log
again, so digital silence (energy 0) stays exactly at the floor and the
augmentation never moves anything in time. Applied to training crops of
speech only (never to ``val``), after the audio augmentation, with a numpy
Generator seeded per (epoch, utterance, occurrence) by ``dataset.py``.
"""

from dataclasses import dataclass
from typing import Tuple

import numpy as np

from .frontend import load_spec


@dataclass(frozen=True)
class SpectralConfig:
    """Probabilities and ranges of the feature-domain augmentation."""

    p_warp: float = 0.7
    warp: Tuple[float, float] = (0.85, 1.15)
    warp_boundary_hz: float = 4800.0
    p_eq: float = 0.7
    tilt_db: Tuple[float, float] = (-10.0, 10.0)
    ripple_db: float = 3.0
    max_db: float = 15.0

    def to_dict(self):
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


DEFAULT_SPECTRAL = SpectralConfig()
NONE = SpectralConfig(p_warp=0.0, p_eq=0.0)


def band_centres(spec=None):
    """Centre frequency (Hz) of each mel band of the front end (HTK mel, as ``frontend.mel_filterbank``)."""
    s = spec if spec is not None else load_spec()
    mel = lambda f: 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)  # noqa: E731
    lo, hi = mel(s["fminHz"]), mel(s["fmaxHz"])
    edges = 700.0 * (10.0 ** ((lo + np.arange(s["bands"] + 2) * (hi - lo) / (s["bands"] + 1)) / 2595.0) - 1.0)
    return edges[1:-1]


def vtlp_source_frequency(f, alpha, boundary_hz, fmax_hz):
    """warp^-1(f): the source frequency whose energy lands at f after VTLP with factor ``alpha``."""
    knee = boundary_hz * min(alpha, 1.0) / alpha  # source frequency of the knee
    grid = np.linspace(0.0, fmax_hz, 4097)
    warped = np.where(grid <= knee, alpha * grid,
                      fmax_hz - (fmax_hz - alpha * knee) / (fmax_hz - knee) * (fmax_hz - grid))
    return np.interp(np.asarray(f, dtype=np.float64), warped, grid)


def warp_weights(alpha, cfg=DEFAULT_SPECTRAL, spec=None):
    """(lower band index, upper weight) per output band for VTLP factor ``alpha``."""
    s = spec if spec is not None else load_spec()
    c = band_centres(s)
    src = vtlp_source_frequency(c, alpha, cfg.warp_boundary_hz, float(s["fmaxHz"]))
    pos = np.interp(src, c, np.arange(c.size, dtype=np.float64))  # clamps at the end bands
    i0 = np.minimum(np.floor(pos).astype(np.int64), c.size - 2)
    return i0, pos - i0


def eq_gain_db(rng, bands, cfg=DEFAULT_SPECTRAL):
    """A random smooth gain curve in dB over ``bands`` mel bands."""
    x = np.linspace(0.0, 1.0, bands)
    g = float(rng.uniform(cfg.tilt_db[0], cfg.tilt_db[1])) * (x - 0.5)
    for k in (1, 2, 3):
        g = g + float(rng.normal(0.0, cfg.ripple_db / k)) * np.cos(np.pi * k * x + float(rng.uniform(0, 2 * np.pi)))
    return np.clip(g, -cfg.max_db, cfg.max_db)


def augment_features(feats, rng, cfg=DEFAULT_SPECTRAL, spec=None):
    """Augment one crop's log-mel frames ``feats`` [frames, bands]; returns (float32 frames, dict of what was done).

    Draws in a fixed order (warp coin, alpha, eq coin, eq curve) so the same
    Generator state always gives the same result.
    """
    s = spec if spec is not None else load_spec()
    floor = float(s["logFloor"])
    f = np.asarray(feats, dtype=np.float64)
    if f.ndim != 2 or f.shape[1] != s["bands"]:
        raise ValueError("features must be [frames, %d], got shape %s" % (s["bands"], f.shape))
    done = {}
    do_warp = rng.random() < cfg.p_warp
    alpha = float(rng.uniform(cfg.warp[0], cfg.warp[1])) if do_warp else 1.0
    do_eq = rng.random() < cfg.p_eq
    gain = eq_gain_db(rng, s["bands"], cfg) if do_eq else None
    if not do_warp and not do_eq:
        return np.asarray(feats, dtype=np.float32), done
    e = np.maximum(np.exp(f) - floor, 0.0)
    if do_warp:
        i0, w = warp_weights(alpha, cfg, s)
        e = e[:, i0] * (1.0 - w) + e[:, i0 + 1] * w
        done["warp"] = alpha
    if do_eq:
        e = e * 10.0 ** (gain / 10.0)
        done["eq_db"] = [float(gain.min()), float(gain.max())]
    return np.log(e + floor).astype(np.float32), done
