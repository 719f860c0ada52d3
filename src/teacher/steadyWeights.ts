import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { mouthAperture } from '../api/mouthAperture.js';
import { suppressFlicker } from './suppressFlicker.js';

/** Options of {@link steadyWeights}. */
export interface SteadyWeightsOptions {
  /** Narrowest half-prominence width any weight or the aperture may keep, in frames. */
  minWidth: number;
  /** How far past `minWidth` the filters aim, in frames, so the passes' small adjustments stay above it. Default 0. */
  margin?: number;
  /** Per frame, nonzero where a closure is held: the weights that set the lip gap keep their values there. */
  pinned?: ArrayLike<number>;
}

// The weights that set the gap between the lips (see mouthAperture).
const GAP: readonly number[] = [
  I.jawOpen, I.mouthClose, I.mouthUpperUpLeft, I.mouthUpperUpRight, I.mouthLowerDownLeft, I.mouthLowerDownRight, I.mouthFunnel,
];
// Of those, the ones that hold the lips apart on their own.
const PARTING: readonly number[] = [I.mouthUpperUpLeft, I.mouthUpperUpRight, I.mouthLowerDownLeft, I.mouthLowerDownRight, I.mouthFunnel];

/**
 * Removes flicker from a track of ARKit weights, in place: afterwards no
 * weight, nor the shared {@link mouthAperture}, keeps a peak or pit
 * narrower than `minWidth` frames (half-prominence width, see
 * {@link suppressFlicker}), except where pinned frames hold the lips shut.
 *
 * Why a pass on the weights when the articulatory curves are already
 * steady: several weights are products of channels (mouthClose = jaw x lip
 * seal, mouthPucker = rounding x a closed jaw, the aperture itself), and a
 * product of two steady curves that move at slightly different times (the
 * lips lead the jaw) can still blip. So, in order:
 * 1. each weight goes through {@link suppressFlicker} on its own;
 * 2. an aperture still too short-lived is cut to its steady level by letting
 *    the lips close over the jaw that much more (mouthClose, then the lip
 *    raisers, lowerers and funnel), and a short dip in it is filled by
 *    letting mouthClose cancel less of the jaw;
 * 3. step 2 moved mouthClose, so it is steadied once more, and the result
 *    kept only if the aperture stays steady (the aperture wins).
 * Left and right weights get identical treatment, so symmetry is kept.
 *
 * @param weights frames x 52 weights in ARKit order, frame-major.
 * @example
 * ```ts
 * // 100 Hz: nothing under 70 ms, closures pinned.
 * steadyWeights(weights100, frames100, { minWidth: 7, margin: 0.5, pinned: holdFrames(holds, frames100, 100) });
 * ```
 */
export function steadyWeights(weights: Float32Array, frames: number, options: SteadyWeightsOptions): void {
  if (weights.length !== frames * BLENDSHAPE_COUNT) throw new RangeError('weights must hold frames x 52 values');
  const { pinned } = options;
  const aim = options.minWidth + (options.margin ?? 0);
  const column = (j: number) => Float64Array.from({ length: frames }, (_, i) => weights[i * BLENDSHAPE_COUNT + j]);
  const setColumn = (j: number, values: ArrayLike<number>) => {
    for (let i = 0; i < frames; i++) weights[i * BLENDSHAPE_COUNT + j] = values[i];
  };
  const frame = (i: number) => weights.subarray(i * BLENDSHAPE_COUNT, (i + 1) * BLENDSHAPE_COUNT);
  const aperture = () => Float64Array.from({ length: frames }, (_, i) => mouthAperture(frame(i)));

  for (let j = 0; j < BLENDSHAPE_COUNT; j++) {
    const curve = column(j);
    if (curve.every((v) => v === curve[0])) continue;
    setColumn(j, suppressFlicker(curve, { minWidth: aim, pinned: GAP.includes(j) ? pinned : undefined }));
  }

  const before = aperture();
  const target = suppressFlicker(before, { minWidth: aim, pinned });
  for (let i = 0; i < frames; i++) {
    if (target[i] < before[i] - 1e-7) closeLipsTo(frame(i), target[i]);
    else if (target[i] > before[i] + 1e-7) openLipsTo(frame(i), target[i]);
  }

  const close = column(I.mouthClose);
  const steadyClose = suppressFlicker(close, { minWidth: aim, pinned });
  if (steadyClose.every((v, i) => v === close[i])) return;
  setColumn(I.mouthClose, steadyClose);
  const after = aperture();
  const check = suppressFlicker(after, { minWidth: options.minWidth, pinned });
  if (check.some((v, i) => Math.abs(v - after[i]) > 1e-7)) setColumn(I.mouthClose, close);
}

/** The factor roll and press put on the lip gap in {@link mouthAperture}. */
function gapScale(w: Float32Array): number {
  return (1 - 0.25 * (w[I.mouthRollUpper] + w[I.mouthRollLower])) * (1 - 0.25 * (w[I.mouthPressLeft] + w[I.mouthPressRight]));
}

/** Lowers one frame's aperture to `target`: the lips close over the jaw first, then what still parts them relaxes in proportion. */
function closeLipsTo(w: Float32Array, target: number): void {
  const scale = gapScale(w);
  if (scale <= 0) return;
  const jawGap = Math.max(0, w[I.jawOpen] - w[I.mouthClose]);
  const rest = 0.15 * (w[I.mouthUpperUpLeft] + w[I.mouthUpperUpRight] + w[I.mouthLowerDownLeft] + w[I.mouthLowerDownRight] + w[I.mouthFunnel]);
  const excess = jawGap + rest - target / scale;
  if (excess <= 0) return;
  const fromJaw = Math.min(jawGap, excess);
  w[I.mouthClose] += fromJaw;
  if (excess > fromJaw && rest > 0) {
    const k = Math.max(0, 1 - (excess - fromJaw) / rest);
    for (const j of PARTING) w[j] *= k;
  }
}

/** Raises one frame's aperture towards `target` by letting mouthClose cancel less of the jaw. */
function openLipsTo(w: Float32Array, target: number): void {
  const scale = gapScale(w);
  if (scale <= 0) return;
  const missing = (target - mouthAperture(w)) / scale;
  // Only mouthClose below jawOpen narrows the gap; any excess over it goes first.
  const over = Math.max(0, w[I.mouthClose] - w[I.jawOpen]);
  w[I.mouthClose] = Math.max(0, w[I.mouthClose] - over - missing);
}
