import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { CH } from './articulation.js';

/**
 * Maps one frame of articulatory channels to the 52 ARKit weights (mouth
 * region only; brows, head and emotion are added by later stages).
 * `jawScale` is the JALI loudness factor: louder speech opens the jaw more.
 *
 * The mapping keeps the shared {@link mouthAperture} definition honest: with
 * lipClose = 1, mouthClose cancels jawOpen and the lip raisers/lowerers are
 * zero, so the aperture is 0 however open the jaw is.
 *
 * @example
 * ```ts
 * const w = new Float32Array(52);
 * articulationToWeights(curves.subarray(k * 6, k * 6 + 6), 1, w);
 * ```
 */
export function articulationToWeights(ch: ArrayLike<number>, jawScale: number, out: Float32Array): void {
  if (out.length !== BLENDSHAPE_COUNT) throw new RangeError('out must hold 52 weights');
  out.fill(0);
  const jaw = clamp(ch[CH.jaw] * jawScale);
  const round = clamp(ch[CH.lipRound]);
  const spread = clamp(ch[CH.lipSpread]);
  const close = clamp(ch[CH.lipClose]);
  const tuck = clamp(ch[CH.labiodental]);
  const open = 1 - Math.max(close, tuck);
  out[I.jawOpen] = jaw;
  // Closed or tucked lips cancel the jaw at the lips (ARKit's mouthClose).
  out[I.mouthClose] = jaw * lipSeal(close, tuck);
  // Rounding: a pucker with a near-closed jaw (u, w), a funnel with an open one (o, ɔ).
  const openish = Math.min(1, jaw * 2.5);
  out[I.mouthPucker] = clamp(round * (1 - 0.6 * openish) * 0.9);
  out[I.mouthFunnel] = clamp(round * openish * 0.7 * open);
  out[I.mouthStretchLeft] = out[I.mouthStretchRight] = clamp(0.45 * spread);
  out[I.mouthDimpleLeft] = out[I.mouthDimpleRight] = clamp(0.2 * spread);
  out[I.mouthUpperUpLeft] = out[I.mouthUpperUpRight] = clamp((0.22 * jaw + 0.1 * spread) * open + 0.25 * tuck);
  out[I.mouthLowerDownLeft] = out[I.mouthLowerDownRight] = clamp(0.3 * jaw * open);
  out[I.mouthRollLower] = clamp(0.65 * tuck + 0.15 * close);
  out[I.mouthRollUpper] = clamp(0.15 * close);
  out[I.mouthPressLeft] = out[I.mouthPressRight] = clamp(0.35 * close);
  out[I.mouthShrugUpper] = clamp(0.3 * tuck);
  out[I.tongueOut] = clamp(0.35 * ch[CH.tongue] * (0.3 + jaw));
}

/**
 * How much of the jaw's opening the lips cancel, in [0, 1]: fully when they
 * close (p, b, m), most of it when the lower lip tucks under the teeth
 * (f, v). mouthClose is the jaw opening times this.
 *
 * @example
 * ```ts
 * lipSeal(0, 1); // 0.85
 * ```
 */
export function lipSeal(close: number, tuck: number): number {
  return Math.max(clamp(close), 0.85 * clamp(tuck));
}

function clamp(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
