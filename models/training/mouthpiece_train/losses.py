"""Training losses of the motion model: what people see of a talking face comes first.

``motion_loss(out, batch, ...)`` returns ``(total, parts)``; ``parts`` maps
each term's name to its (unweighted) value for logging. Every term is
averaged over valid frames only (``mask``; differences need both/all three
frames valid), so padding never counts.

Terms and default weights (``LossWeights``):

| term | weight | what |
| --- | --- | --- |
| ``pose`` | 1.0 | L1 on the 52 weights, channel-weighted mean (``channel_weights``: lip channels 3, jawOpen and mouthClose 4, other mouth/jaw/cheek/brow/nose 1, eyes 0.5; eye targets carry only emotion, blinks and gaze are run-time layers) |
| ``bce`` | 0.5 | binary cross-entropy of the weight logits against the 52 targets (soft labels in [0, 1]), minus the targets' own entropy so that 0 is a perfect fit; channel-weighted. The L1 term alone saturates the sigmoid: a channel that is 0 on most frames (every emotion channel, brows, lip press and roll) is driven to a large negative logit where its gradient vanishes, and it stays dead even where the target is not 0 (measured on a 14-minute run: 20 of 52 channels stuck at exactly 0). Cross-entropy's gradient on the logit is (prediction - target), which never vanishes while the prediction is wrong |
| ``head`` | 0.05 | L1 on head pitch/yaw/roll/x/y/z in units of the training data's per-channel std (head motion is only loosely predictable from audio; a small weight keeps it from dominating) |
| ``aperture`` | 2.0 | L1 on the mouth aperture (``mouth_aperture``, the shared definition of src/api/mouthAperture.ts) |
| ``closure`` | 2.0 | bilabials must close, open vowels must not. On frames where the target is closed (closure >= 0.5, or the articulation channel lipClose >= 0.5, during voice activity; weighted x5, ``closure_boost``): the predicted aperture beyond the target's (linear, so a missed closure always has a gradient); elsewhere: L1 on lip closure (``clamp01(1 - aperture / 0.1)``, src/api/lipClosure.ts), which penalises false closures |
| ``velocity`` | 0.5 | L1 between first differences of prediction and target (channel-weighted), against jitter and lag |
| ``accel`` | 0.5 | L1 between second differences, against jitter |
| ``rest`` | 1.0 | on deep silence (frames with no voice activity within 150 ms either side, ``rest_margin``): L1 of the mouth/jaw channels to the target, which is the teacher's rest pose there (with the utterance's emotion), plus the L1 of their first difference to 0 (stillness) |
| ``viseme`` | 0.2 | cross-entropy of the 15 viseme logits (auxiliary) |
| ``articulation`` | 0.5 | L1 on the 6 articulation channels (auxiliary) |
| ``ae_recon`` | 0.5 | auto-encoder: L1 plus ``bce`` x cross-entropy (channel-weighted) of decoder(MotionEncoder(target)) to the target; makes the decoder a decoder of teacher faces |
| ``ae_match`` | 0.1 | mean squared distance of the audio latent to the (detached) motion-encoder latent |

L1 was chosen over L2 for the weights: an L2 loss rewards hedging between
shapes (a half-open mouth on every bilabial); L1 keeps the median, which
for a closure is closed.
"""

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F

from .model import ARTICULATION, BLENDSHAPES

I = {n: i for i, n in enumerate(BLENDSHAPES)}

#: Channels whose errors people see first (weight LIP_WEIGHT).
LIP_CHANNELS = (
    "jawOpen", "mouthClose", "mouthFunnel", "mouthPucker", "mouthRollLower", "mouthRollUpper",
    "mouthPressLeft", "mouthPressRight", "mouthSmileLeft", "mouthSmileRight", "mouthStretchLeft",
    "mouthStretchRight", "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight",
)
#: Of these, the two that decide open versus closed (weight CLOSURE_WEIGHT).
CLOSURE_CHANNELS = ("jawOpen", "mouthClose")
LIP_WEIGHT, CLOSURE_WEIGHT, EYE_WEIGHT, OTHER_WEIGHT = 3.0, 4.0, 0.5, 1.0
#: Channels held still in silence by the rest term.
REST_CHANNELS = tuple(n for n in BLENDSHAPES if n.startswith(("jaw", "mouth")))


