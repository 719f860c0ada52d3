// The mirrored second run of the landmark model: the point pairing, the
// pixel mirror, and the per-eye merge that keeps the run whose iris lies on
// dark pixels.
import { describe, expect, it } from 'vitest';

import { faceTemplate } from '../../src/photo/faceTemplate.js';
import { mergeMirroredFace, withMirroredRun } from '../../src/photo/mergeMirroredFace.js';
import { mirrorPixels } from '../../src/photo/mirrorPixels.js';
import { mirrorPointMap } from '../../src/photo/mirrorPointMap.js';
import { syntheticFace } from './syntheticPortrait.js';

const W = 500;

/** What the model would report on the mirrored photo if it saw exactly the mirror of `mesh`. */
function mirrorOf(mesh: number[][]): number[][] {
  const map = mirrorPointMap();
  const out: number[][] = new Array(mesh.length);
  for (let i = 0; i < mesh.length; i++) out[map[i]] = [W - 0.5 - mesh[i][0], mesh[i][1], mesh[i][2]];
  return out;
}

/** A light grey photo with dark discs (the irises) at the given centres. */
function photoWithIrises(centres: readonly number[][], r: number): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(W * W * 3).fill(210);
  for (const [cx, cy] of centres) {
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data.fill(40, (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { data, width: W, height: W };
}

/** The mesh with one eye (its contour, rings and iris: every point within `radius` px of the iris centre) moved by dx. */
function shiftEye(mesh: number[][], iris: number, dx: number, radius: number): number[][] {
  const [cx, cy] = mesh[iris];
  return mesh.map((p) => (Math.hypot(p[0] - cx, p[1] - cy) <= radius ? [p[0] + dx, p[1], p[2]] : p.slice()));
}

const irisRadius = (mesh: number[][], c: number) => [1, 2, 3, 4].reduce((s, k) => s + Math.hypot(mesh[c + k][0] - mesh[c][0], mesh[c + k][1] - mesh[c][1]), 0) / 4;

describe('mirrorPointMap', () => {
  it('pairs each point with its mirror image: its own inverse, the eye corners and irises swapped, the midline fixed', () => {
    const map = mirrorPointMap();
    expect(map.length).toBe(478);
    for (let i = 0; i < 478; i++) expect(map[map[i]]).toBe(i);
    expect([map[33], map[133], map[468], map[472]]).toEqual([263, 362, 473, 477]);
    // The nose tip and the lips' midline points lie on the midline.
    for (const i of [1, 4, 13, 14, 0, 17]) expect(map[i]).toBe(i);
    // Every landmark group maps onto its mirror group: the lips onto themselves (upper stays upper), the eyes onto each other.
    const G = faceTemplate().groups;
    const image = (ids: readonly number[]) => [...ids].map((i) => map[i]).sort((x, y) => x - y);
    const sorted = (ids: readonly number[]) => [...ids].sort((x, y) => x - y);
    for (const k of ['silhouette', 'lipsUpperInner', 'lipsLowerInner', 'lipsUpperOuter', 'lipsLowerOuter'] as const) expect(image(G[k])).toEqual(sorted(G[k]));
    for (const k of ['EyeUpper0', 'EyeLower0', 'EyeUpper1', 'EyeLower1', 'EyeUpper2', 'EyeLower2', 'EyeIris'] as const) expect(image(G[`left${k}`])).toEqual(sorted(G[`right${k}`]));
    // A symmetric head in a symmetric pose reads back the same through the map.
    const face = syntheticFace();
    const back = mirrorOf(face);
    for (let i = 0; i < 468; i++) expect(Math.abs(W - 0.5 - back[map[i]][0] - face[i][0])).toBeLessThan(1e-9);
  });
});

describe('mirrorPixels', () => {
  it('mirrors RGB and RGBA rows, twice is the identity, and keeps the input', () => {
    const rgb = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const m = mirrorPixels({ data: rgb, width: 3, height: 2 });
    expect(Array.from(m.data)).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3, 16, 17, 18, 13, 14, 15, 10, 11, 12]);
    expect(Array.from(mirrorPixels(m).data)).toEqual(Array.from(rgb));
    expect(rgb[0]).toBe(1);
    const rgba = new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8]);
    const n = mirrorPixels({ data: rgba, width: 2, height: 1 });
    expect(n.data).toBeInstanceOf(Uint8ClampedArray);
    expect(Array.from(n.data)).toEqual([5, 6, 7, 8, 1, 2, 3, 4]);
  });

  it('refuses bytes that do not match the size by name', () => {
    expect(() => mirrorPixels({ data: new Uint8Array(10), width: 2, height: 2 })).toThrow(expect.objectContaining({ code: 'BAD_IMAGE' }));
  });
});

