import { MouthpieceError } from '../api/MouthpieceError.js';
import { padToSquare } from './padToSquare.js';
import type { PhotoPixels } from './PhotoAvatar.js';
import { withMirroredRun } from './mergeMirroredFace.js';
import { mirrorPixels } from './mirrorPixels.js';
import { selectPortraitFace, type DetectedFace, type PortraitDetectOptions, type PortraitLandmarks } from './PortraitLandmarks.js';

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
 * image element, a canvas) are passed as they are. With pixels the model
 * also runs on the mirrored photo and the two faces are merged
 * (`mergeMirroredFace`, unless `options.mirror` is false), which settles
 * eyes the model put on the wrong place.
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
  options: PortraitDetectOptions = {},
): Promise<PortraitLandmarks> {
  const run = async (image: unknown) => {
    const result = await detector.detect(image as never);
    if (result.error) throw new MouthpieceError('NO_FACE', `the landmark model failed on the photo: ${result.error}`);
    return result.face;
  };
  if (!isPixels(input)) return selectPortraitFace(await run(input), size, options);
  // Mirrored before the first run, so both runs see the same pixels even if the caller reuses its buffer meanwhile.
  const flipped = options.mirror === false ? null : asDetectorInput(mirrorPixels(input));
  const faces = await run(asDetectorInput(input));
  const mirrored = flipped ? await run(flipped) : undefined;
  return selectPortraitFace(withMirroredRun(faces, mirrored, input), size, options);
}

/** Pixels padded to a square; the detector takes ImageData in a browser, so a padded or mirrored copy must be one again. */
function asDetectorInput(pixels: PhotoPixels): unknown {
  const square = padToSquare(pixels);
  return typeof ImageData === 'function' && !(square instanceof ImageData) && square.data.length === square.width * square.height * 4
    ? new ImageData(new Uint8ClampedArray(square.data.buffer as ArrayBuffer, square.data.byteOffset, square.data.length), square.width, square.height)
    : square;
}

function isPixels(x: unknown): x is PhotoPixels {
  const p = x as PhotoPixels | null;
  return !!p && typeof p === 'object' && (p.data instanceof Uint8Array || p.data instanceof Uint8ClampedArray) && Number.isInteger(p.width) && Number.isInteger(p.height);
}
