"""Export the motion model's streaming step to ONNX (opset 17) and check it.

    python3 models/training/export_onnx.py --checkpoint models/NAME/checkpoint.pt --out models/NAME/model.onnx

The graph is ``MotionModel.step`` with batch 1 and a dynamic chunk length:

| input | shape | meaning |
| --- | --- | --- |
| ``features`` | float32 [1, N, 64] | the next N log-mel frames of the stream (N >= 1) |
| ``emotion`` | float32 [1, 4] | (happy, sad, angry, surprised), one-hot x intensity; zeros = neutral |
| ``state`` | float32 [1, S] | zeros at the start of a stream, then the previous call's ``state_out`` |

| output | shape | meaning |
| --- | --- | --- |
| ``motion`` | [1, N, 58] | 52 ARKit weights (BLENDSHAPE order) then head pitch, yaw, roll (rad), x, y, z (m) |
| ``visemes`` | [1, N, 15] | viseme logits (Oculus order) |
| ``articulation`` | [1, N, 6] | jaw, lipRound, lipSpread, lipClose, labiodental, tongue |
| ``latent`` | [1, N, D] | the motion latent |
| ``state_out`` | [1, S] | the state for the next call |

Output row i of a call belongs to frame (frames fed before the call) + i -
lookahead: drop the first ``lookahead`` rows of a stream and flush it with
``lookahead`` frames of silence (every band ln(1e-6)). The file's metadata
(``metadata_props``) records lookahead, state size, fps, the silence value
and the channel names.

Checks: ``onnx.checker`` and shape inference always. The numbers are
compared with torch through onnxruntime-node when Node can load it (from
the repository's node_modules, or NODE_PATH): a stream of uneven chunks,
every output within 1e-5. onnxruntime for Python is not used (not packaged
for the trainer's Python). When onnxruntime-node is missing, the comparison
is reported as skipped.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from mouthpiece_train.model import (  # noqa: E402
    ARTICULATION, BLENDSHAPES, EMOTIONS, HEAD_CHANNELS, SILENCE, VISEMES, ModelConfig, MotionModel,
)

OPSET = 17
INPUTS = ("features", "emotion", "state")
OUTPUTS = ("motion", "visemes", "articulation", "latent", "state_out")


class StreamingStep(torch.nn.Module):
    """``MotionModel.step`` with tuple outputs, for export."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, features, emotion, state):
        out, new_state = self.model.step(features, emotion, state)
        return out["motion"], out["visemes"], out["articulation"], out["latent"], new_state


def metadata(model, extra=None):
    c = model.config
    meta = {
        "format": "mouthpiece-motion-step",
        "version": "1",
        "fps": "100",
        "bands": str(c.bands),
        "lookahead_frames": str(c.lookahead),
        "state_size": str(model.state_size()),
        "silence_value": repr(SILENCE),
        "emotions": ",".join(EMOTIONS),
        "motion_channels": ",".join(BLENDSHAPES + HEAD_CHANNELS),
        "visemes": ",".join(VISEMES),
        "articulation": ",".join(ARTICULATION),
        "config": json.dumps(c.to_dict(), sort_keys=True),
    }
    for k, v in (extra or {}).items():
        meta[k] = v if isinstance(v, str) else json.dumps(v, sort_keys=True)
    return meta


