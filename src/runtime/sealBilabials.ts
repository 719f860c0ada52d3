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
 * Applies {@link BilabialSeal} in place to motion rows (frames x 58) given
 * the viseme logits of the same rows (frames x 15). Why: the weight decoder
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
  const span = seal.to - seal.from;
  for (let t = 0; t < frames; t++) {
    const v = t * VISEMES;
    let max = -Infinity;
    for (let k = 0; k < VISEMES; k++) max = Math.max(max, visemeLogits[v + k]);
    let z = 0;
    for (let k = 0; k < VISEMES; k++) z += Math.exp(visemeLogits[v + k] - max);
    const p = Math.exp(visemeLogits[v + PP] - max) / z;
    const s = span > 0 ? Math.min(1, Math.max(0, (p - seal.from) / span)) : p >= seal.from ? 1 : 0;
    if (s <= 0) continue;
    const o = t * ROW;
    const gap = motion[o + BLENDSHAPE_INDEX.jawOpen] - motion[o + BLENDSHAPE_INDEX.mouthClose];
    if (gap > 0) motion[o + BLENDSHAPE_INDEX.mouthClose] += s * gap;
    for (const i of PARTING) motion[o + i] *= 1 - s;
  }
}
