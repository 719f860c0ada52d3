"""Train the Mouthpiece motion model on a synthetic corpus and export it to ONNX.

    python3 models/training/train.py --corpus CORPUS --out models/NAME [--config default|lowlatency|tiny]
    python3 models/training/train.py --corpus test/fixtures/corpus --out OUT --quick

(Debian's python3 with torch 1.13; see models/training/mouthpiece_train/README.md.)

What it does, in order:

1. Fixed seeds (``--seed``, default 1) for torch, numpy and the data order.
2. Statistics from a seeded sample of training utterances (``--stats-utterances``):
   per-band mean and std of the stored log-mel features (the model's fixed
   input normalisation) and per-channel mean/std of the head targets (the
   head output's scale). Saved in the checkpoint and the ONNX file.
3. Training on random crops (``CropBatches``: balanced sampling, on-the-fly
   augmentation when the corpus has audio), AdamW, warm-up then cosine
   learning-rate decay, gradient clipping. The run stops at ``--steps`` or
   ``--minutes`` (whichever comes first; the schedule follows the larger of
   step and time progress, so a time-limited run still anneals, but is then
   not bit-reproducible).
4. Validation on the held-out split (held-out voices and languages) every
   ``--val-every`` steps: the loss parts and frame metrics (lip L1, viseme
   accuracy, closure recall, false closures, jitter). The checkpoint with the
   lowest validation loss is kept (``checkpoint.pt``; ``last.pt`` is the end).
5. Export of the best checkpoint's streaming step to ``model.onnx``
   (export_onnx.py), checked by onnx.checker and, when onnxruntime-node is
   installed, against torch.
6. ``metrics.json``: commit, command, seed, config and its sha256, the
   model file's sha256, parameters, FLOPs, lookahead, timings, the loss on a
   fixed probe batch before and after training, and the final validation.

Files in ``--out``: ``config.json``, ``train_log.jsonl`` (one JSON object per
logged step or validation), ``checkpoint.pt``, ``last.pt``, ``model.onnx``,
``metrics.json``.

``--quick`` trains the ``tiny`` model for a few hundred steps on short crops
(a few minutes at most; tested by test_train_quick.py).
"""

import argparse
import hashlib
import json
import math
import os
import random
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import mouthpiece_train as mt  # noqa: E402
from mouthpiece_train.losses import LossWeights, finish_metrics, frame_metrics, motion_loss  # noqa: E402
from mouthpiece_train.model import (  # noqa: E402
    ARTICULATION, CONFIGS, SILENCE, TARGET_CHANNELS, VISEMES, ModelConfig, MotionEncoder, MotionModel,
    complexity, count_parameters, emotion_vector,
)

