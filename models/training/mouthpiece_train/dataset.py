"""Seeded random crops, balanced sampling and padded batches for training, whole utterances for validation.

``CropBatches`` (training) is a torch ``IterableDataset`` that yields ready
batches (use it with ``DataLoader(ds, batch_size=None)``). Epoch ``e`` is a
pure function of (seed, e):

* the plan: ``examples_per_epoch`` utterances drawn with replacement by the
  sampling weights below;
* batch b: a crop length drawn from ``crop_seconds`` (one per batch, so a
  batch is one dense tensor), and per item a crop start;
* per item the augmentation, from a Generator seeded by (seed, epoch,
  utterance id, occurrence of that utterance in the epoch), so it does not
  depend on batch size or worker count.

With ``num_workers > 0`` worker w builds batches w, w + W, ...; the
DataLoader takes them round-robin, so the stream is the same as with one
process.

Sampling balance (``sampling_weights``). The corpus is dominated by
espeak-ng by count of voices (the full config has ~290 espeak-ng speaker ids,
each a variant of one formant synthesiser, against ~17 recorded people of
flite/festival), so weighting per speaker id would drown the recorded voices.
Utterances are therefore drawn in three levels: a *group* (all of espeak-ng
is one group, all non-speech one group, every other source speaker -- a
recorded person, possibly across engines -- its own group), then a speaker
within the group, then an utterance within the speaker proportional to its
seconds (every second of a speaker's audio equally likely to be cropped).
Groups and speakers are weighted by their seconds to the power ``alpha``
(default 0.5: between natural proportions, alpha = 1, and uniform, alpha =
0). ``balance=False`` gives natural proportions (by seconds).

Crop length: 2..4 s by default (one length per batch). Utterances shorter
than the crop are taken whole, padded, with ``mask`` False on padding.

Batch (dict): ``features`` [B, T, 64] float32, ``targets`` [B, T, 58],
``articulation`` [B, T, A], ``visemes`` [B, T] int64, ``vad`` [B, T] float32
(phone, not pause, in the clean timeline), ``mask`` [B, T] bool, ``lengths``
[B], ``emotion`` [B] int64, ``intensity`` [B] float32, ``speaker`` [B],
``language`` [B], ``is_speech`` [B] bool, ``start`` [B] (first frame of the
crop in its utterance), ``ids`` (list of str); with ``return_audio`` also
``audio`` [B, T * 160] float32 (the crop's samples, zero-padded).
"""

import math
import zlib

import numpy as np
import torch

from .augment import DEFAULT as DEFAULT_AUGMENT, augment as augment_audio
from .corpus import FPS, HOP
from .frontend import LogMel
from .spectral import NONE as SPECTRAL_OFF, augment_features

# Streams of one epoch are told apart by a tag in their seed.
_TAG_PLAN, _TAG_BATCH, _TAG_ITEM = 1, 2, 3


def speaker_group(speaker):
    """Sampling group of a source speaker: espeak-ng variants together, non-speech together, else the speaker."""
    if speaker.startswith("espeak-ng/"):
        return "espeak-ng"
    if speaker.startswith("nonspeech/"):
        return "nonspeech"
    return speaker


def sampling_weights(utterances, balance=True, alpha=0.5):
    """Probability of each utterance (float64 [N], sums to 1); see the module docstring."""
    sec = np.array([max(u.seconds, 1e-3) for u in utterances], dtype=np.float64)
    if not balance:
        return sec / sec.sum()
    spk_sec, grp_sec = {}, {}
    for u, s in zip(utterances, sec):
        spk_sec[u.speaker] = spk_sec.get(u.speaker, 0.0) + s
        g = speaker_group(u.speaker)
        grp_sec[g] = grp_sec.get(g, 0.0) + s
    grp_w = {g: s ** alpha for g, s in grp_sec.items()}
    grp_total = sum(grp_w.values())
    spk_in_grp = {}
    for spk, s in spk_sec.items():
        g = speaker_group(spk)
        spk_in_grp[g] = spk_in_grp.get(g, 0.0) + s ** alpha
    p = np.empty(len(utterances))
    for i, (u, s) in enumerate(zip(utterances, sec)):
        g = speaker_group(u.speaker)
        p_g = grp_w[g] / grp_total
        p_s = spk_sec[u.speaker] ** alpha / spk_in_grp[g]
        p[i] = p_g * p_s * s / spk_sec[u.speaker]
    return p / p.sum()


