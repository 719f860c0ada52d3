
import { Bone, BufferGeometry, Euler, Float32BufferAttribute, Group, Mesh, Object3D, Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, MouthpieceError, type BlendshapeName, type Frame } from '../../src/api/index.js';
import { FaceRig, VISEME_NAMES, VOWEL_NAMES, VOWEL_PROJECTION, type ExpressionTarget } from '../../src/three/index.js';
import { measureAllocation } from '../helpers/measureAllocation.js';

function makeMesh(morphNames: readonly string[], name: string): Mesh {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(new Float32Array(9), 3));
  geometry.morphAttributes.position = morphNames.map((n) => Object.assign(new Float32BufferAttribute(new Float32Array(9), 3), { name: n }));
  return Object.assign(new Mesh(geometry), { name });
}

function frame(set: Partial<Record<BlendshapeName, number>> = {}, rotation = { pitch: 0, yaw: 0, roll: 0 }, gaze?: Frame['gaze']): Frame {
  const weights = new Float32Array(BLENDSHAPE_COUNT);
  for (const [k, v] of Object.entries(set)) weights[BLENDSHAPE_INDEX[k as BlendshapeName]] = v as number;
  return { time: 0, weights, head: { rotation, position: { x: 0, y: 0, z: 0 } }, ...(gaze ? { gaze } : {}) };
}

const q = (x: number, y: number, z: number, order: 'XYZ' | 'YXZ' = 'XYZ') => new Quaternion().setFromEuler(new Euler(x, y, z, order));
const world = (o: Object3D) => o.getWorldQuaternion(new Quaternion());
const infl = (mesh: Mesh, morph: string) => mesh.morphTargetInfluences![mesh.morphTargetDictionary![morph]];

/** A character with awkward rest rotations everywhere, so bone-axis mistakes show. */
function character(options: { plainObjects?: boolean } = {}) {
  const make = (name: string) => Object.assign(options.plainObjects ? new Object3D() : new Bone(), { name });
  const root = new Group();
  root.quaternion.copy(q(0.1, 2.5, -0.2));
  const hips = make('Hips');
  hips.quaternion.copy(q(-1.2, 0.3, 0.5));
  const neck = make(options.plainObjects ? 'mixamorig:Neck' : 'Neck');
  neck.quaternion.copy(q(0.4, -0.7, 0.2));
  neck.position.set(0, 1.5, 0);
  const head = make(options.plainObjects ? 'mixamorig:Head' : 'Head');
  head.quaternion.copy(q(-0.3, 0.2, 1.1));
  head.position.set(0, 0.1, 0);
  const leftEye = make('LeftEye');
  const rightEye = make('RightEye');
  leftEye.quaternion.copy(q(0.2, 0.1, -0.4));
  rightEye.quaternion.copy(q(-0.1, 0.3, 0.2));
  const face = makeMesh([...BLENDSHAPE_NAMES], 'Face');
  root.add(hips.add(neck.add(head.add(leftEye, rightEye))), face);
  return { root, neck, head, leftEye, rightEye, face };
}