def channel_weights():
    """Per-blendshape loss weights [52] (see the module docstring)."""
    w = torch.full((len(BLENDSHAPES),), OTHER_WEIGHT)
    for i, n in enumerate(BLENDSHAPES):
        if n.startswith("eye"):
            w[i] = EYE_WEIGHT
        if n in LIP_CHANNELS:
            w[i] = LIP_WEIGHT
        if n in CLOSURE_CHANNELS:
            w[i] = CLOSURE_WEIGHT
    return w


@dataclass
class LossWeights:
    pose: float = 1.0
    bce: float = 0.5
    head: float = 0.05
    aperture: float = 2.0
    closure: float = 2.0
    closure_boost: float = 4.0       # closed-target frames count 1 + closure_boost in the closure term
    velocity: float = 0.5
    accel: float = 0.5
    rest: float = 1.0
    rest_margin: int = 15            # frames (150 ms) without voice activity on both sides = deep silence
    viseme: float = 0.2
    articulation: float = 0.5
    ae_recon: float = 0.5
    ae_match: float = 0.1

    def to_dict(self):
        return asdict(self)


def mouth_aperture(w):
    """How far the lips are apart, in [0, 1], from weights [..., 52] (src/api/mouthAperture.ts)."""
    gap = torch.clamp(w[..., I["jawOpen"]] - w[..., I["mouthClose"]], min=0.0) \
        + 0.3 * 0.5 * (w[..., I["mouthUpperUpLeft"]] + w[..., I["mouthUpperUpRight"]]) \
        + 0.3 * 0.5 * (w[..., I["mouthLowerDownLeft"]] + w[..., I["mouthLowerDownRight"]]) \
        + 0.15 * w[..., I["mouthFunnel"]]
    roll = 0.5 * (w[..., I["mouthRollUpper"]] + w[..., I["mouthRollLower"]])
    press = 0.5 * (w[..., I["mouthPressLeft"]] + w[..., I["mouthPressRight"]])
    return torch.clamp(gap * (1 - 0.5 * roll) * (1 - 0.5 * press), 0.0, 1.0)


def lip_closure(w):
    """How firmly the lips are closed, in [0, 1] (src/api/lipClosure.ts): clamp01(1 - aperture / 0.1)."""
    return torch.clamp(1.0 - mouth_aperture(w) / 0.1, 0.0, 1.0)


def soft_bce(logits, target):
    """Binary cross-entropy with soft targets minus the targets' entropy (0 for a perfect fit), elementwise."""
    t = target.clamp(0.0, 1.0)
    ce = F.binary_cross_entropy_with_logits(logits, t, reduction="none")
    ent = -(t * torch.log(t.clamp(min=1e-6)) + (1 - t) * torch.log((1 - t).clamp(min=1e-6)))
    return ce - ent


def _masked_mean(x, m):
    """Mean of x over positions where m (same shape, float) is nonzero, weighted by m."""
    return (x * m).sum() / m.sum().clamp(min=1.0)


def deep_silence(vad, mask, margin):
    """Frames [B, T] (float) with no voice activity within ``margin`` frames on either side, inside the mask."""
    if margin <= 0:
        return (vad <= 0).float() * mask
    near = F.max_pool1d(vad[:, None, :], 2 * margin + 1, stride=1, padding=margin)[:, 0]
    return (near <= 0).float() * mask


def closed_frames(targets_w, articulation, vad):
    """Frames [B, T] (float) where the target shows a lip closure during voice activity (bilabials)."""
    closed = (lip_closure(targets_w) >= 0.5)
    ic = ARTICULATION.index("lipClose")
    if articulation is not None and articulation.shape[-1] > ic:
        closed = closed | (articulation[..., ic] >= 0.5)
    return (closed & (vad > 0)).float()


