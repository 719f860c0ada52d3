"""Checks of the motion model, its losses, the quick training path and the ONNX export.

Plain asserts, no test framework:

    python3 models/training/test_train_quick.py [CORPUS]

CORPUS (default: the committed fixture, test/fixtures/corpus) is any corpus
built by buildCorpus.mjs. Prints one line per check and 'N passed, M failed,
K skipped'; exits nonzero on failure. About a minute on one CPU thread.

What is checked:

* budget: default and low-latency configs within 3 M parameters and 100
  MFLOP per second of audio, the analytic parameter count equal to the
  module's, lookahead 100..150 ms (default) and <= 40 ms (low-latency), the
  default ONNX file <= 12 MB;
* streaming: ``step`` over uneven chunks (1 frame up to 37) equals the
  offline ``forward`` within 1e-5, for every config and the trained model;
  padding a batch does not change an item's valid frames;
* conditioning: intensity 0 gives exactly (bit for bit) the neutral output,
  and a nonzero emotion changes it;
* losses: a perfect prediction scores 0 on every motion term (the rest term
  included, for a target that holds still in silence);
* quick training (``train.py --quick`` for QUICK_STEPS steps): the loss on a
  fixed probe batch falls by at least LOSS_DROP (50 %), metrics.json records
  the commit (git rev-parse HEAD), the command, the seed, the config's sha256
  (equal to the sha256 of config.json's object) and the exported file's
  sha256 (equal to the file's);
* ONNX: onnx.checker, opset 17, input/output shapes, and, when
  onnxruntime-node is installed (the repository's node_modules or NODE_PATH),
  onnxruntime-node equals torch within 1e-5 over a chunked stream;
  otherwise that check is reported as skipped.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import torch

torch.set_num_threads(1)
warnings.filterwarnings("ignore")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import export_onnx  # noqa: E402
import mouthpiece_train as mt  # noqa: E402
from mouthpiece_train.losses import LossWeights, motion_loss  # noqa: E402
from mouthpiece_train.model import (  # noqa: E402
    CONFIGS, SILENCE, MotionModel, complexity, count_parameters, emotion_vector,
)

CORPUS_PATH = sys.argv[1] if len(sys.argv) > 1 else str(REPO / "test" / "fixtures" / "corpus")
QUICK_STEPS = 200
LOSS_DROP = 0.5          # the probe loss must fall by at least this share
STREAM_TOL = 1e-5
MAX_PARAMS, MAX_MFLOPS, MAX_ONNX_BYTES = 3_000_000, 100.0, 12 * 2 ** 20

CHECKS = []
_STATE = {}


class Skip(Exception):
    pass


def check(fn):
    CHECKS.append(fn)
    return fn


def perturbed(config, seed=0):
    """A model with random, non-trivial weights (default init leaves the conditioning small)."""
    torch.manual_seed(seed)
    m = MotionModel(config)
    with torch.no_grad():
        for p in m.parameters():
            p.add_(0.05 * torch.randn_like(p))
        m.set_stats(torch.full((config.bands,), -6.0), torch.full((config.bands,), 3.0),
                    torch.zeros(6), torch.full((6,), 0.02))
    return m.eval()


def stream(model, feats, emo, sizes):
    """Concatenated ``step`` outputs over chunks of the given sizes (cycled), lookahead rows dropped."""
    B, T, _ = feats.shape
    L = model.lookahead
    x = torch.cat([feats, torch.full((B, L, feats.shape[2]), SILENCE)], 1)
    state, outs, i, k = model.initial_state(B), [], 0, 0
    with torch.no_grad():
        while i < T + L:
            n = sizes[k % len(sizes)]
            o, state = model.step(x[:, i:i + n], emo, state)
            outs.append(o)
            i += n
            k += 1
    return {key: torch.cat([o[key] for o in outs], 1)[:, L:] for key in outs[0]}


def max_diff(a, b):
    return max(float((a[k] - b[k]).abs().max()) for k in a)


@check
def budget():
    for name in ("default", "lowlatency"):
        cfg = CONFIGS[name]
        cx = complexity(cfg)
        n = count_parameters(MotionModel(cfg))
        assert cx["params"] == n, "%s: analytic %d parameters, module has %d" % (name, cx["params"], n)
        assert n <= MAX_PARAMS, "%s: %d parameters > %d" % (name, n, MAX_PARAMS)
        assert cx["mflops_per_second"] <= MAX_MFLOPS, "%s: %.1f MFLOP/s" % (name, cx["mflops_per_second"])
        print("    %s: %d parameters, %.1f MFLOP/s, lookahead %d ms, receptive field %d frames"
              % (name, n, cx["mflops_per_second"], cx["lookahead_ms"], cx["receptive_field_frames"]))
    assert 100 <= complexity(CONFIGS["default"])["lookahead_ms"] <= 150
    assert complexity(CONFIGS["lowlatency"])["lookahead_ms"] <= 40


@check
def streaming_equals_offline():
    g = torch.Generator().manual_seed(3)
    feats = SILENCE + 10.0 + 4.0 * torch.randn(2, 181, 64, generator=g)
    emo = torch.tensor([[0.0, 0.8, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    worst = 0.0
    for name, cfg in CONFIGS.items():
        m = perturbed(cfg)
        with torch.no_grad():
            ref = m(feats, emo)
        for sizes in ([1], [37], [5, 1, 12, 3, 29, 2], [400]):
            d = max_diff(stream(m, feats, emo, sizes), ref)
            worst = max(worst, d)
            assert d <= STREAM_TOL, "%s, chunks %r: streaming differs from offline by %.3g" % (name, sizes, d)
    print("    worst |streaming - offline| %.3g (tolerance %g)" % (worst, STREAM_TOL))


@check
def padding_does_not_leak():
    m = perturbed(CONFIGS["default"])
    g = torch.Generator().manual_seed(4)
    a = SILENCE + 10.0 + 4.0 * torch.randn(1, 90, 64, generator=g)
    batch = torch.full((2, 150, 64), SILENCE)
    batch[0, :90] = a[0]
    batch[1] = SILENCE + 10.0 + 4.0 * torch.randn(150, 64, generator=g)
    emo = torch.zeros(2, 4)
    with torch.no_grad():
        alone = m(a, emo[:1])
        both = m(batch, emo)
    d = max(float((alone[k][0] - both[k][0, :90]).abs().max()) for k in alone)
    assert d <= STREAM_TOL, "padding changed an item's frames by %.3g" % d


@check
def intensity_zero_is_neutral():
    m = perturbed(CONFIGS["default"])
    names = ["neutral", "happy", "sad", "angry", "surprised"]
    e0 = emotion_vector(["neutral", "happy", "sad", "angry", "surprised"], [0.0, 0.0, 0.0, 0.0, 0.0])
    e0_ids = emotion_vector(torch.tensor([0, 1, 2, 3, 4]), torch.zeros(5), names)
    assert torch.equal(e0, e0_ids) and not e0.any(), "intensity 0 must give the zero vector"
    feats = (SILENCE + 10.0 + 4.0 * torch.randn(1, 120, 64)).expand(5, -1, -1).contiguous()
    with torch.no_grad():
        out = m(feats, e0)
        for i in range(1, 5):
            for k in out:
                assert torch.equal(out[k][i], out[k][0]), "%s at intensity 0 differs from neutral in %s" % (names[i], k)
        happy = m(feats[:1], emotion_vector(["happy"], [1.0]))
    assert float((happy["weights"] - out["weights"][:1]).abs().max()) > 1e-4, "emotion has no effect"
    # Bias-free conditioning: a zero vector adds exactly nothing.
    assert m.cond_enc.bias is None and m.cond_dec.bias is None


@check
def perfect_prediction_scores_zero():
    torch.manual_seed(5)
    B, T = 2, 80
    tw = torch.rand(B, T, 52) * 0.5
    th = 0.01 * torch.randn(B, T, 6)
    vad = (torch.rand(B, T) > 0.3).float()
    vad[:, 40:] = 0.0
    tw[:, 40:] = tw[:, 40:41]    # the teacher holds its rest pose in silence
    batch = {"targets": torch.cat([tw, th], -1), "mask": torch.ones(B, T, dtype=torch.bool), "vad": vad,
             "articulation": torch.rand(B, T, 6), "visemes": torch.randint(0, 15, (B, T))}
    out = {"weights": tw, "head": th, "articulation": batch["articulation"],
           "visemes": torch.nn.functional.one_hot(batch["visemes"], 15).float() * 50.0,
           "latent": torch.zeros(B, T, 24)}
    _, parts = motion_loss(out, batch, LossWeights())
    for k in ("pose", "head", "aperture", "closure", "velocity", "accel", "rest", "articulation", "viseme"):
        assert parts[k] < 1e-6, "%s = %g for a perfect prediction" % (k, parts[k])
    assert parts["silence_share"] > 0.2, "deep silence not found"


def quick_run():
    if "quick" in _STATE:
        return _STATE["quick"]
    out = Path(tempfile.mkdtemp(prefix="mp-quick-"))
    cmd = [sys.executable, str(HERE / "train.py"), "--corpus", CORPUS_PATH, "--out", str(out), "--quick",
           "--steps", str(QUICK_STEPS), "--minutes", "10"]
    t = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=str(REPO))
    if r.returncode != 0:
        raise AssertionError("train.py --quick failed:\n%s%s" % (r.stdout[-3000:], r.stderr[-3000:]))
    _STATE["quick"] = (out, time.time() - t)
    return _STATE["quick"]


@check
def quick_training_loss_falls():
    out, seconds = quick_run()
    m = json.loads((out / "metrics.json").read_text())
    before, after = m["probe_loss_before"], m["probe_loss_after"]
    drop = 1.0 - after / before
    print("    probe loss %.4f -> %.4f (%.0f %% lower; needs %.0f %%), %d steps, %.1f s training, %.1f s in all"
          % (before, after, 100 * drop, 100 * LOSS_DROP, m["steps"], m["train_seconds"], seconds))
    assert m["steps"] == QUICK_STEPS, "ran %d steps" % m["steps"]
    assert drop >= LOSS_DROP, "the loss fell by %.0f %%, less than %.0f %%" % (100 * drop, 100 * LOSS_DROP)
    log = [json.loads(line) for line in (out / "train_log.jsonl").read_text().splitlines()]
    assert log[0]["event"] == "start" and log[-1]["event"] == "end"
    assert any(e["event"] == "val" for e in log) or m["val"] is None


@check
def quick_metrics_match_files():
    out, _ = quick_run()
    m = json.loads((out / "metrics.json").read_text())
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=str(REPO), capture_output=True, text=True).stdout.strip()
    assert m["commit"] == head, "metrics commit %r, HEAD is %r" % (m["commit"], head)
    cfg = json.loads((out / "config.json").read_text())
    h = hashlib.sha256(json.dumps(cfg, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()
    assert m["config_sha256"] == h, "config hash does not match config.json"
    assert m["model_sha256"] == export_onnx.sha256_file(out / "model.onnx"), "model hash does not match the file"
    assert m["seed"] == 1 and "train.py" in m["command"] and "--quick" in m["command"]
    assert m["params"] <= MAX_PARAMS and m["mflops_per_second"] <= MAX_MFLOPS


@check
def quick_model_streams():
    out, _ = quick_run()
    model, _ = export_onnx.load_checkpoint(out / "checkpoint.pt")
    feats = SILENCE + 10.0 + 4.0 * torch.randn(1, 150, 64)
    emo = torch.tensor([[1.0, 0.0, 0.0, 0.0]])
    with torch.no_grad():
        ref = model(feats, emo)
    d = max_diff(stream(model, feats, emo, [3, 1, 17, 8]), ref)
    assert d <= STREAM_TOL, "trained model: streaming differs from offline by %.3g" % d


@check
def onnx_export_checked():
    out, _ = quick_run()
    model, _ = export_onnx.load_checkpoint(out / "checkpoint.pt")
    export_onnx.check_graph(out / "model.onnx", model)


@check
def onnx_default_size():
    m = perturbed(CONFIGS["default"])
    with tempfile.TemporaryDirectory() as td:
        p = Path(td) / "model.onnx"
        export_onnx.export(m, p)
        size = os.path.getsize(p)
        print("    default model.onnx: %d bytes" % size)
        assert size <= MAX_ONNX_BYTES, "%d bytes > 12 MB" % size
        if export_onnx.node_available():
            d = export_onnx.compare_with_node(p, m)
            print("    default model, onnxruntime-node vs torch: %.3g" % d)
            assert d <= STREAM_TOL, "onnxruntime-node differs from torch by %.3g" % d


@check
def onnx_matches_torch_in_node():
    if not export_onnx.node_available():
        raise Skip("onnxruntime-node is not installed (npm install onnxruntime-node, or set NODE_PATH)")
    out, _ = quick_run()
    model, _ = export_onnx.load_checkpoint(out / "checkpoint.pt")
    d = export_onnx.compare_with_node(out / "model.onnx", model)
    print("    trained quick model, onnxruntime-node vs torch: %.3g" % d)
    assert d <= STREAM_TOL, "onnxruntime-node differs from torch by %.3g" % d


def main():
    print("corpus: %s" % CORPUS_PATH)
    mt.Corpus(CORPUS_PATH)  # fails early on a bad corpus
    passed = failed = skipped = 0
    t0 = time.time()
    for fn in CHECKS:
        t = time.time()
        try:
            fn()
        except Skip as e:
            skipped += 1
            print("SKIP %s: %s" % (fn.__name__, e))
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print("FAIL %s (%.1f s)" % (fn.__name__, time.time() - t))
            traceback.print_exc()
        else:
            passed += 1
            print("ok   %s (%.1f s)" % (fn.__name__, time.time() - t))
    if "quick" in _STATE:
        shutil.rmtree(_STATE["quick"][0], ignore_errors=True)
    print("%.0f s in all" % (time.time() - t0))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
