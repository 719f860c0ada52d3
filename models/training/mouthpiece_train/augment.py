"""On-the-fly audio augmentation of the trainer.

Implements ``models/training/corpus/README.md``, "On the fly (the trainer)":
applied to the 16 kHz audio of each training example (never to ``val``)
before the features are computed, with a numpy ``Generator`` seeded per
(epoch, utterance) by the caller (``dataset.py``). Targets stay as they are,
so nothing here may move the audio in time: the reverb is causal with its
direct path at lag 0, filters run forward-backward (zero phase), noise is
added, gains are gains. Steps, in order, each drawn independently:

1. reverb (p 0.3): synthetic RIR, RT60 0.15..0.8 s, DRR -5..15 dB, tail
   low-passed at 4..8 kHz, from 2.5 ms on, 1.5 x RT60 long;
2. additive noise (p 0.5): white, pink or babble (equally likely) at SNR
   5..40 dB against the active speech power; hum (p 0.1) on white or pink;
3. band-limiting (p 0.2): telephone band-pass 300..3400 Hz or a low-pass at
   3..7 kHz, zero phase;
4. level: active level uniform -35..0 dBFS; over full scale it is lowered to
   peak 0.999, or (p 0.1) left to clip with at most 1 % of samples over;
5. clipping (p 0.05): hard clip at peak minus 1..6 dB, no make-up gain.

Opt-in (``LOW_FREQUENCY``; off in ``DEFAULT``, whose draws are unchanged):
between steps 2 and 3, low-frequency rumble (p 0.5: Gaussian noise
low-passed at 40..150 Hz, at -25..+5 dB against the active speech power,
on speech and on non-speech lines alike) and a high-pass on the voice
(p 0.3, 50..250 Hz). Why: real recordings carry far more energy below
100 Hz than the TTS corpus (the lowest mel band, 20-50 Hz, sits up to 14 dB
above the loudest speech band in most of the shared real clips, against
15 dB below it in the corpus), and the network read that energy as the low murmur of a
closed-lip m or b: high-passing real speech at 60 Hz before the model
shipped until then cut its unsealed false closures on open vowels from 0.07 to 0.02
(models/motion-v1/README.md). Rumble teaches that energy there says
nothing about the lips; the high-pass, that its absence says nothing
either (phones and laptops cut it).

Opt-in (``LOW_FREQUENCY_CREAK``, ``train.py --creak`` with ``--low-freq``), before step 1:
creaky voice on the vowels of 1-3 random spans (``creak``; needs the utterance's phones).

"Active power" is the mean square over the 10 ms frames within 35 dB of the
loudest one; dBFS levels are 10 log10 of a mean square (0 dBFS = the power of
a full-scale square wave).

Non-speech lines take only noise and level: digital silence stays exact
zeros with p 0.5, otherwise it always gets noise; a noise line gets more
noise with p 0.5. Babble is not used on non-speech: it is speech, and the
targets of these lines are the rest pose.

Design choices where the README leaves room: pink noise is shaped in the
frequency domain (Gaussian spectrum times 1/sqrt(f), zero below 20 Hz: an
exact 1/f power slope and the 20 Hz high-pass in one step); hum is the
fundamental plus 3 harmonics with amplitudes 1, 1/2, 1/3, 1/4 and random
phases; both filters are 4th-order Butterworth sections run forward and
backward over the zero-padded clip (so the magnitude response is squared;
the telephone band stays 300..3400 Hz at -6 dB); babble sources are clean
speech of the same split from other speakers, chosen without repetition.
"""

from dataclasses import dataclass
from typing import Tuple

import numpy as np
import scipy.fft
from scipy import signal

SAMPLE_RATE = 16000
FRAME = 160  # 10 ms: the frames of the active-power measure