def export(model, path, chunk=16, extra_metadata=None):
    """Write ``path`` (ONNX, opset 17) from ``model`` and run the checker; returns the file's sha256."""
    import onnx

    model = model.eval()
    wrapper = StreamingStep(model).eval()
    feats = torch.full((1, chunk, model.config.bands), SILENCE)
    emo = torch.zeros(1, model.config.emotions)
    state = model.initial_state(1)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.onnx")
    with torch.no_grad(), warnings.catch_warnings():
        # The exporter warns about GRU batch sizes (this graph is batch 1 by design) and constant shapes.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper, (feats, emo, state), str(tmp), input_names=list(INPUTS), output_names=list(OUTPUTS),
            dynamic_axes={"features": {1: "frames"}, "motion": {1: "frames"}, "visemes": {1: "frames"},
                          "articulation": {1: "frames"}, "latent": {1: "frames"}},
            opset_version=OPSET, do_constant_folding=True)
    m = onnx.load(str(tmp))
    # Declare the output shapes: the state's length is static (shape inference cannot see through the
    # cache slices), the chunk axis is "frames" like the input's.
    S = model.state_size()
    for vi in m.graph.output:
        dims = vi.type.tensor_type.shape.dim
        if vi.name == "state_out":
            dims[1].ClearField("dim_param")
            dims[1].dim_value = S
        elif len(dims) == 3:
            dims[1].ClearField("dim_value")
            dims[1].dim_param = "frames"
    for k, v in metadata(model, extra_metadata).items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    m.producer_name = "mouthpiece-train"
    onnx.save(m, str(path))
    tmp.unlink()
    check_graph(path, model)
    return sha256_file(path)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_graph(path, model):
    """onnx.checker, opset, and inferred input/output shapes; raises AssertionError on a mismatch."""
    import onnx

    m = onnx.load(str(path))
    onnx.checker.check_model(m, full_check=True)
    opsets = {o.domain or "ai.onnx": o.version for o in m.opset_import}
    assert opsets.get("ai.onnx") == OPSET, "opset %r, expected %d" % (opsets, OPSET)
    inferred = onnx.shape_inference.infer_shapes(m)
    c = model.config
    S = model.state_size()

    def dims(vi):
        return [d.dim_value if d.HasField("dim_value") else d.dim_param for d in vi.type.tensor_type.shape.dim]

    want_in = {"features": [1, "frames", c.bands], "emotion": [1, c.emotions], "state": [1, S]}
    want_out = {"motion": [1, "frames", c.blendshapes + c.head], "visemes": [1, "frames", c.visemes],
                "articulation": [1, "frames", c.articulation], "latent": [1, "frames", c.latent],
                "state_out": [1, S]}
    got_in = {vi.name: dims(vi) for vi in inferred.graph.input}
    got_out = {vi.name: dims(vi) for vi in inferred.graph.output}
    for name, want in want_in.items():
        assert got_in.get(name) == want, "input %s: %r, expected %r" % (name, got_in.get(name), want)
    for name, want in want_out.items():
        got = got_out.get(name)
        # The exporter may name the dynamic axis of an output differently; only its being dynamic matters.
        ok = got is not None and len(got) == len(want) and all(
            (isinstance(w, str) and (isinstance(g, str) or g == 0)) or g == w for g, w in zip(got, want))
        assert ok, "output %s: %r, expected %r" % (name, got, want)
    return True


# -- comparison through onnxruntime-node --------------------------------------------------

_NODE_SCRIPT = r"""
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const [modelPath, inPath, outPath, repo] = process.argv.slice(2);
let ort;
try { ort = createRequire(path.join(repo, 'package.json'))('onnxruntime-node'); }
catch (e) { try { ort = require('onnxruntime-node'); } catch (e2) { console.log('NO_ORT'); process.exit(3); } }
(async () => {
  const job = JSON.parse(fs.readFileSync(inPath, 'utf8'));
  const sess = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1 });
  let state = new Float32Array(job.stateSize);
  const outs = { motion: [], visemes: [], articulation: [], latent: [] };
  const bands = job.bands;
  let i = 0;
  for (const n of job.chunks) {
    const f = Float32Array.from(job.features.slice(i * bands, (i + n) * bands));
    const r = await sess.run({
      features: new ort.Tensor('float32', f, [1, n, bands]),
      emotion: new ort.Tensor('float32', Float32Array.from(job.emotion), [1, job.emotion.length]),
      state: new ort.Tensor('float32', state, [1, job.stateSize]),
    });
    for (const k of Object.keys(outs)) outs[k].push(...r[k].data);
    state = r.state_out.data;
    i += n;
  }
  outs.state = Array.from(state);
  fs.writeFileSync(outPath, JSON.stringify(outs));
  console.log('OK');
})().catch((e) => { console.error(String(e && e.stack || e)); process.exit(2); });
"""