describe('FaceRig morphs', () => {
  it('writes the frame weights into the ARKit morphs', () => {
    const { root, face } = character();
    const rig = new FaceRig(root);
    rig.setFrame(frame({ jawOpen: 0.7, eyeBlinkRight: 0.25, tongueOut: 1 }));
    rig.update(1 / 60);
    expect(infl(face, 'jawOpen')).toBeCloseTo(0.7, 6);
    expect(infl(face, 'eyeBlinkRight')).toBe(0.25);
    expect(infl(face, 'tongueOut')).toBe(1);
    expect(infl(face, 'mouthClose')).toBe(0);
  });

  it('applies mouthClose up to jawOpen at most (lips never pushed through each other)', () => {
    const { root, face } = character();
    const rig = new FaceRig(root);
    rig.setFrame(frame({ jawOpen: 0.2, mouthClose: 0.5 }));
    rig.update(1 / 60);
    expect(infl(face, 'mouthClose')).toBeCloseTo(0.2, 6);
    rig.setFrame(frame({ jawOpen: 0.6, mouthClose: 0.5 }));
    rig.update(1 / 60);
    expect(infl(face, 'mouthClose')).toBeCloseTo(0.5, 6);
  });

  it('drives a Ready Player Me viseme-only mesh: PP for a closure, aa for an open jaw, U for a pucker, sums <= 1', () => {
    const rpm = makeMesh(VISEME_NAMES.map((v) => `viseme_${v}`), 'Wolf3D_Head');
    const rig = new FaceRig(new Group().add(rpm));
    const top = () => VISEME_NAMES[rpm.morphTargetInfluences!.reduce((b, x, i, a) => (x > a[b] ? i : b), 0)];
    const sum = () => rpm.morphTargetInfluences!.reduce((a, b) => a + b, 0);
    for (const [set, expected] of [
      [{ jawOpen: 0.3, mouthClose: 0.3 }, 'PP'],
      [{ mouthPressLeft: 0.6, mouthPressRight: 0.6 }, 'PP'],
      [{ jawOpen: 0.7 }, 'aa'],
      [{ mouthPucker: 0.9 }, 'U'],
      [{ mouthFunnel: 0.8, jawOpen: 0.35 }, 'O'],
    ] as const) {
      rig.setFrame(frame(set));
      rig.update(1 / 60);
      expect(top(), JSON.stringify(set)).toBe(expected);
      expect(sum()).toBeLessThanOrEqual(1 + 1e-6);
    }
    expect(rig.describe().meshes[0]).toMatchObject({ name: 'Wolf3D_Head', strategy: 'oculus-visemes' });
  });

  it('drives an extra expression target (the shape a VRM adapter will have)', () => {
    const values = new Map<string, number>();
    const vrm: ExpressionTarget = {
      label: 'vrm',
      projection: VOWEL_PROJECTION,
      getValue: (i) => values.get(VOWEL_NAMES[i]) ?? 0,
      setValue: (i, v) => void values.set(VOWEL_NAMES[i], v),
    };
    const rig = new FaceRig(new Group(), { expressionTargets: [vrm] });
    rig.setFrame(frame({ jawOpen: 0.6 }));
    rig.update(1 / 60);
    expect(values.get('aa')).toBeCloseTo(1, 6);
    expect(rig.describe().expressionTargets).toEqual([{ label: 'vrm', strategy: 'vrm-vowels', channels: [...VOWEL_NAMES] }]);
    rig.dispose();
    expect(values.get('aa')).toBe(0);
  });
});

