import { MouthpieceError } from '../api/MouthpieceError.js';
import type { PhotoPixels } from './PhotoAvatar.js';

/**
 * Pads a photo with black to a square at the bottom and right, so pixel
 * coordinates are unchanged. Landmark models squash their input to a
 * square, which distorts faces in wide or tall photos; detect on the
 * padded copy and keep the original size for everything else. Returns the
 * input itself when it is square. RGB or RGBA bytes, top row first.
 */
export function padToSquare<P extends PhotoPixels>(pixels: P): P | { data: Uint8ClampedArray | Uint8Array; width: number; height: number } {
  const { data, width, height } = pixels;
  const channels = data.length / (width * height);
  if (!(width > 0 && height > 0) || (channels !== 3 && channels !== 4)) {
    throw new MouthpieceError('BAD_IMAGE', `expected ${width}x${height} RGB or RGBA pixels, got ${data.length} bytes`);
  }
  if (width === height) return pixels;
  const side = Math.max(width, height);
  const out = data instanceof Uint8ClampedArray ? new Uint8ClampedArray(side * side * channels) : new Uint8Array(side * side * channels);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * width * channels, (y + 1) * width * channels), y * side * channels);
  if (channels === 4) {
    // Opaque padding: a transparent border would read as black anyway, but some decoders premultiply.
    for (let y = 0; y < side; y++) for (let x = y < height ? width : 0; x < side; x++) out[(y * side + x) * 4 + 3] = 255;
  }
  return { data: out, width: side, height: side };
}