#: Training settings by mode. ``--steps`` etc. override.
TRAIN_DEFAULTS = {
    # Full: measured 0.5-0.75 s per step (16 crops of 2-4 s, ~48 s of audio; the data pipeline's
    # augmentation costs about as much as the model on these 2 cores), so 7000 steps (~90 h of audio,
    # ~3 passes over the full config's train split) fit the 80 minutes; --minutes is the safety net.
    "full": dict(config="default", steps=7000, minutes=80.0, batch_size=16, crop_min=2.0, crop_max=4.0,
                 lr=2e-3, weight_decay=1e-4, warmup=0.03, final_lr=0.03, clip=1.0, val_every=500,
                 val_batches=40, val_max_frames=1500, log_every=50, workers=1, augment=True,
                 stats_utterances=400),
    "quick": dict(config="tiny", steps=300, minutes=5.0, batch_size=8, crop_min=1.0, crop_max=2.0,
                  lr=5e-3, weight_decay=1e-4, warmup=0.05, final_lr=0.05, clip=1.0, val_every=100,
                  val_batches=4, val_max_frames=600, log_every=10, workers=0, augment=False,
                  stats_utterances=200),
}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="Train the Mouthpiece motion model (see the module docstring).")
    ap.add_argument("--corpus", required=True, help="corpus folder (buildCorpus.mjs output, ideally with --audio)")
    ap.add_argument("--out", required=True, help="output folder (models/NAME)")
    ap.add_argument("--quick", action="store_true", help="tiny model, few steps (minutes)")
    ap.add_argument("--config", choices=sorted(CONFIGS), help="model config (default: default, quick: tiny)")
    ap.add_argument("--lookahead", type=int, help="override the config's lookahead (frames)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, help="optimizer steps at most")
    ap.add_argument("--minutes", type=float, help="training wall-clock budget (validation and export excluded)")
    ap.add_argument("--batch-size", type=int)
    ap.add_argument("--crop-min", type=float, help="shortest crop, seconds")
    ap.add_argument("--crop-max", type=float, help="longest crop, seconds")
    ap.add_argument("--lr", type=float, help="peak learning rate")
    ap.add_argument("--val-every", type=int)
    ap.add_argument("--val-batches", type=int, help="validation batches per evaluation (0 = all)")
    ap.add_argument("--log-every", type=int)
    ap.add_argument("--workers", type=int, help="DataLoader worker processes (0 = in process)")
    ap.add_argument("--augment", dest="augment", action="store_true", default=None)
    ap.add_argument("--no-augment", dest="augment", action="store_false")
    ap.add_argument("--spectral", action="store_true",
                    help="speaker/channel augmentation on the features (VTLP + equaliser, mouthpiece_train/spectral.py); "
                         "off by default; the default model was trained with it, the low-latency one without (their model cards)")
    ap.add_argument("--low-freq", action="store_true",
                    help="low-frequency rumble and a voice high-pass in the audio augmentation (mouthpiece_train/augment.py, "
                         "LOW_FREQUENCY); off by default; both shipped models were trained with it")
    ap.add_argument("--room", nargs="?", const="on", choices=("on", "strong"),
                    help="more reverb and noise in the audio augmentation (mouthpiece_train/augment.py, ROOM; "
                         "'--room strong': ROOM_STRONG), so closures are not near digital silence; needs --creak; off by default")
    ap.add_argument("--creak", action="store_true",
                    help="creaky voice (vocal fry) on vowel spans in the audio augmentation (mouthpiece_train/augment.py, "
                         "LOW_FREQUENCY_CREAK); needs --low-freq; off by default")
    ap.add_argument("--closure-boost", type=float,
                    help="how much more closed-target frames count in the closure loss (LossWeights.closure_boost, "
                         "default 4: they count 1 + 4); recorded in the config, so the hash changes only when set")
    ap.add_argument("--no-ae", action="store_true", help="drop the latent auto-encoder loss terms")
    ap.add_argument("--no-export", action="store_true", help="skip the ONNX export")
    ap.add_argument("--no-compare", action="store_true", help="skip the onnxruntime-node comparison")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest on small machines)")
    return ap.parse_args(argv)


def settings(args):
    s = dict(TRAIN_DEFAULTS["quick" if args.quick else "full"])
    for key in ("config", "steps", "minutes", "batch_size", "crop_min", "crop_max", "lr", "val_every",
                "val_batches", "log_every", "workers", "augment"):
        v = getattr(args, key)
        if v is not None:
            s[key] = v
    s["seed"] = args.seed
    s["ae"] = not args.no_ae
    mc = CONFIGS[s["config"]]
    if args.lookahead is not None:
        mc = ModelConfig.from_dict(dict(mc.to_dict(), lookahead=args.lookahead))
    return s, mc


def loss_weights(args):
    """The loss weights: the defaults, with ``--closure-boost`` when given (a finite number >= 0)."""
    if args.closure_boost is None:
        return LossWeights()
    if not (math.isfinite(args.closure_boost) and args.closure_boost >= 0):
        raise SystemExit("--closure-boost must be a finite number >= 0, got %r" % args.closure_boost)
    return LossWeights(closure_boost=args.closure_boost)


