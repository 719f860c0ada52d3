import { BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';
import { assertWeights } from '../api/mouthAperture.js';

const I = BLENDSHAPE_INDEX;

/** Names of the {@link mouthFeatures} entries, in order. */
export const MOUTH_FEATURE_NAMES = [
  'lipGap', 'jawOpen', 'jawForward', 'mouthFunnel', 'mouthPucker', 'mouthSmile', 'mouthFrown', 'mouthDimple', 'mouthStretch',
  'mouthRollLower', 'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper', 'mouthPress', 'mouthLowerDown', 'mouthUpperUp', 'tongueOut',
] as const;

/**
 * The mouth and jaw description that viseme matching compares: 17 numbers
 * from the 52 weights. Eyes, brows, cheeks and nose are left out (they do
 * not carry the phone), and so are the sideways channels jawLeft/Right and
 * mouthLeft/Right (asymmetry, not articulation). Left/right pairs are
 * averaged, so a lopsided but correct shape still matches.
 *
 * `lipGap` = max(0, jawOpen − mouthClose) comes first: ARKit's mouthClose
 * closes the lips while the jaw stays open, so a closed mouth made that way
 * must look closed here too; `jawOpen` itself is kept at half weight as the
 * secondary (chin) cue.
 *
 * @param weights 52 ARKit weights.
 * @param out Optional array to fill (length 17). Default: a new one.
 * @example
 * ```ts
 * const f = mouthFeatures(frame.weights); // f[0] = lip gap
 * ```
 */
export function mouthFeatures(weights: ArrayLike<number>, out: Float64Array = new Float64Array(MOUTH_FEATURE_NAMES.length)): Float64Array {
  assertWeights(weights);
  const w = weights;
  const m = (a: number, b: number) => 0.5 * (w[a] + w[b]);
  out[0] = Math.max(0, w[I.jawOpen] - w[I.mouthClose]);
  out[1] = 0.5 * w[I.jawOpen];
  out[2] = w[I.jawForward];
  out[3] = w[I.mouthFunnel];
  out[4] = w[I.mouthPucker];
  out[5] = m(I.mouthSmileLeft, I.mouthSmileRight);
  out[6] = m(I.mouthFrownLeft, I.mouthFrownRight);
  out[7] = m(I.mouthDimpleLeft, I.mouthDimpleRight);
  out[8] = m(I.mouthStretchLeft, I.mouthStretchRight);
  out[9] = w[I.mouthRollLower];
  out[10] = w[I.mouthRollUpper];
  out[11] = w[I.mouthShrugLower];
  out[12] = w[I.mouthShrugUpper];
  out[13] = m(I.mouthPressLeft, I.mouthPressRight);
  out[14] = m(I.mouthLowerDownLeft, I.mouthLowerDownRight);
  out[15] = m(I.mouthUpperUpLeft, I.mouthUpperUpRight);
  out[16] = w[I.tongueOut];
  return out;
}
