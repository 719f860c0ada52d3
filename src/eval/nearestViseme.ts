import { mouthFeatures } from './mouthFeatures.js';
import { OCULUS_VISEMES, type OculusViseme } from './oculusVisemes.js';
import { visemeWeights } from './visemeWeights.js';

let templates: { viseme: OculusViseme; features: Float64Array }[] | undefined;

/**
 * The viseme whose template ({@link VISEME_TEMPLATES}) is nearest to a
 * frame, by Euclidean distance between {@link mouthFeatures} (mouth and jaw
 * channels only: lip gap = jawOpen − mouthClose, jawOpen at half weight,
 * jawForward, mouthFunnel, mouthPucker, and the L/R means of smile, frown,
 * dimple, stretch, press, lowerDown, upperUp, plus rollLower/Upper,
 * shrugLower/Upper and tongueOut). Ties go to the earlier viseme in
 * {@link OCULUS_VISEMES}.
 *
 * @param weights 52 ARKit weights (one frame, or a mean over frames).
 * @returns The viseme and its distance to the template.
 * @example
 * ```ts
 * nearestViseme(visemeWeights('aa')).viseme; // 'aa'
 * ```
 */
export function nearestViseme(weights: ArrayLike<number>): { viseme: OculusViseme; distance: number } {
  templates ??= OCULUS_VISEMES.map((viseme) => ({ viseme, features: mouthFeatures(visemeWeights(viseme)) }));
  const f = mouthFeatures(weights);
  let best = templates[0];
  let bestD = Infinity;
  for (const t of templates) {
    let d = 0;
    for (let k = 0; k < f.length; k++) d += (f[k] - t.features[k]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return { viseme: best.viseme, distance: Math.sqrt(bestD) };
}
