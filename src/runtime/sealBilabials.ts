import { BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';

/**
 * When the model's own bilabial detector (the probability of viseme PP from
 * its auxiliary viseme head) rises from `from` to `to`, the lips are sealed
 * progressively: mouthClose follows jawOpen and the lip-parting channels
 * fade, so the aperture falls in proportion. Off below `from`.
 */
export interface BilabialSeal {
  /** PP probability where sealing starts. */
  from: number;
  /** PP probability where the lips are fully sealed. */
  to: number;
  /**
   * The acoustic check (see ClosureDipGate): the seal acts only where the
   * 500-3000 Hz energy has dipped about this many dB under the loudest sound
   * around it. 0 or absent: no check.
   */
  dipDb?: number;
}

const PP = 1; // Oculus order: sil, PP, FF, ...
const VISEMES = 15;
const ROW = 58;
const PARTING = [
  BLENDSHAPE_INDEX.mouthUpperUpLeft,
  BLENDSHAPE_INDEX.mouthUpperUpRight,
  BLENDSHAPE_INDEX.mouthLowerDownLeft,
  BLENDSHAPE_INDEX.mouthLowerDownRight,
  BLENDSHAPE_INDEX.mouthFunnel,
];

/**
 * The seal's strength per row, in [0, 1]: the PP probability (softmax of
 * the viseme logits, frames x 15) mapped linearly from `seal.from` (0) to
 * `seal.to` (1). Per-row and stateless.
 *
 * @param visemeLogits Viseme logits, frames x 15.
 * @param frames Rows to read.
 * @param seal The thresholds.
 * @param out Where to write (length >= frames). Default: a new array.
 * @example
 * ```ts
 * const s = bilabialSealStrength(visemeLogits, 100, { from: 0.05, to: 0.15 });
 * ```
 */
export function bilabialSealStrength(visemeLogits: Float32Array, frames: number, seal: BilabialSeal, out: Float32Array = new Float32Array(frames)): Float32Array {
  const span = seal.to - seal.from;
  for (let t = 0; t < frames; t++) {
    const v = t * VISEMES;
    let max = -Infinity;
    for (let k = 0; k < VISEMES; k++) max = Math.max(max, visemeLogits[v + k]);
    let z = 0;
    for (let k = 0; k < VISEMES; k++) z += Math.exp(visemeLogits[v + k] - max);
    const p = Math.exp(visemeLogits[v + PP] - max) / z;
    out[t] = span > 0 ? Math.min(1, Math.max(0, (p - seal.from) / span)) : p >= seal.from ? 1 : 0;
  }
  return out;
}

/**
 * Seals motion rows (frames x 58) in place by a strength per row (from
 * {@link bilabialSealStrength}, possibly smoothed over time): mouthClose
 * takes that share of the lip gap (jawOpen − mouthClose) and the
 * lip-parting channels fade by it.
 *
 * @param motion Motion rows, frames x 58.
 * @param strength Seal strength per row, in [0, 1].
 * @param frames Rows to seal.
 * @example
 * ```ts
 * applyBilabialSeal(motion, bilabialSealStrength(visemeLogits, n, seal), n);
 * ```
 */
export function applyBilabialSeal(motion: Float32Array, strength: Float32Array, frames: number): void {
  for (let t = 0; t < frames; t++) {
    const s = strength[t];
    if (!(s > 0)) continue;
    const o = t * ROW;
    const gap = motion[o + BLENDSHAPE_INDEX.jawOpen] - motion[o + BLENDSHAPE_INDEX.mouthClose];
    if (gap > 0) motion[o + BLENDSHAPE_INDEX.mouthClose] += s * gap;
    for (const i of PARTING) motion[o + i] *= 1 - s;
  }
}

/**
 * Applies {@link BilabialSeal} in place to motion rows (frames x 58) given
 * the viseme logits of the same rows (frames x 15), row by row without
 * smoothing the strength ({@link bilabialSealStrength} then
 * {@link applyBilabialSeal}). Why a seal at all: the weight decoder
 * learns closures as a median over voices and under-closes short p/b/m on
 * voices it has not heard, while the viseme head (a classifier) still ranks
 * them; sealing on its probability recovers closures. Per-row and
 * deterministic, so chunked and whole-buffer output stay equal.
 *
 * @example
 * ```ts
 * sealBilabials(motion, visemeLogits, 100, { from: 0.3, to: 0.5 });
 * ```
 */
export function sealBilabials(motion: Float32Array, visemeLogits: Float32Array, frames: number, seal: BilabialSeal): void {
  applyBilabialSeal(motion, bilabialSealStrength(visemeLogits, frames, seal), frames);
}
