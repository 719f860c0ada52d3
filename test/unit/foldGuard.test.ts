// FoldGuard: per frame, the weights other than the jaw are eased just
// enough that no face triangle of a photo mesh turns over on screen, on
// landmarks jittered like a detector's where extreme combinations fold.
import type { Mesh } from 'three';
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX as I } from '../../src/api/blendshapeNames.js';
import type { Frame } from '../../src/api/Frame.js';
import { buildPhotoMesh } from '../../src/photo/buildPhotoMesh.js';
import { deformPhotoPart } from '../../src/photo/deformPhotoMesh.js';
import { FoldGuard } from '../../src/photo/FoldGuard.js';
import { PhotoAvatar } from '../../src/photo/PhotoAvatar.js';
import { projectToPhoto, type PhotoMesh } from '../../src/photo/PhotoMesh.js';
import { syntheticFace } from './syntheticPortrait.js';

/** Whole-pixel landmarks with up to 1.5 px of seeded noise (seed 3: a stretch at 1 with the jaw at 0.3 folds). */
function jittered(seed: number) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const points = syntheticFace({ pxPerM: 1500, yaw: 0.15 }).map((p) => [Math.round(p[0] + (rnd() - 0.5) * 3), Math.round(p[1] + (rnd() - 0.5) * 3), p[2]]);
  return { width: 500, height: 500, points: Float32Array.from(points.flat()) };
}

/** Face triangles facing the camera at rest by 0.25 px² that these weights turn over by as much (no head turn). */
function folds(mesh: PhotoMesh, w: ArrayLike<number>): number {
  const face = mesh.parts[0];
  const area = (p: Float32Array, t: number) => {
    const [a, b, c] = [face.indices[t * 3] * 2, face.indices[t * 3 + 1] * 2, face.indices[t * 3 + 2] * 2];
    return ((p[b] - p[a]) * (p[c + 1] - p[a + 1]) - (p[b + 1] - p[a + 1]) * (p[c] - p[a])) / 2;
  };
  const rest = projectToPhoto(mesh, face.positions);
  const moved = projectToPhoto(mesh, deformPhotoPart(mesh, face, w));
  const n = face.indices.length / 3;
  let front = 0;
  for (let t = 0; t < n; t++) front += Math.sign(area(rest, t));
  front = Math.sign(front);
  let count = 0;
  for (let t = 0; t < n; t++) if (front * area(rest, t) >= 0.25 && front * area(moved, t) <= -0.25) count++;
  return count;
}

const weights = (o: Record<number, number>) => Float32Array.from({ length: 52 }, (_, i) => o[i] ?? 0);
const still = { pitch: 0, yaw: 0, roll: 0 };

describe('FoldGuard', () => {
  const mesh = buildPhotoMesh(jittered(3));
  const guard = new FoldGuard(mesh, mesh.parts[0]);

  it('eases the weights other than the jaw just enough that nothing folds', () => {
    for (const o of [{ [I.mouthStretchLeft]: 1, [I.mouthStretchRight]: 1, [I.jawOpen]: 0.3 }, { [I.mouthLowerDownLeft]: 1, [I.mouthLowerDownRight]: 1, [I.jawOpen]: 0.3, [I.mouthClose]: 0.1 }]) {
      const w = weights(o);
      expect(folds(mesh, w)).toBeGreaterThan(0);
      const k = guard.ease(w, still);
      expect(k).toBeGreaterThan(0);
      expect(k).toBeLessThan(1);
      expect(folds(mesh, w)).toBe(0);
      expect(w[I.jawOpen]).toBeCloseTo(0.3, 6);
      expect(w[I.mouthClose]).toBeCloseTo(o[I.mouthClose] ?? 0, 6);
      // Just enough: the next step of the search up folds again.
      const more = weights(o);
      for (let t = 0; t < 52; t++) if (t !== I.jawOpen && t !== I.mouthClose) more[t] *= Math.min(1, k + 1 / 32);
      expect(folds(mesh, more)).toBeGreaterThan(0);
    }
  });

  it('leaves a frame that does not fold as it is', () => {
    const w = weights({ [I.jawOpen]: 0.4, [I.mouthSmileLeft]: 0.3, [I.mouthSmileRight]: 0.3, [I.eyeBlinkLeft]: 1 });
    const copy = w.slice();
    expect(guard.ease(w, { pitch: 0.05, yaw: 0.1, roll: 0 })).toBe(1);
    expect(Array.from(w)).toEqual(Array.from(copy));
  });

  it('is on in PhotoAvatar by default, and can be turned off', () => {
    const pixels = { data: new Uint8Array(500 * 500 * 3).fill(128), width: 500, height: 500 };
    const frame: Frame = { time: 0, weights: weights({ [I.mouthStretchLeft]: 1, [I.mouthStretchRight]: 1, [I.jawOpen]: 0.3 }), head: { rotation: still, position: { x: 0, y: 0, z: 0 } } };
    const guarded = new PhotoAvatar(pixels, jittered(3), { mesh });
    guarded.setFrame(frame);
    guarded.update();
    const inf = (guarded.getObjectByName('face') as Mesh).morphTargetInfluences!;
    expect(guarded.lastEasing).toBeLessThan(1);
    expect(inf[I.mouthStretchLeft]).toBeCloseTo(guarded.lastEasing, 6);
    expect(inf[I.jawOpen]).toBeCloseTo(0.3, 6);
    const raw = new PhotoAvatar(pixels, jittered(3), { mesh, foldGuard: false });
    raw.setFrame(frame);
    raw.update();
    expect(raw.lastEasing).toBe(1);
    expect((raw.getObjectByName('face') as Mesh).morphTargetInfluences![I.mouthStretchLeft]).toBe(1);
  });
});
