// loadPortraitImage: the file formats a user's photo comes in (JPEG with an
// EXIF orientation, PNG with alpha, WebP), very large photos downscaled, and
// bytes that are not a photo refused by name. Images are made here with
// sharp, so each test knows what upright looks like.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { loadPortraitImage } from '../../src/photo/node/loadPortraitImage.js';

/** A width x height RGB image: left half red, right half blue. */
function halves(width: number, height: number): Buffer {
  const b = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (x < width / 2) b[o] = 230;
      else b[o + 2] = 230;
    }
  }
  return b;
}

const raw = (width: number, height: number, channels: 3 | 4 = 3) => ({ raw: { width, height, channels } });

/** The RGB pixel at (x, y). */
const at = (img: { data: Uint8Array; width: number }, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));
const isRed = (p: number[]) => p[0] > 180 && p[2] < 60;
const isBlue = (p: number[]) => p[2] > 180 && p[0] < 60;

const codeOf = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch (e) {
    return e instanceof MouthpieceError ? `${e.code}: ${e.message}` : `not a MouthpieceError: ${e}`;
  }
  return 'no error';
};

describe('loadPortraitImage', () => {
  it('turns a JPEG upright by its EXIF orientation (6: the camera was held on its side)', async () => {
    // Stored 80x40 with red on the left; orientation 6 means "rotate 90° clockwise to view",
    // so upright it is 40x80 with red on top.
    const jpeg = await sharp(halves(80, 40), raw(80, 40)).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const img = await loadPortraitImage(new Uint8Array(jpeg));
    expect([img.width, img.height]).toEqual([40, 80]);
    expect(img.data.length).toBe(40 * 80 * 3);
    expect(isRed(at(img, 20, 10))).toBe(true);
    expect(isBlue(at(img, 20, 70))).toBe(true);
  });

  it('reads the same JPEG without the tag as stored (no rotation invented)', async () => {
    const jpeg = await sharp(halves(80, 40), raw(80, 40)).jpeg({ quality: 95 }).toBuffer();
    const img = await loadPortraitImage(new Uint8Array(jpeg));
    expect([img.width, img.height]).toEqual([80, 40]);
    expect(isRed(at(img, 10, 20))).toBe(true);
    expect(isBlue(at(img, 70, 20))).toBe(true);
  });

  it('reads a PNG with an alpha channel as RGB', async () => {
    const rgba = Buffer.alloc(32 * 16 * 4);
    const rgb = halves(32, 16);
    for (let i = 0; i < 32 * 16; i++) {
      rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
      rgba[i * 4 + 3] = 255;
    }
    const png = await sharp(rgba, raw(32, 16, 4)).png().toBuffer();
    const img = await loadPortraitImage(new Uint8Array(png));
    expect([img.width, img.height, img.data.length]).toEqual([32, 16, 32 * 16 * 3]);
    expect(at(img, 3, 3)).toEqual([230, 0, 0]);
    expect(at(img, 28, 3)).toEqual([0, 0, 230]);
  });

  it('reads a WebP', async () => {
    const webp = await sharp(halves(64, 32), raw(64, 32)).webp({ lossless: true }).toBuffer();
    const img = await loadPortraitImage(new Uint8Array(webp));
    expect([img.width, img.height]).toEqual([64, 32]);
    expect(at(img, 5, 5)).toEqual([230, 0, 0]);
    expect(at(img, 60, 5)).toEqual([0, 0, 230]);
  });

  it('downscales a very large photo so its longest side is 1600, keeping the aspect and the content', async () => {
    const jpeg = await sharp(halves(4000, 3000), raw(4000, 3000)).jpeg({ quality: 80 }).toBuffer();
    const img = await loadPortraitImage(new Uint8Array(jpeg));
    expect([img.width, img.height]).toEqual([1600, 1200]);
    expect(isRed(at(img, 400, 600))).toBe(true);
    expect(isBlue(at(img, 1200, 600))).toBe(true);
    const small = await loadPortraitImage(new Uint8Array(jpeg), { maxSize: 500 });
    expect([small.width, small.height]).toEqual([500, 375]);
  });

  it('never enlarges a small photo', async () => {
    const png = await sharp(halves(100, 60), raw(100, 60)).png().toBuffer();
    const img = await loadPortraitImage(new Uint8Array(png));
    expect([img.width, img.height]).toEqual([100, 60]);
  });

  it('refuses bytes that are not a photo, a truncated JPEG, an empty file and a bad size option, by name', async () => {
    expect(await codeOf(() => loadPortraitImage(new Uint8Array(Buffer.from('RIFF....WAVEfmt not a photo at all'))))).toMatch(/^BAD_IMAGE: the photo could not be decoded/);
    const jpeg = await sharp(halves(200, 200), raw(200, 200)).jpeg().toBuffer();
    expect(await codeOf(() => loadPortraitImage(new Uint8Array(jpeg.subarray(0, jpeg.length >> 1))))).toMatch(/^BAD_IMAGE/);
    expect(await codeOf(() => loadPortraitImage(new Uint8Array(0)))).toMatch(/^BAD_IMAGE: the photo is empty/);
    expect(await codeOf(() => loadPortraitImage(new Uint8Array(jpeg), { maxSize: 10 }))).toMatch(/^INVALID_ARGUMENT: maxSize/);
  });
});
