"""The Mouthpiece motion model: log-mel frames -> motion latent -> 52 ARKit weights + head pose.

Streaming by construction: every layer is causal (it sees only the current
and earlier frames of its input) and the model's *lookahead* is a fixed
output delay of ``L`` frames. The whole network therefore has one recursion,
``step``, with an explicit state (the context caches of the convolutions and
the GRU's hidden state); the offline ``forward`` is that same recursion run
over the whole sequence in one chunk.

Time alignment (100 Hz frames, the clock of ``models/features.md``)
--------------------------------------------------------------------
* Stream step ``j`` consumes input frame ``j`` and emits the output for
  frame ``t = j - L``. Output frame ``t`` therefore depends on input frames
  ``0 .. t + L`` and on nothing later: the lookahead is ``L`` frames
  (``L * 10`` ms; default 12 = 120 ms, low-latency 4 = 40 ms).
* The convolution stack sees input frames ``t + L - R + 1 .. t + L`` for
  output frame ``t`` (``R`` = its receptive field, ``receptive_field()``;
  default 65 frames, i.e. 52 frames of past and 12 of future around frame
  ``t``); the GRU adds unbounded (learned, fading) left context.
* The first ``L`` outputs of a stream (steps ``0 .. L-1``) belong to frames
  ``-L .. -1`` and are discarded. To finish a stream, feed ``L`` frames of
  silence (every band ``SILENCE = ln(1e-6)``, the front end's value for
  digital silence): their outputs are the last ``L`` frames.
* ``forward(features)`` does exactly that in one call: it appends ``L``
  silence frames, runs ``step`` from the zero state over ``T + L`` frames and
  drops the first ``L`` outputs, so its output ``[B, T, ...]`` is aligned
  with the input frames (and the corpus targets). Running ``step`` chunk by
  chunk (any chunk sizes >= 1) and concatenating equals ``forward``
  (checked to 1e-5 by ``models/training/test_train_quick.py``).

State: one flat float tensor ``[B, state_size()]`` that starts as zeros.
It holds, in order, the cache of each convolution (its last ``(k - 1) * d``
input frames, channel-major) and the GRU's hidden state. The first cache
holds features minus ``SILENCE``, so the zero state means "silence before
the stream began", the same as zero padding in every later layer.

Conditioning: ``emotion`` is a 4-vector ``(happy, sad, angry, surprised)``,
one-hot times intensity; neutral or intensity 0 is the zero vector. It enters
only additively, through bias-free linear layers (at the GRU input and at the
decoder's hidden layer), so a zero vector adds exactly 0.0 and intensity 0
equals neutral bit for bit.

Layers (default config)::

    features [B, T, 64] (natural-log mel, 100 Hz)
      -> (x - mean) / std per band (fixed buffers from the training data)
      -> causal Conv1d 64 -> 160, k 3, ReLU
      -> 5 residual blocks: depthwise causal Conv1d k 3 (dilation 1, 2, 4, 8, 16)
         -> per-frame LayerNorm -> pointwise Conv1d 160 -> 160 -> ReLU -> + input
      -> + W_e1 emotion (bias-free) -> GRU 160 -> 128 (causal, state carried)
      -> latent: Linear 128 -> 24          (the motion latent, one vector per frame)
      -> decoder: Linear 24 -> 128 + W_e2 emotion (bias-free) -> ReLU -> Linear 128 -> 58
         -> 52 ARKit weights (sigmoid), 6 head channels (mean + std * raw; rad, m)
      auxiliary heads on the GRU output: 15 viseme logits, 6 articulation channels (sigmoid)

``complexity(config)`` counts parameters and FLOPs analytically.
"""

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Dict, Tuple

import torch
from torch import nn

#: Log-mel value of digital silence: ln(0 + 1e-6) (models/features.json logFloor).
SILENCE = math.log(1e-6)
FPS = 100