describe('FaceRig bones', () => {
  it.each([false, true])('composes neck (40 %%) and head (60 %%) into the frame rotation, in the root axes, YXZ (plain objects: %s)', (plainObjects) => {
    const { root, neck, head } = character({ plainObjects });
    root.updateWorldMatrix(true, true);
    const C = world(root);
    const headRest = world(head);
    const neckRest = world(neck);
    const rig = new FaceRig(root);
    expect(rig.bones.head).toBe(head);
    expect(rig.bones.neck).toBe(neck);
    const rotation = { pitch: 0.3, yaw: -0.5, roll: 0.2 };
    rig.setFrame(frame({}, rotation));
    rig.update(1 / 60);

    const R = q(rotation.pitch, rotation.yaw, rotation.roll, 'YXZ');
    const inRoot = (r: Quaternion, rest: Quaternion) => C.clone().multiply(r).multiply(C.clone().invert()).multiply(rest);
    expect(world(head).angleTo(inRoot(R, headRest))).toBeLessThan(1e-6);
    const Rn = new Quaternion().slerp(R, 0.4);
    expect(world(neck).angleTo(inRoot(Rn, neckRest))).toBeLessThan(1e-6);
    expect(Rn.angleTo(new Quaternion())).toBeCloseTo(0.4 * R.angleTo(new Quaternion()), 9);
  });

  it('positive pitch tips the face down, positive yaw turns it to +X (character left)', () => {
    const head = Object.assign(new Bone(), { name: 'Head' });
    const rig = new FaceRig(new Group().add(head));
    const forward = () => new Vector3(0, 0, 1).applyQuaternion(world(head));
    rig.setFrame(frame({}, { pitch: 0.2, yaw: 0, roll: 0 }));
    rig.update(0);
    expect(forward().y).toBeCloseTo(-Math.sin(0.2), 9);
    rig.setFrame(frame({}, { pitch: 0, yaw: 0.2, roll: 0 }));
    rig.update(0);
    expect(forward().x).toBeCloseTo(Math.sin(0.2), 9);
  });

  it('gaze drives the eye bones and the eyeLook weights are not applied on top', () => {
    const { root, head, leftEye, rightEye, face } = character();
    root.updateWorldMatrix(true, true);
    const C = world(root);
    const rest = { l: world(leftEye), r: world(rightEye) };
    const rig = new FaceRig(root);
    expect(rig.describe().eyes).toBe('bones');
    const gaze = { pitch: 0.1, yaw: 0.25 };
    rig.setFrame(frame({ eyeLookOutLeft: 1, eyeLookInRight: 1, eyeLookUpLeft: 0.5 }, { pitch: 0, yaw: 0, roll: 0 }, gaze));
    rig.update(1 / 60);
    const G = q(gaze.pitch, gaze.yaw, 0, 'YXZ');
    const inRoot = (rest: Quaternion) => C.clone().multiply(G).multiply(C.clone().invert()).multiply(rest);
    expect(world(leftEye).angleTo(inRoot(rest.l))).toBeLessThan(1e-6);
    expect(world(rightEye).angleTo(inRoot(rest.r))).toBeLessThan(1e-6);
    expect(infl(face, 'eyeLookOutLeft')).toBe(0);
    expect(infl(face, 'eyeLookInRight')).toBe(0);
    expect(rig.gazeActive).toBe(true);

    // No gaze: the eyeLook weights turn the bones (25 degrees per unit), still not the morphs.
    rig.setFrame(frame({ eyeLookOutLeft: 1, eyeLookInRight: 1 }));
    rig.update(1 / 60);
    const E = q(0, (25 * Math.PI) / 180, 0, 'YXZ');
    expect(world(leftEye).angleTo(C.clone().multiply(E).multiply(C.clone().invert()).multiply(rest.l))).toBeLessThan(1e-6);
    expect(world(rightEye).angleTo(C.clone().multiply(E).multiply(C.clone().invert()).multiply(rest.r))).toBeLessThan(1e-6);
    expect(infl(face, 'eyeLookOutLeft')).toBe(0);
    expect(head).toBeDefined();
  });

  it("eyes: 'morphs' leaves the eye bones alone and applies the eyeLook morphs", () => {
    const { root, leftEye, face } = character();
    const rest = leftEye.quaternion.clone();
    const rig = new FaceRig(root, { eyes: 'morphs' });
    rig.setFrame(frame({ eyeLookOutLeft: 0.8 }, undefined, { pitch: 0.3, yaw: 0.3 }));
    rig.update(1 / 60);
    expect(leftEye.quaternion.equals(rest)).toBe(true);
    expect(infl(face, 'eyeLookOutLeft')).toBeCloseTo(0.8, 6);
    expect(rig.describe()).toMatchObject({ eyes: 'morphs', bones: { leftEye: null, head: 'Head' } });
  });
});