def motion_loss(out, batch, weights=LossWeights(), model=None, motion_encoder=None, emotion=None):
    """Total loss and its parts.

    ``out``: the model's outputs (``weights``, ``head``, ``visemes``,
    ``articulation``, ``latent``; [B, T, ...]). ``batch``: the data
    pipeline's batch (``targets`` [B, T, 58], ``articulation``, ``visemes``,
    ``vad``, ``mask``). ``model`` supplies ``head_std`` and the decoder for the
    auto-encoder terms (skipped when ``motion_encoder`` is None or their
    weights are 0); ``emotion`` [B, 4] is the conditioning used by ``decode``.
    """
    lw = weights
    tgt = batch["targets"]
    nb = len(BLENDSHAPES)
    tw, th = tgt[..., :nb], tgt[..., nb:]
    m = batch["mask"].float()
    vad = batch["vad"] * m
    cw = channel_weights().to(tw.device)
    cw_n = cw / cw.mean()
    pw = out["weights"]
    parts = {}

    # Positions.
    parts["pose"] = _masked_mean((torch.abs(pw - tw) * cw_n).mean(-1), m)
    if "weight_logits" in out:
        parts["bce"] = _masked_mean((soft_bce(out["weight_logits"], tw) * cw_n).mean(-1), m)
    head_std = model.head_std if model is not None else torch.ones(th.shape[-1], device=th.device)
    parts["head"] = _masked_mean((torch.abs(out["head"] - th) / head_std).mean(-1), m)

    # What the lips show.
    ap_p, ap_t = mouth_aperture(pw), mouth_aperture(tw)
    parts["aperture"] = _masked_mean(torch.abs(ap_p - ap_t), m)
    closed = closed_frames(tw, batch.get("articulation"), vad)
    cl_w = m * (1.0 + lw.closure_boost * closed)
    # Closed targets: the predicted aperture beyond the target's, never saturating (lip_closure is
    # flat at 0 for a clearly open mouth, which would leave a missed closure without gradient).
    # Other frames: the closure difference, which has its gradient (1 / 0.1 per unit of aperture)
    # exactly where the prediction closes a mouth that should be open.
    missed = torch.relu(ap_p - ap_t)
    parts["closure"] = _masked_mean(closed * missed + (1.0 - closed) * torch.abs(lip_closure(pw) - lip_closure(tw)),
                                    cl_w)
    parts["closed_share"] = _masked_mean(closed, m).detach()

    # Motion: first and second differences.
    m1 = m[:, 1:] * m[:, :-1]
    dp, dt = pw[:, 1:] - pw[:, :-1], tw[:, 1:] - tw[:, :-1]
    parts["velocity"] = _masked_mean((torch.abs(dp - dt) * cw_n).mean(-1), m1)
    m2 = m1[:, 1:] * m1[:, :-1]
    ddp, ddt = dp[:, 1:] - dp[:, :-1], dt[:, 1:] - dt[:, :-1]
    parts["accel"] = _masked_mean((torch.abs(ddp - ddt) * cw_n).mean(-1), m2)

    # Rest in silence.
    rest_idx = torch.tensor([I[n] for n in REST_CHANNELS], device=tw.device)
    sil = deep_silence(vad, m, lw.rest_margin)
    rest_pos = torch.abs(pw[..., rest_idx] - tw[..., rest_idx]).mean(-1)
    rest_still = torch.abs(dp[..., rest_idx]).mean(-1)
    parts["rest"] = _masked_mean(rest_pos, sil) + _masked_mean(rest_still, sil[:, 1:] * sil[:, :-1])
    parts["silence_share"] = _masked_mean(sil, m).detach()

    # Auxiliary heads.
    vl = out["visemes"]
    ce = F.cross_entropy(vl.reshape(-1, vl.shape[-1]), batch["visemes"].reshape(-1), reduction="none")
    parts["viseme"] = _masked_mean(ce.reshape(m.shape), m)
    parts["articulation"] = _masked_mean(torch.abs(out["articulation"] - batch["articulation"]).mean(-1), m)

    # Latent auto-encoder.
    if motion_encoder is not None and model is not None and (lw.ae_recon > 0 or lw.ae_match > 0):
        zm = motion_encoder(tgt)
        emo = emotion if emotion is not None else tgt.new_zeros(tgt.shape[0], model.config.emotions)
        rl, rh = model.decode_logits(zm, emo)
        rw = torch.sigmoid(rl)
        parts["ae_recon"] = _masked_mean((torch.abs(rw - tw) * cw_n).mean(-1), m) \
            + lw.bce * _masked_mean((soft_bce(rl, tw) * cw_n).mean(-1), m) \
            + 0.1 * _masked_mean((torch.abs(rh - th) / head_std).mean(-1), m)
        parts["ae_match"] = _masked_mean(((out["latent"] - zm.detach()) ** 2).mean(-1), m)

    total = sum(getattr(lw, k) * v for k, v in parts.items() if hasattr(lw, k) and not k.endswith("_share"))
    return total, {k: float(v.detach()) for k, v in parts.items()}


