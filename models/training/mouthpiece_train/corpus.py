"""Reading a Mouthpiece synthetic corpus (``models/training/corpus/FORMAT.md``, version 1).

A corpus folder holds ``corpus.json`` (build facts), ``manifest.jsonl`` (one
line per utterance), ``data/<id>.bin`` (features, targets, articulation and
visemes at 100 Hz) and, when built with ``--audio``, ``audio/<id>.wav``
(16 kHz PCM16 mono; emotion renders point to their base's file).

    corpus = Corpus("CORPUS")
    u = corpus.split("train")[0]
    d = corpus.data(u)                       # UtteranceData: features [F, 64], targets [F, 58], ...
    d = corpus.data(u, start=100, stop=400)  # only frames 100..399 are read from disk
    pcm = corpus.audio(u)                    # float32 [samples] in [-1, 1)

Data files are read lazily: a crop seeks to its frame range in each array
instead of loading the file, and nothing is kept open (a memory map per file
would hold a file descriptor each, and the full corpus has tens of thousands
of files). Every read checks the 32-byte header against the file size, the
manifest line and ``corpus.json``, and raises ``CorpusFormatError`` naming the
file when anything disagrees (truncated or foreign file, other version...).

Ids for embeddings are stable functions of the corpus: speakers and languages
sorted by name (language id 0 is ``"<none>"``, for non-speech lines), emotions
in ``corpus.json``'s order (the teacher's EMOTIONS). A trainer should store
these vocabularies with its checkpoint, since another corpus (config) has
other speakers.
"""

import hashlib
import json
import math
import os
import re
import wave
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import numpy as np

from .frontend import load_spec

MAGIC = b"MPCU"
FORMAT_VERSION = 1
HEADER_BYTES = 32
SAMPLE_RATE = 16000
FPS = 100
HOP = SAMPLE_RATE // FPS
BLENDSHAPES = 52
HEAD_CHANNELS = ("headPitch", "headYaw", "headRoll", "headX", "headY", "headZ")
KINDS = ("speech", "silence", "noise")
SPLITS = ("train", "val")
NO_LANGUAGE = "<none>"
PAUSE_LABELS = frozenset(("_", ""))

_MANIFEST_KEYS = (
    "id", "kind", "engine", "voice", "speaker", "language", "text", "textSource", "emotion",
    "intensity", "renderOf", "sourceId", "split", "seconds", "samples", "frames",
    "sourceSampleRate", "data", "sha256", "audio", "augmentation", "phones",
)
_ID_RE = re.compile(r"^u[0-9]{6}$")


class CorpusFormatError(ValueError):
    """A corpus file is missing, truncated, foreign or inconsistent; the message names the file."""


@dataclass(frozen=True)
class DataHeader:
    """The header of a ``data/<id>.bin`` file."""

    version: int
    header_bytes: int
    frames: int
    bands: int
    target_channels: int
    articulation_channels: int
    fps: int
    samples: int
    flags: int

    @property
    def is_speech(self):
        return bool(self.flags & 1)

    def file_size(self):
        """Bytes the file must have: H + 4F(B + C + A) + F."""
        F = self.frames
        return self.header_bytes + 4 * F * (self.bands + self.target_channels + self.articulation_channels) + F

    def offsets(self):
        """Byte offsets of (features, targets, articulation, visemes)."""
        F, H = self.frames, self.header_bytes
        o_t = H + 4 * F * self.bands
        o_a = o_t + 4 * F * self.target_channels
        o_v = o_a + 4 * F * self.articulation_channels
        return H, o_t, o_a, o_v


@dataclass
class UtteranceData:
    """Per-frame arrays of one utterance (or of a frame range of it: ``start`` is its first frame)."""

    features: Optional[np.ndarray]      # float32 [T, bands], natural-log mel
    targets: np.ndarray                 # float32 [T, 58]: 52 ARKit weights, then head pitch/yaw/roll (rad), x/y/z (m)
    articulation: np.ndarray            # float32 [T, A]
    visemes: np.ndarray                 # uint8 [T], Oculus viseme ids
    header: DataHeader
    start: int = 0