def node_available():
    """True when ``node`` can load onnxruntime-node (repository node_modules or NODE_PATH)."""
    if shutil.which("node") is None:
        return False
    code = ("const p=require('path');const {createRequire}=require('module');"
            "try{createRequire(p.join(process.argv[1],'package.json')).resolve('onnxruntime-node')}"
            "catch(e){require.resolve('onnxruntime-node')}")
    r = subprocess.run(["node", "-e", code, str(REPO)], capture_output=True, text=True)
    return r.returncode == 0


def compare_with_node(path, model, frames=137, chunks=(1, 7, 16, 3, 40, 5, 33, 32), seed=0, emotion=None):
    """Run ``path`` in onnxruntime-node over a chunked stream and torch's ``step`` over the same chunks.

    Returns the largest absolute difference over all outputs and the final
    state, or None when onnxruntime-node is not available.
    """
    if not node_available():
        return None
    model = model.eval()
    g = torch.Generator().manual_seed(seed)
    feats = (SILENCE + 10.0 + 4.0 * torch.randn(1, frames, model.config.bands, generator=g)).float()
    emo = torch.tensor([emotion if emotion is not None else [0.6, 0.0, 0.0, 0.0]], dtype=torch.float32)
    sizes, left = [], frames
    k = 0
    while left > 0:
        n = min(chunks[k % len(chunks)], left)
        sizes.append(n)
        left -= n
        k += 1
    ref = {"motion": [], "visemes": [], "articulation": [], "latent": []}
    state = model.initial_state(1)
    i = 0
    with torch.no_grad():
        for n in sizes:
            out, state = model.step(feats[:, i:i + n], emo, state)
            for key in ref:
                ref[key].append(out[key])
            i += n
    ref = {k: torch.cat(v, 1).reshape(-1).numpy() for k, v in ref.items()}
    ref["state"] = state.reshape(-1).numpy()
    with tempfile.TemporaryDirectory() as td:
        inp, outp, script = Path(td) / "in.json", Path(td) / "out.json", Path(td) / "run.cjs"
        inp.write_text(json.dumps({"features": feats.reshape(-1).tolist(), "emotion": emo[0].tolist(),
                                   "chunks": sizes, "bands": model.config.bands,
                                   "stateSize": model.state_size()}))
        script.write_text(_NODE_SCRIPT)
        r = subprocess.run(["node", str(script), str(Path(path).resolve()), str(inp), str(outp), str(REPO)],
                           capture_output=True, text=True)
        if r.returncode == 3:
            return None
        if r.returncode != 0:
            raise RuntimeError("onnxruntime-node run failed: %s%s" % (r.stdout, r.stderr))
        got = json.loads(outp.read_text())
    worst = 0.0
    for key, want in ref.items():
        have = np.asarray(got[key], dtype=np.float32)
        assert have.shape == want.shape, "%s: %r values from onnxruntime-node, torch has %r" % (
            key, have.shape, want.shape)
        worst = max(worst, float(np.abs(have - want).max()))
    return worst


def load_checkpoint(path):
    """A ``MotionModel`` from a train.py checkpoint (eval mode) and the checkpoint dict."""
    ck = torch.load(str(path), map_location="cpu")
    model = MotionModel(ModelConfig.from_dict(ck["model_config"]))
    model.load_state_dict(ck["model"])
    return model.eval(), ck


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--checkpoint", required=True, help="a train.py checkpoint (.pt)")
    ap.add_argument("--out", required=True, help="the .onnx file to write")
    ap.add_argument("--no-compare", action="store_true", help="skip the onnxruntime-node comparison")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, _ = load_checkpoint(args.checkpoint)
    digest = export(model, args.out)
    print("wrote %s (%d bytes, sha256 %s); onnx.checker and shapes: ok" % (
        args.out, os.path.getsize(args.out), digest))
    if not args.no_compare:
        worst = compare_with_node(args.out, model)
        if worst is None:
            print("onnxruntime-node comparison: skipped (onnxruntime-node not installed)")
        else:
            print("onnxruntime-node vs torch: max |diff| %.3g" % worst)
            if worst > 1e-5:
                print("FAIL: onnxruntime-node and torch differ by more than 1e-5")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