@torch.no_grad()
def frame_metrics(out, batch):
    """Sums for validation metrics (add over batches, then ``finish_metrics``).

    Closure recall: target-closed frames (``closed_frames``) where the
    prediction's closure >= 0.5; false closures: frames where the target's
    aperture >= 0.15 (clearly open) and the prediction is closed; lip L1 and
    jawOpen L1; viseme accuracy (argmax of the auxiliary head); jitter: RMS
    second difference of the predicted aperture (and of the target's).
    """
    nb = len(BLENDSHAPES)
    m = batch["mask"].float()
    tw = batch["targets"][..., :nb]
    pw = out["weights"]
    vad = batch["vad"] * m
    closed_t = closed_frames(tw, batch.get("articulation"), vad)
    closed_p = (lip_closure(pw) >= 0.5).float()
    open_t = (mouth_aperture(tw) >= 0.15).float() * m
    lip = torch.tensor([I[n] for n in LIP_CHANNELS], device=tw.device)
    ap_p, ap_t = mouth_aperture(pw), mouth_aperture(tw)
    m2 = m[:, 2:] * m[:, 1:-1] * m[:, :-2]
    d2p = ap_p[:, 2:] - 2 * ap_p[:, 1:-1] + ap_p[:, :-2]
    d2t = ap_t[:, 2:] - 2 * ap_t[:, 1:-1] + ap_t[:, :-2]
    return {
        "frames": float(m.sum()),
        "lip_l1": float((torch.abs(pw - tw)[..., lip].mean(-1) * m).sum()),
        "jaw_l1": float((torch.abs(pw - tw)[..., I["jawOpen"]] * m).sum()),
        "viseme_hits": float(((out["visemes"].argmax(-1) == batch["visemes"]).float() * m).sum()),
        "closed_target": float(closed_t.sum()),
        "closed_hit": float((closed_t * closed_p).sum()),
        "open_target": float(open_t.sum()),
        "open_closed": float((open_t * closed_p).sum()),
        "jitter_sq": float((d2p ** 2 * m2).sum()),
        "jitter_target_sq": float((d2t ** 2 * m2).sum()),
        "jitter_frames": float(m2.sum()),
    }


def finish_metrics(s):
    """Rates from summed ``frame_metrics``."""
    f = max(s["frames"], 1.0)
    return {
        "lip_l1": s["lip_l1"] / f,
        "jaw_l1": s["jaw_l1"] / f,
        "viseme_acc": s["viseme_hits"] / f,
        "closure_recall": s["closed_hit"] / max(s["closed_target"], 1.0),
        "false_closure": s["open_closed"] / max(s["open_target"], 1.0),
        "jitter": (s["jitter_sq"] / max(s["jitter_frames"], 1.0)) ** 0.5,
        "jitter_target": (s["jitter_target_sq"] / max(s["jitter_frames"], 1.0)) ** 0.5,
    }