@dataclass(frozen=True)
class Utterance:
    """One manifest line plus the corpus-level ids the trainer conditions on."""

    index: int                  # line number in manifest.jsonl
    id: str
    kind: str                   # speech | silence | noise
    engine: Optional[str]
    voice: Optional[str]
    speaker: str                # source speaker (a recorded person shares one id across engines)
    language: Optional[str]
    text: str
    text_source: Optional[str]
    emotion: str
    intensity: float
    render_of: Optional[str]    # emotion render: id of the neutral line whose audio it shares
    source_id: Optional[str]    # stored augmentation: id of the clean line it was made from
    split: str
    seconds: float
    samples: int
    frames: int
    source_sample_rate: int
    data: str
    sha256: str
    audio: Optional[str]
    augmentation: Optional[dict]
    phones: Tuple[Tuple[str, float, float], ...]
    speaker_id: int = -1
    language_id: int = 0
    emotion_id: int = 0

    @property
    def is_speech(self):
        return self.kind == "speech"

    @property
    def is_clean(self):
        """Speech with its own, unaugmented audio (no emotion render, no stored augmentation)."""
        return self.kind == "speech" and self.render_of is None and self.augmentation is None


def read_header(path, size=None):
    """Parse and check the header of a data file; ``size`` is the file size if already known."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES)
            if size is None:
                size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        raise CorpusFormatError("%s: data file missing" % path) from None
    return _parse_header(path, head, size)


def _parse_header(path, head, size):
    if len(head) < HEADER_BYTES:
        raise CorpusFormatError("%s: truncated, %d bytes (a data file has a %d-byte header)" % (path, len(head), HEADER_BYTES))
    if head[:4] != MAGIC:
        raise CorpusFormatError("%s: not a Mouthpiece corpus data file (magic %r, expected %r)" % (path, head[:4], MAGIC))
    version, hbytes = np.frombuffer(head, "<u2", 2, 4)
    frames = int(np.frombuffer(head, "<u4", 1, 8)[0])
    bands, channels, artic, fps = (int(v) for v in np.frombuffer(head, "<u2", 4, 12))
    samples, flags = (int(v) for v in np.frombuffer(head, "<u4", 2, 20))
    if version != FORMAT_VERSION:
        raise CorpusFormatError("%s: format version %d, this reader knows version %d" % (path, version, FORMAT_VERSION))
    if hbytes < HEADER_BYTES or hbytes % 4:
        raise CorpusFormatError("%s: header size %d (must be >= %d and a multiple of 4)" % (path, hbytes, HEADER_BYTES))
    h = DataHeader(int(version), int(hbytes), frames, bands, channels, artic, fps, samples, flags)
    if fps != FPS:
        raise CorpusFormatError("%s: frame rate %d Hz, expected %d" % (path, fps, FPS))
    if frames != math.ceil(samples / HOP):
        raise CorpusFormatError("%s: %d frames for %d samples (expected ceil(samples / %d) = %d)"
                                % (path, frames, samples, HOP, math.ceil(samples / HOP)))
    want = h.file_size()
    if size < want:
        raise CorpusFormatError("%s: truncated, %d bytes but the header describes %d" % (path, size, want))
    if size > want:
        raise CorpusFormatError("%s: %d bytes, %d more than the header describes (foreign or corrupt file)"
                                % (path, size, size - want))
    return h


def _decode(buf, h, start, stop):
    """Arrays of frames [start, stop) from the whole file's bytes."""
    o_f, o_t, o_a, o_v = h.offsets()
    B, C, A = h.bands, h.target_channels, h.articulation_channels
    n = stop - start
    f = np.frombuffer(buf, "<f4", n * B, o_f + 4 * B * start).reshape(n, B)
    t = np.frombuffer(buf, "<f4", n * C, o_t + 4 * C * start).reshape(n, C)
    a = np.frombuffer(buf, "<f4", n * A, o_a + 4 * A * start).reshape(n, A)
    v = np.frombuffer(buf, np.uint8, n, o_v + start)
    return f.copy(), t.copy(), a.copy(), v.copy()