def sampling_shares(utterances, probabilities, key=speaker_group):
    """Share of draws per ``key(speaker)`` (for logging what the balance does)."""
    out = {}
    for u, p in zip(utterances, probabilities):
        k = key(u.speaker)
        out[k] = out.get(k, 0.0) + float(p)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def _id_number(uid):
    """A stable number for an utterance id: its digits (ids are u + 6 digits), else its crc32.

    Not Python's hash(), which differs between processes."""
    if len(uid) == 7 and uid[0] == "u" and uid[1:].isdigit():
        return int(uid[1:])
    return zlib.crc32(uid.encode("utf-8")) + 10 ** 6


class _Example:
    """One cropped example before batching."""

    __slots__ = ("utt", "start", "length", "audio", "offset", "data")


class _Batcher:
    """Shared by training and validation: reads data rows, computes features, pads."""

    def __init__(self, corpus, use_audio, frontend, return_audio):
        self.corpus = corpus
        self.use_audio = corpus.has_audio if use_audio is None else use_audio
        if self.use_audio and not corpus.has_audio:
            raise ValueError("%s has no audio (build it with --audio) but use_audio=True" % corpus.root)
        self.frontend = frontend if frontend is not None else LogMel()
        self.return_audio = return_audio

    def example(self, utt, start, length, audio=None):
        """Frames [start, start + length) of ``utt``; ``audio`` is its (augmented) audio when features come from audio."""
        ex = _Example()
        ex.utt, ex.start, ex.length = utt, start, length
        ex.data = self.corpus.data(utt, start, start + length, features=not self.use_audio)
        ex.audio = ex.offset = None
        if self.use_audio:
            if audio is None:
                audio = self.corpus.audio(utt)
            # The features of frames start.. need samples from 160 start - 200 to 160 (start + length - 1) + 199
            # (zero outside the audio). Cut from two frames before the crop (or the start) to 240 samples past
            # its end (or the end): frame j of the segment is then frame a0 + j of the whole, exactly.
            a0 = max(0, start - 2)
            s0, s1 = a0 * HOP, min(audio.size, (start + length) * HOP + 240)
            ex.audio = np.array(audio[s0:s1], dtype=np.float32)  # a copy: cached audio is read-only
            ex.offset = start - a0
        return ex

    def collate(self, examples):
        B = len(examples)
        T = max(ex.length for ex in examples)
        C = len(self.corpus.info["targetChannels"])
        A = len(self.corpus.info["articulationChannels"])
        bands = self.corpus.info["featureBands"]
        feats = torch.zeros(B, T, bands)
        targets = torch.zeros(B, T, C)
        artic = torch.zeros(B, T, A)
        visemes = torch.zeros(B, T, dtype=torch.int64)
        vad = torch.zeros(B, T)
        mask = torch.zeros(B, T, dtype=torch.bool)
        if self.use_audio:
            n = max(ex.audio.size for ex in examples)
            pcm = torch.zeros(B, n)
            for i, ex in enumerate(examples):
                pcm[i, : ex.audio.size] = torch.from_numpy(ex.audio)
            with torch.no_grad():
                all_feats = self.frontend(pcm)
        for i, ex in enumerate(examples):
            L = ex.length
            if self.use_audio:
                feats[i, :L] = all_feats[i, ex.offset: ex.offset + L]
            else:
                feats[i, :L] = torch.from_numpy(ex.data.features)
            targets[i, :L] = torch.from_numpy(ex.data.targets)
            artic[i, :L] = torch.from_numpy(ex.data.articulation)
            visemes[i, :L] = torch.from_numpy(ex.data.visemes.astype(np.int64))
            vad[i, :L] = torch.tensor(self.corpus.voice_activity(ex.utt)[ex.start: ex.start + L])
            mask[i, :L] = True
        u = [ex.utt for ex in examples]
        batch = {
            "features": feats, "targets": targets, "articulation": artic, "visemes": visemes, "vad": vad,
            "mask": mask,
            "lengths": torch.tensor([ex.length for ex in examples], dtype=torch.int64),
            "emotion": torch.tensor([x.emotion_id for x in u], dtype=torch.int64),
            "intensity": torch.tensor([x.intensity for x in u], dtype=torch.float32),
            "speaker": torch.tensor([x.speaker_id for x in u], dtype=torch.int64),
            "language": torch.tensor([x.language_id for x in u], dtype=torch.int64),
            "is_speech": torch.tensor([x.is_speech for x in u], dtype=torch.bool),
            "start": torch.tensor([ex.start for ex in examples], dtype=torch.int64),
            "ids": [x.id for x in u],
        }
        if self.return_audio:
            if not self.use_audio:
                raise ValueError("return_audio needs use_audio")
            audio = torch.zeros(B, T * HOP)
            for i, ex in enumerate(examples):
                seg = ex.audio[ex.offset * HOP: (ex.offset + ex.length) * HOP]
                audio[i, : seg.size] = torch.from_numpy(seg)
            batch["audio"] = audio
        return batch


