import { MouthpieceError } from '../api/MouthpieceError.js';
import type { PhotoPixels } from './PhotoAvatar.js';

/**
 * The photo mirrored left to right (RGB or RGBA bytes, top row first), in
 * a new buffer of the same type. The landmark model runs on it as well as
 * on the photo (see `mergeMirroredFace`).
 */
export function mirrorPixels<P extends PhotoPixels>(pixels: P): { data: P['data']; width: number; height: number } {
  const { data, width, height } = pixels;
  const channels = data.length / (width * height);
  if (!(width > 0 && height > 0) || (channels !== 3 && channels !== 4)) {
    throw new MouthpieceError('BAD_IMAGE', `expected ${width}x${height} RGB or RGBA pixels, got ${data.length} bytes`);
  }
  const out = (data instanceof Uint8ClampedArray ? new Uint8ClampedArray(data.length) : new Uint8Array(data.length)) as P['data'];
  const row = width * channels;
  for (let y = 0; y < height; y++) {
    const o = y * row;
    for (let x = 0; x < width; x++) {
      const s = o + (width - 1 - x) * channels;
      const d = o + x * channels;
      for (let c = 0; c < channels; c++) out[d + c] = data[s + c];
    }
  }
  return { data: out, width, height };
}