def read_data(path, start=0, stop=None, features=True, sha256=None):
    """Read frames [start, stop) of a data file (all by default) into an ``UtteranceData``.

    Only the requested rows are read (one seek per array), unless ``sha256``
    is given: then the whole file is read and its hash checked first.
    ``features=False`` skips the feature array (the trainer recomputes
    features from audio).
    """
    path = Path(path)
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise CorpusFormatError("%s: data file missing" % path) from None
    with fh:
        size = os.fstat(fh.fileno()).st_size
        if sha256 is not None:
            buf = fh.read()
            got = hashlib.sha256(buf).hexdigest()
            if got != sha256:
                raise CorpusFormatError("%s: sha256 %s, the manifest says %s" % (path, got, sha256))
            h = _parse_header(path, buf[:HEADER_BYTES], size)
            stop = h.frames if stop is None else stop
            _check_range(path, h, start, stop)
            f, t, a, v = _decode(buf, h, start, stop)
            return UtteranceData(f if features else None, t, a, v, h, start)
        h = _parse_header(path, fh.read(HEADER_BYTES), size)
        stop = h.frames if stop is None else stop
        _check_range(path, h, start, stop)
        n = stop - start
        o_f, o_t, o_a, o_v = h.offsets()
        B, C, A = h.bands, h.target_channels, h.articulation_channels

        def rows(offset, width, dtype, itemsize):
            fh.seek(offset + itemsize * width * start)
            arr = np.fromfile(fh, dtype, n * width)
            if arr.size != n * width:  # the file shrank after the size check
                raise CorpusFormatError("%s: truncated while reading" % path)
            return arr.reshape(n, width) if width > 1 else arr

        f = rows(o_f, B, "<f4", 4) if features else None
        t = rows(o_t, C, "<f4", 4)
        a = rows(o_a, A, "<f4", 4)
        v = rows(o_v, 1, np.uint8, 1)
        return UtteranceData(f, t, a, v, h, start)


def _check_range(path, h, start, stop):
    if not 0 <= start <= stop <= h.frames:
        raise ValueError("%s: frame range [%d, %d) outside 0..%d" % (path, start, stop, h.frames))


