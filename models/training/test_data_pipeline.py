"""Checks of the trainer's data pipeline (``models/training/mouthpiece_train/``).

Plain asserts, no test framework:

    python3 models/training/test_data_pipeline.py [CORPUS]

prints one line per check and 'N passed, M failed, K skipped'; exits nonzero on
failure. CORPUS (or the environment variable MOUTHPIECE_TEST_CORPUS) is a
corpus built with ``--audio``, for example

    npx tsc -p tsconfig.json
    node models/training/corpus/buildCorpus.mjs --config small --out /tmp/mp-small --seed 1 --audio --force
    python3 models/training/test_data_pipeline.py /tmp/mp-small

(any folder works). Without one, the checks that need it are skipped and say
so; the golden vectors, the reader's error handling (on a tiny corpus the
test writes itself), the augmentation on synthetic audio and the sampling
weights are checked either way. MOUTHPIECE_MIN_SPEED (default 50) is the
throughput below which the speed check fails, in seconds of audio per
second; the target is > 200.
"""

import dataclasses
import hashlib
import json
import math
import os
import sys
import tempfile
import time
import traceback
import wave
from pathlib import Path

import numpy as np
import scipy.fft
import torch

torch.set_num_threads(1)  # one thread is the fast setting on small machines, and what the speed check assumes

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import mouthpiece_train as mt  # noqa: E402
from mouthpiece_train import augment as aug  # noqa: E402
from mouthpiece_train import frontend as fe  # noqa: E402
from mouthpiece_train.corpus import CorpusFormatError  # noqa: E402
from mouthpiece_train.dataset import sampling_shares, speaker_group  # noqa: E402

GOLDEN_DIR = HERE.parent.parent / "test" / "golden"
SR, HOP = 16000, 160
CORPUS_PATH = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MOUTHPIECE_TEST_CORPUS")) or None

CHECKS = []


class Skip(Exception):
    pass


def check(needs_corpus=False):
    def wrap(fn):
        fn.needs_corpus = needs_corpus
        CHECKS.append(fn)
        return fn
    return wrap


_CORPUS = {}


def corpus():
    if CORPUS_PATH is None:
        raise Skip("no corpus: pass a corpus folder or set MOUTHPIECE_TEST_CORPUS (see the docstring)")
    if "c" not in _CORPUS:
        _CORPUS["c"] = mt.Corpus(CORPUS_PATH)
        if not _CORPUS["c"].has_audio:
            raise Skip("%s has no audio: build it with --audio" % CORPUS_PATH)
    return _CORPUS["c"]


def tolerance_ratio(got, ref):
    """Worst |got - ref| / (1e-4 max(1, |ref|)), as test/helpers/golden.ts computes it."""
    ref = np.asarray(ref, np.float64)
    r = np.abs(np.asarray(got, np.float64) - ref) / (1e-4 * np.maximum(1.0, np.abs(ref)))
    return float(np.max(r, initial=0.0)) if np.all(np.isfinite(r)) else math.inf


# -- front end ---------------------------------------------------------------------------


@check()
def golden_vectors():
    """frontend.LogMel on test/golden: |v - ref| <= 1e-4 max(1, |ref|) for every value (the JS/C++ tolerance),
    with the power spectrum in float64 (the default); all-float32 is measured for information."""
    index = json.loads((GOLDEN_DIR / "index.json").read_text(encoding="utf-8"))
    worst = {"float64": (0.0, ""), "float32": (0.0, "")}
    for precision in worst:
        m = fe.LogMel(precision=precision)
        for case in index:
            x = np.fromfile(GOLDEN_DIR / (case["name"] + ".in.f32"), "<f4")
            ref = np.fromfile(GOLDEN_DIR / (case["name"] + ".out.f32"), "<f4").reshape(case["frames"], case["bands"])
            with torch.no_grad():
                v = m(torch.from_numpy(x)).numpy()
            assert v.shape == ref.shape and v.dtype == np.float32, (case["name"], v.shape)
            r = tolerance_ratio(v, ref)
            if r > worst[precision][0]:
                worst[precision] = (r, case["name"])
            if precision == "float64":
                assert r <= 1.0, (case["name"], r)
    print("    worst error / tolerance: float64 spectrum %.4f (%s); all-float32 %.2f (%s, not used)"
          % (worst["float64"] + worst["float32"]))


@check()
def frontend_batches_and_segments():
    """Zero-padded batch items and the dataset's audio segments (2 frames before a crop, 240 samples after)
    give bit-identical features to the whole clip; F = ceil(n/160); silence = ln 1e-6; NaN rejected."""
    m = fe.LogMel()
    rng = np.random.default_rng(5)
    clips = [rng.uniform(-0.5, 0.5, n).astype(np.float32) for n in (1, 159, 160, 161, 3000, 16000 + 77)]
    batch = torch.zeros(len(clips), max(c.size for c in clips))
    for i, c in enumerate(clips):
        batch[i, : c.size] = torch.from_numpy(c)
    with torch.no_grad():
        B = m(batch)
        for i, c in enumerate(clips):
            one = m(torch.from_numpy(c))
            assert one.shape == (fe.frame_count(c.size), 64)
            assert torch.equal(B[i, : one.shape[0]], one), c.size
    x = clips[-1]
    with torch.no_grad():
        whole = m(torch.from_numpy(x))
        F = whole.shape[0]
        for start, length in ((0, 10), (1, 30), (2, 50), (37, 40), (F - 13, 13), (0, F)):
            a0 = max(0, start - 2)
            seg = x[a0 * HOP: min(x.size, (start + length) * HOP + 240)]
            got = m(torch.from_numpy(seg))[start - a0: start - a0 + length]
            assert torch.equal(got, whole[start: start + length]), (start, length)
        assert [fe.frame_count(n) for n in (0, 1, 159, 160, 161, 16000)] == [0, 1, 1, 1, 2, 100]
        assert np.allclose(mt.log_mel(np.zeros(1600)), math.log(1e-6), atol=1e-6)
        assert m(torch.zeros(0)).shape == (0, 64)
    bad = x.copy()
    bad[100] = np.nan
    try:
        m(torch.from_numpy(bad))
    except ValueError:
        pass
    else:
        raise AssertionError("NaN accepted")


# -- corpus reader -----------------------------------------------------------------------