@dataclass(frozen=True)
class AugmentConfig:
    """Probabilities and ranges (defaults: the README's recipe). Tests force one step by setting its p to 1."""

    p_reverb: float = 0.3
    rt60_s: Tuple[float, float] = (0.15, 0.8)
    drr_db: Tuple[float, float] = (-5.0, 15.0)
    rir_lowpass_hz: Tuple[float, float] = (4000.0, 8000.0)
    rir_tail_start: int = 40            # samples (2.5 ms) between the direct path and the tail
    rir_length_rt60: float = 1.5

    p_noise: float = 0.5
    snr_db: Tuple[float, float] = (5.0, 40.0)
    noise_types: Tuple[str, ...] = ("white", "pink", "babble")
    p_hum: float = 0.1
    hum_db: Tuple[float, float] = (-30.0, -10.0)   # relative to the noise power
    hum_hz: Tuple[float, ...] = (50.0, 60.0)
    babble_voices: Tuple[int, int] = (3, 7)

    p_band: float = 0.2
    band_kinds: Tuple[str, ...] = ("telephone", "lowpass")
    telephone_hz: Tuple[float, float] = (300.0, 3400.0)
    lowpass_hz: Tuple[float, float] = (3000.0, 7000.0)
    filter_order: int = 4

    level_dbfs: Tuple[float, float] = (-35.0, 0.0)
    p_level_clip: float = 0.1
    max_clip_fraction: float = 0.01
    safe_peak: float = 0.999

    p_clip: float = 0.05
    clip_db: Tuple[float, float] = (1.0, 6.0)

    # Opt-in low-frequency steps (LOW_FREQUENCY). At p 0 they draw nothing from the Generator,
    # so the default recipe's samples are bit-identical to the runs before these existed.
    p_rumble: float = 0.0
    rumble_db: Tuple[float, float] = (-25.0, 5.0)      # against the active speech power
    rumble_hz: Tuple[float, float] = (40.0, 150.0)     # low-pass corner
    p_highpass: float = 0.0
    highpass_hz: Tuple[float, float] = (50.0, 250.0)

    # Opt-in creaky voice (CREAK). At p 0 it draws nothing, like the low-frequency steps.
    p_creak: float = 0.0
    creak_spans: Tuple[int, int] = (1, 3)              # spans per utterance, inclusive
    creak_span_s: Tuple[float, float] = (0.2, 1.0)     # length of each span
    creak_hz: Tuple[float, float] = (25.0, 70.0)       # mean pulse rate (vocal fry)
    creak_jitter: float = 0.3                          # each period uniform within +-30 % of the mean
    creak_shimmer: float = 0.35                        # each pulse's amplitude log-normal, this sigma
    creak_decay_ms: Tuple[float, float] = (2.0, 6.0)   # a pulse's envelope decay time constant
    creak_floor: Tuple[float, float] = (0.0, 0.1)      # modal voicing left between pulses
    creak_db: Tuple[float, float] = (-12.0, -3.0)      # a creaky vowel's power against its modal original
    creak_fade_ms: float = 10.0                        # ramps at vowel edges inside a span

    p_keep_silence: float = 0.5
    active_range_db: float = 35.0


DEFAULT = AugmentConfig()
#: The default recipe plus low-frequency rumble and a voice high-pass (``train.py --low-freq``).
LOW_FREQUENCY = AugmentConfig(p_rumble=0.5, p_highpass=0.3)
#: LOW_FREQUENCY plus creaky voice on vowels (``train.py --low-freq --creak``).
LOW_FREQUENCY_CREAK = AugmentConfig(p_rumble=0.5, p_highpass=0.3, p_creak=0.4)
#: LOW_FREQUENCY_CREAK with more room and noise (``train.py --room``): reverb p 0.5, noise p 0.7 at 5-35 dB SNR.
#: Why: TTS closures are near digital silence; on the real clips the largest 1-4 kHz dip inside a p/b/m
#: has a median of 2.4-3.0 nats, on held-out TTS 5-10, and under LOW_FREQUENCY_CREAK 4.0 (a quarter of them
#: above 6.9), so most training closures are deeper than any real one.
ROOM = AugmentConfig(p_rumble=0.5, p_highpass=0.3, p_creak=0.4, p_reverb=0.5, p_noise=0.7, snr_db=(5.0, 35.0))
#: ROOM made stronger (``train.py --room strong``): reverb p 0.6, noise p 0.8 at 5-30 dB SNR. By the same
#: measure on 150 English training utterances its closures' median dip is 2.2 nats, about the real clips' 2.4-3.0.
#: Why: the ROOM network's best false closures at the default's closure recall (any seal, on the real clips)
#: fell from 0.069 to 0.036; this asks whether closures still closer to real ones move that further.
ROOM_STRONG = AugmentConfig(p_rumble=0.5, p_highpass=0.3, p_creak=0.4, p_reverb=0.6, p_noise=0.8, snr_db=(5.0, 30.0))

