// Geometry gates of the Mouthpiece head (models/head): every ARKit target
// moves the region it should, by at least a stated amount, and nothing
// else beyond 0.5 mm; left/right pairs mirror; the committed GLB is what
// the generator builds.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

import { BLENDSHAPE_NAMES } from '../../src/api/blendshapeNames.js';
// @ts-expect-error: a build script in plain JavaScript
import { headDocument } from '../../models/head/buildHead.mjs';
// @ts-expect-error: a build script in plain JavaScript
import { loadFaceMeshTopology } from '../../models/head/faceMeshTopology.mjs';
// @ts-expect-error: a build script in plain JavaScript
import { ARKIT, buildHead } from '../../models/head/headGeometry.mjs';

type V3 = [number, number, number];
type Mesh = { name: string; positions: Float32Array; indices: Uint32Array; morphs: Map<string, Float32Array> };
type Head = { meshes: Mesh[]; landmarks: { mouthCentre: V3; corner: { left: V3; right: V3 }; eyeCentre: { left: V3; right: V3 } } };

const OUTSIDE_MM = 0.5;
let head: Head;
let face: Mesh;
const at = (P: Float32Array, i: number): V3 => [P[i * 3], P[i * 3 + 1], P[i * 3 + 2]];
const moved = (name: string, i: number, m: Mesh = face, w = 1): V3 => {
  const p = at(m.positions, i);
  const d = m.morphs.get(name)!;
  return [p[0] + w * d[i * 3], p[1] + w * d[i * 3 + 1], p[2] + w * d[i * 3 + 2]];
};
const dist = (a: V3, b: V3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const mag = (d: Float32Array, i: number) => Math.hypot(d[i * 3], d[i * 3 + 1], d[i * 3 + 2]);

beforeAll(async () => {
  head = buildHead(await loadFaceMeshTopology());
  face = head.meshes.find((m) => m.name === 'Face')!;
});

/** Where each target may move the face: a predicate on the rest position. */
function region(name: string): (p: V3) => boolean {
  const { mouthCentre: mc, eyeCentre } = head.landmarks;
  // mouthLeft/Right and jawLeft/Right move the whole mouth or jaw sideways: not one-sided targets.
  const whole = /^(mouth|jaw)(Left|Right)$/.test(name);
  const side = whole ? 0 : /Left$/.test(name) ? 1 : /Right$/.test(name) ? -1 : 0;
  const eye = side > 0 ? eyeCentre.left : eyeCentre.right;
  const sameSide = (p: V3) => side === 0 || p[0] * side > -0.012;
  if (/^eye/.test(name)) return (p) => dist(p, eye) < 0.03 && sameSide(p);
  if (/^brow/.test(name)) return (p) => p[1] > eyeCentre.left[1] - 0.005 && p[1] < eyeCentre.left[1] + 0.06 && sameSide(p) && (name !== 'browInnerUp' || Math.abs(p[0]) < 0.045);
  if (/^cheekSquint/.test(name)) return (p) => dist(p, [0.038 * side, eye[1] - 0.022, p[2]]) < 0.03 && sameSide(p);
  if (name === 'cheekPuff') return (p) => Math.abs(p[0]) > 0.005 && Math.abs(p[1] - mc[1]) < 0.04;
  if (/^noseSneer/.test(name)) return (p) => dist(p, [0.013 * side, -0.002, p[2]]) < 0.02 && sameSide(p);
  if (/^jaw/.test(name)) return (p) => p[1] < mc[1] + 0.006;
  // A smile pulls the corner up and out towards the cheek: a wider region.
  if (/^mouthSmile/.test(name)) return (p) => dist(p, mc) < 0.07 && sameSide(p);
  return (p) => dist(p, mc) < 0.055 && sameSide(p); // mouth*, tongueOut
}

describe('the Mouthpiece head (geometry)', () => {
  it('has the 52 ARKit targets on the face, in ARKit order, and no NaN or degenerate triangle', () => {
    expect(ARKIT).toEqual([...BLENDSHAPE_NAMES]);
    expect([...face.morphs.keys()]).toEqual([...BLENDSHAPE_NAMES]);
    for (const m of head.meshes) {
      expect(m.positions.every(Number.isFinite), m.name).toBe(true);
      for (const d of m.morphs.values()) expect(d.every(Number.isFinite), m.name).toBe(true);
      for (let t = 0; t < m.indices.length; t += 3) {
        const [a, b, c] = [at(m.positions, m.indices[t]), at(m.positions, m.indices[t + 1]), at(m.positions, m.indices[t + 2])];
        const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
        const area = Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]) / 2;
        expect(area, `${m.name} triangle ${t / 3}`).toBeGreaterThan(1e-10);
      }
    }
  });

  it('each target moves its own region by >= 1 mm and nothing else beyond 0.5 mm', () => {
    const rows: string[] = [];
    for (const name of BLENDSHAPE_NAMES) {
      const inside = region(name);
      const d = face.morphs.get(name)!;
      let maxIn = 0;
      let maxOut = 0;
      for (let i = 0; i < 468; i++) {
        const m = mag(d, i) * 1000;
        if (inside(at(face.positions, i))) maxIn = Math.max(maxIn, m);
        else maxOut = Math.max(maxOut, m);
      }
      if (maxIn < (name === 'tongueOut' ? 0.5 : 1) || maxOut > OUTSIDE_MM) rows.push(`${name}: inside ${maxIn.toFixed(1)} mm, outside ${maxOut.toFixed(2)} mm`);
    }
    expect(rows).toEqual([]);
  });

  it('jawOpen lowers the chin and parts the lips by >= 15 mm; with mouthClose the lips meet again', () => {
    const gap = (name: string | null, w = 1) => (name ? dist(moved(name, 13, face, w), moved(name, 14, face, w)) : dist(at(face.positions, 13), at(face.positions, 14)));
    expect(gap(null) * 1000).toBeLessThan(0.1); // closed at rest
    expect(gap('jawOpen') * 1000).toBeGreaterThanOrEqual(15);
    expect((at(face.positions, 152)[1] - moved('jawOpen', 152)[1]) * 1000).toBeGreaterThanOrEqual(15);
    // jawOpen + mouthClose at 1: the lower lip's jaw motion is undone.
    const both = (i: number): V3 => {
      const p = at(face.positions, i);
      const a = face.morphs.get('jawOpen')!, c = face.morphs.get('mouthClose')!;
      return [p[0] + a[i * 3] + c[i * 3], p[1] + a[i * 3 + 1] + c[i * 3 + 1], p[2] + a[i * 3 + 2] + c[i * 3 + 2]];
    };
    expect(dist(both(13), both(14)) * 1000).toBeLessThan(1.5);
    // A wide-open mouth narrows (the corners 61/291 draw in); closed over the open jaw it keeps its width.
    const width = (p: (i: number) => V3) => (p(291)[0] - p(61)[0]) * 1000;
    const rest = width((i) => at(face.positions, i));
    expect(rest - width((i) => moved('jawOpen', i))).toBeGreaterThanOrEqual(10);
    expect(Math.abs(rest - width(both))).toBeLessThan(0.5);
    // The lower teeth and the tongue ride the jaw whole: every vertex moves at least 10 mm.
    for (const part of ['TeethLower', 'Tongue']) {
      const m = head.meshes.find((x) => x.name === part)!;
      const d = m.morphs.get('jawOpen')!;
      const least = Math.min(...Array.from({ length: m.positions.length / 3 }, (_, i) => mag(d, i)));
      expect(least * 1000, part).toBeGreaterThan(10);
    }
  });

  it('speech poses fold no face triangle over as seen from the front (what the photo avatar shows)', () => {
    // A fold: a triangle whose winding in the image plane (x, y) turns from the mesh's front-facing sense at
    // rest to the opposite. Slivers already inverted at rest (the closed lips' inner line) are not counted.
    const poses: Record<string, number>[] = [
      { jawOpen: 0.7 }, { jawOpen: 1 }, { jawOpen: 0.5, mouthClose: 0.3 }, { jawOpen: 0.3, mouthClose: 0.3 },
      { jawOpen: 0.2, mouthClose: 0.2, mouthPucker: 0.5 }, { mouthPucker: 0.6 }, { mouthFunnel: 0.6 }, { jawOpen: 0.6, mouthFunnel: 0.6 },
      { jawOpen: 0.4, mouthPucker: 0.7 }, { mouthSmileLeft: 0.6, mouthSmileRight: 0.6 }, { jawOpen: 1, mouthStretchLeft: 1, mouthStretchRight: 1 },
      { mouthRollLower: 0.5, mouthRollUpper: 0.5 },
    ];
    const winding = (P: Float32Array, t: number) => {
      const [a, b, c] = [face.indices[t], face.indices[t + 1], face.indices[t + 2]];
      return (P[b * 3] - P[a * 3]) * (P[c * 3 + 1] - P[a * 3 + 1]) - (P[b * 3 + 1] - P[a * 3 + 1]) * (P[c * 3] - P[a * 3]);
    };
    const rows: string[] = [];
    for (const w of poses) {
      const P = Float32Array.from(face.positions);
      for (const [name, v] of Object.entries(w)) {
        const d = face.morphs.get(name)!;
        for (let k = 0; k < P.length; k++) P[k] += v * d[k];
      }
      for (let t = 0; t < face.indices.length; t += 3) {
        // 1e-8 m² = 0.01 mm²: below it the triangle is edge-on to the camera either way.
        if (winding(face.positions, t) > 1e-8 && winding(P, t) < -1e-8) rows.push(`${JSON.stringify(w)}: ${face.indices.slice(t, t + 3).join('/')}`);
      }
    }
    expect(rows).toEqual([]);
  });

  it('sideways targets go the right way (+X is the character\'s left) and no target pushes the closed lips through each other', () => {
    for (const [name, sign] of [['jawLeft', 1], ['jawRight', -1], ['mouthLeft', 1], ['mouthRight', -1]] as const) {
      const vertex = name.startsWith('jaw') ? 152 : 14; // the chin, the lower lip's centre
      expect(Math.sign(face.morphs.get(name)![vertex * 3]), name).toBe(sign);
    }
    // mouthClose alone would (it undoes a jaw opening): the rig applies it up to jawOpen only.
    for (const name of BLENDSHAPE_NAMES.filter((n) => n !== 'mouthClose')) {
      // The upper inner lip (13) never ends below the lower one (14) by more than 0.1 mm, unless one lip
      // rolled in behind the other (at least 2 mm apart in depth).
      const [u, l] = [moved(name, 13), moved(name, 14)];
      const behind = Math.abs(u[2] - l[2]) >= 0.002;
      expect(behind || (u[1] - l[1]) * 1000 > -0.1, name).toBe(true);
    }
  });

  it('eyeBlink closes each lid gap by >= 90 %; eyeWide opens it; eyeSquint narrows it', () => {
    for (const [side, up, lo] of [['Left', 386, 374], ['Right', 159, 145]] as const) {
      const rest = at(face.positions, up)[1] - at(face.positions, lo)[1];
      expect(rest * 1000).toBeGreaterThan(4);
      const gap = (name: string) => moved(name, up)[1] - moved(name, lo)[1];
      expect(gap(`eyeBlink${side}`) / rest, side).toBeLessThan(0.1);
      expect(gap(`eyeWide${side}`), side).toBeGreaterThan(rest + 0.0015);
      expect(gap(`eyeSquint${side}`), side).toBeLessThan(rest - 0.001);
    }
  });

  it('pucker narrows the mouth by >= 20 %, funnel by >= 8 %; smile raises and frown lowers each corner >= 5 mm', () => {
    const width = (name: string | null) => (name ? dist(moved(name, 61), moved(name, 291)) : dist(at(face.positions, 61), at(face.positions, 291)));
    expect(width('mouthPucker') / width(null)).toBeLessThan(0.8);
    expect(width('mouthFunnel') / width(null)).toBeLessThan(0.92);
    expect(width('mouthStretchLeft')).toBeGreaterThan(width(null) + 0.005);
    for (const [side, c] of [['Left', 291], ['Right', 61]] as const) {
      expect((moved(`mouthSmile${side}`, c)[1] - at(face.positions, c)[1]) * 1000, side).toBeGreaterThanOrEqual(5);
      expect((at(face.positions, c)[1] - moved(`mouthFrown${side}`, c)[1]) * 1000, side).toBeGreaterThanOrEqual(5);
    }
  });

  it('left/right pairs mirror each other within 1 mm', async () => {
    // Mirror partner of every vertex: the nearest in the UV map to (1 - u, v) (in 3D the closed lips'
    // upper and lower points coincide, so positions cannot tell them apart).
    const uv = (await loadFaceMeshTopology()).UV468 as [number, number][];
    const partner = uv.map(([u, v]) => {
      let best = 0;
      for (let j = 1; j < 468; j++) if (Math.hypot(uv[j][0] - (1 - u), uv[j][1] - v) < Math.hypot(uv[best][0] - (1 - u), uv[best][1] - v)) best = j;
      return best;
    });
    for (const name of BLENDSHAPE_NAMES.filter((n) => n.endsWith('Left'))) {
      const right = name.replace(/Left$/, 'Right');
      const l = face.morphs.get(name)!, r = face.morphs.get(right)!;
      let worst = 0;
      for (let i = 0; i < 468; i++) {
        const j = partner[i];
        worst = Math.max(worst, Math.hypot(l[i * 3] + r[j * 3], l[i * 3 + 1] - r[j * 3 + 1], l[i * 3 + 2] - r[j * 3 + 2]));
      }
      expect(worst * 1000, `${name} vs ${right}`).toBeLessThan(1);
    }
  });

  it('the skull and the face move together at their seam (no crack when the jaw moves)', () => {
    const skull = head.meshes.find((m) => m.name === 'Skull')!;
    for (const name of ['jawOpen', 'jawForward', 'jawLeft', 'jawRight']) {
      let worst = 0;
      for (let i = 0; i < skull.positions.length / 3; i++) {
        const p = at(skull.positions, i);
        for (let j = 0; j < 468; j++) {
          if (dist(p, at(face.positions, j)) < 1e-6) worst = Math.max(worst, dist(moved(name, i, skull), moved(name, j)));
        }
      }
      expect(worst * 1000, name).toBeLessThan(0.01);
    }
  });

  it('the committed GLB is what the generator builds', async () => {
    const { NodeIO } = await import('@gltf-transform/core');
    const { doc } = await headDocument();
    const fresh = await new NodeIO().writeBinary(doc);
    const committed = readFileSync('models/head/mouthpiece-head.glb');
    expect(committed.length).toBe(fresh.length);
    expect(Buffer.from(fresh).equals(committed)).toBe(true);
    expect(committed.length).toBeLessThan(512 * 1024);
  });

  it('the photo avatar\'s face template is what the generator writes from the head', async () => {
    // @ts-expect-error -- a plain .mjs build script without types
    const { faceTemplateSource } = await import('../../models/head/writeFaceTemplate.mjs');
    const fresh = faceTemplateSource(await loadFaceMeshTopology());
    expect(readFileSync('src/photo/faceTemplateData.ts', 'utf8')).toBe(fresh);
  });
});