def write_tiny_corpus(root, n=2, frames=(7, 12)):
    """A corpus in the FORMAT.md layout, written here independently of the builder (for the reader's checks)."""
    root = Path(root)
    (root / "data").mkdir(parents=True)
    (root / "audio").mkdir()
    channels = ["b%d" % i for i in range(52)] + list(mt.corpus.HEAD_CHANNELS)
    lines = []
    rng = np.random.default_rng(0)
    for i in range(n):
        F = frames[i % len(frames)]
        samples = F * HOP - 3
        uid = "u%06d" % i
        feats = rng.normal(size=(F, 64)).astype("<f4")
        targets = rng.uniform(size=(F, 58)).astype("<f4")
        artic = rng.uniform(size=(F, 6)).astype("<f4")
        vis = rng.integers(0, 15, F).astype(np.uint8)
        head = (b"MPCU" + np.array([1, 32], "<u2").tobytes() + np.array([F], "<u4").tobytes()
                + np.array([64, 58, 6, 100], "<u2").tobytes() + np.array([samples, 1, 0], "<u4").tobytes())
        buf = head + feats.tobytes() + targets.tobytes() + artic.tobytes() + vis.tobytes()
        (root / "data" / (uid + ".bin")).write_bytes(buf)
        with wave.open(str(root / "audio" / (uid + ".wav")), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SR)
            w.writeframes((rng.uniform(-0.3, 0.3, samples) * 32768).astype("<i2").tobytes())
        phones = [["_", 0, 0.01], ["a", 0.01, samples / SR]]
        d = {"id": uid, "kind": "speech", "engine": "espeak-ng", "voice": "v%d" % i, "speaker": "espeak-ng/v%d" % i,
             "language": "en", "text": "a", "textSource": "builtin", "emotion": "neutral", "intensity": 0,
             "renderOf": None, "sourceId": None, "split": "train", "seconds": samples / SR, "samples": samples,
             "frames": F, "sourceSampleRate": SR, "data": "data/%s.bin" % uid,
             "sha256": hashlib.sha256(buf).hexdigest(), "audio": "audio/%s.wav" % uid, "augmentation": None,
             "phones": phones}
        lines.append(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
    manifest = "".join(lines).encode("utf-8")
    (root / "manifest.jsonl").write_bytes(manifest)
    info = {"format": "mouthpiece-corpus", "version": 1, "config": "tiny", "seed": 0, "backend": "test", "fps": 100,
            "sampleRate": SR, "featureBands": 64, "featureSpec": "models/features.md", "targetChannels": channels,
            "articulationChannels": ["jaw", "lipRound", "lipSpread", "lipClose", "labiodental", "tongue"],
            "visemes": ["v%d" % i for i in range(15)], "emotions": ["neutral", "happy", "sad", "angry", "surprised"],
            "heldOutSpeakers": [], "utterances": n, "splits": {"train": n, "val": 0},
            "manifestSha256": hashlib.sha256(manifest).hexdigest()}
    (root / "corpus.json").write_text(json.dumps(info), encoding="utf-8")
    return root


def expect_error(fn, *needles):
    try:
        fn()
    except CorpusFormatError as e:
        msg = str(e)
        for s in needles:
            assert s in msg, "%r not in %r" % (s, msg)
        return msg
    raise AssertionError("no CorpusFormatError (wanted %s)" % (needles,))


@check()
def reader_rejects_bad_files():
    """The reader decodes a hand-written corpus, reads frame ranges lazily, and names the file on a truncated,
    foreign, other-version, oversized or inconsistent data file, a bad WAV, a bad sha256 or manifest hash."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny_corpus(Path(tmp) / "c")
        c = mt.Corpus(root)
        assert c.check(verify_sha256=True) == 4
        u = c.utterances[1]
        whole = c.data(u)
        part = c.data(u, 3, 9)
        assert whole.features.shape == (12, 64) and whole.targets.shape == (12, 58)
        assert whole.articulation.shape == (12, 6) and whole.visemes.shape == (12,) and whole.visemes.dtype == np.uint8
        for name in ("features", "targets", "articulation", "visemes"):
            assert np.array_equal(getattr(part, name), getattr(whole, name)[3:9]), name
        assert c.data(u, features=False).features is None
        assert c.audio(u).dtype == np.float32 and c.audio(u).size == u.samples
        assert c.speakers == ["espeak-ng/v0", "espeak-ng/v1"] and c.languages == ["<none>", "en"]
        assert (u.speaker_id, u.language_id, u.emotion_id) == (1, 1, 0)
        vad = c.voice_activity(u)
        assert vad[0] == 0 and vad[1:].min() == 1, vad

        path = root / u.data
        good = path.read_bytes()

        def with_bytes(b, fn, *needles):
            path.write_bytes(b)
            try:
                expect_error(fn, str(path), *needles)
            finally:
                path.write_bytes(good)

        with_bytes(good[:-5], lambda: c.data(u), "truncated")
        with_bytes(good[:20], lambda: c.data(u), "truncated")
        with_bytes(good + b"\0", lambda: c.data(u), "more than the header")
        with_bytes(b"RIFF" + good[4:], lambda: c.data(u), "not a Mouthpiece corpus data file")
        with_bytes(good[:4] + np.array([2], "<u2").tobytes() + good[6:], lambda: c.data(u), "version 2")
        frames13 = good[:8] + np.array([13], "<u4").tobytes() + good[12:]
        with_bytes(frames13, lambda: c.data(u), "frames")
        with_bytes(good[:-1] + bytes([good[-1] ^ 1]), lambda: c.data(u, verify=True), "sha256")
        path.unlink()
        expect_error(lambda: c.data(u), str(path), "missing")
        path.write_bytes(good)

        wav = root / u.audio
        wgood = wav.read_bytes()
        wav.write_bytes(wgood[:24] + np.array([22050], "<u4").tobytes() + wgood[28:])
        c2 = mt.Corpus(root)
        expect_error(lambda: c2.audio(u), str(wav), "22050 Hz")
        wav.write_bytes(wgood)

        m = root / "manifest.jsonl"
        text = m.read_bytes()
        m.write_bytes(text.replace(b'"intensity":0', b'"intensity":0.0', 1))
        expect_error(lambda: mt.Corpus(root), str(m), "sha256")
        mt.Corpus(root, verify_manifest=False)
        m.write_bytes(text)
        info_path = root / "corpus.json"
        info = json.loads(info_path.read_text())
        info["version"] = 2
        info_path.write_text(json.dumps(info))
        expect_error(lambda: mt.Corpus(root), str(info_path), "version 2")


# -- augmentation ------------------------------------------------------------------------


def synthetic_speech(seed, seconds=2.0):
    """Bursts of harmonic sound with pauses: enough structure for envelopes and active levels."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    t = np.arange(n) / SR
    x = np.zeros(n)
    pos = int(0.3 * SR)
    while pos < n - int(0.3 * SR):
        L = int(rng.uniform(0.08, 0.3) * SR)
        f0 = rng.uniform(90, 250)
        seg = sum(np.sin(2 * np.pi * k * f0 * t[:L] + rng.uniform(0, 6.3)) / k for k in range(1, 20))
        x[pos: pos + L] += seg * np.hanning(L) * rng.uniform(0.05, 0.4)
        pos += L + int(rng.uniform(0.02, 0.2) * SR)
    return x.astype(np.float32)


ONLY = dict(p_reverb=0.0, p_noise=0.0, p_band=0.0, p_level_clip=0.0, p_clip=0.0)


def only(**kw):
    """The default recipe with every optional step off except those in kw (level always runs)."""
    return dataclasses.replace(aug.DEFAULT, **{**ONLY, **kw})


@check()
def augmentation_rules():
    """Same Generator seed -> same samples; length kept; levels, SNR, clip share and RIR as the README says;
    non-speech: silence kept exact in about half the draws, no babble/reverb/band/clip on non-speech."""
    x = synthetic_speech(1)
    babble_src = [synthetic_speech(s) for s in (2, 3, 4, 5)]

    def sources(rng, k):
        return babble_src[:k]

    for seed in range(30):
        a, ia = mt.augment_audio(x, "speech", np.random.default_rng(seed), babble_sources=sources)
        b, ib = mt.augment_audio(x, "speech", np.random.default_rng(seed), babble_sources=sources)
        assert a.dtype == np.float32 and a.shape == x.shape and np.array_equal(a, b) and ia == ib
        assert np.all(np.isfinite(a)) and np.max(np.abs(a)) <= 1.0
    # Level: active level as drawn unless the peak limit applied.
    for seed in range(40):
        y, info = mt.augment_audio(x, "speech", np.random.default_rng(seed), only(level_dbfs=(-35.0, -25.0)))
        got = 10 * math.log10(mt.active_power(y))
        assert abs(got - info["level"]["dbfs"]) < 1e-3 and -35 <= got <= -25, (got, info)
    # Peak limit and the clipping branch: at most 1 % of samples at full scale.
    for seed in range(20):
        y, info = mt.augment_audio(x, "speech", np.random.default_rng(seed), only(level_dbfs=(0.0, 0.0)))
        assert abs(np.max(np.abs(y)) - 0.999) < 1e-6, info
        y, info = mt.augment_audio(x, "speech", np.random.default_rng(seed), only(level_dbfs=(0.0, 0.0), p_level_clip=1.0))
        assert np.max(np.abs(y)) <= 1.0 and np.mean(np.abs(y) >= 1.0) <= 0.0101, np.mean(np.abs(y) >= 1.0)
        assert np.mean(np.abs(y) >= 1.0) > 0
    # Clipping step: hard clip at peak - D dB, no make-up gain.
    y, info = mt.augment_audio(x, "speech", np.random.default_rng(3), only(p_clip=1.0, level_dbfs=(-20.0, -20.0)))
    y0, _ = mt.augment_audio(x, "speech", np.random.default_rng(3), only(level_dbfs=(-20.0, -20.0)))
    t = np.max(np.abs(y0)) * 10 ** (-info["clip"]["db"] / 20)
    assert np.allclose(y, np.clip(y0, -t, t), atol=1e-7)
    # SNR against the active power, for each noise type.
    xs = x.astype(np.float64)
    for kind in ("white", "pink", "babble"):
        for seed in range(5):
            cfg = only(p_noise=1.0, noise_types=(kind,), p_hum=0.0)
            y, info = aug.add_noise(xs, np.random.default_rng(seed), cfg, babble_sources=sources)
            snr = 10 * math.log10(mt.active_power(xs) / np.mean((y - xs) ** 2))
            assert info["type"] == kind and abs(snr - info["snr_db"]) < 1e-6, (kind, snr, info)
    # Pink: power per octave roughly flat (1/f), nothing below 20 Hz.
    p = aug.pink_noise(np.random.default_rng(0), 1 << 18)
    P = np.abs(np.fft.rfft(p)) ** 2
    f = np.fft.rfftfreq(p.size, 1 / SR)
    octaves = [P[(f >= lo) & (f < 2 * lo)].sum() for lo in (100, 200, 400, 800, 1600, 3200)]
    assert max(octaves) / min(octaves) < 1.3, octaves
    assert P[(f > 0) & (f < 19)].max() < 1e-20
    # RIR: direct path 1 at sample 0, nothing before the tail, tail energy sets the DRR, length 1.5 RT60.
    for seed in range(20):
        rng = np.random.default_rng(seed)
        h = aug.synthetic_rir(rng, 0.5, 7.0, 6000.0)
        assert h[0] == 1.0 and not np.any(h[1:40]) and h.size == 12000
        assert abs(10 * math.log10(1.0 / np.sum(h[40:] ** 2)) - 7.0) < 1e-9
    # Non-speech rules.
    silence = np.zeros(12000, np.float32)
    kept = 0
    for seed in range(200):
        y, info = mt.augment_audio(silence, "silence", np.random.default_rng(seed))
        assert not ({"reverb", "band", "clip"} & set(info)), info
        if info.get("kept_silence"):
            kept += 1
            assert not np.any(y)
        else:
            assert info["noise"]["type"] in ("white", "pink") and np.any(y)
    assert 70 <= kept <= 130, kept
    noise = (np.random.default_rng(1).normal(size=12000) * 1e-3).astype(np.float32)
    for seed in range(100):
        y, info = mt.augment_audio(noise, "noise", np.random.default_rng(seed), babble_sources=sources)
        assert not ({"reverb", "band", "clip", "kept_silence"} & set(info)), info
        assert info.get("noise", {}).get("type", "white") != "babble"


def envelope_lag(x, y, window=80, max_lag=800):
    """Lag (samples, positive = y later) of the cross-correlation peak of the mean-removed 5 ms energy
    envelopes, within +-50 ms: the method of corpus/augment.mjs's envelopeLag."""
    def env(s):
        e = np.convolve(np.asarray(s, np.float64) ** 2, np.ones(window), "full")[: len(s)]
        return e - e.mean()
    a, b = env(x), env(y)
    n = scipy.fft.next_fast_len(a.size + b.size, real=True)  # an arbitrary length can make the FFT very slow
    r = scipy.fft.irfft(np.conj(scipy.fft.rfft(a, n)) * scipy.fft.rfft(b, n), n)
    lags = np.r_[np.arange(0, max_lag + 1), np.arange(-max_lag, 0)]
    return int(lags[np.argmax(np.r_[r[: max_lag + 1], r[-max_lag:]])])


def frame_lag(a, b, max_lag=20):
    """Lag (frames, positive = b later) of the cross-correlation peak of two mean-removed per-frame envelopes."""
    a, b = a - a.mean(), b - b.mean()
    r = [np.dot(a[max(0, -l): a.size - max(0, l)], b[max(0, l): b.size - max(0, -l)]) for l in range(-max_lag, max_lag + 1)]
    return int(np.argmax(r)) - max_lag


def frame_energy(x):
    """Per 10 ms feature frame: the band energy sum (exp of the log-mel)."""
    return np.exp(mt.log_mel(np.asarray(x, np.float32)).astype(np.float64)).sum(axis=1)


def frame_onsets(x):
    """Per 10 ms feature frame: spectral flux (rise of the log-mel, 40 dB range), the usual onset envelope."""
    v = mt.log_mel(np.asarray(x, np.float32)).astype(np.float64)
    v = np.maximum(v, v.max() - 9.21)
    return np.maximum(np.diff(v, axis=0, prepend=v[:1]), 0.0).sum(axis=1)


#: One forced step per kind, at the harsh end of its range (level always runs).
SHIFT_KINDS = {
    "white": dict(p_noise=1.0, noise_types=("white",), p_hum=0.0, snr_db=(5.0, 10.0)),
    "pink": dict(p_noise=1.0, noise_types=("pink",), p_hum=0.0, snr_db=(5.0, 10.0)),
    "babble": dict(p_noise=1.0, noise_types=("babble",), snr_db=(5.0, 10.0)),
    "hum": dict(p_noise=1.0, noise_types=("white", "pink"), p_hum=1.0, hum_db=(-10.0, -10.0), snr_db=(5.0, 10.0)),
    "telephone": dict(p_band=1.0, band_kinds=("telephone",)),
    "lowpass": dict(p_band=1.0, band_kinds=("lowpass",), lowpass_hz=(3000.0, 4000.0)),
    "level+clip": dict(p_level_clip=1.0, level_dbfs=(0.0, 0.0)),
    "clip": dict(p_clip=1.0, clip_db=(4.0, 6.0)),
}


@check()
def reverb_direct_path_at_lag_zero():
    """Reverb over the README's whole range, on a click train: nothing precedes the first click and the largest
    output sample after it is the click itself (the direct path, lag 0); the filters' impulse responses peak at 0."""
    n = 4 * SR
    clicks = np.arange(int(0.3 * SR), n - SR, int(1.3 * SR))
    x = np.zeros(n, np.float32)
    x[clicks] = 0.5
    for seed in range(100):
        y, info = mt.augment_audio(x, "speech", np.random.default_rng(seed), only(p_reverb=1.0))
        # Before the first click only the FFT convolution's rounding noise (~1e-16 of the peak), nothing real.
        assert np.max(np.abs(y[: clicks[0]])) < 1e-9 * np.max(np.abs(y)), seed
        for c in clicks:
            seg = np.abs(y[c: c + info["reverb"]["rir_samples"]])
            assert np.argmax(seg) == 0, (seed, info)
    for kind in ("telephone", "lowpass"):
        for seed in range(10):
            y, info = aug.band_limit(x.astype(np.float64), np.random.default_rng(seed), only(p_band=1.0, band_kinds=(kind,)))
            for c in clicks:
                assert np.argmax(np.abs(y[c - 2000: c + 2000])) == 2000, (kind, seed)


# -- with a corpus -----------------------------------------------------------------------


@check(needs_corpus=True)
def corpus_read_all():
    """Every line: data file and WAV pass their checks (sha256 included), F = ceil(samples/160), shapes, ranges,
    emotion renders share their base's audio and features, ids are in range, voice activity is sane."""
    c = corpus()
    n = c.check(verify_sha256=True)
    A = len(c.info["articulationChannels"])
    for u in c.utterances:
        d = c.data(u)
        F = u.frames
        assert F == math.ceil(u.samples / HOP) == d.header.frames
        assert d.features.shape == (F, 64) and d.targets.shape == (F, 58) and d.articulation.shape == (F, A)
        assert d.visemes.shape == (F,) and int(d.visemes.max(initial=0)) < len(c.info["visemes"])
        assert np.all(np.isfinite(d.features)) and np.all(np.isfinite(d.targets))
        assert d.features.min() >= math.log(1e-6) - 1e-4
        w = d.targets[:, :52]
        assert w.min() >= 0 and w.max() <= 1, u.id
        assert d.articulation.min() >= 0 and d.articulation.max() <= 1, u.id
        assert 0 <= u.speaker_id < len(c.speakers) and 0 <= u.language_id < len(c.languages)
        assert c.emotions[u.emotion_id] == u.emotion and (u.emotion != "neutral" or u.intensity == 0)
        vad = c.voice_activity(u)
        if u.is_speech:
            assert 0 < vad.mean() < 1, u.id
        else:
            assert not np.any(vad) and u.language_id == 0
        if u.render_of is not None:
            base = c.by_id[u.render_of]
            assert u.audio == base.audio and u.samples == base.samples
            assert np.array_equal(d.features, c.data(base).features)
        if u.source_id is not None:
            src = c.by_id[u.source_id]
            assert src.speaker == u.speaker and src.split == u.split and u.augmentation is not None
    held = set(c.info["heldOutSpeakers"])
    assert all((u.split == "val") == (u.speaker in held) for u in c.utterances)
    print("    %d lines, %d files checked; %d speakers, %d languages; splits %s"
          % (len(c.utterances), n, len(c.speakers), len(c.languages),
             {s: len(c.split(s)) for s in ("train", "val")}))


@check(needs_corpus=True)
def stored_features_match_audio():
    """Features recomputed by frontend.py from each WAV match the stored ones. They were computed from float
    audio before 16-bit rounding, so the allowance is the spec's 1e-4 max(1, |v|) plus the effect of rounding
    noise (variance LSB^2/12) on a band of energy E: log1p(4 (2 sqrt(E Eq) + Eq) / (E + 1e-6)), Eq the noise's
    expected band energy. Frames next to samples at full scale in the WAV (clipped by the writer) are reported,
    not checked."""
    c = corpus()
    spec = fe.load_spec()
    M = fe.mel_filterbank(spec)                       # [bins, bands]
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 400)
    eq = (1.0 / 32768) ** 2 / 12 * np.sum(w * w) * M.sum(axis=0)   # expected rounding-noise energy per band
    worst, worst_at = 0.0, ""
    max_abs = {"all": 0.0, "v>-3": 0.0}
    clipped = []
    seen = set()
    for u in c.utterances:
        if u.audio in seen:
            continue
        seen.add(u.audio)
        x = c.audio(u)
        stored = c.data(u).features.astype(np.float64)
        got = mt.log_mel(x).astype(np.float64)
        assert got.shape == stored.shape, u.id
        d = np.abs(got - stored)
        E = np.maximum(np.exp(stored) - 1e-6, 0.0)
        allow = 1e-4 * np.maximum(1.0, np.abs(stored)) + np.log1p(4 * (2 * np.sqrt(E * eq) + eq) / (E + 1e-6))
        ok_frames = np.ones(u.frames, bool)
        full = np.flatnonzero(np.abs(x) >= 32767 / 32768)
        if full.size:
            clipped.append("%s (%d samples)" % (u.audio, full.size))
            for s in full:   # frames whose window holds a clipped sample
                ok_frames[max(0, (s - 199 + HOP - 1) // HOP): (s + 200) // HOP + 1] = False
        r = d[ok_frames] / allow[ok_frames]
        if r.size and r.max() > worst:
            worst = float(r.max())
            t, b = np.unravel_index(np.argmax(d / allow * ok_frames[:, None]), d.shape)
            worst_at = "%s frame %d band %d: stored %.3f, |dv| %.4f" % (u.id, t, b, stored[t, b], d[t, b])
        max_abs["all"] = max(max_abs["all"], float(d[ok_frames].max(initial=0)))
        loud = (stored > -3) & ok_frames[:, None]
        max_abs["v>-3"] = max(max_abs["v>-3"], float(d[loud].max(initial=0)))
        assert r.size == 0 or r.max() <= 1.0, (u.id, worst_at)
    print("    %d audio files; worst |dv| / allowance %.2f (%s); max |dv| %.4f overall, %.5f where v > -3"
          % (len(seen), worst, worst_at, max_abs["all"], max_abs["v>-3"]))
    if clipped:
        print("    WAVs with samples at full scale (the float audio went past 1.0; features were computed before"
              " the writer clamped it): %s" % ", ".join(clipped))


@check(needs_corpus=True)
def augmentation_on_corpus():
    """Per (seed, epoch, utterance) the augmented audio is reproducible and differs between epochs; every kind
    leaves speech where it was: the 5 ms energy-envelope cross-correlation lag is within 1 ms and the 10 ms
    frame-energy lag is 0. Reverb adds energy after the direct sound by nature, so its energy envelopes peak
    later (never earlier); for it the speech onset (first sample above -120 dB of the peak) must stay on the
    same sample, and the onset envelope's (spectral flux) lag must be 0 frames in >= 90 % of draws and never
    outside 0..1 (under heavy reverberation the tail's build-up can pull the flux peak one frame late; the
    direct path itself is checked exactly by reverb_direct_path_at_lag_zero)."""
    c = corpus()
    utts = [u for u in c.split("train") if u.is_clean][:8]
    assert utts, "no clean train speech"
    ds = mt.CropBatches(c, seed=11)
    for u in utts[:3]:
        a, ia = ds.augmented_audio(u, 0)
        b, ib = ds.augmented_audio(u, 0)
        assert np.array_equal(a, b) and ia == ib
        e1, _ = ds.augmented_audio(u, 1)
        assert not np.array_equal(a, e1) or not ia
    lags = {}
    for name, kw in SHIFT_KINDS.items():
        ds.augment_config = only(**kw)
        worst_s, worst_f = 0, 0
        for u in utts:
            x = np.asarray(c.audio(u))
            for epoch in range(3):
                y, info = ds.augmented_audio(u, epoch)
                ls = envelope_lag(x, y)
                lf = frame_lag(frame_energy(x), frame_energy(y))
                worst_s = max(worst_s, abs(ls))
                worst_f = max(worst_f, abs(lf))
                # The 5 ms envelope lag is the shift measure (<= 1 ms). The
                # 10 ms frame onset may move one frame: a zero-phase band
                # filter rings a little before a sharp onset (seen on flite
                # awb through the telephone band), which a threshold-based
                # onset picks up.
                assert abs(ls) <= 16 and abs(lf) <= 1, (name, u.id, epoch, ls, lf, info)
        lags[name] = "%d/%d" % (worst_s, worst_f)
    ds.augment_config = only(p_reverb=1.0)
    onset_lags, energy_lags = [], []
    for u in utts:
        x = np.asarray(c.audio(u))
        for epoch in range(6):
            y, info = ds.augmented_audio(u, epoch)
            onset_lags.append(frame_lag(frame_onsets(x), frame_onsets(y)))
            energy_lags.append(envelope_lag(x, y))
            first_x = np.flatnonzero(np.abs(x) > 1e-6 * np.max(np.abs(x)))[0]
            first_y = np.flatnonzero(np.abs(y) > 1e-6 * np.max(np.abs(y)))[0]
            assert first_x == first_y, (u.id, epoch, first_x, first_y, info)
    assert set(onset_lags) <= {0, 1} and onset_lags.count(0) >= 0.9 * len(onset_lags), onset_lags
    assert min(energy_lags) >= -16, energy_lags
    print("    worst |lag| (samples at 5 ms / frames): %s" % ", ".join("%s %s" % kv for kv in lags.items()))
    print("    reverb: speech onset on the same sample in %d/%d; onset-envelope lag 0 frames in %d/%d (else 1);"
          " energy-envelope lag %d..%d samples (the reverberant tail's energy, later by nature)"
          % (len(onset_lags), len(onset_lags), onset_lags.count(0), len(onset_lags), min(energy_lags),
             max(energy_lags)))


def batch_equal(a, b):
    for k in a:
        if isinstance(a[k], torch.Tensor):
            if not torch.equal(a[k], b[k]):
                return False
        elif a[k] != b[k]:
            return False
    return True


@check(needs_corpus=True)
def dataset_batches():
    """Batch shapes, dtypes, masks and crops (stored rows; features from audio equal to the whole utterance's
    without augmentation); same seed -> same batches, across processes and DataLoader workers; another
    epoch -> other batches; validation batches cover the split whole and unaugmented."""
    c = corpus()
    ds = mt.CropBatches(c, batch_size=6, crop_seconds=(2.0, 4.0), seed=7)
    if len(ds) < 2:
        # The committed fixture (~8 s of training audio) is too small for
        # several batches; CI runs this check on the small config's corpus.
        raise Skip("corpus too small for several batches of 6 (use the small config's corpus)")
    b = ds.make_batch(0, 0)
    B, T = b["features"].shape[:2]
    assert B == 6 and 1 <= T <= 400 and b["features"].shape[2] == 64
    for k, shape, dtype in (("targets", (B, T, 58), torch.float32), ("articulation", (B, T, 6), torch.float32),
                            ("visemes", (B, T), torch.int64), ("vad", (B, T), torch.float32),
                            ("mask", (B, T), torch.bool), ("emotion", (B,), torch.int64),
                            ("intensity", (B,), torch.float32), ("speaker", (B,), torch.int64),
                            ("language", (B,), torch.int64), ("is_speech", (B,), torch.bool)):
        assert tuple(b[k].shape) == shape and b[k].dtype == dtype, (k, b[k].shape, b[k].dtype)
    assert torch.equal(b["mask"].sum(1), b["lengths"]) and len(b["ids"]) == B
    for i, uid in enumerate(b["ids"]):
        u = c.by_id[uid]
        s, L = int(b["start"][i]), int(b["lengths"][i])
        assert L == min(T, u.frames) and 0 <= s <= u.frames - L
        d = c.data(u, s, s + L)
        assert torch.equal(b["targets"][i, :L], torch.from_numpy(d.targets))
        assert torch.equal(b["visemes"][i, :L], torch.from_numpy(d.visemes.astype(np.int64)))
        assert not b["mask"][i, L:].any() and not b["targets"][i, L:].any()
        assert int(b["emotion"][i]) == u.emotion_id and int(b["speaker"][i]) == u.speaker_id
    # Without augmentation the crop's features are exactly rows of the whole utterance's.
    clean = mt.CropBatches(c, batch_size=6, seed=7, augment=False)
    cb = clean.make_batch(0, 1)
    for i, uid in enumerate(cb["ids"]):
        u = c.by_id[uid]
        s, L = int(cb["start"][i]), int(cb["lengths"][i])
        whole = torch.from_numpy(mt.log_mel(c.audio(u)))
        assert torch.equal(cb["features"][i, :L], whole[s: s + L]), uid
    # Stored features when audio is not used (no augmentation then).
    nb = mt.CropBatches(c, batch_size=4, seed=7, use_audio=False)
    assert not nb.augment
    sb = nb.make_batch(0, 0)
    for i, uid in enumerate(sb["ids"]):
        s, L = int(sb["start"][i]), int(sb["lengths"][i])
        assert torch.equal(sb["features"][i, :L], torch.from_numpy(c.data(c.by_id[uid], s, s + L).features))
    # Determinism.
    again = mt.CropBatches(c, batch_size=6, crop_seconds=(2.0, 4.0), seed=7)
    stream = list(ds)
    assert all(batch_equal(x, y) for x, y in zip(stream, again))
    ds.set_epoch(1)
    assert not batch_equal(stream[0], next(iter(ds)))
    ds.set_epoch(0)
    loader = torch.utils.data.DataLoader(ds, batch_size=None, num_workers=2)
    workers = list(loader)
    assert len(workers) == len(stream) and all(batch_equal(x, y) for x, y in zip(stream, workers))
    # Validation.
    val = mt.UtteranceBatches(c, "val", batch_size=5)
    seen = []
    for vb in val:
        seen += vb["ids"]
        for i, uid in enumerate(vb["ids"]):
            u = c.by_id[uid]
            assert int(vb["lengths"][i]) == u.frames
            assert torch.equal(vb["features"][i, : u.frames], torch.from_numpy(mt.log_mel(c.audio(u))))
    assert sorted(seen) == sorted(u.id for u in c.split("val"))
    stored = mt.UtteranceBatches(c, "val", batch_size=5, use_audio=False)
    vb = next(iter(stored))
    u = c.by_id[vb["ids"][0]]
    assert torch.equal(vb["features"][0, : u.frames], torch.from_numpy(c.data(u).features))
    shares = sampling_shares(ds.utterances, ds.probabilities)
    print("    %d batches/epoch of %d; crop %d..%d frames; draw shares by group: %s"
          % (len(ds), ds.batch_size, ds.crop_frames[0], ds.crop_frames[1],
             ", ".join("%s %.2f" % kv for kv in shares.items())))


@check(needs_corpus=True)
def throughput():
    """Seconds of (cropped, augmented, featurised) audio delivered per second of wall time, one thread."""
    c = corpus()
    ds = mt.CropBatches(c, batch_size=16, seed=1, examples_per_epoch=160)
    for _ in ds:  # first pass fills the audio cache, as in any epoch after the first
        pass
    frames, t0 = 0, time.perf_counter()
    for epoch in (1, 2, 3):
        ds.set_epoch(epoch)
        for b in ds:
            frames += int(b["lengths"].sum())
    dt = time.perf_counter() - t0
    speed = frames / 100.0 / dt
    t0 = time.perf_counter()
    raw = 0
    for b in mt.UtteranceBatches(c, "train", batch_size=16):
        raw += int(b["lengths"].sum())
    speed_val = raw / 100.0 / (time.perf_counter() - t0)
    print("    augmented crops: %.0fx real time (%.1f s of audio in %.2f s); unaugmented whole utterances: %.0fx"
          % (speed, frames / 100.0, dt, speed_val))
    floor = float(os.environ.get("MOUTHPIECE_MIN_SPEED", "50"))
    assert speed > floor, "%.0fx real time is below %.0fx" % (speed, floor)


# -- sampling ----------------------------------------------------------------------------


@check()
def sampling_balance():
    """Sampling weights: espeak-ng variants form one group, each recorded person (across engines) its own,
    groups and speakers weighted by seconds^alpha, utterances by seconds; alpha = 1 / balance=False is natural."""
    U = mt.Utterance
    base = dict(engine=None, voice=None, language="en", text="", text_source=None, emotion="neutral", intensity=0.0,
                render_of=None, source_id=None, split="train", samples=0, frames=0, source_sample_rate=SR, data="",
                sha256="", audio=None, augmentation=None, phones=())
    utts = []
    for s in range(100):  # 100 espeak-ng variants x 10 utterances of 2 s
        utts += [U(index=0, id="e", kind="speech", speaker="espeak-ng/v%d" % s, seconds=2.0, **base) for _ in range(10)]
    for s, n in (("cmu/kal", 90), ("cmu/slt", 30), ("festival/ona", 30)):
        utts += [U(index=0, id="r", kind="speech", speaker=s, seconds=3.0, **base) for _ in range(n)]
    utts += [U(index=0, id="n", kind="silence", speaker="nonspeech/train", seconds=1.0, **base) for _ in range(20)]
    p = mt.sampling_weights(utts, alpha=0.5)
    assert abs(p.sum() - 1) < 1e-12
    g = sampling_shares(utts, p)
    sec = {"espeak-ng": 2000.0, "cmu/kal": 270.0, "cmu/slt": 90.0, "festival/ona": 90.0, "nonspeech": 20.0}
    z = sum(v ** 0.5 for v in sec.values())
    for k, v in sec.items():
        assert abs(g[k] - v ** 0.5 / z) < 1e-12, (k, g[k])
    natural = sampling_shares(utts, mt.sampling_weights(utts, balance=False))
    assert abs(natural["espeak-ng"] - 2000 / 2470) < 1e-12
    assert abs(sampling_shares(utts, mt.sampling_weights(utts, alpha=1.0))["cmu/kal"] - 270 / 2470) < 1e-12
    assert g["cmu/kal"] > 1.5 * natural["cmu/kal"] and g["espeak-ng"] < 0.6 < natural["espeak-ng"]
    # Within espeak-ng: every variant equally likely (equal seconds).
    per = sampling_shares(utts, p, key=lambda s: s)
    assert abs(per["espeak-ng/v0"] - per["espeak-ng/v99"]) < 1e-15
    assert speaker_group("cmu/kal") == "cmu/kal" and speaker_group("espeak-ng/en-us+f3") == "espeak-ng"



@check()
def spectral_augmentation_rules():
    """VTLP and equaliser: identity when off, silence stays at the floor, seeded, peaks move the right way, EQ bounded."""
    from mouthpiece_train import spectral as sp
    floor = np.log(1e-6)
    rng0 = np.random.default_rng(5)
    f = np.log(rng0.random((20, 64)) + 1e-6).astype(np.float32)
    f[3] = np.float32(floor)
    same, done = sp.augment_features(f, np.random.default_rng(1), sp.SpectralConfig(p_warp=1.0, warp=(1.0, 1.0), p_eq=0.0))
    assert np.abs(same - f).max() < 1e-5 and done == {"warp": 1.0}, (np.abs(same - f).max(), done)
    a, da = sp.augment_features(f, np.random.default_rng(7))
    b, db = sp.augment_features(f, np.random.default_rng(7))
    assert np.array_equal(a, b) and da == db
    assert np.all(a[3] == np.float32(floor)), "digital silence must stay at the floor"
    # A spectral peak at band 30: alpha > 1 moves it up (shorter vocal tract), alpha < 1 down.
    peak = np.full((1, 64), floor, np.float32)
    peak[0, 28:33] = np.log(np.array([1, 4, 9, 4, 1], np.float64) + 1e-6)
    for alpha, sign in ((1.15, 1), (0.85, -1)):
        w, _ = sp.augment_features(peak, np.random.default_rng(0), sp.SpectralConfig(p_warp=1.0, warp=(alpha, alpha), p_eq=0.0))
        centroid = lambda x: float((np.exp(x[0]) * np.arange(64)).sum() / np.exp(x[0]).sum())  # noqa: E731
        assert sign * (centroid(w) - centroid(peak)) > 1.5, (alpha, centroid(w), centroid(peak))
    # EQ: every band's energy changes by at most max_db, and some by more than 1 dB.
    cfg = sp.SpectralConfig(p_warp=0.0, p_eq=1.0)
    big = np.log(rng0.random((4, 64)) + 1.0).astype(np.float32)  # energies far above the floor
    e, _ = sp.augment_features(big, np.random.default_rng(3), cfg)
    db = 10 * np.log10(np.exp(e.astype(np.float64)) / np.exp(big.astype(np.float64)))
    assert np.abs(db).max() <= cfg.max_db + 1e-3 and np.abs(db).max() > 1.0, np.abs(db).max()
    assert np.allclose(db, db[0:1], atol=1e-3), "the same gain on every frame"
    try:
        sp.augment_features(np.zeros((3, 10), np.float32), np.random.default_rng(0))
        raise AssertionError("wrong band count accepted")
    except ValueError as err:
        assert "64" in str(err)


@check()
def low_frequency_augmentation_rules():
    """Rumble at its drawn level, below its corner; the high-pass removes the lows; off in the default recipe."""
    x = synthetic_speech(11).astype(np.float64)
    for seed in range(6):
        y, info = aug.rumble(x, np.random.default_rng(seed), aug.LOW_FREQUENCY)
        r = y - x
        rel = 10 * math.log10(np.mean(r * r) / mt.active_power(x))
        assert abs(rel - info["db"]) < 1e-6, (rel, info)
        P = np.abs(np.fft.rfft(r)) ** 2
        f = np.fft.rfftfreq(r.size, 1 / SR)
        assert P[f <= 2 * info["cutoff_hz"]].sum() > 0.97 * P.sum(), info
    w = np.random.default_rng(1).standard_normal(1 << 15)
    y, info = aug.high_pass(w, np.random.default_rng(2), aug.LOW_FREQUENCY)
    f = np.fft.rfftfreq(w.size, 1 / SR)
    low = (f > 5) & (f < info["cutoff_hz"] / 2)
    Pw, Py = np.abs(np.fft.rfft(w)) ** 2, np.abs(np.fft.rfft(y)) ** 2
    assert 10 * math.log10(Py[low].sum() / Pw[low].sum()) < -40, info
    mid = (f > 2 * info["cutoff_hz"]) & (f < 4000)
    assert abs(10 * math.log10(Py[mid].sum() / Pw[mid].sum())) < 0.5, info
    # The recipe with the opt-in steps: both happen; the default never draws them.
    seen = set()
    for seed in range(40):
        _, done = mt.augment_audio(x, "speech", np.random.default_rng(seed), aug.LOW_FREQUENCY)
        seen |= done.keys() & {"rumble", "highpass"}
        _, done = mt.augment_audio(x, "speech", np.random.default_rng(seed))
        assert "rumble" not in done and "highpass" not in done
    assert seen == {"rumble", "highpass"}, seen
    y, done = mt.augment_audio(np.zeros(8000, np.float32), "silence", np.random.default_rng(0),
                               dataclasses.replace(aug.LOW_FREQUENCY, p_keep_silence=0.0, p_rumble=1.0))
    assert "rumble" in done and np.all(np.isfinite(y)) and np.any(y != 0)


@check()
def creak_augmentation_rules():
    """Creak changes vowels only, at its drawn level, with pulses at its drawn rate; off unless asked for."""
    assert aug.is_vowel("ˈæ") and aug.is_vowel("ˌɔɪ") and aug.is_vowel("iː") and aug.is_vowel("ɚ")
    assert not any(aug.is_vowel(l) for l in ("p", "m", "ɹ", "_", "", "ʔ", "n̩"))
    x = synthetic_speech(3).astype(np.float64)
    phones = [("_", 0.0, 0.3), ("m", 0.3, 0.4), ("ˈɑ", 0.4, 0.9), ("t", 0.9, 1.0), ("ə", 1.0, 1.3), ("_", 1.3, 2.0)]
    cfg = dataclasses.replace(aug.LOW_FREQUENCY_CREAK, p_creak=1.0, creak_spans=(1, 1), creak_span_s=(2.0, 2.0),
                              creak_fade_ms=0.0625)  # a one-sample ramp, so the level can be checked exactly
    for seed in range(5):
        y, info = aug.creak(x, np.random.default_rng(seed), aug.vowel_spans(phones), cfg)
        assert info["vowels"] == 2, info
        inside = np.zeros(x.size, bool)
        for a, b in ((0.4, 0.9), (1.0, 1.3)):
            inside[int(round(a * SR)):int(round(b * SR))] = True
        assert np.array_equal(y[~inside], x[~inside]), "consonants and pauses untouched"
        a, b = int(round(0.4 * SR)), int(round(0.9 * SR))
        rel = 10 * math.log10(np.mean(y[a + 1:b - 1] ** 2) / np.mean(x[a:b] ** 2))
        assert abs(rel - info["spans"][0]["db"]) < 0.3, (rel, info)
    rng = np.random.default_rng(7)
    g, p = aug.creak_envelope(rng, SR, cfg)
    rise = np.flatnonzero(np.diff(g) > 0.02) + 1  # an envelope only rises at a pulse
    period = np.diff(rise) / SR
    lo, hi = (1 - cfg.creak_jitter) / p["hz"], (1 + cfg.creak_jitter) / p["hz"]
    assert period.size >= 10 and np.all(period >= lo - 1e-3) and np.all(period <= hi + 1e-3), (p, period)
    assert cfg.creak_hz[0] <= p["hz"] <= cfg.creak_hz[1] and g.min() >= p["floor"] - 1e-12 and abs(g.max() - 1) < 1e-9
    # The recipe: drawn with phones under LOW_FREQUENCY_CREAK; never without phones, nor in the other recipes,
    # whose outputs stay bit-identical with phones given (p 0 draws nothing).
    seen = False
    for seed in range(30):
        _, done = mt.augment_audio(x, "speech", np.random.default_rng(seed), aug.LOW_FREQUENCY_CREAK, phones=phones)
        seen |= "creak" in done
        _, done = mt.augment_audio(x, "speech", np.random.default_rng(seed), aug.LOW_FREQUENCY_CREAK)
        assert "creak" not in done
        for c in (aug.DEFAULT, aug.LOW_FREQUENCY):
            a1, d1 = mt.augment_audio(x, "speech", np.random.default_rng(seed), c, phones=phones)
            a2, _ = mt.augment_audio(x, "speech", np.random.default_rng(seed), c)
            assert "creak" not in d1 and np.array_equal(a1, a2)
    assert seen


@check()
def room_recipe_only_adds_room_and_noise():
    # --room changes reverb and noise alone; everything else stays the creak recipe.
    room, base = aug.ROOM, aug.LOW_FREQUENCY_CREAK
    changed = {f for f in base.__dataclass_fields__ if getattr(room, f) != getattr(base, f)}
    assert changed == {"p_reverb", "p_noise", "snr_db"}
    assert room.p_reverb > base.p_reverb and room.p_noise > base.p_noise and room.snr_db[1] < base.snr_db[1]
    strong = aug.ROOM_STRONG
    assert {f for f in base.__dataclass_fields__ if getattr(strong, f) != getattr(base, f)} == {"p_reverb", "p_noise", "snr_db"}
    assert strong.p_reverb > room.p_reverb and strong.p_noise > room.p_noise and strong.snr_db[1] < room.snr_db[1]
    import train
    assert train.parse_args(["--corpus", "c", "--out", "o", "--room"]).room == "on"
    assert train.parse_args(["--corpus", "c", "--out", "o", "--room", "strong"]).room == "strong"
    assert train.parse_args(["--corpus", "c", "--out", "o"]).room is None


@check()
def closure_boost_option_changes_only_that_weight():
    # --closure-boost sets LossWeights.closure_boost alone; without it the loss config (and so the hash) is the default's.
    import train
    from mouthpiece_train.losses import LossWeights
    default = train.loss_weights(train.parse_args(["--corpus", "c", "--out", "o"])).to_dict()
    assert default == LossWeights().to_dict()
    boosted = train.loss_weights(train.parse_args(["--corpus", "c", "--out", "o", "--closure-boost", "8"])).to_dict()
    assert {k for k in default if default[k] != boosted[k]} == {"closure_boost"} and boosted["closure_boost"] == 8.0
    for bad in ("-1", "nan", "inf"):
        try:
            train.loss_weights(train.parse_args(["--corpus", "c", "--out", "o", "--closure-boost", bad]))
        except SystemExit as e:
            assert "--closure-boost" in str(e)
        else:
            raise AssertionError("--closure-boost %s was accepted" % bad)


@check(needs_corpus=True)
def room_tts_writes_the_tuners_utterances_with_a_room():
    # test/eval/roomTts.py: the held-out utterances heldOutTts picks, same length, phones kept, audio changed, seeded.
    corpus()  # skips without a corpus with audio
    sys.path.insert(0, str(HERE.parent.parent / "test" / "eval"))
    import roomTts
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        roomTts.main(["--corpus", CORPUS_PATH, "--out", a, "--max", "3"])
        roomTts.main(["--corpus", CORPUS_PATH, "--out", b, "--max", "3"])
        src = {l["id"]: l for l in (json.loads(x) for x in (Path(CORPUS_PATH) / "manifest.jsonl").read_text().splitlines() if x.strip())}
        out = [json.loads(x) for x in (Path(a) / "manifest.jsonl").read_text().splitlines() if x.strip()]
        if not out:
            raise Skip("the corpus has no held-out neutral speech with audio")
        for l in out:
            s0 = src[l["id"]]
            assert s0["split"] == "val" and s0["emotion"] == "neutral" and l["phones"] == s0["phones"]
            x = roomTts.read_wav(Path(CORPUS_PATH) / s0["audio"])
            y = roomTts.read_wav(Path(a) / l["audio"])
            assert x.size == y.size and not np.allclose(x, y, atol=1e-3)
            assert 10.0 <= l["room"]["snr_db"] <= 30.0 and l["room"]["noise"] in ("white", "pink")
            assert np.array_equal(y, roomTts.read_wav(Path(b) / l["audio"]))


def main():
    passed = failed = skipped = 0
    t_all = time.perf_counter()
    for fn in CHECKS:
        t0 = time.perf_counter()
        try:
            fn()
        except Skip as e:
            skipped += 1
            print("skip %s: %s" % (fn.__name__, e))
            continue
        except Exception:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            print("FAIL %s: %s" % (fn.__name__, (fn.__doc__ or "").strip().splitlines()[0]))
            traceback.print_exc()
            continue
        passed += 1
        print("ok   %s (%.1f s)" % (fn.__name__, time.perf_counter() - t0))
    print("%d passed, %d failed, %d skipped (%.0f s)%s"
          % (passed, failed, skipped, time.perf_counter() - t_all,
             "" if CORPUS_PATH else "; corpus checks need a corpus path or MOUTHPIECE_TEST_CORPUS"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

