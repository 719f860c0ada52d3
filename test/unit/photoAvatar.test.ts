// PhotoAvatar as a three.js object (no GPU needed): its parts and morph
// targets, what update() writes from a frame (weights, gaze over eyeLook*,
// the mouth fill's fade, the head rotation uniform), the camera fit, errors
// and dispose.
import { PerspectiveCamera } from 'three';
import type { Mesh, MeshBasicMaterial } from 'three';
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX as I } from '../../src/api/blendshapeNames.js';
import type { Frame } from '../../src/api/Frame.js';
import { buildPhotoMesh } from '../../src/photo/buildPhotoMesh.js';
import { PhotoAvatar } from '../../src/photo/PhotoAvatar.js';
import { selectPortraitFace } from '../../src/photo/PortraitLandmarks.js';
import { skinBrightness, skinSaturation } from '../../src/photo/skinBrightness.js';
import { teach } from '../../src/teacher/teach.js';
import { syntheticFace } from './syntheticPortrait.js';

const DEG = Math.PI / 180;
const landmarks = selectPortraitFace([{ mesh: syntheticFace() }], { width: 500, height: 500 });
const pixels = { data: new Uint8Array(500 * 500 * 3).fill(128), width: 500, height: 500 };
const frame = (o: Record<number, number> = {}, extra: Partial<Frame> = {}): Frame => ({
  time: 0,
  weights: Float32Array.from({ length: 52 }, (_, i) => o[i] ?? 0),
  head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } },
  ...extra,
});

describe('skinBrightness and skinSaturation', () => {
  const patch = (rgb: [number, number, number]) => {
    const data = new Uint8Array(500 * 500 * 3);
    for (let k = 0; k < data.length; k += 3) data.set(rgb, k);
    return { data, width: 500, height: 500 };
  };
  it('read the skin: a grey photo is not colourful, a skin-coloured one is; brightness follows the luma', () => {
    expect(skinSaturation(patch([150, 150, 150]), landmarks)).toBe(0);
    expect(skinSaturation(patch([200, 150, 120]), landmarks)).toBe(1); // (200 - 120) / 200 = 0.4, over 0.15
    expect(skinSaturation(patch([200, 190, 185]), landmarks)).toBeCloseTo(0.075 / 0.15, 6);
    expect(skinBrightness(patch([140, 140, 140]), landmarks)).toBeCloseTo(140 / 255 / 0.55, 6);
    // The avatar measures both on its pixels: a black-and-white photo gets a grey tongue.
    const tongue = (new PhotoAvatar(patch([150, 150, 150]), landmarks).getObjectByName('tongue') as Mesh).geometry.getAttribute('color');
    expect(tongue.getX(0)).toBeCloseTo(tongue.getY(0), 6);
    const red = (new PhotoAvatar(patch([200, 150, 120]), landmarks).getObjectByName('tongue') as Mesh).geometry.getAttribute('color');
    expect(red.getX(0)).toBeGreaterThan(2 * red.getY(0));
  });
});

