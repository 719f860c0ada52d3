import type { BlendshapeName } from '../api/blendshapeNames.js';
import type { OculusViseme } from './oculusVisemes.js';

/** A sparse ARKit pose: the weights that are not 0. */
export type SparseWeights = Readonly<Partial<Record<BlendshapeName, number>>>;

const pair = (stem: 'mouthPress' | 'mouthDimple' | 'mouthStretch' | 'mouthSmile' | 'mouthLowerDown' | 'mouthUpperUp', w: number) =>
  ({ [`${stem}Left`]: w, [`${stem}Right`]: w }) as SparseWeights;

/**
 * One ARKit mouth pose per Oculus viseme, the templates that
 * `nearestViseme` classifies against.
 *
 * Start: the viseme -> ARKit table in animation.md (a three.js peer's
 * Blender build script). Kept where it agrees with phonetics: aa, TH, nn
 * (= kk + tongueOut 0.2). Corrected where it is clearly off:
 * - **PP**: the table's rolled lips with mouthUpperUp 0.3 measure an
 *   aperture of 0.054 (lipClosure 0.46), i.e. not closed; bilabials are a
 *   full lip occlusion, so PP is pressed and slightly rolled lips with no
 *   raiser (aperture 0).
 * - **E, I, DD, SS**: the table presses the lips (mouthPress 0.6-0.8).
 *   Front vowels are made with spread lips (Fromkin 1964: lip width is
 *   largest for front unrounded vowels) and alveolars and sibilants need an
 *   open lip channel, so mouthPress is replaced by spreading
 *   (mouthStretch/mouthSmile/mouthDimple) for E and I and by a small
 *   lip separation showing the teeth for DD and SS.
 * - **O / U**: the table gives O the pursed mouthPucker 1 and U the open
 *   mouthFunnel 1; phonetically the close vowels u ʊ w have the smaller,
 *   more protruded opening and the mid o ɔ the larger rounded one with more
 *   jaw (Fromkin 1964), so O is mostly funnel with jaw 0.3 and U mostly
 *   pucker; the table's jawForward 0.6 for O is dropped (rounding is a lip
 *   gesture, not jaw protrusion).
 * - **FF**: mouthPucker 1 and mouthDimple 1 dropped: f v are unrounded, the
 *   gesture is the lower lip under the upper teeth (mouthRollLower) with
 *   the upper lip slightly raised.
 * - **CH vs RR**: the table gives both the same pose; ʃ tʃ are protruded,
 *   flared lips with the teeth close together (funnel with the lips drawn
 *   off the teeth), r a smaller rounding (pucker).
 * - **kk**: funnel and pucker dropped: velars have no lip gesture.
 * - **sil**: all zeros (the relaxed, closed mouth).
 * - Jaw and lip-separation amounts of the consonants are set so that each
 *   template's `mouthAperture` falls near the phonetic targets used by
 *   `evalPhone` (sibilants 0.08, alveolars about 0.15, velars about 0.2:
 *   the jaw-height order of Keating et al. 1994) instead of the table's
 *   0.2-0.3, which would show the teeth apart on s and z.
 *
 * @example
 * ```ts
 * VISEME_TEMPLATES.aa; // { jawOpen: 0.6 }
 * ```
 */
export const VISEME_TEMPLATES: Readonly<Record<OculusViseme, SparseWeights>> = Object.freeze({
  sil: {},
  PP: { ...pair('mouthPress', 0.5), mouthRollLower: 0.3, mouthRollUpper: 0.2 },
  FF: { jawOpen: 0.03, mouthRollLower: 0.6, mouthShrugUpper: 0.3, ...pair('mouthUpperUp', 0.15) },
  TH: { jawOpen: 0.2, mouthRollUpper: 0.6, tongueOut: 0.4 },
  DD: { jawOpen: 0.1, ...pair('mouthUpperUp', 0.1), ...pair('mouthLowerDown', 0.05) },
  kk: { jawOpen: 0.15, ...pair('mouthLowerDown', 0.15), ...pair('mouthDimple', 0.3) },
  CH: { jawOpen: 0.05, mouthFunnel: 0.6, ...pair('mouthUpperUp', 0.1), ...pair('mouthLowerDown', 0.1) },
  SS: { jawOpen: 0.02, ...pair('mouthStretch', 0.3), ...pair('mouthUpperUp', 0.1), ...pair('mouthLowerDown', 0.1) },
  nn: { jawOpen: 0.15, ...pair('mouthLowerDown', 0.15), ...pair('mouthDimple', 0.3), tongueOut: 0.2 },
  RR: { jawOpen: 0.15, mouthPucker: 0.5, mouthFunnel: 0.2 },
  aa: { jawOpen: 0.6 },
  E: { jawOpen: 0.3, ...pair('mouthStretch', 0.3), ...pair('mouthDimple', 0.4) },
  I: { jawOpen: 0.15, ...pair('mouthStretch', 0.4), ...pair('mouthSmile', 0.3), ...pair('mouthDimple', 0.3) },
  O: { jawOpen: 0.3, mouthFunnel: 0.7, mouthPucker: 0.3 },
  U: { jawOpen: 0.1, mouthPucker: 0.8, mouthFunnel: 0.4 },
});
