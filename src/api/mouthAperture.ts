import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX } from './blendshapeNames.js';
import { MouthpieceError } from './MouthpieceError.js';

const I = BLENDSHAPE_INDEX;

/** Checks a weights array once at the boundary (shared by the mouth measures). */
export function assertWeights(weights: ArrayLike<number>, name = 'weights'): void {
  if (weights == null || typeof weights.length !== 'number' || weights.length !== BLENDSHAPE_COUNT) {
    throw new MouthpieceError(
      'INVALID_ARGUMENT',
      `Expected ${BLENDSHAPE_COUNT} blendshape weights for ${name} but received ${weights == null ? String(weights) : `length ${weights.length}`}`,
    );
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * How far the lips are apart, in [0, 1]: 0 = lips touching, 1 = a wide-open
 * mouth. The one shared definition used by the teacher's tests, the model's
 * evaluation and the renderers' checks.
 *
 * Definition: the jaw opens the lips (`jawOpen`), `mouthClose` cancels jaw
 * opening at the lips (ARKit's meaning: lips closed while the jaw is open),
 * the lip raisers/lowerers add a little gap on their own, and rolled or
 * pressed lips remove it:
 *
 *   gap = max(0, jawOpen - mouthClose)
 *       + 0.3 * mean(mouthUpperUpL/R) + 0.3 * mean(mouthLowerDownL/R)
 *       + 0.15 * mouthFunnel
 *   aperture = clamp01(gap * (1 - 0.5 * mean(mouthRollUpper, mouthRollLower))
 *                          * (1 - 0.5 * mean(mouthPressL/R)))
 *
 * @param weights 52 ARKit weights in ARKit order.
 * @returns aperture in [0, 1].
 * @example
 * ```ts
 * const open = mouthAperture(frame.weights) > 0.05;
 * ```
 */
export function mouthAperture(weights: ArrayLike<number>): number {
  assertWeights(weights);
  const w = weights;
  const gap =
    Math.max(0, w[I.jawOpen] - w[I.mouthClose]) +
    0.3 * 0.5 * (w[I.mouthUpperUpLeft] + w[I.mouthUpperUpRight]) +
    0.3 * 0.5 * (w[I.mouthLowerDownLeft] + w[I.mouthLowerDownRight]) +
    0.15 * w[I.mouthFunnel];
  const roll = 0.5 * (w[I.mouthRollUpper] + w[I.mouthRollLower]);
  const press = 0.5 * (w[I.mouthPressLeft] + w[I.mouthPressRight]);
  return clamp01(gap * (1 - 0.5 * roll) * (1 - 0.5 * press));
}