describe('FaceRig head translation', () => {
  it('moves the neck by the frame translation in the root axes and metres, through rotated and scaled parents', () => {
    const { root, neck, head } = character();
    // A centimetre armature (Mixamo style): the hips scale 0.01, so local units are centimetres.
    const hips = neck.parent!;
    hips.scale.setScalar(0.01);
    neck.position.set(0, 150, 0);
    root.updateWorldMatrix(true, true);
    const inRoot = (o: Object3D) => root.worldToLocal(o.getWorldPosition(new Vector3()));
    const rest = inRoot(neck);
    const headRest = inRoot(head);
    const rig = new FaceRig(root);
    const f = frame();
    f.head.position = { x: 0.01, y: -0.02, z: 0.005 };
    rig.setFrame(f);
    rig.update(1 / 60);
    root.updateWorldMatrix(true, true);
    const moved = inRoot(neck).sub(rest);
    expect(moved.x).toBeCloseTo(0.01, 6);
    expect(moved.y).toBeCloseTo(-0.02, 6);
    expect(moved.z).toBeCloseTo(0.005, 6);
    // The head rides along (no rotation in this frame).
    expect(inRoot(head).sub(headRest).distanceTo(moved)).toBeLessThan(1e-6);
    // Weight 0.5: halfway; headTranslation 0: stays at rest; dispose restores.
    rig.weight = 0.5;
    neck.position.set(0, 150, 0);
    rig.update(1 / 60);
    root.updateWorldMatrix(true, true);
    expect(inRoot(neck).sub(rest).x).toBeCloseTo(0.005, 6);
    rig.dispose();
    root.updateWorldMatrix(true, true);
    expect(inRoot(neck).distanceTo(rest)).toBeLessThan(1e-9);
    const off = new FaceRig(root, { headTranslation: 0 });
    off.setFrame(f);
    off.update(1 / 60);
    root.updateWorldMatrix(true, true);
    expect(inRoot(neck).distanceTo(rest)).toBeLessThan(1e-9);
    expect(() => new FaceRig(root, { headTranslation: -1 })).toThrow(/headTranslation/);
  });
});

describe('FaceRig weight, smoothing, dispose', () => {
  it('weight 0.5 blends halfway from the current value and stays there', () => {
    const { root, face, head } = character();
    const headRest = head.quaternion.clone();
    const rig = new FaceRig(root, { weight: 0.5, bones: { neck: null } });
    rig.setFrame(frame({ jawOpen: 0.8 }, { pitch: 0.4, yaw: 0, roll: 0 }));
    rig.update(1 / 60);
    expect(infl(face, 'jawOpen')).toBeCloseTo(0.4, 6);
    const full = headRest.angleTo(head.quaternion) * 2;
    expect(full).toBeCloseTo(0.4, 6);
    rig.update(1 / 60);
    expect(infl(face, 'jawOpen')).toBeCloseTo(0.4, 6); // not creeping towards 0.8
    // A mixer that writes 0.2 every frame: halfway from 0.2.
    face.morphTargetInfluences![face.morphTargetDictionary!.jawOpen] = 0.2;
    rig.update(1 / 60);
    expect(infl(face, 'jawOpen')).toBeCloseTo(0.5, 6);
    rig.weight = 0;
    face.morphTargetInfluences![face.morphTargetDictionary!.jawOpen] = 0.3;
    rig.update(1 / 60);
    expect(infl(face, 'jawOpen')).toBe(0.3);
  });

  it('smoothing converges and is frame-rate independent', () => {
    const make = () => {
      const { root, face, head } = character();
      const rig = new FaceRig(root, { smoothing: 0.05 });
      rig.setFrame(frame({ jawOpen: 1 }, { pitch: 0.3, yaw: 0.1, roll: 0 }));
      return { rig, face, head };
    };
    const a = make();
    const b = make();
    a.rig.update(0.02);
    b.rig.update(0.01);
    b.rig.update(0.01);
    // Exponential smoothing: two steps of dt/2 equal one of dt up to rounding.
    expect(Math.abs(infl(a.face, 'jawOpen') - infl(b.face, 'jawOpen'))).toBeLessThan(1e-9);
    expect(infl(a.face, 'jawOpen')).toBeCloseTo(1 - Math.exp(-0.02 / 0.05), 9);
    expect(a.head.quaternion.angleTo(b.head.quaternion)).toBeLessThan(1e-6);
    for (let i = 0; i < 120; i++) a.rig.update(1 / 60);
    expect(infl(a.face, 'jawOpen')).toBeCloseTo(1, 6);
  });

  it('dispose restores the rest pose and the morph values found, then refuses work', () => {
    const { root, face, neck, head, leftEye } = character();
    face.morphTargetInfluences![face.morphTargetDictionary!.mouthSmileLeft] = 0.15;
    const rest = [neck, head, leftEye].map((b) => b.quaternion.clone());
    const rig = new FaceRig(root);
    rig.setFrame(frame({ mouthSmileLeft: 1, jawOpen: 1 }, { pitch: 0.3, yaw: 0.3, roll: 0.3 }, { pitch: 0.2, yaw: 0.2 }));
    rig.update(1 / 60);
    expect(head.quaternion.equals(rest[1])).toBe(false);
    rig.dispose();
    rig.dispose();
    [neck, head, leftEye].forEach((b, i) => expect(b.quaternion.equals(rest[i])).toBe(true));
    expect(infl(face, 'mouthSmileLeft')).toBe(0.15);
    expect(infl(face, 'jawOpen')).toBe(0);
    expect(() => rig.update(1 / 60)).toThrow(MouthpieceError);
    expect(() => rig.setFrame(frame())).toThrow(/disposed/);
  });

  it('describe() reports what was bound and what is missing', () => {
    const root = new Group().add(makeMesh(['jawOpen', 'EyeBlinkLeft', 'extra'], 'Face'), Object.assign(new Bone(), { name: 'Head' }));
    const r = new FaceRig(root).describe();
    expect(r.found).toEqual([
      { name: 'eyeBlinkLeft', targets: ['Face/EyeBlinkLeft'] },
      { name: 'jawOpen', targets: ['Face/jawOpen'] },
    ]);
    expect(r.missing).toHaveLength(50);
    expect(r.meshes).toEqual([{ name: 'Face', strategy: 'arkit', arkit: ['jawOpen', 'eyeBlinkLeft'], channels: [], unmatched: ['extra'] }]);
    expect(r.bones).toEqual({ head: 'Head', neck: null, leftEye: null, rightEye: null });
    expect(r.eyes).toBe('morphs');
  });

  it('names the bad argument', () => {
    const { root } = character();
    expect(() => new FaceRig(undefined as never)).toThrow('Expected a three.js Object3D for root but received undefined');
    expect(() => new FaceRig(root, { weight: 2 })).toThrow('Expected number in [0, 1] for options.weight but received 2');
    expect(() => new FaceRig(root, { smoothing: -1 })).toThrow('Expected non-negative number for options.smoothing but received -1');
    expect(() => new FaceRig(root, { neckShare: NaN })).toThrow(/options.neckShare but received NaN/);
    expect(() => new FaceRig(root, { eyes: 'x' as never })).toThrow(`Expected 'bones' or 'morphs' for options.eyes but received "x"`);
    const rig = new FaceRig(root);
    expect(() => rig.update(-1)).toThrow('Expected non-negative number for delta but received -1');
    expect(() => (rig.weight = Infinity)).toThrow('Expected number in [0, 1] for weight but received Infinity');
    expect(() => rig.setFrame({ ...frame(), weights: new Float32Array(10) })).toThrow(
      'Expected 52 blendshape weights for frame.weights but received Float32Array of length 10',
    );
    expect(() => rig.setFrame({ ...frame(), gaze: { pitch: NaN, yaw: 0 } })).toThrow(/frame.gaze/);
    expect(() => rig.setFrame(null as never)).toThrow(/for frame but received null/);
  });
});