def read_wav(path, expect_samples=None):
    """Read a 16 kHz mono 16-bit PCM WAV as float32 in [-1, 1) (int16 / 32768, the builder's scale)."""
    path = Path(path)
    try:
        w = wave.open(str(path), "rb")
    except FileNotFoundError:
        raise CorpusFormatError("%s: audio file missing" % path) from None
    except (wave.Error, EOFError) as e:
        raise CorpusFormatError("%s: not a PCM WAV file (%s)" % (path, e)) from None
    with w:
        ch, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
        if (ch, width, rate) != (1, 2, SAMPLE_RATE) or w.getcomptype() != "NONE":
            raise CorpusFormatError("%s: %d channel(s), %d-bit, %d Hz; expected mono 16-bit PCM at %d Hz"
                                    % (path, ch, 8 * width, rate, SAMPLE_RATE))
        raw = w.readframes(n)
    if len(raw) != 2 * n:
        raise CorpusFormatError("%s: truncated, %d of %d samples" % (path, len(raw) // 2, n))
    if expect_samples is not None and n != expect_samples:
        raise CorpusFormatError("%s: %d samples, the manifest says %d" % (path, n, expect_samples))
    return np.frombuffer(raw, "<i2").astype(np.float32) * np.float32(1.0 / 32768.0)


class _AudioCache:
    """Least-recently-used cache of decoded audio, bounded in bytes (babble reads other utterances often)."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.items = OrderedDict()
        self.bytes = 0

    def get(self, key, load):
        x = self.items.get(key)
        if x is not None:
            self.items.move_to_end(key)
            return x
        x = load()
        x.setflags(write=False)  # shared between callers: nobody may modify it in place
        if x.nbytes <= self.max_bytes:
            self.items[key] = x
            self.bytes += x.nbytes
            while self.bytes > self.max_bytes:
                _, old = self.items.popitem(last=False)
                self.bytes -= old.nbytes
        return x


class Corpus:
    """A corpus folder: its facts, its utterances and readers for their files.

    ``verify_manifest`` checks the manifest's bytes against ``corpus.json``'s
    ``manifestSha256``; ``verify_data`` makes every ``data()`` read check the
    file's sha256 (slower: the whole file is read). ``check()`` validates
    every file once.
    """

    def __init__(self, root, verify_manifest=True, verify_data=False, audio_cache_mb=256):
        self.root = Path(root)
        self.verify_data = verify_data
        self.info = self._read_info()
        self.utterances = self._read_manifest(verify_manifest)
        self.by_id = {u.id: u for u in self.utterances}
        self._audio_cache = _AudioCache(int(audio_cache_mb * 2 ** 20))
        self._vad_cache = {}

    # -- corpus.json and manifest.jsonl ------------------------------------------------

    def _read_info(self):
        p = self.root / "corpus.json"
        try:
            info = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CorpusFormatError("%s: missing (is %s a corpus folder?)" % (p, self.root)) from None
        except json.JSONDecodeError as e:
            raise CorpusFormatError("%s: not JSON (%s)" % (p, e)) from None
        if info.get("format") != "mouthpiece-corpus":
            raise CorpusFormatError("%s: format %r, expected 'mouthpiece-corpus'" % (p, info.get("format")))
        if info.get("version") != FORMAT_VERSION:
            raise CorpusFormatError("%s: version %r, this reader knows %d" % (p, info.get("version"), FORMAT_VERSION))
        for key, want in (("fps", FPS), ("sampleRate", SAMPLE_RATE)):
            if info.get(key) != want:
                raise CorpusFormatError("%s: %s is %r, expected %r" % (p, key, info.get(key), want))
        bands = load_spec()["bands"]  # the feature definition fixes the band count
        if info.get("featureBands") != bands:
            raise CorpusFormatError("%s: featureBands %r, models/features.json has %d" % (p, info.get("featureBands"), bands))
        ch = info.get("targetChannels") or []
        if len(ch) != BLENDSHAPES + len(HEAD_CHANNELS) or tuple(ch[BLENDSHAPES:]) != HEAD_CHANNELS:
            raise CorpusFormatError("%s: targetChannels must be 52 blendshapes then %s" % (p, ", ".join(HEAD_CHANNELS)))
        if not info.get("articulationChannels") or not info.get("emotions") or not info.get("visemes"):
            raise CorpusFormatError("%s: articulationChannels, emotions and visemes must be non-empty" % p)
        return info

    def _read_manifest(self, verify):
        p = self.root / "manifest.jsonl"
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise CorpusFormatError("%s: missing" % p) from None
        if verify:
            got = hashlib.sha256(raw).hexdigest()
            if got != self.info.get("manifestSha256"):
                raise CorpusFormatError("%s: sha256 %s, corpus.json says %s" % (p, got, self.info.get("manifestSha256")))
        lines = []
        for i, text in enumerate(raw.decode("utf-8").splitlines()):
            try:
                d = json.loads(text)
            except json.JSONDecodeError as e:
                raise CorpusFormatError("%s line %d: not JSON (%s)" % (p, i + 1, e)) from None
            self._check_line(p, i, d)
            lines.append(d)
        if len(lines) != self.info.get("utterances"):
            raise CorpusFormatError("%s: %d lines, corpus.json says %r utterances" % (p, len(lines), self.info.get("utterances")))
        counts = {s: sum(1 for d in lines if d["split"] == s) for s in SPLITS}
        if counts != {s: self.info.get("splits", {}).get(s, 0) for s in SPLITS}:
            raise CorpusFormatError("%s: split counts %r, corpus.json says %r" % (p, counts, self.info.get("splits")))

        # Stable ids: sorted names (emotions in corpus.json's order, the teacher's).
        self.speakers = sorted({d["speaker"] for d in lines})
        self.languages = [NO_LANGUAGE] + sorted({d["language"] for d in lines if d["language"]})
        self.emotions = list(self.info["emotions"])
        sp = {s: i for i, s in enumerate(self.speakers)}
        lang = {s: i for i, s in enumerate(self.languages)}
        emo = {s: i for i, s in enumerate(self.emotions)}
        out = []
        for i, d in enumerate(lines):
            out.append(Utterance(
                index=i, id=d["id"], kind=d["kind"], engine=d["engine"], voice=d["voice"], speaker=d["speaker"],
                language=d["language"], text=d["text"], text_source=d["textSource"], emotion=d["emotion"],
                intensity=float(d["intensity"]), render_of=d["renderOf"], source_id=d["sourceId"], split=d["split"],
                seconds=float(d["seconds"]), samples=int(d["samples"]), frames=int(d["frames"]),
                source_sample_rate=int(d["sourceSampleRate"]), data=d["data"], sha256=d["sha256"], audio=d["audio"],
                augmentation=d["augmentation"], phones=tuple((str(l), float(s), float(e)) for l, s, e in d["phones"]),
                speaker_id=sp[d["speaker"]], language_id=lang[d["language"] or NO_LANGUAGE], emotion_id=emo[d["emotion"]]))
        return out

    def _check_line(self, p, i, d):
        where = "%s line %d" % (p, i + 1)
        missing = [k for k in _MANIFEST_KEYS if k not in d]
        if missing:
            raise CorpusFormatError("%s: missing field(s) %s" % (where, ", ".join(missing)))
        if not _ID_RE.match(str(d["id"])):
            raise CorpusFormatError("%s: id %r is not u + 6 digits" % (where, d["id"]))
        if d["kind"] not in KINDS or d["split"] not in SPLITS:
            raise CorpusFormatError("%s: kind %r / split %r" % (where, d["kind"], d["split"]))
        if d["emotion"] not in self.info["emotions"]:
            raise CorpusFormatError("%s: emotion %r not in corpus.json emotions" % (where, d["emotion"]))
        if not 0.0 <= float(d["intensity"]) <= 1.0:
            raise CorpusFormatError("%s: intensity %r outside [0, 1]" % (where, d["intensity"]))
        if d["frames"] != math.ceil(d["samples"] / HOP):
            raise CorpusFormatError("%s: frames %r != ceil(samples / %d)" % (where, d["frames"], HOP))
        for key in ("data", "audio"):
            rel = d[key]
            if rel is not None and (os.path.isabs(rel) or ".." in Path(rel).parts):
                raise CorpusFormatError("%s: %s path %r leaves the corpus folder" % (where, key, rel))

    # -- selection ---------------------------------------------------------------------

    def split(self, name):
        """Utterances of split ``name`` (``train`` or ``val``), in manifest order."""
        if name not in SPLITS:
            raise ValueError("split must be one of %s, got %r" % (SPLITS, name))
        return [u for u in self.utterances if u.split == name]

    @property
    def has_audio(self):
        """True when every line has an audio file (the corpus was built with --audio)."""
        return all(u.audio is not None for u in self.utterances)

    # -- files -------------------------------------------------------------------------

    def data(self, utt, start=0, stop=None, features=True, verify=None):
        """Frames [start, stop) of an utterance's data file, checked against its manifest line and corpus.json."""
        path = self.root / utt.data
        verify = self.verify_data if verify is None else verify
        d = read_data(path, start, stop, features=features, sha256=utt.sha256 if verify else None)
        h = d.header
        want = (len(self.info["targetChannels"]), len(self.info["articulationChannels"]), self.info["featureBands"])
        if (h.target_channels, h.articulation_channels, h.bands) != want:
            raise CorpusFormatError("%s: %d target, %d articulation channels and %d bands; corpus.json says %d, %d, %d"
                                    % ((path, h.target_channels, h.articulation_channels, h.bands) + want))
        if (h.frames, h.samples) != (utt.frames, utt.samples):
            raise CorpusFormatError("%s: %d frames / %d samples, the manifest says %d / %d"
                                    % (path, h.frames, h.samples, utt.frames, utt.samples))
        if h.is_speech != utt.is_speech:
            raise CorpusFormatError("%s: speech flag %d but kind %r" % (path, h.flags & 1, utt.kind))
        return d

    def audio(self, utt):
        """The utterance's 16 kHz audio as read-only float32 [samples] (cached; emotion renders share their base's)."""
        if utt.audio is None:
            raise CorpusFormatError("%s: utterance %s has no audio (build the corpus with --audio)" % (self.root, utt.id))
        return self._audio_cache.get(utt.audio, lambda: read_wav(self.root / utt.audio, utt.samples))

    def voice_activity(self, utt):
        """Per-frame 0/1 float32 [frames]: 1 where the phone timeline has a phone (not a pause) at t / 100 s.

        Non-speech lines are all 0. This is the speaker's activity in the
        clean audio; added noise or babble does not change it.
        """
        v = self._vad_cache.get(utt.id)
        if v is None:
            v = np.zeros(utt.frames, np.float32)
            if utt.is_speech and utt.phones:
                ends = np.array([e for _, _, e in utt.phones])
                active = np.array([lab not in PAUSE_LABELS for lab, _, _ in utt.phones])
                t = np.arange(utt.frames) / FPS
                k = np.minimum(np.searchsorted(ends, t, side="right"), len(ends) - 1)
                v = active[k].astype(np.float32)
            v.setflags(write=False)
            self._vad_cache[utt.id] = v
        return v

    def check(self, verify_sha256=True, audio=True):
        """Validate every data file (and audio file) of the corpus; returns the number of files checked."""
        n = 0
        for u in self.utterances:
            self.data(u, verify=verify_sha256)
            n += 1
        if audio:
            seen = set()
            for u in self.utterances:
                if u.audio is not None and u.audio not in seen:
                    seen.add(u.audio)
                    read_wav(self.root / u.audio, u.samples)
                    n += 1
        return n
