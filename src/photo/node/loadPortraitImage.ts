import { MouthpieceError } from '../../api/MouthpieceError.js';

/** Decoded RGB pixels, top row first, upright (EXIF orientation applied). */
export interface PortraitImage {
  /** RGB bytes, `width * height * 3`. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Options of {@link loadPortraitImage}. */
export interface LoadPortraitImageOptions {
  /** Longest side in pixels; larger photos are downscaled to it. Default 1600. */
  maxSize?: number;
}

const sharpName = 'sharp'; // a variable specifier: bundlers leave this Node-only import alone

/**
 * Decodes a portrait file (JPEG with its EXIF orientation, PNG, WebP, and
 * whatever else `sharp` reads) to upright RGB, downscaled so its longest
 * side is at most `maxSize`. Node only; needs the optional peer `sharp`
 * (`npm install sharp`). Undecodable bytes throw `BAD_IMAGE`.
 */
export async function loadPortraitImage(bytes: Uint8Array, options: LoadPortraitImageOptions = {}): Promise<PortraitImage> {
  const maxSize = options.maxSize ?? 1600;
  if (!(Number.isInteger(maxSize) && maxSize >= 64 && maxSize <= 8192)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `maxSize must be an integer in 64..8192, got ${maxSize}`);
  }
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new MouthpieceError('BAD_IMAGE', 'the photo is empty (expected JPEG, PNG or WebP bytes)');
  let sharp: (input: Uint8Array, o?: object) => SharpLike;
  try {
    sharp = ((await import(sharpName)) as { default: typeof sharp }).default;
  } catch (e) {
    throw new MouthpieceError('RUNTIME_UNAVAILABLE', `decoding photos in Node needs sharp (npm install sharp): ${(e as Error).message}`, { cause: e });
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: 100e6, failOn: 'error' })
      .rotate() // applies the EXIF orientation, then drops the tag
      .resize({ width: maxSize, height: maxSize, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (e) {
    throw new MouthpieceError('BAD_IMAGE', `the photo could not be decoded (JPEG, PNG or WebP expected): ${(e as Error).message}`, { cause: e });
  }
}

/** The part of sharp's chain used here. */
interface SharpLike {
  rotate(): SharpLike;
  resize(o: object): SharpLike;
  removeAlpha(): SharpLike;
  toColourspace(c: string): SharpLike;
  raw(): SharpLike;
  toBuffer(o: { resolveWithObject: true }): Promise<{ data: Buffer; info: { width: number; height: number; channels: number } }>;
}
