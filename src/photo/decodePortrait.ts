import { MouthpieceError } from '../api/MouthpieceError.js';

/** Options of {@link decodePortrait}. */
export interface DecodePortraitOptions {
  /** Longest side after decoding, in pixels; larger photos are scaled down (landmarks need no more). Default 1600. */
  maxSide?: number;
}

/**
 * Decodes a portrait in a browser (JPEG with its EXIF orientation applied,
 * PNG, WebP: whatever the browser decodes) into upright RGBA pixels, scaled
 * down to `maxSide`. The result is an `ImageData`, which both
 * {@link detectPortrait} and `PhotoAvatar` take. Throws `BAD_IMAGE` when the
 * bytes are not an image. Everything happens in the page: the photo is not
 * uploaded anywhere.
 *
 * @example
 * ```ts
 * const pixels = await decodePortrait(input.files[0]);
 * const landmarks = await detectPortrait(human, pixels, pixels);
 * scene.add(new PhotoAvatar(pixels, landmarks));
 * ```
 */
export async function decodePortrait(source: Blob, options: DecodePortraitOptions = {}): Promise<ImageData> {
  const maxSide = options.maxSide ?? 1600;
  if (!(Number.isInteger(maxSide) && maxSide >= 64 && maxSide <= 8192)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `maxSide must be an integer in 64..8192, got ${options.maxSide}`);
  }
  if (typeof createImageBitmap !== 'function') {
    throw new MouthpieceError('RUNTIME_UNAVAILABLE', 'decodePortrait needs a browser (createImageBitmap); in Node use loadPortraitImage from mouthpiece/photo/node');
  }
  if (!(source instanceof Blob) || source.size === 0) throw new MouthpieceError('BAD_IMAGE', 'the photo is empty or not a file');
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
  } catch (e) {
    const kind = source.type ? ` (${source.type})` : '';
    throw new MouthpieceError('BAD_IMAGE', `the file${kind} is not an image this browser can decode (JPEG, PNG or WebP expected)`, { cause: e });
  }
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
    const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new MouthpieceError('RUNTIME_UNAVAILABLE', 'no 2D canvas to decode the photo into');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height);
  } finally {
    bitmap.close();
  }
}