describe('PhotoAvatar', () => {
  it('builds the background and every part with its morph targets', () => {
    const a = new PhotoAvatar(pixels, landmarks);
    const names = a.children.map((c) => c.name);
    expect(names).toEqual(['photoBackground', 'face', 'eyeLeft', 'eyeLeftDepth', 'eyeRight', 'eyeRightDepth', 'mouthFill', 'mouthBag', 'teethUpper', 'teethLower', 'tongue']);
    expect((a.getObjectByName('face') as Mesh).morphTargetInfluences).toHaveLength(52);
    expect((a.getObjectByName('eyeLeft') as Mesh).morphTargetInfluences).toHaveLength(54); // + the iris shift
    // An eye's colour is drawn before the face and writes no depth (the lid slides over it); its depth after.
    const eye = a.getObjectByName('eyeLeft') as Mesh;
    const depth = a.getObjectByName('eyeLeftDepth') as Mesh;
    const faceMesh = a.getObjectByName('face') as Mesh;
    expect((eye.material as MeshBasicMaterial).depthWrite).toBe(false);
    expect((depth.material as MeshBasicMaterial).colorWrite).toBe(false);
    expect((depth.material as MeshBasicMaterial).depthWrite).toBe(true);
    expect(depth.geometry).toBe(eye.geometry);
    expect(eye.renderOrder).toBeLessThan(faceMesh.renderOrder);
    expect(depth.renderOrder).toBeGreaterThan(faceMesh.renderOrder);
    // dispose() frees every geometry, every material and the photo texture, once, and leaves the scene.
    const freed = new Map<object, number>();
    const watch = (o: { addEventListener(type: 'dispose', f: () => void): void }) => o.addEventListener('dispose', () => freed.set(o, (freed.get(o) ?? 0) + 1));
    const meshes = a.children as Mesh[];
    const resources = new Set<object>();
    for (const m of meshes) resources.add(m.geometry).add(m.material as MeshBasicMaterial);
    const texture = (faceMesh.material as MeshBasicMaterial).map!;
    resources.add(texture);
    for (const r of resources) watch(r as never);
    const parent = new PerspectiveCamera(); // any Object3D
    parent.add(a);
    a.dispose();
    a.dispose();
    expect(freed.size).toBe(resources.size);
    expect([...freed.values()].every((n) => n === 1)).toBe(true);
    expect(a.parent).toBe(null);
  });

  it('turns the head by the frame: the rotation uniform turns by the frame\'s angle, identity at rest', () => {
    const a = new PhotoAvatar(pixels, landmarks, { foldGuard: false });
    // The shader's uniforms, as three.js hands them to the program.
    const shader = { uniforms: {} as Record<string, { value: { elements: number[] } }>, vertexShader: '#include <morphtarget_vertex>\n', fragmentShader: '' };
    ((a.getObjectByName('face') as Mesh).material as MeshBasicMaterial).onBeforeCompile(shader as never, null as never);
    expect(shader.vertexShader).toMatch(/mpHeadRot/);
    const rot = () => shader.uniforms.mpHeadRot.value.elements;
    const angle = (e: number[]) => Math.acos(Math.min(1, (e[0] + e[4] + e[8] - 1) / 2));
    a.update();
    expect(rot().map((v) => Math.round(v * 1e6) / 1e6 + 0)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (const [yaw, pitch] of [[15 * DEG, 0], [0, 10 * DEG]]) {
      a.setFrame(frame({}, { head: { rotation: { pitch, yaw, roll: 0 }, position: { x: 0, y: 0, z: 0 } } }));
      a.update();
      const e = rot();
      expect(angle(e)).toBeCloseTo(Math.max(yaw, pitch), 5);
      // A rotation: orthonormal columns.
      for (let i = 0; i < 3; i++) expect(Math.hypot(e[i * 3], e[i * 3 + 1], e[i * 3 + 2])).toBeCloseTo(1, 6);
    }
    a.dispose();
  });

  it('applies the frame: weights, mouthClose up to jawOpen, gaze over eyeLook*, the fill fading as the lips part', () => {
    const a = new PhotoAvatar(pixels, landmarks);
    const face = a.getObjectByName('face') as Mesh;
    const eye = a.getObjectByName('eyeLeft') as Mesh;
    const fill = (a.getObjectByName('mouthFill') as Mesh).material as MeshBasicMaterial;
    expect(fill.opacity).toBe(1);
    a.setFrame(frame({ [I.jawOpen]: 0.6, [I.mouthClose]: 0.9, [I.eyeLookOutLeft]: 1 }));
    a.update();
    expect(face.morphTargetInfluences![I.jawOpen]).toBeCloseTo(0.6, 6);
    expect(face.morphTargetInfluences![I.mouthClose]).toBeCloseTo(0.6, 6);
    expect(eye.morphTargetInfluences![52]).toBeCloseTo(Math.sin(25 * DEG), 6);
    expect(fill.opacity).toBe(1); // lips held closed by mouthClose
    a.setFrame(frame({ [I.jawOpen]: 0.6, [I.eyeLookOutLeft]: 1, [I.eyeBlinkLeft]: 0.5 }, { gaze: { pitch: 0.1, yaw: -0.2 } }));
    a.update();
    expect(fill.opacity).toBe(0);
    expect(eye.morphTargetInfluences![52]).toBeCloseTo(Math.sin(-0.2) * 0.5, 6); // gaze wins, the half-closed lid halves it
    expect(eye.morphTargetInfluences![53]).toBeCloseTo(Math.sin(-0.1) * 0.5, 6); // positive pitch looks down
    a.dispose();
  });

  it('takes the teacher\'s frames as they come (text-timed lip sync): the jaw follows an open vowel and rests in silence', () => {
    // "pa" between pauses: the teacher's own Frame objects, unchanged, drive the avatar.
    const track = teach([{ phone: '_', start: 0, end: 0.3 }, { phone: 'p', start: 0.3, end: 0.38 }, { phone: 'a', start: 0.38, end: 0.6 }, { phone: '_', start: 0.6, end: 1.2 }], { fps: 50 });
    const a = new PhotoAvatar(pixels, landmarks);
    const face = a.getObjectByName('face') as Mesh;
    const jawAt = (t: number) => {
      a.setFrame(track.frames[Math.round(t * 50)]);
      a.update();
      return face.morphTargetInfluences![I.jawOpen];
    };
    const vowel = jawAt(0.5);
    expect(vowel).toBeCloseTo(track.frames[25].weights[I.jawOpen], 6);
    expect(vowel).toBeGreaterThan(0.2);
    expect(jawAt(1.15)).toBeLessThan(0.05);
    a.dispose();
  });

  it('fits a camera that sees the card as the photo', () => {
    const a = new PhotoAvatar(pixels, landmarks);
    const cam = new PerspectiveCamera();
    a.fitCamera(cam);
    expect(cam.fov).toBeCloseTo(20, 6);
    expect(cam.position.z).toBeCloseTo(a.photoMesh.viewDistance, 6);
    a.fitCamera(cam, { x: 100, y: 50, width: 300, height: 300 });
    expect(cam.view?.enabled).toBe(true);
    a.dispose();
  });

  it('rejects a photo of another size than its landmarks, and bad options', () => {
    expect(() => new PhotoAvatar({ ...pixels, width: 400, height: 625 }, landmarks)).toThrow(/500x500/);
    expect(() => new PhotoAvatar(pixels, landmarks, { eyeLookAngle: 3 })).toThrow(/eyeLookAngle/);
    expect(() => new PhotoAvatar({ data: new Uint8Array(10), width: 500, height: 500 }, landmarks)).toThrow(/RGB or RGBA/);
  });

  it('takes a mesh built beforehand (in a worker, say), structured-cloned as a worker would send it, and refuses one of other landmarks', () => {
    const mesh = structuredClone(buildPhotoMesh(landmarks, { brightness: 0.9 }));
    const a = new PhotoAvatar(pixels, landmarks, { mesh });
    expect(a.photoMesh).toBe(mesh);
    const built = new PhotoAvatar(pixels, landmarks, { brightness: 0.9 });
    const face = (x: PhotoAvatar) => x.photoMesh.parts.find((p) => p.name === 'face')!;
    expect(face(a).positions).toEqual(face(built).positions);
    expect(face(a).targets[I.jawOpen]).toEqual(face(built).targets[I.jawOpen]);
    const other = selectPortraitFace([{ mesh: syntheticFace() }], { width: 600, height: 600 });
    expect(() => new PhotoAvatar(pixels, landmarks, { mesh: buildPhotoMesh(other) })).toThrow(/not a photo mesh of these landmarks/);
    a.dispose();
    built.dispose();
  });
});
