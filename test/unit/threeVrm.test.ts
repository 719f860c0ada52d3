import { VRMExpression, VRMExpressionManager, VRMExpressionMorphTargetBind } from '@pixiv/three-vrm';
import { BufferGeometry, Float32BufferAttribute, Mesh, MeshBasicMaterial, Object3D } from 'three';
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import type { Frame } from '../../src/api/Frame.js';
import { arkitToVowels } from '../../src/three/vowelProjection.js';
import { createVrmFaceRig, vrmExpressionTarget } from '../../src/three/vrmFaceRig.js';

// A VRM as three-vrm builds it: expressions bound to morphs of a face mesh,
// driven through the real VRMExpressionManager; normalized humanoid bones.
const MORPHS = ['Fcl_ALL_Neutral', 'MTH_A_custom', 'MTH_I_custom', 'MTH_U_custom', 'MTH_E_custom', 'MTH_O_custom', 'EYE_Close_L', 'EYE_Close_R'];
const EXPRESSIONS = ['aa', 'ih', 'ou', 'ee', 'oh', 'blinkLeft', 'blinkRight'];

function makeVrm(withBlink = true) {
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(new Float32Array(9), 3));
  g.morphAttributes.position = MORPHS.map((n) => Object.assign(new Float32BufferAttribute(new Float32Array(9), 3), { name: n }));
  const face = new Mesh(g, new MeshBasicMaterial());
  face.name = 'Face';
  face.updateMorphTargets();
  const scene = new Object3D();
  const neck = Object.assign(new Object3D(), { name: 'Normalized_Neck' });
  const head = Object.assign(new Object3D(), { name: 'Normalized_Head' });
  const leftEye = Object.assign(new Object3D(), { name: 'Normalized_LeftEye' });
  const rightEye = Object.assign(new Object3D(), { name: 'Normalized_RightEye' });
  scene.add(neck);
  neck.add(head);
  head.add(leftEye, rightEye, face);
  const em = new VRMExpressionManager();
  EXPRESSIONS.forEach((name, i) => {
    if (!withBlink && name.startsWith('blink')) return;
    const e = new VRMExpression(name);
    e.addBind(new VRMExpressionMorphTargetBind({ primitives: [face], index: i + 1, weight: 1 }));
    em.registerExpression(e);
    scene.add(e);
  });
  const bones: Record<string, Object3D> = { neck, head, leftEye, rightEye };
  return { vrm: { scene, expressionManager: em, humanoid: { getNormalizedBoneNode: (n: string) => bones[n] ?? null } }, face, em, bones };
}

function frame(set: Partial<Record<keyof typeof BLENDSHAPE_INDEX, number>>, yaw = 0): Frame {
  const weights = new Float32Array(52);
  for (const [k, v] of Object.entries(set)) weights[BLENDSHAPE_INDEX[k as keyof typeof BLENDSHAPE_INDEX]] = v!;
  return { time: 0, weights, head: { rotation: { pitch: 0, yaw, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };
}

describe('VRM (three-vrm expression manager and humanoid)', () => {
  it('mouth vowels and blinks reach the VRM morphs through three-vrm, head and eyes through its normalized bones', () => {
    const { vrm, face, em, bones } = makeVrm();
    const rig = createVrmFaceRig(vrm);
    const f = frame({ jawOpen: 0.8, mouthFunnel: 0.1, eyeBlinkLeft: 0.9, eyeBlinkRight: 0.2, eyeLookOutLeft: 0.5, eyeLookInRight: 0.5 }, 0.2);
    rig.setFrame(f);
    rig.update(1 / 60);
    em.update();
    const vowels = arkitToVowels(f.weights, new Float32Array(5));
    const infl = face.morphTargetInfluences!;
    expect(vowels[0]).toBeGreaterThan(0.3); // an open jaw reads as 'aa'
    for (let i = 0; i < 5; i++) expect(infl[i + 1]).toBeCloseTo(Math.min(1, vowels[i]), 5);
    expect(infl[6]).toBeCloseTo(0.9, 5);
    expect(infl[7]).toBeCloseTo(0.2, 5);
    expect(infl[0]).toBe(0); // unbound morphs untouched
    // Head yaw shared by the head and neck bones; both eyes turned to the character's left.
    expect(bones.head.quaternion.y + bones.neck.quaternion.y).toBeGreaterThan(0.05);
    expect(bones.leftEye.quaternion.y).toBeGreaterThan(0.01);
    expect(bones.rightEye.quaternion.y).toBeGreaterThan(0.01);
    expect(rig.describe()).toBeTruthy();
    rig.dispose();
  });

  it('a VRM without blink expressions still drives the mouth; a non-VRM is refused by name', () => {
    const { vrm, face, em } = makeVrm(false);
    const target = vrmExpressionTarget(vrm);
    expect([0, 1, 2, 3, 4].map((i) => target.has!(i))).toEqual([true, true, true, true, true]);
    expect(target.has!(5)).toBe(false);
    const rig = createVrmFaceRig(vrm);
    rig.setFrame(frame({ jawOpen: 1 }));
    rig.update(1 / 60);
    em.update();
    expect(face.morphTargetInfluences![1]).toBeGreaterThan(0.3);
    rig.dispose();
    expect(() => createVrmFaceRig({ scene: new Object3D() })).toThrow(/expressionManager/);
  });
});
