import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { mouthAperture } from '../api/mouthAperture.js';
import { describeValue } from './checkArgument.js';
import type { ExpressionProjection } from './ExpressionTarget.js';

/**
 * The 15 Oculus/Meta visemes in Meta's order: the `viseme_*` morphs of
 * Ready Player Me avatars (`viseme_sil`, `viseme_PP`, ...) and VRChat's
 * `vrc.v_*`.
 *
 * @example
 * ```ts
 * VISEME_NAMES.map((v) => `viseme_${v}`); // Ready Player Me morph names
 * ```
 */
export const VISEME_NAMES = ['sil', 'PP', 'FF', 'TH', 'DD', 'kk', 'CH', 'SS', 'nn', 'RR', 'aa', 'E', 'I', 'O', 'U'] as const;

const V = { sil: 0, PP: 1, FF: 2, TH: 3, DD: 4, kk: 5, CH: 6, SS: 7, nn: 8, RR: 9, aa: 10, E: 11, I: 12, O: 13, U: 14 } as const;

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Projects 52 ARKit weights onto the 15 Oculus visemes, for meshes that
 * have only `viseme_*` morphs. Allocation-free; about 60 flops.
 *
 * Features (L/R pairs averaged): A = {@link mouthAperture} (the shared lip
 * gap), closed = clamp01(1 - A / 0.1) (as `lipClosure`), J = jawOpen,
 * C = mouthClose, F = mouthFunnel, P = mouthPucker, round = clamp01(F + P),
 * fshare = F / (F + P), spread = clamp01(stretch + (smile + dimple) / 2),
 * RL/RU = mouthRollLower/Upper, press, T = tongueOut.
 *
 * | viseme | raw score | why |
 * |---|---|---|
 * | PP | closed * clamp01(max(2 press, 2 min(RL, RU), 3 min(J, C))) | lips sealed with effort; a relaxed closed mouth is sil, not PP |
 * | FF | clamp01(2 (RL - RU)) * clamp01(1 - J / 0.3) | lower lip tucked, teeth near |
 * | TH | clamp01(1.5 T + RU - RL) | tongue between the teeth |
 * | CH | F * clamp01(1 - J / 0.2) * (1 - P) | flared lips, teeth together |
 * | SS | clamp01(2 spread) * clamp01(1 - J / 0.1) * clamp01(A / 0.05) | spread, teeth together, lips apart |
 * | RR | 4 P (1 - P) (1 - F) | light rounding |
 * | aa | clamp01(A / 0.6) * (1 - round) * (1 - spread) | open, neither round nor spread |
 * | E | spread * clamp01(J / 0.3) | spread with jaw |
 * | I | spread * clamp01(1 - J / 0.4) | spread, little jaw |
 * | O | round * fshare * clamp01(J / 0.2) | open rounding (funnel) with jaw |
 * | U | round * (1 - fshare) | close rounding (pucker) |
 * | DD, kk, nn | 0 | tongue-only: not visible in the weights beyond a small jaw opening, which shows through aa |
 * | sil | 1 - sum of the others | the rest of the mass |
 *
 * When the raw scores sum above 1 they are divided by their sum, so the 15
 * weights always sum to exactly 1 (sil takes what is left), as Oculus
 * Lipsync's own output does. Each of the `VISEME_TEMPLATES` of the
 * evaluation (except the tongue-only DD, kk, nn) projects onto its own
 * viseme as the largest weight.
 *
 * @param weights 52 ARKit weights, ARKit order.
 * @param out At least 15 values; receives the visemes in {@link VISEME_NAMES} order.
 * @returns `out`.
 * @example
 * ```ts
 * const v = arkitToVisemes(frame.weights, new Float32Array(15));
 * v[VISEME_NAMES.indexOf('aa')]; // 1 for { jawOpen: 0.6 }
 * ```
 */