#: The 52 ARKit blendshapes in the project's order (src/api/blendshapeNames.ts, corpus targetChannels).
BLENDSHAPES = (
    "eyeBlinkLeft", "eyeLookDownLeft", "eyeLookInLeft", "eyeLookOutLeft", "eyeLookUpLeft", "eyeSquintLeft",
    "eyeWideLeft", "eyeBlinkRight", "eyeLookDownRight", "eyeLookInRight", "eyeLookOutRight", "eyeLookUpRight",
    "eyeSquintRight", "eyeWideRight", "jawForward", "jawLeft", "jawRight", "jawOpen", "mouthClose", "mouthFunnel",
    "mouthPucker", "mouthLeft", "mouthRight", "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft",
    "mouthFrownRight", "mouthDimpleLeft", "mouthDimpleRight", "mouthStretchLeft", "mouthStretchRight",
    "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "mouthShrugUpper", "mouthPressLeft", "mouthPressRight",
    "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight", "browDownLeft",
    "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "cheekPuff", "cheekSquintLeft",
    "cheekSquintRight", "noseSneerLeft", "noseSneerRight", "tongueOut",
)
HEAD_CHANNELS = ("headPitch", "headYaw", "headRoll", "headX", "headY", "headZ")
TARGET_CHANNELS = BLENDSHAPES + HEAD_CHANNELS
VISEMES = ("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "I", "O", "U")
ARTICULATION = ("jaw", "lipRound", "lipSpread", "lipClose", "labiodental", "tongue")
#: Order of the conditioning vector; neutral is the zero vector.
EMOTIONS = ("happy", "sad", "angry", "surprised")


@dataclass(frozen=True)
class ModelConfig:
    """Sizes of a ``MotionModel`` (all in frames / channels)."""

    bands: int = 64
    lookahead: int = 12                  # L: output delay in frames (120 ms)
    channels: int = 160                  # width of the convolution stack
    input_kernel: int = 3                # kernel of the first (full) convolution
    kernel: int = 3                      # kernel of the depthwise convolutions
    dilations: Tuple[int, ...] = (1, 2, 4, 8, 16)
    gru: int = 128                       # GRU hidden size
    latent: int = 24                     # motion latent per frame
    decoder: int = 128                   # decoder hidden size
    emotions: int = len(EMOTIONS)
    blendshapes: int = len(BLENDSHAPES)
    head: int = len(HEAD_CHANNELS)
    visemes: int = len(VISEMES)
    articulation: int = len(ARTICULATION)

    def to_dict(self):
        d = asdict(self)
        d["dilations"] = list(self.dilations)
        return d

    @classmethod
    def from_dict(cls, d):
        d = dict(d)
        d["dilations"] = tuple(d["dilations"])
        return cls(**d)


#: Named configurations. ``default`` is the shipped model; ``lowlatency`` the 40 ms variant;
#: ``tiny`` the quick-training model (a few minutes on one CPU thread).
CONFIGS: Dict[str, ModelConfig] = {
    "default": ModelConfig(),
    "lowlatency": ModelConfig(lookahead=4),
    "tiny": ModelConfig(channels=32, dilations=(1, 2, 4), gru=32, latent=16, decoder=32),
}


def _tail(buf, n):
    """The last ``n`` frames of ``buf`` [B, C, T] (n static, T >= n)."""
    return buf[:, :, -n:] if n > 0 else buf[:, :, :0]


class CausalConv(nn.Module):
    """Conv1d that sees its current and ``(k - 1) * dilation`` earlier input frames, with a streaming cache."""

    def __init__(self, cin, cout, kernel, dilation=1, groups=1, bias=True):
        super().__init__()
        self.conv = nn.Conv1d(cin, cout, kernel, dilation=dilation, groups=groups, bias=bias)
        self.cin = cin
        self.span = (kernel - 1) * dilation

    def forward(self, x, cache):
        """x [B, Cin, N], cache [B, Cin, span] (the span frames before x) -> y [B, Cout, N], new cache."""
        buf = torch.cat([cache, x], dim=2)
        return self.conv(buf), _tail(buf, self.span)


class Block(nn.Module):
    """Residual block: depthwise causal conv -> per-frame LayerNorm -> pointwise conv -> ReLU -> + x."""

    def __init__(self, channels, kernel, dilation):
        super().__init__()
        self.dw = CausalConv(channels, channels, kernel, dilation, groups=channels)
        self.norm = nn.LayerNorm(channels)
        self.pw = nn.Conv1d(channels, channels, 1)

    def forward(self, x, cache):
        h, cache = self.dw(x, cache)
        h = self.norm(h.transpose(1, 2)).transpose(1, 2)
        return x + torch.relu(self.pw(h)), cache


class MotionModel(nn.Module):
    """Audio features + emotion -> ARKit weights, head pose, visemes, articulation, motion latent.

    ``forward(features, emotion)``: whole sequences (training, offline),
    outputs aligned with the input frames. ``step(features, emotion, state)``:
    one streaming chunk; see the module docstring for the time alignment.
    Outputs (dict): ``weights`` [B, T, 52] in [0, 1], ``head`` [B, T, 6]
    (pitch, yaw, roll in rad; x, y, z in m), ``motion`` [B, T, 58] (the two
    concatenated, the corpus target layout), ``visemes`` [B, T, 15] logits,
    ``articulation`` [B, T, 6] in [0, 1], ``latent`` [B, T, latent].
    """

    def __init__(self, config: ModelConfig = ModelConfig()):
        super().__init__()
        c = self.config = config
        C = c.channels
        self.register_buffer("feat_mean", torch.zeros(c.bands))
        self.register_buffer("feat_std", torch.ones(c.bands))
        self.register_buffer("head_mean", torch.zeros(c.head))
        self.register_buffer("head_std", torch.ones(c.head))
        self.inp = CausalConv(c.bands, C, c.input_kernel)
        self.blocks = nn.ModuleList([Block(C, c.kernel, d) for d in c.dilations])
        self.cond_enc = nn.Linear(c.emotions, C, bias=False)
        self.gru = nn.GRU(C, c.gru, batch_first=True)
        self.to_latent = nn.Linear(c.gru, c.latent)
        self.dec_in = nn.Linear(c.latent, c.decoder)
        self.cond_dec = nn.Linear(c.emotions, c.decoder, bias=False)
        self.dec_out = nn.Linear(c.decoder, c.blendshapes + c.head)
        self.viseme_head = nn.Linear(c.gru, c.visemes)
        self.artic_head = nn.Linear(c.gru, c.articulation)
        self._layout = [(self.inp.cin, self.inp.span)] + [(C, b.dw.span) for b in self.blocks]

    # -- statistics ------------------------------------------------------------------

    def set_stats(self, feat_mean, feat_std, head_mean, head_std):
        """Fix the input normalisation and the head output scale (from training data, see train.py)."""
        with torch.no_grad():
            self.feat_mean.copy_(torch.as_tensor(feat_mean, dtype=torch.float32))
            self.feat_std.copy_(torch.as_tensor(feat_std, dtype=torch.float32))
            self.head_mean.copy_(torch.as_tensor(head_mean, dtype=torch.float32))
            self.head_std.copy_(torch.as_tensor(head_std, dtype=torch.float32))

    # -- state -----------------------------------------------------------------------

    @property
    def lookahead(self):
        return self.config.lookahead

    def receptive_field(self):
        """Input frames the convolution stack sees for one output: 1 + sum of (k - 1) * dilation."""
        return 1 + sum(span for _, span in self._layout)

    def state_size(self):
        """Length of the flat state vector: all convolution caches, then the GRU hidden state."""
        return sum(ch * span for ch, span in self._layout) + self.config.gru

    def initial_state(self, batch=1):
        """The zero state (silence before the stream began)."""
        return self.feat_mean.new_zeros(batch, self.state_size())

    def _unpack(self, state):
        B = state.shape[0]
        sizes = [ch * span for ch, span in self._layout] + [self.config.gru]
        parts = torch.split(state, sizes, dim=1)
        caches = [p.reshape(B, ch, span) for p, (ch, span) in zip(parts[:-1], self._layout)]
        return caches, parts[-1]

    @staticmethod
    def _pack(caches, h):
        B = h.shape[0]
        return torch.cat([c.reshape(B, -1) for c in caches] + [h], dim=1)

    # -- network ---------------------------------------------------------------------

    def step(self, features, emotion, state):
        """One streaming chunk.

        features [B, N, bands] natural-log mel (N >= 1 frames, the next ones
        of the stream), emotion [B, 4], state [B, state_size()] (zeros at the
        start). Returns (outputs dict, each [B, N, ...], new state). Output
        row i of the chunk belongs to frame (frames consumed before this
        chunk) + i - lookahead.
        """
        c = self.config
        caches, h = self._unpack(state)
        new = []
        # First cache in the "features - SILENCE" domain, so that zeros mean silence.
        z = (features - SILENCE).transpose(1, 2)                       # [B, bands, N]
        buf = torch.cat([caches[0], z], dim=2)
        new.append(_tail(buf, self.inp.span))
        shift = (self.feat_mean - SILENCE)[None, :, None]
        x = torch.relu(self.inp.conv((buf - shift) / self.feat_std[None, :, None]))
        for block, cache in zip(self.blocks, caches[1:]):
            x, cache = block(x, cache)
            new.append(cache)
        x = x.transpose(1, 2) + self.cond_enc(emotion)[:, None, :]   # [B, N, C]
        g, h_new = self.gru(x, h.reshape(1, h.shape[0], c.gru).contiguous())
        out = self.heads(g, emotion)
        return out, self._pack(new, h_new.reshape(h.shape[0], c.gru))

    def decode_logits(self, latent, emotion):
        """Motion latent [B, T, latent] (+ emotion [B, 4]) -> (weight logits [B, T, 52], head [B, T, 6])."""
        d = torch.relu(self.dec_in(latent) + self.cond_dec(emotion)[:, None, :])
        raw = self.dec_out(d)
        nb = self.config.blendshapes
        head = self.head_mean + self.head_std * raw[..., nb:]
        return raw[..., :nb], head

    def decode(self, latent, emotion):
        """Motion latent [B, T, latent] (+ emotion [B, 4]) -> (weights [B, T, 52], head [B, T, 6])."""
        logits, head = self.decode_logits(latent, emotion)
        return torch.sigmoid(logits), head

    def heads(self, g, emotion):
        latent = self.to_latent(g)
        logits, head = self.decode_logits(latent, emotion)
        weights = torch.sigmoid(logits)
        return {
            "weight_logits": logits,
            "weights": weights,
            "head": head,
            "motion": torch.cat([weights, head], dim=-1),
            "visemes": self.viseme_head(g),
            "articulation": torch.sigmoid(self.artic_head(g)),
            "latent": latent,
        }

    def forward(self, features, emotion):
        """Whole sequences: features [B, T, bands], emotion [B, 4] -> outputs [B, T, ...] aligned with the input.

        Equals ``step`` from the zero state over the features followed by
        ``lookahead`` silence frames, with the first ``lookahead`` outputs dropped.
        """
        B, T, _ = features.shape
        L = self.config.lookahead
        if L:
            features = torch.cat([features, features.new_full((B, L, features.shape[2]), SILENCE)], dim=1)
        out, _ = self.step(features, emotion, self.initial_state(B))
        return {k: v[:, L:] for k, v in out.items()}


class MotionEncoder(nn.Module):
    """Teacher motion [B, T, 58] -> latent [B, T, latent], per frame (training only, never exported).

    Used by the auto-encoder loss terms (losses.py): the decoder must rebuild
    teacher motion from this encoder's latent, which makes the latent space a
    space of faces the teacher produces, and the audio encoder's latent is
    pulled towards it.
    """

    def __init__(self, config: ModelConfig = ModelConfig(), hidden=128):
        super().__init__()
        n = config.blendshapes + config.head
        self.net = nn.Sequential(nn.Linear(n, hidden), nn.ReLU(), nn.Linear(hidden, config.latent))
        self.register_buffer("head_mean", torch.zeros(config.head))
        self.register_buffer("head_std", torch.ones(config.head))
        self.nb = config.blendshapes

    def set_stats(self, head_mean, head_std):
        with torch.no_grad():
            self.head_mean.copy_(torch.as_tensor(head_mean, dtype=torch.float32))
            self.head_std.copy_(torch.as_tensor(head_std, dtype=torch.float32))

    def forward(self, motion):
        w, h = motion[..., :self.nb], motion[..., self.nb:]
        return self.net(torch.cat([w, (h - self.head_mean) / self.head_std], dim=-1))


def emotion_vector(names, intensities, emotion_names=None):
    """Conditioning vectors [B, 4] from emotion ids (or names) and intensities.

    ``names``: a LongTensor of ids into ``emotion_names`` (the corpus's
    emotion list, e.g. neutral, happy, sad, angry, surprised) or a list of
    names. Emotions outside ``EMOTIONS`` (neutral) give the zero vector.
    """
    if isinstance(names, torch.Tensor):
        if emotion_names is None:
            raise ValueError("emotion ids need the corpus's emotion_names")
        names = [emotion_names[i] for i in names.tolist()]
    intens = torch.as_tensor(intensities, dtype=torch.float32).reshape(-1)
    e = torch.zeros(len(names), len(EMOTIONS))
    for i, n in enumerate(names):
        if n in EMOTIONS:
            e[i, EMOTIONS.index(n)] = intens[i]
    return e


def complexity(config: ModelConfig = ModelConfig(), include_aux=True):
    """Analytic parameter and FLOP counts (FLOPs = 2 x multiply-adds, plus the main elementwise work).

    Returns a dict: ``params``, ``macs_per_frame`` by part, ``flops_per_frame``,
    ``mflops_per_second`` (x 100 frames/s), ``lookahead_ms``, ``receptive_field``.
    ``include_aux``: count the viseme/articulation heads (exported, but not
    needed to animate a face).
    """
    c = config
    C, H = c.channels, c.gru
    params = {}
    macs = {}
    elem = {}
    params["input_conv"] = c.bands * C * c.input_kernel + C + 2 * c.bands  # + normalisation buffers
    macs["input_conv"] = c.bands * C * c.input_kernel
    elem["input_conv"] = 2 * c.bands + C                                    # normalise, ReLU
    nb = len(c.dilations)
    params["blocks"] = nb * (C * c.kernel + C + 2 * C + C * C + C)
    macs["blocks"] = nb * (C * c.kernel + C * C)
    elem["blocks"] = nb * (8 * C + 2 * C)                                   # LayerNorm ~8/ch, ReLU + residual
    params["conditioning"] = c.emotions * (C + c.decoder)
    macs["conditioning"] = c.emotions * (C + c.decoder)
    params["gru"] = 3 * (C * H + H * H + 2 * H)
    macs["gru"] = 3 * (C * H + H * H)
    elem["gru"] = 12 * H                                                    # gates: sigmoids, tanh, products
    out = c.blendshapes + c.head
    params["latent_decoder"] = (H * c.latent + c.latent) + (c.latent * c.decoder + c.decoder) \
        + (c.decoder * out + out) + 2 * c.head
    macs["latent_decoder"] = H * c.latent + c.latent * c.decoder + c.decoder * out
    elem["latent_decoder"] = c.decoder + 4 * out
    if include_aux:
        params["aux_heads"] = H * (c.visemes + c.articulation) + c.visemes + c.articulation
        macs["aux_heads"] = H * (c.visemes + c.articulation)
        elem["aux_heads"] = 4 * c.articulation
    total_macs = sum(macs.values())
    flops = 2 * total_macs + sum(elem.values())
    rf = 1 + (c.input_kernel - 1) + sum((c.kernel - 1) * d for d in c.dilations)
    return {
        "params": sum(params.values()),
        "params_by_part": params,
        "macs_per_frame": macs,
        "flops_per_frame": flops,
        "mflops_per_second": flops * FPS / 1e6,
        "lookahead_frames": c.lookahead,
        "lookahead_ms": c.lookahead * 1000 // FPS,
        "receptive_field_frames": rf,
        "state_size": (c.bands * (c.input_kernel - 1) + C * sum((c.kernel - 1) * d for d in c.dilations) + H),
    }


def count_parameters(model):
    """Trainable parameters plus the fixed statistics buffers (what the exported file holds)."""
    return sum(p.numel() for p in model.parameters()) + sum(b.numel() for b in model.buffers())


def config_with(name, **overrides):
    """A named config with fields replaced."""
    return replace(CONFIGS[name], **overrides)


if __name__ == "__main__":  # print the budget table
    for name, cfg in CONFIGS.items():
        cx = complexity(cfg)
        m = MotionModel(cfg)
        print("%-10s lookahead %3d ms  receptive field %3d frames  params %8d (module %8d)  %6.1f MFLOP/s  state %d"
              % (name, cx["lookahead_ms"], cx["receptive_field_frames"], cx["params"], count_parameters(m),
                 cx["mflops_per_second"], m.state_size()))
