import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import { mouthAperture } from '../api/mouthAperture.js';
import type { EvalFrames } from './EvalFrames.js';
import { frameCount } from './validate.js';

/**
 * `mouthAperture()` of every frame: the curve that the aperture metrics
 * (correlation, jitter, rest in silence) work on.
 *
 * @param frames T frames of 52 weights.
 * @returns T apertures in [0, 1].
 * @example
 * ```ts
 * const a = apertureTrack({ weights, fps: 100 });
 * ```
 */
export function apertureTrack(frames: EvalFrames): Float32Array {
  const T = frameCount(frames);
  const out = new Float32Array(T);
  for (let n = 0; n < T; n++) out[n] = mouthAperture(frames.weights.subarray(n * BLENDSHAPE_COUNT, (n + 1) * BLENDSHAPE_COUNT));
  return out;
}
