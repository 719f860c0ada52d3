import { BLENDSHAPE_INDEX } from '../api/blendshapeNames.js';

/**
 * Viseme shaping: the lip channels move toward the lip shape of the viseme
 * the model's own viseme head hears, weighted by its posterior. `strength`
 * is how far (0 = the network's weights, 1 = the posterior-weighted shape);
 * `sharpness` multiplies the logits before the softmax (1 = the head's own
 * posterior, higher = closer to its best guess).
 */
export interface VisemeShaping {
  /** Share of the way from the network's lip channels to the viseme shape, in [0, 1]. */
  strength: number;
  /** Logit scale before the softmax, >= 1. */
  sharpness: number;
}

/**
 * The channels viseme shaping moves: lip shape (funnel, pucker, stretch,
 * dimple, roll, press, shrug), lip parting (upperUp, lowerDown) and
 * tongueOut. Never jawOpen or mouthClose: the aperture's jaw comes from the
 * network (loudness and timing) and closure from the bilabial seal.
 */
export const VISEME_LIP_CHANNELS: readonly string[] = Object.freeze([
  'mouthFunnel', 'mouthPucker', 'mouthStretchLeft', 'mouthStretchRight', 'mouthDimpleLeft', 'mouthDimpleRight',
  'mouthRollLower', 'mouthRollUpper', 'mouthPressLeft', 'mouthPressRight', 'mouthShrugUpper', 'mouthShrugLower',
  'mouthUpperUpLeft', 'mouthUpperUpRight', 'mouthLowerDownLeft', 'mouthLowerDownRight', 'tongueOut',
]);

/**
 * The teacher's steady lip shape of each Oculus viseme (rows in
 * OCULUS_VISEMES order, columns {@link VISEME_LIP_CHANNELS}): its
 * articulatory target of one representative phone (sil: rest, PP m, FF f,
 * TH θ, DD d, kk k, CH ʃ, SS s, nn n, RR ɹ, aa ɑ, E e, I i, O ɔ, U u; each in the teacher's own viseme class)
 * through its articulation-to-weights map. The same shapes the network was
 * trained toward, so shaping asks for nothing the training data did not
 * show; written out here (a unit test rebuilds them from the teacher) so the
 * runtime, which also runs in browsers, does not carry the teacher.
 */
export const VISEME_LIP_SHAPES: readonly (readonly number[])[] = Object.freeze([
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0.15, 0.15, 0.35, 0.35, 0, 0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0.65, 0, 0, 0, 0.3, 0, 0.25, 0.25, 0, 0, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.044, 0.044, 0.06, 0.06, 0.14],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0352, 0.0352, 0.048, 0.048, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0484, 0.0484, 0.066, 0.066, 0],
  [0.1225, 0.3555, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0308, 0.0308, 0.042, 0.042, 0],
  [0, 0, 0.09, 0.09, 0.04, 0.04, 0, 0, 0, 0, 0, 0, 0.0332, 0.0332, 0.018, 0.018, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0352, 0.0352, 0.048, 0.048, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0352, 0.0352, 0.048, 0.048, 0],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1474, 0.1474, 0.201, 0.201, 0],
  [0, 0, 0.198, 0.198, 0.088, 0.088, 0, 0, 0, 0, 0, 0, 0.1107, 0.1107, 0.091, 0.091, 0],
  [0, 0, 0.2475, 0.2475, 0.11, 0.11, 0, 0, 0, 0, 0, 0, 0.0814, 0.0814, 0.036, 0.036, 0],
  [0.3733, 0.192, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1071, 0.1071, 0.146, 0.146, 0],
  [0.189, 0.6642, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0264, 0.0264, 0.036, 0.036, 0],
].map((row) => Object.freeze(row)));

const VISEMES = 15;
const ROW = 58;
const CHANNEL_INDEX = VISEME_LIP_CHANNELS.map((name) => BLENDSHAPE_INDEX[name as keyof typeof BLENDSHAPE_INDEX]);
/** Scratch for one row's posterior (JavaScript runs one call at a time), so no call allocates. */
const posterior = new Float64Array(VISEMES);

/**
 * Applies {@link VisemeShaping} in place to motion rows (frames x 58) given
 * the viseme logits of the same rows (frames x 15). Why: the weight decoder
 * is trained by regression, and where voices it has not heard leave it
 * unsure it outputs the average of the shapes it hesitates between: a
 * rounded vowel comes out half rounded, a spread one half spread, and open
 * vowels with lips barely parted (on the real labelled clips its mouth
 * features sat nearest the template of the right viseme for 9 % of phones,
 * while its viseme head named the right viseme for 43 %). Moving the lip
 * channels toward the shapes of the visemes the head hears restores the
 * contrast. Per-row and stateless, so chunking never changes the output.
 *
 * @example
 * ```ts
 * shapeLipsByViseme(motion, visemeLogits, 100, { strength: 1, sharpness: 1 });
 * ```
 */
export function shapeLipsByViseme(motion: Float32Array, visemeLogits: Float32Array, frames: number, shaping: VisemeShaping): void {
  const { strength, sharpness } = shaping;
  if (!(strength > 0)) return;
  const p = posterior;
  for (let t = 0; t < frames; t++) {
    const v = t * VISEMES;
    let max = -Infinity;
    for (let k = 0; k < VISEMES; k++) max = Math.max(max, sharpness * visemeLogits[v + k]);
    let z = 0;
    for (let k = 0; k < VISEMES; k++) z += p[k] = Math.exp(sharpness * visemeLogits[v + k] - max);
    const o = t * ROW;
    for (let c = 0; c < CHANNEL_INDEX.length; c++) {
      let shape = 0;
      for (let k = 0; k < VISEMES; k++) shape += p[k] * VISEME_LIP_SHAPES[k][c];
      const i = o + CHANNEL_INDEX[c];
      motion[i] += strength * (shape / z - motion[i]);
    }
  }
}
