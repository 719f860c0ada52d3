// The photo path's input helpers: padding to a square for the detector,
// the face crop the camera shows, detectPortrait's handling of pixels and
// of a failing model, decodePortrait's refusal outside a browser, and the
// landmarks' JSON cache round trip.
import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { decodePortrait } from '../../src/photo/decodePortrait.js';
import { detectPortrait, type FaceMeshDetector } from '../../src/photo/detectPortrait.js';
import { buildPhotoMesh } from '../../src/photo/buildPhotoMesh.js';
import { padToSquare } from '../../src/photo/padToSquare.js';
import { portraitLandmarksFromJson, portraitLandmarksToJson } from '../../src/photo/portraitLandmarksJson.js';
import { selectPortraitFace } from '../../src/photo/PortraitLandmarks.js';
import { portraitFaceCrop } from '../../src/photo/portraitFaceCrop.js';
import { syntheticFace } from './syntheticPortrait.js';

const codeOf = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    return e instanceof MouthpieceError ? e.code : `not a MouthpieceError: ${e}`;
  }
  return 'no error';
};

describe('padToSquare', () => {
  it('pads a wide RGB photo at the bottom with black, keeping every pixel where it was', () => {
    const data = Uint8Array.from({ length: 4 * 2 * 3 }, (_, i) => i + 1);
    const sq = padToSquare({ data, width: 4, height: 2 });
    expect([sq.width, sq.height]).toEqual([4, 4]);
    expect(Array.from(sq.data.subarray(0, 24))).toEqual(Array.from(data));
    expect(Array.from(sq.data.subarray(24))).toEqual(new Array(24).fill(0));
  });

  it('pads a tall RGBA photo at the right, opaque, and keeps the array type', () => {
    const data = new Uint8ClampedArray(1 * 3 * 4).fill(200);
    const sq = padToSquare({ data, width: 1, height: 3 });
    expect(sq.data).toBeInstanceOf(Uint8ClampedArray);
    expect([sq.width, sq.height]).toEqual([3, 3]);
    for (let y = 0; y < 3; y++) {
      expect(Array.from(sq.data.subarray(y * 12, y * 12 + 4))).toEqual([200, 200, 200, 200]);
      expect(Array.from(sq.data.subarray(y * 12 + 4, y * 12 + 12))).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    }
  });

  it('returns a square photo itself and refuses a byte count that is neither RGB nor RGBA', async () => {
    const p = { data: new Uint8Array(2 * 2 * 3), width: 2, height: 2 };
    expect(padToSquare(p)).toBe(p);
    expect(await codeOf(() => padToSquare({ data: new Uint8Array(7), width: 2, height: 2 }))).toBe('BAD_IMAGE');
  });
});

