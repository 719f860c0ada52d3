import { MouthpieceError } from '../api/MouthpieceError.js';
import { padToSquare } from './padToSquare.js';
import type { PhotoPixels } from './PhotoAvatar.js';
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
 * `EXTREME_POSE`, `FACE_OCCLUDED`. Run it once per photo and keep the result.
 *
 * Pixels (an `ImageData`, e.g. from {@link decodePortrait}) are padded to a
 * square first, because the face detector squashes its input to a square
 * and would distort the face of a wide or tall photo; other inputs (an
 * image element, a canvas) are passed as they are.
 *
 * @example
 * ```ts
 * const human = new Human({ ...portraitHumanConfig(), backend: 'webgl', modelBasePath: '/human-models/' });
 * const pixels = await decodePortrait(file);
 * const landmarks = await detectPortrait(human, pixels, pixels);
 * ```
 */
export async function detectPortrait(
  detector: FaceMeshDetector,
  input: unknown,
  size: { width: number; height: number },
  limits?: PortraitLimits,
): Promise<PortraitLandmarks> {
  let image = input;
  if (isPixels(input)) {
    const square = padToSquare(input);
    // The detector takes ImageData in a browser; a padded copy must be one again.
    image = square !== input && typeof ImageData === 'function' && square.data.length === square.width * square.height * 4
      ? new ImageData(new Uint8ClampedArray(square.data.buffer as ArrayBuffer, square.data.byteOffset, square.data.length), square.width, square.height)
      : square;
  }
  const result = await detector.detect(image as never);
  if (result.error) throw new MouthpieceError('NO_FACE', `the landmark model failed on the photo: ${result.error}`);
  return selectPortraitFace(result.face, size, limits);
}

function isPixels(x: unknown): x is PhotoPixels {
  const p = x as PhotoPixels | null;
  return !!p && typeof p === 'object' && (p.data instanceof Uint8Array || p.data instanceof Uint8ClampedArray) && Number.isInteger(p.width) && Number.isInteger(p.height);
}