class CropBatches(torch.utils.data.IterableDataset):
    """Training batches of random crops, augmented on the fly (see the module docstring).

    Parameters: ``corpus`` (a ``Corpus``), ``split`` ("train"), ``batch_size``,
    ``crop_seconds`` (a number or a (min, max) range; one length per batch),
    ``seed``, ``examples_per_epoch`` (default: the split's seconds divided by
    the mean crop length, i.e. about one pass over its audio), ``augment``
    (default: True for train, False otherwise; the README keeps val clean),
    ``augment_config``, ``balance`` / ``alpha`` (sampling_weights),
    ``use_audio`` (default: when the corpus has audio; else stored features
    and no augmentation), ``frontend`` (a ``LogMel``), ``return_audio``,
    ``spectral_config`` (a ``spectral.SpectralConfig``: VTLP and equaliser on
    the features of augmented speech crops; default ``spectral.NONE``, off).
    """

    def __init__(self, corpus, split="train", batch_size=16, crop_seconds=(2.0, 4.0), seed=0,
                 examples_per_epoch=None, augment=None, augment_config=None, balance=True, alpha=0.5,
                 use_audio=None, frontend=None, return_audio=False, drop_last=False,
                 spectral_config=None):
        super().__init__()
        self.corpus = corpus
        self.split = split
        self.utterances = corpus.split(split)
        if not self.utterances:
            raise ValueError("%s: split %r is empty" % (corpus.root, split))
        self.batch_size = int(batch_size)
        lo, hi = (crop_seconds, crop_seconds) if np.isscalar(crop_seconds) else crop_seconds
        self.crop_frames = (int(round(lo * FPS)), int(round(hi * FPS)))
        if not 1 <= self.crop_frames[0] <= self.crop_frames[1]:
            raise ValueError("crop_seconds must be positive and ordered, got %r" % (crop_seconds,))
        self.seed = int(seed)
        if self.seed < 0:
            raise ValueError("seed must be >= 0 (numpy SeedSequence), got %d" % self.seed)
        self.epoch = 0
        self.batcher = _Batcher(corpus, use_audio, frontend, return_audio)
        # Default: augment train when there is audio to augment; never val unless asked (README: val stays clean).
        self.augment = (split == "train" and self.batcher.use_audio) if augment is None else bool(augment)
        if self.augment and not self.batcher.use_audio:
            raise ValueError("augmentation needs the corpus audio (use_audio)")
        self.augment_config = augment_config if augment_config is not None else DEFAULT_AUGMENT
        self.spectral_config = spectral_config if spectral_config is not None else SPECTRAL_OFF
        self.probabilities = sampling_weights(self.utterances, balance, alpha)
        if examples_per_epoch is None:
            total = sum(u.seconds for u in self.utterances)
            examples_per_epoch = math.ceil(total / (0.5 * (lo + hi)))
        self.examples_per_epoch = int(examples_per_epoch)
        self.drop_last = drop_last
        # Babble: clean speech of this split (one entry per audio file), by speaker.
        self._babble_pool = [u for u in self.utterances if u.is_clean and u.audio is not None]

    def set_epoch(self, epoch):
        """Select the epoch the next iteration produces (call before each epoch)."""
        self.epoch = int(epoch)

    def __len__(self):
        full, rest = divmod(self.examples_per_epoch, self.batch_size)
        return full + (1 if rest and not self.drop_last else 0)

    def plan(self, epoch=None):
        """The epoch's examples: list of (utterance, occurrence), occurrence = how often it came before."""
        epoch = self.epoch if epoch is None else epoch
        rng = np.random.default_rng([self.seed, epoch, _TAG_PLAN])
        idx = rng.choice(len(self.utterances), size=self.examples_per_epoch, p=self.probabilities)
        seen = {}
        out = []
        for i in idx:
            k = seen.get(i, 0)
            seen[i] = k + 1
            out.append((self.utterances[i], k))
        return out

    def babble_sources(self, utt):
        """The ``babble_sources`` callable for ``augment``: other speakers' clean audio of this split."""

        def sources(rng, count):
            # Built only when babble is drawn, once per speaker (filtering the
            # whole pool for every item cost ~9 ms each on the full corpus).
            pool = self._babble_pool_without(utt.speaker)
            if not pool:
                return []
            pick = rng.choice(len(pool), size=min(count, len(pool)), replace=False)
            return [self.corpus.audio(pool[i]) for i in pick]

        return sources

    def _babble_pool_without(self, speaker):
        cache = self.__dict__.setdefault("_babble_cache", {})
        if speaker not in cache:
            cache[speaker] = [u for u in self._babble_pool if u.speaker != speaker]
        return cache[speaker]

    def augmented_audio(self, utt, epoch, occurrence=0):
        """The audio of ``utt`` as epoch ``epoch`` trains on it, and what the augmentation did."""
        audio = self.corpus.audio(utt)
        if not self.augment:
            return audio, {}
        rng = np.random.default_rng([self.seed, epoch, _TAG_ITEM, _id_number(utt.id), occurrence, 1])
        return augment_audio(audio, utt.kind, rng, self.augment_config, self.babble_sources(utt), utt.phones)

    def make_batch(self, epoch, b, plan=None):
        """Batch ``b`` of epoch ``epoch``."""
        plan = self.plan(epoch) if plan is None else plan
        items = plan[b * self.batch_size: (b + 1) * self.batch_size]
        if not items:
            raise IndexError("epoch %d has %d batches" % (epoch, len(self)))
        brng = np.random.default_rng([self.seed, epoch, _TAG_BATCH, b])
        crop = int(brng.integers(self.crop_frames[0], self.crop_frames[1] + 1))
        examples, augs = [], []
        for utt, k in items:
            crng = np.random.default_rng([self.seed, epoch, _TAG_ITEM, _id_number(utt.id), k, 0])
            L = min(crop, utt.frames)
            start = int(crng.integers(0, utt.frames - L + 1))
            audio = None
            if self.batcher.use_audio:
                audio, aug = self.augmented_audio(utt, epoch, k)
                augs.append(aug)
            examples.append(self.batcher.example(utt, start, L, audio))
        batch = self.batcher.collate(examples)
        if self.augment and (self.spectral_config.p_warp > 0 or self.spectral_config.p_eq > 0):
            # Speaker and channel variation on the features (spectral.py), speech crops only.
            for i, (utt, k) in enumerate(items):
                if utt.kind != "speech":
                    continue
                srng = np.random.default_rng([self.seed, epoch, _TAG_ITEM, _id_number(utt.id), k, 2])
                L = examples[i].length
                f, done = augment_features(batch["features"][i, :L].numpy(), srng, self.spectral_config)
                batch["features"][i, :L] = torch.from_numpy(f)
                if done:
                    augs[i] = dict(augs[i], spectral=done)
        batch["augmentation"] = augs
        return batch

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        wid, nw = (0, 1) if info is None else (info.id, info.num_workers)
        epoch = self.epoch
        plan = self.plan(epoch)
        for b in range(wid, len(self), nw):
            yield self.make_batch(epoch, b, plan)


class UtteranceBatches:
    """Validation: every utterance of a split whole, no augmentation, batches of similar length.

    Deterministic (sorted by frames, then id). Features are computed from the
    stored audio by the same front end as in training when the corpus has
    audio (``use_audio``), else the stored features are used.
    """

    def __init__(self, corpus, split="val", batch_size=16, use_audio=None, frontend=None, return_audio=False,
                 max_frames=None):
        self.corpus = corpus
        self.batcher = _Batcher(corpus, use_audio, frontend, return_audio)
        utts = sorted(corpus.split(split), key=lambda u: (u.frames, u.id))
        self.batches = [utts[i: i + batch_size] for i in range(0, len(utts), batch_size)]
        self.max_frames = max_frames

    def __len__(self):
        return len(self.batches)

    def __iter__(self):
        for utts in self.batches:
            exs = [self.batcher.example(u, 0, min(u.frames, self.max_frames or u.frames)) for u in utts]
            yield self.batcher.collate(exs)