export function arkitToVisemes<T extends Float32Array | Float64Array>(weights: ArrayLike<number>, out: T): T {
  if (out == null || typeof out.length !== 'number' || out.length < VISEME_NAMES.length) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected at least ${VISEME_NAMES.length} values for out but received ${describeValue(out)}`);
  }
  const w = weights;
  const A = mouthAperture(w); // also checks weights
  const J = w[I.jawOpen];
  const C = w[I.mouthClose];
  const F = clamp01(w[I.mouthFunnel]);
  const P = clamp01(w[I.mouthPucker]);
  const RL = w[I.mouthRollLower];
  const RU = w[I.mouthRollUpper];
  const press = 0.5 * (w[I.mouthPressLeft] + w[I.mouthPressRight]);
  const spread = clamp01(
    0.5 * (w[I.mouthStretchLeft] + w[I.mouthStretchRight]) +
      0.25 * (w[I.mouthSmileLeft] + w[I.mouthSmileRight] + w[I.mouthDimpleLeft] + w[I.mouthDimpleRight]),
  );
  const round = clamp01(F + P);
  const fshare = F + P > 0 ? F / (F + P) : 0;
  const closed = clamp01(1 - A / 0.1);

  const effort = Math.max(2 * press, 2 * Math.min(RL, RU), 3 * Math.min(J, C));
  out[V.PP] = closed * clamp01(effort);
  out[V.FF] = clamp01(2 * (RL - RU)) * clamp01(1 - J / 0.3);
  out[V.TH] = clamp01(1.5 * w[I.tongueOut] + RU - RL);
  out[V.DD] = 0;
  out[V.kk] = 0;
  out[V.CH] = F * clamp01(1 - J / 0.2) * (1 - P);
  out[V.SS] = clamp01(2 * spread) * clamp01(1 - J / 0.1) * clamp01(A / 0.05);
  out[V.nn] = 0;
  out[V.RR] = 4 * P * (1 - P) * (1 - F);
  out[V.aa] = clamp01(A / 0.6) * (1 - round) * (1 - spread);
  out[V.E] = spread * clamp01(J / 0.3);
  out[V.I] = spread * clamp01(1 - J / 0.4);
  out[V.O] = round * fshare * clamp01(J / 0.2);
  out[V.U] = round * (1 - fshare);

  let sum = 0;
  for (let k = 1; k < VISEME_NAMES.length; k++) sum += out[k];
  if (sum > 1) {
    const s = 1 / sum;
    for (let k = 1; k < VISEME_NAMES.length; k++) out[k] *= s;
    sum = 1;
  }
  out[V.sil] = 1 - sum;
  return out;
}

// Morph names per channel, lower case; VRChat spells I, O, U as ih, oh, ou.
const ALIASES: ReadonlyMap<string, number> = new Map([
  ...VISEME_NAMES.map((v, i) => [v.toLowerCase(), i] as const),
  ['ih', V.I],
  ['oh', V.O],
  ['ou', V.U],
]);
const VISEME_MORPH = /(?:^|[.:|_])(?:viseme|vrc\.v)[_.\-\s]?([a-z]+)$/i;

/**
 * The Oculus viseme projection ({@link arkitToVisemes}) as an
 * {@link ExpressionProjection}. Morph names it recognises (case-insensitive,
 * with any namespace in front): `viseme_<name>` (Ready Player Me; also
 * `viseme.<name>`, `visemeAA`) and VRChat's `vrc.v_<name>` (`ih`, `oh`, `ou`
 * for I, O, U).
 *
 * @example
 * ```ts
 * VISEME_PROJECTION.match('viseme_PP'); // 1
 * ```
 */
export const VISEME_PROJECTION: ExpressionProjection = Object.freeze({
  name: 'oculus-visemes',
  channelNames: VISEME_NAMES,
  match(morphName: string): number {
    const m = typeof morphName === 'string' ? VISEME_MORPH.exec(morphName.trim()) : null;
    return m ? (ALIASES.get(m[1].toLowerCase()) ?? -1) : -1;
  },
  project(weights: ArrayLike<number>, out: Float32Array | Float64Array): void {
    arkitToVisemes(weights, out);
  },
});
