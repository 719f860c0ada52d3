import { MouthpieceError } from '../api/MouthpieceError.js';
import { selectPortraitFace, type DetectedFace, type PortraitLandmarks, type PortraitLimits } from './PortraitLandmarks.js';

/** What {@link detectPortrait} needs of a landmark model: `@vladmandic/human`'s `Human` fits. */
export interface FaceMeshDetector {
  /** Runs the models on an image (whatever the detector accepts: an image element, canvas, bitmap or tensor). */
  detect(input: never): Promise<{ face: readonly DetectedFace[]; error?: string | null }>;
}

/**
 * Finds the portrait's face with a landmark model (a `Human` configured
 * with {@link portraitHumanConfig}) and checks it (see
 * {@link selectPortraitFace}): `NO_FACE`, `FACE_TOO_SMALL`,
 * `EXTREME_POSE`. Run it once per photo and keep the result.
 *
 * @example
 * ```ts
 * const human = new Human({ ...portraitHumanConfig(), backend: 'webgl', modelBasePath: '/human-models/' });
 * const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
 * const landmarks = await detectPortrait(human, bitmap, { width: bitmap.width, height: bitmap.height });
 * ```
 */
export async function detectPortrait(
  detector: FaceMeshDetector,
  input: unknown,
  size: { width: number; height: number },
  limits?: PortraitLimits,
): Promise<PortraitLandmarks> {
  const result = await detector.detect(input as never);
  if (result.error) throw new MouthpieceError('NO_FACE', `the landmark model failed on the photo: ${result.error}`);
  return selectPortraitFace(result.face, size, limits);
}