describe('FaceRig allocation', () => {
  it('100,000 setFrame + update calls allocate nothing (no GC, flat heap)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (vitest forks pool)').toBeTypeOf('function');
    const { root } = character();
    root.add(makeMesh(VISEME_NAMES.map((v) => `viseme_${v}`), 'Wolf3D_Teeth'), makeMesh(['aa', 'ih', 'ou', 'ee', 'oh'], 'Vrmish'));
    const rig = new FaceRig(root, { smoothing: 0.04, weight: 0.8 });
    const frames = [
      frame({ jawOpen: 0.5, mouthFunnel: 0.3, eyeLookOutLeft: 0.4 }, { pitch: 0.1, yaw: -0.2, roll: 0.05 }),
      frame({ mouthPressLeft: 0.6, mouthPressRight: 0.6, eyeBlinkLeft: 1 }, { pitch: -0.1, yaw: 0.2, roll: 0 }, { pitch: 0.05, yaw: -0.1 }),
    ];
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        rig.setFrame(frames[i & 1]);
        rig.update(1 / 60);
      }
    };
    const r = await measureAllocation(run, 20_000);
    expect(r.gcs).toEqual([]);
    // Under 10 bytes a call: anything allocating per frame would show megabytes.
    expect(r.heapGrowth).toBeLessThan(1_000_000);
  });
});
