import { mouthAperture } from './mouthAperture.js';

/**
 * How firmly the lips are closed, in [0, 1]: 1 for a bilabial occlusion
 * (p, b, m), 0 for any visible gap. The shared definition behind "bilabial
 * closure recall" and "false closures" in lip-sync scores.
 *
 * Definition: closure = clamp01(1 - aperture / 0.1), where aperture is
 * {@link mouthAperture}. An aperture of 0.1 (about a tenth of a wide-open
 * mouth) already reads as open on screen, so closure falls to 0 there;
 * a frame counts as "closed" when closure >= 0.5 (aperture <= 0.05).
 *
 * @param weights 52 ARKit weights in ARKit order.
 * @example
 * ```ts
 * const closed = lipClosure(frame.weights) >= 0.5;
 * ```
 */
export function lipClosure(weights: ArrayLike<number>): number {
  const a = mouthAperture(weights);
  const c = 1 - a / 0.1;
  return c < 0 ? 0 : c > 1 ? 1 : c;
}