_VOWEL_LETTERS = set("aeiouyæɑɐɒɔəɘɚɛɜɝɞɤɨɪɯɵøœɶʉʊʌʏ")
_IPA_MARKS = "ˈˌːˑ'"


def is_vowel(label):
    """True for an IPA vowel label of the corpus (stress and length marks ignored): a, ˈæ, ˌɔɪ, iː, ɚ, ã."""
    core = str(label).strip().lstrip(_IPA_MARKS)
    return bool(core) and core[0] in _VOWEL_LETTERS


def vowel_spans(phones):
    """(start, end) seconds of the vowels among an utterance's (label, start, end) phones."""
    return [(float(s), float(e)) for lab, s, e in phones if is_vowel(lab) and e > s]


def active_power(x, range_db=35.0):
    """Mean square over the 10 ms frames whose mean square is within ``range_db`` of the loudest; 0 for silence.

    The last, partial frame counts with its own length.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        return 0.0
    full = x.size // FRAME
    sq = x * x
    p = sq[: full * FRAME].reshape(full, FRAME).mean(axis=1)
    if x.size > full * FRAME:
        p = np.append(p, sq[full * FRAME:].mean())
    peak = p.max()
    if peak <= 0.0:
        return 0.0
    return float(p[p >= peak * 10.0 ** (-range_db / 10.0)].mean())


def _uniform(rng, lo_hi):
    return float(rng.uniform(lo_hi[0], lo_hi[1]))


# -- 1. reverb ---------------------------------------------------------------------------


def synthetic_rir(rng, rt60, drr_db, cutoff_hz, cfg=DEFAULT, sr=SAMPLE_RATE):
    """Room impulse response: 1 at sample 0, then from ``rir_tail_start`` on an exponentially decaying,
    one-pole low-passed Gaussian tail scaled to the direct-to-reverberant ratio ``drr_db``."""
    length = max(cfg.rir_tail_start + 1, int(round(cfg.rir_length_rt60 * rt60 * sr)))
    h = np.zeros(length)
    h[0] = 1.0
    k = np.arange(cfg.rir_tail_start, length)
    tail = rng.standard_normal(k.size) * np.exp(-6.91 * k / (sr * rt60))  # -60 dB (amplitude 1e-3) at RT60
    a = np.exp(-2.0 * np.pi * cutoff_hz / sr)  # one-pole low-pass y[n] = (1 - a) x[n] + a y[n - 1]
    tail = signal.lfilter([1.0 - a], [1.0, -a], tail)
    tail *= np.sqrt(10.0 ** (-drr_db / 10.0) / np.sum(tail * tail))  # direct energy is 1
    h[cfg.rir_tail_start:] = tail
    return h


def reverb(x, rng, cfg=DEFAULT):
    """Convolve with a fresh synthetic RIR; keep the first len(x) samples (direct path at lag 0)."""
    rt60 = _uniform(rng, cfg.rt60_s)
    drr = _uniform(rng, cfg.drr_db)
    fc = _uniform(rng, cfg.rir_lowpass_hz)
    h = synthetic_rir(rng, rt60, drr, fc, cfg)
    y = signal.oaconvolve(x, h)[: x.size] if x.size else x.copy()
    return y, {"rt60": rt60, "drr_db": drr, "cutoff_hz": fc, "rir_samples": int(h.size)}


# -- 2. noise ----------------------------------------------------------------------------


def pink_noise(rng, n, sr=SAMPLE_RATE, highpass_hz=20.0):
    """Gaussian noise with a 1/f power spectrum, nothing below ``highpass_hz`` (unit variance)."""
    if n == 0:
        return np.zeros(0)
    m = scipy.fft.next_fast_len(n, real=True)  # FFT-friendly length (an arbitrary n can be slow), cut to n after
    spec = scipy.fft.rfft(rng.standard_normal(m))
    f = np.fft.rfftfreq(m, 1.0 / sr)
    gain = np.zeros_like(f)
    keep = f >= highpass_hz
    gain[keep] = 1.0 / np.sqrt(f[keep])
    y = scipy.fft.irfft(spec * gain, m)[:n]
    p = np.mean(y * y)
    return y / np.sqrt(p) if p > 0 else y


def hum(rng, n, cfg=DEFAULT, sr=SAMPLE_RATE):
    """Mains hum: 50 or 60 Hz plus 3 harmonics (amplitudes 1/k, random phases), unit power."""
    f0 = float(rng.choice(cfg.hum_hz))
    t = np.arange(n) / sr
    phases = rng.uniform(0.0, 2.0 * np.pi, 4)
    y = sum(np.sin(2.0 * np.pi * k * f0 * t + phases[k - 1]) / k for k in range(1, 5))
    p = np.mean(y * y) if n else 0.0
    return (y / np.sqrt(p) if p > 0 else y), f0


def babble(rng, n, sources, cfg=DEFAULT):
    """Sum of ``sources`` (other utterances' audio), each looped from a random offset to length n and
    normalised to unit active power first; None when no source has any sound."""
    out = np.zeros(n)
    used = 0
    for src in sources:
        src = np.asarray(src, dtype=np.float64)
        if src.size == 0:
            continue
        offset = int(rng.integers(src.size))
        looped = src[(offset + np.arange(n)) % src.size]
        p = active_power(looped, cfg.active_range_db)
        if p > 0:
            out += looped / np.sqrt(p)
            used += 1
    return (out if used else None), used


def add_noise(x, rng, cfg=DEFAULT, types=None, babble_sources=None):
    """Add noise at an SNR against x's active power (x silent: at unit power; the level step rescales).

    ``babble_sources(rng, count)`` returns a list of audio arrays; without it
    (or when it has none) babble falls back to white noise.
    """
    n = x.size
    types = cfg.noise_types if types is None else types
    kind = str(rng.choice(types))
    snr = _uniform(rng, cfg.snr_db)
    info = {"type": kind, "snr_db": snr}
    noise = None
    if kind == "babble":
        count = int(rng.integers(cfg.babble_voices[0], cfg.babble_voices[1] + 1))
        sources = babble_sources(rng, count) if babble_sources is not None else []
        noise, used = babble(rng, n, sources, cfg)
        info["voices"] = used
        if noise is None:
            kind = info["type"] = "white"
            info["babble_fallback"] = True
    if kind == "white":
        noise = rng.standard_normal(n)
    elif kind == "pink":
        noise = pink_noise(rng, n)
    p_noise = float(np.mean(noise * noise)) if n else 0.0
    if p_noise <= 0:
        return x.copy(), info
    p_sig = active_power(x, cfg.active_range_db)
    target = (p_sig if p_sig > 0 else 1.0) * 10.0 ** (-snr / 10.0)
    noise = noise * np.sqrt(target / p_noise)
    if kind in ("white", "pink") and rng.random() < cfg.p_hum:
        h, f0 = hum(rng, n, cfg)
        rel = _uniform(rng, cfg.hum_db)
        noise = noise + h * np.sqrt(target * 10.0 ** (rel / 10.0))
        info["hum"] = {"hz": f0, "db": rel}
    return x + noise, info


# -- 3. band-limiting --------------------------------------------------------------------


def zero_phase(sos, x, pad=1600):
    """Forward-backward filtering of x with zeros around it (no reflection, no edge transients of padding)."""
    if x.size == 0:
        return x.copy()
    xp = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    return signal.sosfiltfilt(sos, xp, padtype=None)[pad:pad + x.size]


def band_limit(x, rng, cfg=DEFAULT):
    kind = str(rng.choice(cfg.band_kinds))
    if kind == "telephone":
        sos = signal.butter(cfg.filter_order, cfg.telephone_hz, btype="bandpass", fs=SAMPLE_RATE, output="sos")
        return zero_phase(sos, x), {"type": kind}
    fc = _uniform(rng, cfg.lowpass_hz)
    sos = signal.butter(cfg.filter_order, fc, btype="lowpass", fs=SAMPLE_RATE, output="sos")
    return zero_phase(sos, x), {"type": kind, "cutoff_hz": fc}


# -- creaky voice (opt-in) ----------------------------------------------------------------


def creak_envelope(rng, n, cfg=DEFAULT, sr=SAMPLE_RATE):
    """A vocal-fry gate of n samples: irregular pulses (mean rate ``creak_hz``, period jitter, amplitude
    shimmer), each an instant rise and an exponential decay, over a small floor; peak about 1."""
    rate = _uniform(rng, cfg.creak_hz)
    tau = _uniform(rng, cfg.creak_decay_ms) * 1e-3 * sr
    floor = _uniform(rng, cfg.creak_floor)
    g = np.zeros(n)
    t = float(rng.uniform(0.0, sr / rate))
    pulse = np.exp(-np.arange(int(8 * tau) + 1) / tau)  # one pulse's decay, cut at 8 time constants
    while t < n:
        a = float(np.exp(rng.normal(0.0, cfg.creak_shimmer)))
        i = int(t)
        m = min(n - i, pulse.size)
        g[i:i + m] = np.maximum(g[i:i + m], a * pulse[:m])
        t += (sr / rate) * float(rng.uniform(1.0 - cfg.creak_jitter, 1.0 + cfg.creak_jitter))
    peak = g.max() if n else 0.0
    if peak > 0:
        g /= peak
    return floor + (1.0 - floor) * g, {"hz": rate, "decay_ms": tau / sr * 1e3, "floor": floor}


def creak(x, rng, vowels, cfg=DEFAULT, sr=SAMPLE_RATE):
    """Creaky voice (vocal fry) on the vowels inside 1-3 random spans: the vowel's samples are gated by
    ``creak_envelope`` (pulses at 25-70 Hz over the original's formants) and set to ``creak_db`` against
    their original power, with short ramps at the vowel edges. Consonants and pauses stay as they are,
    and nothing moves in time, so the targets (the vowel's mouth) still hold.

    Why: real speakers creak often (phrase ends, filled pauses: 'uh' at 60-70 Hz in the shared real
    clips) and TTS never does; the network, never having heard a vowel at a fry rate, closed the lips
    on them (models/motion-v1/README.md, limitations). ``vowels`` are (start, end) seconds.
    """
    n = x.size
    spans = int(rng.integers(cfg.creak_spans[0], cfg.creak_spans[1] + 1))
    dur = n / sr
    y = x.copy()
    info = {"spans": [], "vowels": 0}
    fade = max(1, int(cfg.creak_fade_ms * 1e-3 * sr))
    for _ in range(spans):
        length = _uniform(rng, cfg.creak_span_s)
        s0 = float(rng.uniform(0.0, max(0.0, dur - length)))
        s1 = min(dur, s0 + length)
        env, params = creak_envelope(rng, n, cfg, sr)
        rel = _uniform(rng, cfg.creak_db)
        info["spans"].append(dict(params, start=s0, end=s1, db=rel))
        for v0, v1 in vowels:
            a, b = int(round(max(v0, s0) * sr)), int(round(min(v1, s1) * sr))
            if b - a < 2:
                continue
            seg = x[a:b]
            p0 = float(np.mean(seg * seg))
            if p0 <= 0:
                continue
            c = seg * env[a:b]
            p1 = float(np.mean(c * c))
            if p1 <= 0:
                continue
            c *= np.sqrt(p0 * 10.0 ** (rel / 10.0) / p1)
            # Ramp between the original and the creaky vowel so the edges do not click.
            w = np.ones(b - a)
            r = min(fade, (b - a) // 2)
            if r > 0:
                up = np.linspace(0.0, 1.0, r, endpoint=False)
                w[:r] = up
                w[b - a - r:] = up[::-1]
            y[a:b] = (1.0 - w) * seg + w * c
            info["vowels"] += 1
    return y, info


# -- low frequencies (opt-in) --------------------------------------------------------------


def rumble(x, rng, cfg=DEFAULT):
    """Add low-passed Gaussian noise (room rumble, handling, wind) at ``rumble_db`` against x's active power
    (x silent: against unit power; the level step rescales)."""
    n = x.size
    fc = _uniform(rng, cfg.rumble_hz)
    rel = _uniform(rng, cfg.rumble_db)
    info = {"cutoff_hz": fc, "db": rel}
    if n == 0:
        return x.copy(), info
    sos = signal.butter(cfg.filter_order, fc, btype="lowpass", fs=SAMPLE_RATE, output="sos")
    r = zero_phase(sos, rng.standard_normal(n))
    p_r = float(np.mean(r * r))
    if p_r <= 0:
        return x.copy(), info
    p_sig = active_power(x, cfg.active_range_db)
    target = (p_sig if p_sig > 0 else 1.0) * 10.0 ** (rel / 10.0)
    return x + r * np.sqrt(target / p_r), info


def high_pass(x, rng, cfg=DEFAULT):
    """Zero-phase high-pass at ``highpass_hz`` (a small or cheap microphone's low cut)."""
    fc = _uniform(rng, cfg.highpass_hz)
    sos = signal.butter(cfg.filter_order, fc, btype="highpass", fs=SAMPLE_RATE, output="sos")
    return zero_phase(sos, x), {"cutoff_hz": fc}


# -- 4. level, 5. clipping ---------------------------------------------------------------


def set_level(x, rng, cfg=DEFAULT):
    target = _uniform(rng, cfg.level_dbfs)
    let_clip = rng.random() < cfg.p_level_clip
    p = active_power(x, cfg.active_range_db)
    info = {"dbfs": target}
    if p <= 0:
        return x.copy(), info
    y = x * np.sqrt(10.0 ** (target / 10.0) / p)
    peak = float(np.max(np.abs(y)))
    if peak > 1.0:
        if let_clip:
            a = np.abs(y)
            over = float(np.mean(a > 1.0))
            if over > cfg.max_clip_fraction:
                # Lower the gain so that only the top max_clip_fraction of samples pass full scale.
                k = int(np.floor((1.0 - cfg.max_clip_fraction) * a.size))
                q = float(np.partition(a, k)[k])
                y = y / q
                info["gain_db"] = -20.0 * np.log10(q)
            y = np.clip(y, -1.0, 1.0)
            info["clipped_fraction"] = over if over <= cfg.max_clip_fraction else cfg.max_clip_fraction
        else:
            y = y * (cfg.safe_peak / peak)
            info["gain_db"] = 20.0 * np.log10(cfg.safe_peak / peak)
    return y, info


def hard_clip(x, rng, cfg=DEFAULT):
    d = _uniform(rng, cfg.clip_db)
    t = float(np.max(np.abs(x))) * 10.0 ** (-d / 20.0) if x.size else 0.0
    return np.clip(x, -t, t), {"db": d}


# -- the recipe --------------------------------------------------------------------------


def augment(audio, kind, rng, cfg=DEFAULT, babble_sources=None, phones=None):
    """Augment one utterance's 16 kHz audio; returns (float32 audio of the same length, dict of what was done).

    ``kind`` is the manifest's (speech | silence | noise); ``rng`` a numpy
    Generator (the caller seeds it per epoch and utterance); ``babble_sources``
    as in ``add_noise`` (other speakers' audio of the same split); ``phones``
    the utterance's (label, start, end) phones, which creaky voice needs (without
    them that step is skipped).
    """
    x = np.asarray(audio, dtype=np.float64)
    done = {}
    if kind == "speech":
        # Creak first: it is a change of the voice source, so the room and the channel come after it.
        if cfg.p_creak > 0 and rng.random() < cfg.p_creak and phones:
            x, done["creak"] = creak(x, rng, vowel_spans(phones), cfg)
        if rng.random() < cfg.p_reverb:
            x, done["reverb"] = reverb(x, rng, cfg)
        if rng.random() < cfg.p_noise:
            x, done["noise"] = add_noise(x, rng, cfg, babble_sources=babble_sources)
        if cfg.p_highpass > 0 and rng.random() < cfg.p_highpass:
            x, done["highpass"] = high_pass(x, rng, cfg)
        if cfg.p_rumble > 0 and rng.random() < cfg.p_rumble:
            x, done["rumble"] = rumble(x, rng, cfg)
        if rng.random() < cfg.p_band:
            x, done["band"] = band_limit(x, rng, cfg)
        x, done["level"] = set_level(x, rng, cfg)
        if rng.random() < cfg.p_clip:
            x, done["clip"] = hard_clip(x, rng, cfg)
    elif kind in ("silence", "noise"):
        types = tuple(t for t in cfg.noise_types if t != "babble") or ("white",)
        silent = not np.any(x)
        if silent and rng.random() < cfg.p_keep_silence:
            done["kept_silence"] = True
            return np.zeros(x.size, np.float32), done
        if silent or rng.random() < cfg.p_noise:
            x, done["noise"] = add_noise(x, rng, cfg, types=types)
        if cfg.p_rumble > 0 and rng.random() < cfg.p_rumble:
            x, done["rumble"] = rumble(x, rng, cfg)
        x, done["level"] = set_level(x, rng, cfg)
    else:
        raise ValueError("unknown utterance kind %r" % (kind,))
    return x.astype(np.float32), done