def config_hash(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def git_commit():
    try:
        c = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
        d = subprocess.run(["git", "status", "--porcelain", "--", "models/training"], cwd=REPO,
                           capture_output=True, text=True, check=True)
        return c.stdout.strip(), bool(d.stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        return None, None


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def compute_stats(corpus, n, seed):
    """Per-band feature mean/std and head mean/std from a seeded sample of training utterances."""
    utts = corpus.split("train")
    rng = np.random.default_rng([seed, 7])
    pick = rng.choice(len(utts), size=min(n, len(utts)), replace=False)
    s1 = np.zeros(corpus.info["featureBands"])
    s2 = np.zeros_like(s1)
    h1 = np.zeros(6)
    h2 = np.zeros(6)
    frames = 0
    for i in sorted(pick):
        d = corpus.data(utts[i])
        f = d.features.astype(np.float64)
        h = d.targets[:, 52:].astype(np.float64)
        s1 += f.sum(0)
        s2 += (f ** 2).sum(0)
        h1 += h.sum(0)
        h2 += (h ** 2).sum(0)
        frames += f.shape[0]
    mean = s1 / frames
    std = np.sqrt(np.maximum(s2 / frames - mean ** 2, 0.0))
    hmean = h1 / frames
    hstd = np.sqrt(np.maximum(h2 / frames - hmean ** 2, 0.0))
    # Floors: a constant band or head channel must not blow up the scale (rad, rad, rad, m, m, m).
    std = np.maximum(std, 0.1)
    hstd = np.maximum(hstd, np.array([0.005, 0.005, 0.005, 0.0005, 0.0005, 0.0005]))
    return {"feat_mean": mean.tolist(), "feat_std": std.tolist(), "head_mean": hmean.tolist(),
            "head_std": hstd.tolist(), "utterances": int(len(pick)), "frames": int(frames)}


def prepare(batch, emotion_names):
    """Model inputs from a data batch: features with padding set to silence, the emotion vectors."""
    feats = torch.where(batch["mask"][..., None], batch["features"], torch.full_like(batch["features"], SILENCE))
    emo = emotion_vector(batch["emotion"], batch["intensity"], emotion_names)
    return feats, emo


def lr_at(progress, s):
    """Warm-up (linear from 0) then cosine from the peak to ``final_lr`` x peak; progress in [0, 1]."""
    if progress < s["warmup"]:
        return s["lr"] * progress / s["warmup"]
    p = min(1.0, (progress - s["warmup"]) / max(1e-9, 1.0 - s["warmup"]))
    lo = s["final_lr"] * s["lr"]
    return lo + 0.5 * (s["lr"] - lo) * (1.0 + math.cos(math.pi * p))


@torch.no_grad()
def evaluate(model, enc, batches, emotion_names, weights, max_batches=0):
    model.eval()
    sums, parts_sum, n = None, {}, 0
    for b, batch in enumerate(batches):
        if max_batches and b >= max_batches:
            break
        feats, emo = prepare(batch, emotion_names)
        out = model(feats, emo)
        _, parts = motion_loss(out, batch, weights, model, enc, emo)
        total = sum(getattr(weights, k) * v for k, v in parts.items() if hasattr(weights, k))
        parts["total"] = total
        for k, v in parts.items():
            parts_sum[k] = parts_sum.get(k, 0.0) + v
        fm = frame_metrics(out, batch)
        sums = fm if sums is None else {k: sums[k] + fm[k] for k in sums}
        n += 1
    model.train()
    if n == 0:
        return None
    res = {"loss_" + k: v / n for k, v in parts_sum.items()}
    res.update(finish_metrics(sums))
    res["batches"] = n
    return res


def main(argv=None):
    args = parse_args(argv)
    # The code that trains is the code at the start: commits made while a long run trains must not be recorded.
    commit, dirty = git_commit()
    torch.set_num_threads(args.threads)
    s, mc = settings(args)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    seed_everything(s["seed"])
    lw = loss_weights(args)

    corpus = mt.Corpus(args.corpus)
    if tuple(corpus.info["targetChannels"]) != TARGET_CHANNELS:
        raise SystemExit("%s: target channels differ from the model's" % args.corpus)
    if tuple(corpus.info["articulationChannels"]) != ARTICULATION or tuple(corpus.info["visemes"]) != VISEMES:
        raise SystemExit("%s: articulation channels or visemes differ from the model's" % args.corpus)
    emotion_names = list(corpus.info["emotions"])
    use_audio = corpus.has_audio
    augment = bool(s["augment"]) and use_audio

    spectral = bool(args.spectral) and augment
    config = {"model": mc.to_dict(), "train": {k: v for k, v in s.items()}, "loss": lw.to_dict(),
              "augment": augment, "use_audio": use_audio}
    if spectral:
        # Only present when on, so runs without it keep the config hash of the runs before it existed.
        config["spectral"] = mt.DEFAULT_SPECTRAL.to_dict()
    low_freq = bool(args.low_freq) and augment
    if low_freq:
        # Same rule as "spectral": absent when off, so older runs keep their config hash.
        c = mt.augment.LOW_FREQUENCY
        config["low_freq"] = {k: getattr(c, k) for k in ("p_rumble", "rumble_db", "rumble_hz", "p_highpass", "highpass_hz")}
    if args.creak and not low_freq:
        raise SystemExit("--creak needs --low-freq (and augmentation on)")
    creak = bool(args.creak) and low_freq
    if args.room and not creak:
        raise SystemExit("--room needs --creak (and --low-freq)")
    room = bool(args.room) and creak
    room_config = mt.augment.ROOM_STRONG if args.room == "strong" else mt.augment.ROOM
    audio_config = (room_config if room else mt.augment.LOW_FREQUENCY_CREAK if creak
                    else mt.augment.LOW_FREQUENCY if low_freq else None)
    if room:
        # Absent when off, like the others, so older runs keep their config hash.
        c = room_config
        config["room"] = {k: getattr(c, k) for k in ("p_reverb", "p_noise", "snr_db")}
    if creak:
        # Same rule again: absent when off.
        c = mt.augment.LOW_FREQUENCY_CREAK
        config["creak"] = {k: getattr(c, k) for k in c.__dataclass_fields__ if k.startswith("creak") or k == "p_creak"}
    chash = config_hash(config)
    (out_dir / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    cx = complexity(mc)
    print("model %s: %d parameters, %.1f MFLOP/s, lookahead %d ms, receptive field %d frames"
          % (s["config"], cx["params"], cx["mflops_per_second"], cx["lookahead_ms"], cx["receptive_field_frames"]),
          flush=True)

    t0 = time.time()
    stats = compute_stats(corpus, s["stats_utterances"], s["seed"])
    model = MotionModel(mc)
    model.set_stats(stats["feat_mean"], stats["feat_std"], stats["head_mean"], stats["head_std"])
    enc = MotionEncoder(mc) if s["ae"] else None
    if enc is not None:
        enc.set_stats(stats["head_mean"], stats["head_std"])
    print("statistics from %d utterances (%d frames) in %.1f s" % (stats["utterances"], stats["frames"],
                                                                   time.time() - t0), flush=True)

    params = list(model.parameters()) + (list(enc.parameters()) if enc is not None else [])
    decay = [p for p in params if p.dim() > 1]
    no_decay = [p for p in params if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": s["weight_decay"]},
                             {"params": no_decay, "weight_decay": 0.0}], lr=s["lr"])

    train_ds = mt.CropBatches(corpus, "train", batch_size=s["batch_size"], crop_seconds=(s["crop_min"], s["crop_max"]),
                              seed=s["seed"], augment=augment, use_audio=use_audio,
                              augment_config=audio_config,
                              spectral_config=mt.DEFAULT_SPECTRAL if spectral else mt.spectral.NONE)
    has_val = bool(corpus.split("val"))
    val_batches = None
    if has_val:
        val_batches = mt.UtteranceBatches(corpus, "val", batch_size=8, use_audio=use_audio,
                                          max_frames=s["val_max_frames"])
        # Batches are sorted by length: take ``val_batches`` of them evenly spread, not the shortest.
        nv = len(val_batches.batches)
        if s["val_batches"] and nv > s["val_batches"]:
            keep = np.unique(np.linspace(0, nv - 1, s["val_batches"]).round().astype(int))
            val_batches.batches = [val_batches.batches[i] for i in keep]
    # A fixed probe: the first clean batch of training utterances, to measure the loss before and after.
    probe = next(iter(mt.UtteranceBatches(corpus, "train", batch_size=8, use_audio=use_audio,
                                          max_frames=s["val_max_frames"])))
    probe_before = evaluate(model, enc, [probe], emotion_names, lw)

    log = open(out_dir / "train_log.jsonl", "w", encoding="utf-8")

    def write_log(obj):
        log.write(json.dumps(obj, sort_keys=True) + "\n")
        log.flush()

    write_log({"event": "start", "config_sha256": chash, "params": cx["params"],
               "mflops_per_second": cx["mflops_per_second"], "probe": probe_before})

    best = {"loss": float("inf"), "step": None, "val": None}
    step, epoch, audio_seconds = 0, 0, 0.0
    t_start = time.time()
    t_train = 0.0
    budget_s = s["minutes"] * 60.0
    recent = []
    first_losses = []
    done = False
    model.train()
    while not done:
        train_ds.set_epoch(epoch)
        loader = torch.utils.data.DataLoader(train_ds, batch_size=None, num_workers=s["workers"])
        t_batch = time.time()
        for batch in loader:
            progress = max(step / s["steps"], t_train / budget_s if budget_s > 0 else 0.0)
            if progress >= 1.0:
                done = True
                break
            lr = lr_at(progress, s)
            for gparam in opt.param_groups:
                gparam["lr"] = lr
            feats, emo = prepare(batch, emotion_names)
            out = model(feats, emo)
            loss, parts = motion_loss(out, batch, lw, model, enc, emo)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            gnorm = float(torch.nn.utils.clip_grad_norm_(params, s["clip"]))
            opt.step()
            step += 1
            now = time.time()
            t_train += now - t_batch
            audio_seconds += float(batch["mask"].sum()) / 100.0
            recent.append(float(loss))
            if len(first_losses) < 10:
                first_losses.append(float(loss))
            if step % s["log_every"] == 0 or step == 1:
                entry = {"event": "train", "step": step, "epoch": epoch, "lr": lr, "loss": sum(recent) / len(recent),
                         "grad_norm": gnorm, "seconds": round(t_train, 2), "audio_seconds": round(audio_seconds, 1),
                         "sec_per_step": round(t_train / step, 4)}
                entry.update({"part_" + k: v for k, v in parts.items()})
                write_log(entry)
                print("step %5d  epoch %3d  loss %.4f  lr %.2e  %.3f s/step  %.0f s audio" % (
                    step, epoch, entry["loss"], lr, t_train / step, audio_seconds), flush=True)
                recent = []
            if has_val and step % s["val_every"] == 0:
                val = evaluate(model, enc, val_batches, emotion_names, lw)
                write_log({"event": "val", "step": step, **val})
                print("  val  loss %.4f  lip L1 %.4f  viseme acc %.3f  closure recall %.3f  false closures %.3f" % (
                    val["loss_total"], val["lip_l1"], val["viseme_acc"], val["closure_recall"],
                    val["false_closure"]), flush=True)
                if val["loss_total"] < best["loss"]:
                    best = {"loss": val["loss_total"], "step": step, "val": val}
                    save_checkpoint(out_dir / "checkpoint.pt", model, enc, opt, step, stats, config, chash,
                                    corpus, val)
            t_batch = time.time()
        epoch += 1
    train_seconds = t_train

    last_val = evaluate(model, enc, val_batches, emotion_names, lw) if has_val else None
    if last_val is not None:
        write_log({"event": "val", "step": step, **last_val})
    save_checkpoint(out_dir / "last.pt", model, enc, opt, step, stats, config, chash, corpus, last_val)
    if last_val is None or last_val["loss_total"] <= best["loss"]:
        best = {"loss": last_val["loss_total"] if last_val else None, "step": step, "val": last_val}
        save_checkpoint(out_dir / "checkpoint.pt", model, enc, opt, step, stats, config, chash, corpus, last_val)
    probe_after = evaluate(model, enc, [probe], emotion_names, lw)

    # Export the best checkpoint.
    ck = torch.load(str(out_dir / "checkpoint.pt"), map_location="cpu")
    model.load_state_dict(ck["model"])
    model.eval()
    model_sha, onnx_bytes, node_diff = None, None, None
    if not args.no_export:
        import export_onnx
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model_sha = export_onnx.export(model, out_dir / "model.onnx",
                                           extra_metadata={"config_sha256": chash, "step": str(ck["step"])})
        onnx_bytes = os.path.getsize(out_dir / "model.onnx")
        if not args.no_compare:
            node_diff = export_onnx.compare_with_node(out_dir / "model.onnx", model)
        print("exported %s (%d bytes); onnxruntime-node vs torch: %s" % (
            out_dir / "model.onnx", onnx_bytes, "skipped (not installed)" if node_diff is None else "%.3g" % node_diff))

    metrics = {
        "commit": commit,
        "dirty": dirty,
        "command": " ".join(["python3", "models/training/train.py"] + (sys.argv[1:] if argv is None else list(argv))),
        "seed": s["seed"],
        "config_sha256": chash,
        "config": config,
        "model_file": "model.onnx" if model_sha else None,
        "model_sha256": model_sha,
        "model_bytes": onnx_bytes,
        "onnx_node_max_diff": node_diff,
        "corpus": {"config": corpus.info.get("config"), "seed": corpus.info.get("seed"),
                   "manifest_sha256": corpus.info.get("manifestSha256"), "utterances": len(corpus.utterances),
                   "train": len(corpus.split("train")), "val": len(corpus.split("val"))},
        "params": cx["params"],
        "mflops_per_second": cx["mflops_per_second"],
        "lookahead_ms": cx["lookahead_ms"],
        "receptive_field_frames": cx["receptive_field_frames"],
        "steps": step,
        "epochs": epoch,
        "train_seconds": round(train_seconds, 1),
        "sec_per_step": round(train_seconds / max(step, 1), 4),
        "audio_seconds_seen": round(audio_seconds, 1),
        "wall_seconds": round(time.time() - t0, 1),
        "first_losses_mean": sum(first_losses) / max(len(first_losses), 1),
        "probe_loss_before": probe_before["loss_total"],
        "probe_loss_after": probe_after["loss_total"],
        "best_step": best["step"],
        "val": best["val"],
        "last_val": last_val,
        "stats": {"utterances": stats["utterances"], "frames": stats["frames"]},
    }
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    write_log({"event": "end", "steps": step, "train_seconds": train_seconds, "model_sha256": model_sha})
    log.close()
    print("probe loss %.4f -> %.4f (%.0f %% lower); %d steps in %.0f s; metrics in %s" % (
        probe_before["loss_total"], probe_after["loss_total"],
        100.0 * (1 - probe_after["loss_total"] / probe_before["loss_total"]), step, train_seconds,
        out_dir / "metrics.json"), flush=True)
    return 0


def save_checkpoint(path, model, enc, opt, step, stats, config, chash, corpus, val):
    torch.save({
        "model": model.state_dict(),
        "model_config": model.config.to_dict(),
        "motion_encoder": enc.state_dict() if enc is not None else None,
        "optimizer": opt.state_dict(),
        "step": step,
        "stats": stats,
        "config": config,
        "config_sha256": chash,
        "vocab": {"emotions": corpus.info["emotions"], "speakers": corpus.speakers, "languages": corpus.languages},
        "val": val,
    }, str(path))


if __name__ == "__main__":
    sys.exit(main())
