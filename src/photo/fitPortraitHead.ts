import { MouthpieceError } from '../api/MouthpieceError.js';
import { faceTemplate } from './faceTemplate.js';
import { fitSimilarity } from './fitSimilarity.js';
import type { PhotoFit } from './PhotoFit.js';
import { PORTRAIT_POINT_COUNT, type PortraitLandmarks } from './PortraitLandmarks.js';

/** {@link fitPortraitHead}'s result: the fit, and the Mouthpiece head posed by it. */
export interface PortraitHeadFit extends PhotoFit {
  /** The head's 468 neutral face points carried onto the card (scale * R * p + t), xyz. */
  readonly headPos: Float64Array;
  /** Each of the 52 ARKit targets of the head carried onto the card (scale * R * delta), 468 xyz each; zero where a target leaves a point. */
  readonly headTargets: readonly Float64Array[];
}

/**
 * Puts a portrait's landmarks in card space (the photo 1 unit high,
 * centred, +Y up, +Z towards the viewer, depth zero on the face's
 * silhouette) and fits the Mouthpiece head's neutral face to them by a
 * similarity; returns that fit with the head's face and targets carried
 * over by it, before any repair for this portrait. `buildPhotoMesh` starts
 * from it, and a measurement can tell the head's own folds from the
 * portrait's with it.
 *
 * @example
 * ```ts
 * const { sim, headTargets } = fitPortraitHead(landmarks);
 * ```
 */
export function fitPortraitHead(landmarks: PortraitLandmarks): PortraitHeadFit {
  const { width: W, height: H, points } = landmarks;
  const tpl = faceTemplate();
  const card = new Float64Array(PORTRAIT_POINT_COUNT * 3);
  for (let i = 0; i < PORTRAIT_POINT_COUNT; i++) {
    card[i * 3] = (points[i * 3] - W / 2) / H;
    card[i * 3 + 1] = (H / 2 - points[i * 3 + 1]) / H;
    card[i * 3 + 2] = -points[i * 3 + 2] / H;
  }
  let zRim = 0;
  for (const i of tpl.groups.silhouette) zRim += card[i * 3 + 2] / tpl.groups.silhouette.length;
  for (let i = 0; i < PORTRAIT_POINT_COUNT; i++) card[i * 3 + 2] -= zRim;
  for (const v of card) if (!Number.isFinite(v)) throw new MouthpieceError('INVALID_ARGUMENT', 'landmarks.points holds a non-finite number');
  const sim = fitSimilarity(tpl.neutral, card.subarray(0, 468 * 3));
  const { scale: s, rotation: R, translation: t0 } = sim;
  const carry = (x: number, y: number, z: number, out: Float64Array, at: number, shift: boolean) => {
    for (let r = 0; r < 3; r++) out[at + r] = s * (R[r * 3] * x + R[r * 3 + 1] * y + R[r * 3 + 2] * z) + (shift ? t0[r] : 0);
  };
  const headPos = new Float64Array(468 * 3);
  const n = tpl.neutral;
  for (let v = 0; v < 468; v++) carry(n[v * 3], n[v * 3 + 1], n[v * 3 + 2], headPos, v * 3, true);
  const headTargets = tpl.targets.map(({ ids, deltas }) => {
    const d = new Float64Array(468 * 3);
    ids.forEach((id, j) => carry(deltas[j * 3], deltas[j * 3 + 1], deltas[j * 3 + 2], d, id * 3, false));
    return d;
  });
  return { card, sim, headPos, headTargets };
}