describe('mergeMirroredFace', () => {
  const face = syntheticFace({ cx: 250, cy: 250 });
  const r = irisRadius(face, 468);
  const irisCentres = [face[468], face[473]];

  it('two runs that agree give the same face back, both eyes averaged', () => {
    const merged = mergeMirroredFace({ mesh: face, faceScore: 0.99 }, { mesh: mirrorOf(face) }, photoWithIrises(irisCentres, r));
    for (let i = 0; i < 478; i++) for (let k = 0; k < 3; k++) expect(merged.mesh[i][k]).toBeCloseTo(face[i][k], 9);
    expect(merged.faceScore).toBe(0.99);
    expect(merged.mirrorCheck.sameFace).toBe(true);
    expect(merged.mirrorCheck.medianDistance).toBeLessThan(1e-9);
    expect(merged.mirrorCheck.eyes.map((e) => e.kept)).toEqual(['both', 'both']);
  });

  it('an eye one run put on the white of the eye is taken from the other run, whichever it is; the rest is averaged', () => {
    // The photo's irises are where `face` has them; one run has the eye 473 shifted by two iris radii.
    const photo = photoWithIrises(irisCentres, r);
    const wrong = shiftEye(face, 473, 2 * r, 6 * r);
    for (const [orig, mirr, kept] of [[wrong, face, 'mirrored'], [face, wrong, 'original']] as const) {
      const merged = mergeMirroredFace({ mesh: orig }, { mesh: mirrorOf(mirr) }, photo);
      const eyes = merged.mirrorCheck.eyes;
      // Eye 473 is the photo's left one (smaller x) in this synthetic pose.
      expect(face[473][0]).toBeLessThan(face[468][0]);
      expect(eyes[0].kept).toBe(kept);
      expect(eyes[0].disagreement).toBeCloseTo(2, 1);
      expect(eyes[1].kept).toBe('both');
      for (let i = 473; i < 478; i++) {
        expect(merged.mesh[i][0]).toBeCloseTo(face[i][0], 9);
        expect(merged.mesh[i][1]).toBeCloseTo(face[i][1], 9);
      }
      // Far from both eyes (the chin) the two runs agree anyway; the other eye is untouched.
      expect(merged.mesh[152][0]).toBeCloseTo(face[152][0], 9);
      expect(merged.mesh[468][0]).toBeCloseTo(face[468][0], 9);
    }
  });

  it('when the photo cannot tell the runs apart, the eye is averaged', () => {
    const flat = photoWithIrises([], r);
    const wrong = shiftEye(face, 473, 2 * r, 6 * r);
    const merged = mergeMirroredFace({ mesh: wrong }, { mesh: mirrorOf(face) }, flat);
    expect(merged.mirrorCheck.eyes[0].kept).toBe('both');
    expect(merged.mesh[473][0]).toBeCloseTo(face[473][0] + r, 9);
  });

  it('different faces in the two runs leave the photo run as it is', () => {
    const other = syntheticFace({ cx: 120, cy: 250 });
    const merged = mergeMirroredFace({ mesh: face }, { mesh: mirrorOf(other) }, photoWithIrises(irisCentres, r));
    expect(merged.mirrorCheck.sameFace).toBe(false);
    expect(merged.mirrorCheck.eyes).toEqual([]);
    expect(merged.mesh[1]).toEqual(face[1]);
  });

  it('withMirroredRun merges the largest face of each run and keeps the others; without a mirrored face nothing changes', () => {
    const small = { mesh: syntheticFace({ cx: 100, cy: 100, pxPerM: 800 }) };
    const big = { mesh: face };
    const photo = photoWithIrises(irisCentres, r);
    const out = withMirroredRun([small, big], [{ mesh: mirrorOf(face) }, { mesh: mirrorOf(small.mesh) }], photo);
    expect(out[0]).toBe(small);
    expect(out[1].mirrorCheck?.sameFace).toBe(true);
    expect(withMirroredRun([small, big], [], photo)).toEqual([small, big]);
    expect(withMirroredRun([small, big], undefined, photo)).toEqual([small, big]);
  });
});
