#!/usr/bin/python3
"""Held-out TTS utterances with a room added, for choosing a bilabial seal.

    /usr/bin/python3 test/eval/roomTts.py --corpus build/corpus-full --out build/corpus-room-val [--max 200] [--seed 1]

Why: TTS closures are near digital silence, real ones are not (the model
card: the largest 1-4 kHz dip inside a p/b/m has a median of 2.4-3.0 nats
on the real clips, 5-10 on clean TTS), so a seal chosen on clean TTS is
chosen where closures are easy. This writes the same held-out utterances
that test/eval/clips.mjs heldOutTts picks (validation split, neutral speech,
one speaker at a time, the first --max) with, on every one, the trainer's
synthetic-room reverb (mouthpiece_train/augment.py: RT60 0.15-0.8 s, DRR
-5..15 dB) and then white or pink noise at 10-30 dB SNR against the speech's
active power, seeded per utterance. The output folder is a corpus folder
(manifest.jsonl + audio/) that tuneSeal.mjs and eval.mjs --corpus read;
phone timings are unchanged (the direct path stays at lag 0).
"""
import argparse
import dataclasses
import json
import sys
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "models" / "training"))
from mouthpiece_train import augment as aug  # noqa: E402

ROOM_TTS = dataclasses.replace(aug.DEFAULT, snr_db=(10.0, 30.0), noise_types=("white", "pink"), p_hum=0.0)


def pick(lines, max_n):
    """heldOutTts's choice: validation neutral speech with audio, round robin over speakers in manifest order."""
    val = [l for l in lines if l.get("split") == "val" and l.get("kind") == "speech" and not l.get("augmentation")
           and l.get("emotion") == "neutral" and l.get("audio")]
    by = {}
    for l in val:
        by.setdefault(l["speaker"], []).append(l)
    out, i = [], 0
    while len(out) < max_n:
        row = [lst[i] for lst in by.values() if i < len(lst)]
        if not row:
            break
        out.extend(row[: max_n - len(out)])
        i += 1
    return out


def read_wav(path):
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1 or w.getframerate() != aug.SAMPLE_RATE:
            raise SystemExit("%s: expected 16-bit mono %d Hz" % (path, aug.SAMPLE_RATE))
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0


def write_wav(path, x):
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    if peak > 0.999:  # keep the room's level, avoid wrapping
        x = x * (0.999 / peak)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(aug.SAMPLE_RATE)
        w.writeframes(np.round(x * 32767.0).astype("<i2").tobytes())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    corpus, out = Path(args.corpus), Path(args.out)
    lines = [json.loads(l) for l in (corpus / "manifest.jsonl").read_text().splitlines() if l.strip()]
    chosen = pick(lines, args.max)
    (out / "audio").mkdir(parents=True, exist_ok=True)
    with open(out / "manifest.jsonl", "w") as m:
        for k, l in enumerate(chosen):
            rng = np.random.default_rng([args.seed, k])
            x = read_wav(corpus / l["audio"])
            y, _ = aug.reverb(x, rng, ROOM_TTS)
            y, info = aug.add_noise(y, rng, ROOM_TTS)
            rel = "audio/%s.wav" % l["id"]
            write_wav(out / rel, y)
            m.write(json.dumps(dict(l, audio=rel, room={"noise": info["type"], "snr_db": round(info["snr_db"], 2)})) + "\n")
    print("%d utterances with a room in %s" % (len(chosen), out))


if __name__ == "__main__":
    main()