describe('portraitFaceCrop', () => {
  const lm = selectPortraitFace([{ mesh: syntheticFace() }], { width: 500, height: 500 });

  it('a square crop 4.4 eye distances high, centred below the eyes, inside the photo', () => {
    const c = portraitFaceCrop(lm);
    expect(c.width).toBe(c.height);
    expect(c.height).toBe(Math.round(Math.min(500, lm.eyeDistance * 4.4)));
    const eyeX = (lm.points[33 * 3] + lm.points[263 * 3]) / 2;
    expect(Math.abs(c.x + c.width / 2 - eyeX)).toBeLessThanOrEqual(1);
    expect(c.x).toBeGreaterThanOrEqual(0);
    expect(c.y).toBeGreaterThanOrEqual(0);
    expect(c.x + c.width).toBeLessThanOrEqual(500);
    expect(c.y + c.height).toBeLessThanOrEqual(500);
  });

  it('a wide view keeps the height while it fits; a view too wide for the photo gets a tighter crop inside it', () => {
    const margin = 300 / lm.eyeDistance; // a 300 px crop
    const wide = portraitFaceCrop(lm, { aspect: 1.1, margin });
    expect(wide.height).toBe(300);
    expect(wide.width).toBe(Math.round(wide.height * 1.1));
    const whole = portraitFaceCrop(lm, { aspect: 2, margin: 100 });
    expect([whole.x, whole.width, whole.height]).toEqual([0, 500, 250]);
    expect(whole.y).toBeGreaterThanOrEqual(0);
    expect(whole.y + whole.height).toBeLessThanOrEqual(500);
  });

  it('refuses a bad aspect or margin by name', async () => {
    expect(await codeOf(() => portraitFaceCrop(lm, { aspect: 0 }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(() => portraitFaceCrop(lm, { margin: Number.NaN }))).toBe('INVALID_ARGUMENT');
  });
});

describe('detectPortrait', () => {
  it('gives the detector a square copy of wide pixels and of their mirror image, and maps nothing: landmarks keep the photo size', async () => {
    const seen: { width: number; height: number; first: number; pad: number }[] = [];
    const detector: FaceMeshDetector = {
      async detect(input: never) {
        const i = input as { width: number; height: number; data: Uint8Array };
        // The photo's first pixel of row 0, and the first padding row (black, below the photo).
        seen.push({ width: i.width, height: i.height, first: i.data[0], pad: i.data[500 * 600 * 3] });
        return { face: [{ mesh: syntheticFace() }] };
      },
    };
    const data = new Uint8Array(600 * 500 * 3).fill(100);
    data.fill(7, 0, 3); // the top-left pixel; the mirror has it top right
    data.fill(9, 599 * 3, 600 * 3);
    const pixels = { data, width: 600, height: 500 };
    const lm = await detectPortrait(detector, pixels, pixels);
    expect(seen).toEqual([{ width: 600, height: 600, first: 7, pad: 0 }, { width: 600, height: 600, first: 9, pad: 0 }]);
    expect([lm.width, lm.height]).toEqual([600, 500]);
    expect(lm.mirrorCheck?.sameFace).toBe(false); // the fake model does not mirror its answer
    seen.length = 0;
    const one = await detectPortrait(detector, pixels, pixels, { mirror: false });
    expect(seen.length).toBe(1);
    expect(one.mirrorCheck).toBeUndefined();
  });

  it('a model error becomes NO_FACE with its reason', async () => {
    const detector: FaceMeshDetector = { detect: async () => ({ face: [], error: 'backend lost' }) };
    await expect(detectPortrait(detector, {}, { width: 10, height: 10 })).rejects.toThrow(/backend lost/);
  });
});

describe('decodePortrait', () => {
  it('outside a browser it says what to use instead', async () => {
    expect(await codeOf(() => decodePortrait(new Blob([new Uint8Array(10)])))).toBe(typeof createImageBitmap === 'function' ? 'BAD_IMAGE' : 'RUNTIME_UNAVAILABLE');
    expect(await codeOf(() => decodePortrait(new Blob([]), { maxSide: 10 }))).toBe('INVALID_ARGUMENT');
  });
});

describe('portraitLandmarksToJson / portraitLandmarksFromJson', () => {
  const lm = selectPortraitFace([{ mesh: syntheticFace({ yaw: 0.1 }), faceScore: 0.99 }], { width: 500, height: 500 });

  it('a JSON round trip gives the same landmarks, and the same mesh', () => {
    const back = portraitLandmarksFromJson(JSON.parse(JSON.stringify(portraitLandmarksToJson(lm))));
    expect(back.points).toBeInstanceOf(Float32Array);
    expect(Array.from(back.points)).toEqual(Array.from(lm.points));
    expect({ ...back, points: null }).toEqual({ ...lm, points: null });
    const a = buildPhotoMesh(lm).parts[0].positions;
    const b = buildPhotoMesh(back).parts[0].positions;
    expect(Array.from(b)).toEqual(Array.from(a));
    // A structured clone (typed array kept) reads back too.
    expect(Array.from(portraitLandmarksFromJson(structuredClone(lm)).points)).toEqual(Array.from(lm.points));
  });

  it('names what is wrong in a damaged cache entry', () => {
    const json = JSON.parse(JSON.stringify(portraitLandmarksToJson(lm)));
    const broken = (patch: Record<string, unknown>) => () => portraitLandmarksFromJson({ ...json, ...patch });
    expect(() => portraitLandmarksFromJson(null)).toThrow(/expected an object/);
    expect(broken({ width: 0 })).toThrow(/width must be a positive integer/);
    expect(broken({ points: json.points.slice(1) })).toThrow(/points must hold 478 points/);
    expect(broken({ points: [...json.points.slice(0, 5), 'x', ...json.points.slice(6)] })).toThrow(/points\[5\] must be a finite number/);
    expect(broken({ pose: undefined })).toThrow(/pose is missing/);
    expect(broken({ pose: { yaw: 0, pitch: null, roll: 0 } })).toThrow(/pose.pitch/);
    expect(broken({ eyeDistance: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
