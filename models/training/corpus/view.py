#!/usr/bin/env python3
"""Render corpus utterances as PNGs for looking at the teacher's targets.

Usage:
    python3 models/training/corpus/view.py CORPUS_DIR [--ids ID ...] [--out DIR] [--limit N]

One PNG per utterance (about 1400x900 px), named <id>.png:

- top: the log-mel spectrogram from the stored features (64 bands, 100 Hz)
  with the manifest line's phone timeline drawn at its times (labels on top,
  boundaries as thin lines through every panel);
- middle: mouth curves (jawOpen, mouthClose, mouthPucker, mouthFunnel,
  mouthSmileLeft, mouthFrownLeft, mouth aperture) with the frame energy in dB scaled to
  [0, 1] as a grey reference (how loud the audio is);
- bottom: browInnerUp (with browDownLeft, browOuterUpLeft) and head pitch in degrees (positive = chin down).

All panels share the time axis (seconds, frame t at t * 10 ms). The title
names id, engine, voice, language, emotion (and intensity) and the text.

Reading follows models/training/corpus/FORMAT.md (version 1) exactly; a file
that does not match (magic, version, header size, band/channel counts, frame
rate, byte size, the manifest's frames/samples) stops with a clear message.

Needs numpy and matplotlib only.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

MAGIC = b"MPCU"
FORMAT_VERSION = 1
MIN_HEADER_BYTES = 32
FPS = 100
HOP = 160
SILENCE_FEATURE = math.log(1e-6)  # -13.8155, models/features.md

# Channel names come from the corpus's own corpus.json (written by
# buildCorpus.mjs from the library's BLENDSHAPE_NAMES), so this file does not
# keep a second copy of the 52 ARKit names. The curves it draws must be there.
REQUIRED_CHANNELS = ["jawOpen", "mouthClose", "mouthPucker", "mouthFunnel", "mouthSmileLeft", "mouthFrownLeft",
                     "browInnerUp", "browDownLeft", "browOuterUpLeft", "headPitch",
                     "mouthUpperUpLeft", "mouthUpperUpRight", "mouthLowerDownLeft", "mouthLowerDownRight",
                     "mouthRollUpper", "mouthRollLower", "mouthPressLeft", "mouthPressRight"]


class CorpusError(Exception):
    pass


def read_utterance(path, channel_count, expect=None):
    """Reads data/<id>.bin (FORMAT.md, version 1).

    Returns a dict with features [F, B], targets [F, C], articulation [F, A]
    (float32) and visemes [F] (uint8), plus the header fields. `expect` may
    hold `frames` and `samples` from the manifest line to check against.
    """
    with open(path, "rb") as f:
        buf = f.read()
    if len(buf) < MIN_HEADER_BYTES:
        raise CorpusError(f"{path}: {len(buf)} bytes, shorter than the {MIN_HEADER_BYTES}-byte header")
    if buf[:4] != MAGIC:
        raise CorpusError(f"{path}: magic {buf[:4]!r}, expected {MAGIC!r}")
    version, header = (int(x) for x in np.frombuffer(buf, "<u2", 2, 4))
    if version != FORMAT_VERSION:
        raise CorpusError(f"{path}: format version {version}, this reader knows {FORMAT_VERSION}")
    if header < MIN_HEADER_BYTES or header % 4 != 0 or header > len(buf):
        raise CorpusError(f"{path}: header size {header} is invalid (at least {MIN_HEADER_BYTES}, multiple of 4)")
    frames = int(np.frombuffer(buf, "<u4", 1, 8)[0])
    bands, channels, artic_channels, fps = (int(x) for x in np.frombuffer(buf, "<u2", 4, 12))
    samples = int(np.frombuffer(buf, "<u4", 1, 20)[0])
    flags = int(np.frombuffer(buf, "<u4", 1, 24)[0])
    if bands != 64:
        raise CorpusError(f"{path}: {bands} feature bands, expected 64")
    if channels != channel_count:
        raise CorpusError(f"{path}: {channels} target channels, corpus.json lists {channel_count}")
    if artic_channels != 6:
        raise CorpusError(f"{path}: {artic_channels} articulation channels, expected 6")
    if fps != FPS:
        raise CorpusError(f"{path}: frame rate {fps}, expected {FPS}")
    if frames != (samples + HOP - 1) // HOP:
        raise CorpusError(f"{path}: {frames} frames for {samples} samples, expected ceil(samples / {HOP}) = {(samples + HOP - 1) // HOP}")
    size = header + 4 * frames * (bands + channels + artic_channels) + frames
    if len(buf) != size:
        raise CorpusError(f"{path}: {len(buf)} bytes, expected H + 4F(B + C + A) + F = {size}")
    if expect is not None:
        for key, got in (("frames", frames), ("samples", samples)):
            if key in expect and int(expect[key]) != got:
                raise CorpusError(f"{path}: header {key} {got} but manifest says {expect[key]}")
    off = header
    features = np.frombuffer(buf, "<f4", frames * bands, off).reshape(frames, bands)
    off += 4 * frames * bands
    targets = np.frombuffer(buf, "<f4", frames * channels, off).reshape(frames, channels)
    off += 4 * frames * channels
    articulation = np.frombuffer(buf, "<f4", frames * artic_channels, off).reshape(frames, artic_channels)
    off += 4 * frames * artic_channels
    visemes = np.frombuffer(buf, np.uint8, frames, off)
    return {
        "frames": frames, "samples": samples, "flags": flags, "fps": fps,
        "features": features, "targets": targets, "articulation": articulation, "visemes": visemes,
    }


def mouth_aperture(targets, index):
    """Mouth aperture per frame, in [0, 1].

    An exact port of the shared definition in src/api/mouthAperture.ts
    (`mouthAperture`); keep the two identical:

      gap = max(0, jawOpen - mouthClose)
          + 0.3 * mean(mouthUpperUpL/R) + 0.3 * mean(mouthLowerDownL/R)
          + 0.15 * mouthFunnel
      aperture = clamp01(gap * (1 - 0.5 * mean(mouthRollUpper, mouthRollLower))
                             * (1 - 0.5 * mean(mouthPressL/R)))
    """
    w = targets.astype(np.float64)

    def c(name):
        return w[:, index[name]]

    gap = (np.maximum(0.0, c("jawOpen") - c("mouthClose"))
           + 0.3 * 0.5 * (c("mouthUpperUpLeft") + c("mouthUpperUpRight"))
           + 0.3 * 0.5 * (c("mouthLowerDownLeft") + c("mouthLowerDownRight"))
           + 0.15 * c("mouthFunnel"))
    roll = 0.5 * (c("mouthRollUpper") + c("mouthRollLower"))
    press = 0.5 * (c("mouthPressLeft") + c("mouthPressRight"))
    return np.clip(gap * (1 - 0.5 * roll) * (1 - 0.5 * press), 0.0, 1.0)


def read_manifest(corpus):
    path = os.path.join(corpus, "manifest.jsonl")
    if not os.path.isfile(path):
        raise CorpusError(f"{path}: no manifest (is {corpus} a corpus folder?)")
    lines = []
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            if not text.strip():
                continue
            try:
                lines.append(json.loads(text))
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{n}: not JSON ({e})") from None
    return lines


def channel_names(corpus):
    path = os.path.join(corpus, "corpus.json")
    if not os.path.isfile(path):
        raise CorpusError(f"{path}: missing (it names the target channels)")
    with open(path, encoding="utf-8") as f:
        info = json.load(f)
    if info.get("format") != "mouthpiece-corpus" or info.get("version") != FORMAT_VERSION:
        raise CorpusError(f"{path}: format {info.get('format')!r} version {info.get('version')!r}, expected 'mouthpiece-corpus' {FORMAT_VERSION}")
    names = list(info.get("targetChannels") or [])
    missing = [n for n in REQUIRED_CHANNELS if n not in names]
    if missing:
        raise CorpusError(f"{path}: targetChannels lack {', '.join(missing)}")
    return names


def frame_energy_db(features):
    """Frame energy in dB from the log-mel bands (sum of band energies)."""
    e = np.exp(features.astype(np.float64)).sum(axis=1)
    return 10.0 * np.log10(e + 1e-12)


def render(line, data, names, out_path, dpi=100):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index = {n: i for i, n in enumerate(names)}
    feats, targets = data["features"], data["targets"]
    frames = data["frames"]
    t = np.arange(frames) / FPS
    seconds = max(frames / FPS, 0.01)

    fig, (ax_spec, ax_mouth, ax_head) = plt.subplots(
        3, 1, figsize=(14, 9), dpi=dpi, sharex=True,
        gridspec_kw={"height_ratios": [1.25, 1.35, 0.8], "hspace": 0.08},
    )

    # Spectrogram: frame t's centre at t / 100 s, so cells span t +- 5 ms.
    lo = max(SILENCE_FEATURE, float(np.percentile(feats, 99.5)) - 16.0) if frames else SILENCE_FEATURE
    hi = float(feats.max()) if frames else 0.0
    ax_spec.imshow(
        feats.T, origin="lower", aspect="auto", cmap="magma", interpolation="nearest",
        extent=(-0.5 / FPS, (frames - 0.5) / FPS, -0.5, feats.shape[1] - 0.5), vmin=lo, vmax=max(hi, lo + 1),
    )
    ax_spec.set_ylabel("mel band")
    ax_spec.set_ylim(-0.5, feats.shape[1] - 0.5 + 9)  # room for the labels

    # Phones: boundaries through all panels, labels on the spectrogram's top strip.
    phones = line.get("phones") or []
    for k, (label, start, end) in enumerate(phones):
        for ax in (ax_spec, ax_mouth, ax_head):
            ax.axvline(start, color="0.55" if ax is not ax_spec else "white", lw=0.5, alpha=0.6, zorder=0)
        pause = label == "_"
        stressed = "ˈ" in label
        ax_spec.text(
            0.5 * (start + end), feats.shape[1] + 2.5 + (3 if k % 2 else 0), label, ha="center", va="center",
            fontsize=8.5, color="0.5" if pause else ("crimson" if stressed else "black"),
            fontweight="bold" if stressed else "normal", clip_on=True,
        )
    ax_spec.axhspan(feats.shape[1] - 0.5, feats.shape[1] + 9, color="white", zorder=1)
    for txt in ax_spec.texts:
        txt.set_zorder(2)

    # Mouth curves, with the energy as a grey reference.
    energy = frame_energy_db(feats) if frames else np.zeros(0)
    if frames:
        peak = energy.max()
        ax_mouth.fill_between(t, 0, np.clip((energy - (peak - 50.0)) / 50.0, 0, 1), color="0.88", lw=0, label="energy (50 dB to peak)")
    curves = [
        ("jawOpen", "tab:blue", 1.6), ("mouthClose", "tab:red", 1.4), ("mouthPucker", "tab:purple", 1.2),
        ("mouthFunnel", "tab:orange", 1.2), ("mouthSmileLeft", "tab:green", 1.2),
        ("mouthFrownLeft", "saddlebrown", 1.2),
    ]
    for name, color, lw in curves:
        ax_mouth.plot(t, targets[:, index[name]], color=color, lw=lw, label=name)
    ax_mouth.plot(t, mouth_aperture(targets, index), color="black", lw=1.4, ls="--", label="aperture")
    ax_mouth.set_ylim(-0.02, 1.12)  # headroom for the legend
    ax_mouth.set_ylabel("weight")
    ax_mouth.legend(loc="upper right", fontsize=8, ncol=8, framealpha=0.85)
    ax_mouth.grid(axis="y", color="0.9", lw=0.5)

    # Brows and head pitch.
    brows = [("browInnerUp", "tab:olive", 1.4, "-"), ("browDownLeft", "tab:pink", 1.0, "-"), ("browOuterUpLeft", "tab:gray", 1.0, ":")]
    for name, color, lw, ls in brows:
        ax_head.plot(t, targets[:, index[name]], color=color, lw=lw, ls=ls, label=name)
    top = max(float(targets[:, index[n]].max()) for n, *_ in brows) if frames else 0.0
    ax_head.set_ylim(-0.02, max(0.3, top * 1.4))  # headroom for the legend
    ax_head.set_ylabel("brow weight")
    ax_head.set_xlabel("time (s)")
    ax_pitch = ax_head.twinx()
    pitch = np.degrees(targets[:, index["headPitch"]]) if frames else np.zeros(0)
    ax_pitch.plot(t, pitch, color="tab:cyan", lw=1.4, label="head pitch (deg, + = chin down)")
    lim = max(2.0, float(np.abs(pitch).max()) * 1.4 if frames else 2.0)  # headroom for the legend
    ax_pitch.set_ylim(-lim, lim)
    ax_pitch.axhline(0, color="tab:cyan", lw=0.5, alpha=0.5)
    ax_pitch.set_ylabel("pitch (deg)")
    h1, l1 = ax_head.get_legend_handles_labels()
    h2, l2 = ax_pitch.get_legend_handles_labels()
    ax_head.legend(h1 + h2, l1 + l2, loc="upper right", fontsize=8, ncol=4, framealpha=0.85)

    ax_head.set_xlim(-0.5 / FPS, seconds)
    emotion = line.get("emotion", "neutral")
    if emotion != "neutral":
        emotion = f"{emotion} {line.get('intensity', 0):g}"
    text = line.get("text") or f"({line.get('kind')})"
    if len(text) > 110:
        text = text[:107] + "..."
    head = " | ".join(str(x) for x in (
        line["id"], line.get("engine") or line.get("kind"), line.get("voice") or "-", line.get("language") or "-",
        emotion, line.get("split", "?"), f"{line.get('seconds', seconds):.2f} s",
    ))
    if line.get("renderOf"):
        head += f" | render of {line['renderOf']}"
    fig.suptitle(f"{head}\n{text}", fontsize=11, y=0.985)
    fig.subplots_adjust(left=0.06, right=0.94, top=0.92, bottom=0.06)
    fig.savefig(out_path, dpi=dpi)
    plt.close(fig)


def main(argv=None):
    p = argparse.ArgumentParser(description="Render corpus utterances (spectrogram, phones, key target curves) as PNGs.")
    p.add_argument("corpus", metavar="CORPUS_DIR")
    p.add_argument("--ids", nargs="+", metavar="ID", help="utterance ids (default: all, in manifest order)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: CORPUS_DIR/view)")
    p.add_argument("--limit", type=int, metavar="N", help="render at most N utterances")
    p.add_argument("--dpi", type=int, default=100, help="dots per inch (figure is 14 x 9 in; default 100)")
    args = p.parse_args(argv)

    try:
        names = channel_names(args.corpus)
        lines = read_manifest(args.corpus)
        if args.ids:
            by_id = {l["id"]: l for l in lines}
            missing = [i for i in args.ids if i not in by_id]
            if missing:
                raise CorpusError(f"not in the manifest: {', '.join(missing)}")
            lines = [by_id[i] for i in args.ids]
        if args.limit is not None:
            lines = lines[: max(0, args.limit)]
        out = args.out or os.path.join(args.corpus, "view")
        os.makedirs(out, exist_ok=True)
        for line in lines:
            data = read_utterance(os.path.join(args.corpus, line["data"]), len(names), expect=line)
            path = os.path.join(out, f"{line['id']}.png")
            render(line, data, names, path, dpi=args.dpi)
            print(path)
    except CorpusError as e:
        print(f"view.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
