import { BufferGeometry, Float32BufferAttribute, Group, Mesh, Object3D, Bone } from 'three';
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, type BlendshapeName } from '../../src/api/index.js';
import { OCULUS_VISEMES } from '../../src/eval/oculusVisemes.js';
import { visemeWeights } from '../../src/eval/visemeWeights.js';
import {
  arkitToVisemes,
  arkitToVowels,
  findFaceBones,
  findMorphTargets,
  matchBlendshapeName,
  VISEME_NAMES,
  VISEME_PROJECTION,
  VOWEL_NAMES,
  VOWEL_PROJECTION,
} from '../../src/three/index.js';
import { mulberry32 } from '../../src/util/mulberry32.js';

function makeMesh(morphNames: readonly string[], name = 'Face'): Mesh {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(new Float32Array(9), 3));
  geometry.morphAttributes.position = morphNames.map((n) => {
    const a = new Float32BufferAttribute(new Float32Array(9), 3);
    a.name = n;
    return a;
  });
  const mesh = new Mesh(geometry);
  mesh.name = name;
  return mesh;
}

function weights(set: Partial<Record<BlendshapeName, number>>): Float32Array {
  const w = new Float32Array(BLENDSHAPE_COUNT);
  for (const [k, v] of Object.entries(set)) w[BLENDSHAPE_INDEX[k as BlendshapeName]] = v as number;
  return w;
}

const SIDE = /(Left|Right)$/;
const stem = (n: string) => n.replace(SIDE, '');
const side = (n: string) => SIDE.exec(n)?.[1] ?? '';
const withSide = (n: string, f: (s: 'Left' | 'Right') => string) => (side(n) ? stem(n) + f(side(n) as 'Left' | 'Right') : n);
const capital = (n: string) => n[0].toUpperCase() + n.slice(1);
const words = (n: string) => n.replace(/([A-Z])/g, ' $1').trim().split(' ');

/** Every spelling the binding promises, as name -> spelled name. */
const SPELLINGS: Record<string, (n: string) => string> = {
  arkit: (n) => n,
  liveLink: capital,
  appleRaw: (n) => withSide(n, (s) => `_${s[0]}`),
  dotSide: (n) => withSide(n, (s) => `.${s[0]}`),
  dashSide: (n) => withSide(n, (s) => `-${s[0]}`),
  underscoreWord: (n) => withSide(n, (s) => `_${s}`),
  bareCapital: (n) => withSide(n, (s) => s[0]),
  lower: (n) => n.toLowerCase(),
  upper: (n) => n.toUpperCase(),
  upperAppleRaw: (n) => withSide(n, (s) => `_${s[0]}`).toUpperCase(),
  snake: (n) => words(n).join('_').toLowerCase(),
  blendShapePrefix: (n) => `blendShape1.${withSide(n, (s) => `_${s[0]}`)}`,
  blendShapeDotSide: (n) => `blendShape12.${withSide(n, (s) => `.${s[0]}`)}`,
  bsPrefix: (n) => `BS_${n}`,
  arkitPrefix: (n) => `ARKit_${capital(n)}`,
  namespace: (n) => `Face:${n}`,
  characterCreator: (n) => `A${String(BLENDSHAPE_INDEX[n as BlendshapeName] + 1).padStart(2, '0')}_${words(n).map(capital).join('_')}`,
};

describe('matchBlendshapeName', () => {
  it('maps each ARKit name to its own index', () => {
    BLENDSHAPE_NAMES.forEach((n, i) => expect(matchBlendshapeName(n)).toBe(i));
  });

  it.each(Object.entries(SPELLINGS))('%s spelling matches all 52 names', (_, spell) => {
    const wrong = BLENDSHAPE_NAMES.filter((n, i) => matchBlendshapeName(spell(n)) !== i).map(spell);
    expect(wrong).toEqual([]);
  });

  it('spot checks Apple raw strings and prefixes', () => {
    expect(matchBlendshapeName('eyeBlink_L')).toBe(BLENDSHAPE_INDEX.eyeBlinkLeft);
    expect(matchBlendshapeName('mouthSmile_R')).toBe(BLENDSHAPE_INDEX.mouthSmileRight);
    expect(matchBlendshapeName('browOuterUp_L')).toBe(BLENDSHAPE_INDEX.browOuterUpLeft);
    expect(matchBlendshapeName('blendShape1.eyeBlink.L')).toBe(BLENDSHAPE_INDEX.eyeBlinkLeft);
    expect(matchBlendshapeName('A25_Jaw_Open')).toBe(BLENDSHAPE_INDEX.jawOpen);
    expect(matchBlendshapeName('mouthRollUpper')).toBe(BLENDSHAPE_INDEX.mouthRollUpper);
  });

  it('refuses what is not an ARKit name', () => {
    for (const n of ['viseme_aa', 'mouthSmile', 'mouthOpen', 'eyesClosed', 'Fcl_MTH_A', 'aa', '', 'Face_jawOpen', 'jawOpen2']) {
      expect(matchBlendshapeName(n), n).toBe(-1);
    }
  });
});

describe('findMorphTargets', () => {
  it.each(Object.entries(SPELLINGS))('binds a mesh spelled %s, all 52 names', (_, spell) => {
    const spelled = BLENDSHAPE_NAMES.map(spell);
    const mesh = makeMesh([...spelled].reverse()); // morph order unrelated to ARKit order
    const plan = findMorphTargets(new Group().add(mesh));
    expect(plan.targets).toHaveLength(52);
    BLENDSHAPE_NAMES.forEach((_n, i) => {
      expect(plan.targets[i]).toHaveLength(1);
      expect(plan.targets[i][0].morphName).toBe(spelled[i]);
      expect(plan.targets[i][0].morphIndex).toBe(51 - i);
      expect(plan.targets[i][0].mesh).toBe(mesh);
    });
    expect(plan.meshes[0].strategy).toBe('arkit');
    expect(plan.meshes[0].unmatched).toEqual([]);
  });

  it('binds every mesh, the first spelling per mesh, and reports the rest', () => {
    const head = makeMesh(['jawOpen', 'JawOpen', 'mouthSmile'], 'Head');
    const teeth = makeMesh(['jaw_open'], 'Teeth');
    const plan = findMorphTargets(new Group().add(head, teeth));
    expect(plan.targets[BLENDSHAPE_INDEX.jawOpen].map((b) => `${b.mesh.name}/${b.morphName}`)).toEqual(['Head/jawOpen', 'Teeth/jaw_open']);
    expect(plan.meshes[0].unmatched).toEqual(['JawOpen', 'mouthSmile']);
  });

  it('retargets a Ready Player Me viseme-only mesh, but not one that also has ARKit mouth morphs', () => {
    const rpm = makeMesh([...VISEME_NAMES.map((v) => `viseme_${v}`), 'eyeBlinkLeft', 'mouthSmile'], 'Wolf3D_Head');
    const both = makeMesh(['jawOpen', 'viseme_aa'], 'Both');
    const plan = findMorphTargets(new Group().add(rpm, both));
    expect(plan.meshes.map((m) => m.strategy)).toEqual(['oculus-visemes', 'arkit']);
    expect(plan.expressions).toHaveLength(1);
    expect(Array.from(plan.expressions[0].morphIndices)).toEqual(VISEME_NAMES.map((_, i) => i));
    expect(plan.targets[BLENDSHAPE_INDEX.eyeBlinkLeft][0].mesh).toBe(rpm);
    expect(plan.meshes[0].unmatched).toEqual(['mouthSmile']);
    expect(plan.meshes[1].unmatched).toEqual(['viseme_aa']);
    expect(findMorphTargets(rpm, { projections: [] }).meshes[0].strategy).toBe('arkit'); // only its eyeBlinkLeft
    expect(findMorphTargets(makeMesh(['viseme_aa']), { projections: [] }).meshes[0].strategy).toBe('none');
  });

  it.each([
    [['aa', 'ih', 'ou', 'ee', 'oh']],
    [['A', 'I', 'U', 'E', 'O']],
    [['Fcl_MTH_A', 'Fcl_MTH_I', 'Fcl_MTH_U', 'Fcl_MTH_E', 'Fcl_MTH_O']],
  ])('retargets VRM-style vowel morphs %j', (names) => {
    const plan = findMorphTargets(makeMesh(names, 'Body'));
    expect(plan.meshes[0].strategy).toBe('vrm-vowels');
    expect(Array.from(plan.expressions[0].morphIndices)).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets a user map override the automatic binding', () => {
    const mesh = makeMesh(['jawOpen', 'MouthOpen', 'TeethOpen', 'Blink_L', 'eyeBlinkRight']);
    const plan = findMorphTargets(mesh, { map: { jawOpen: ['MouthOpen', 'TeethOpen'], eyeBlinkLeft: 'Blink_L' } });
    expect(plan.targets[BLENDSHAPE_INDEX.jawOpen].map((b) => b.morphName)).toEqual(['MouthOpen', 'TeethOpen']);
    expect(plan.targets[BLENDSHAPE_INDEX.eyeBlinkLeft].map((b) => b.morphName)).toEqual(['Blink_L']);
    expect(plan.targets[BLENDSHAPE_INDEX.eyeBlinkRight].map((b) => b.morphName)).toEqual(['eyeBlinkRight']); // not in the map: automatic
    expect(plan.meshes[0].unmatched).toEqual(['jawOpen']);

    const fn = findMorphTargets(mesh, { map: (m) => (m === 'MouthOpen' ? 'jawOpen' : m === 'jawOpen' ? null : undefined) });
    expect(fn.targets[BLENDSHAPE_INDEX.jawOpen].map((b) => b.morphName)).toEqual(['MouthOpen']);
    expect(fn.targets[BLENDSHAPE_INDEX.eyeBlinkRight]).toHaveLength(1);
  });

  it('names the bad argument', () => {
    expect(() => findMorphTargets(null as never)).toThrow('Expected a three.js Object3D for root but received null');
    expect(() => findMorphTargets(makeMesh([]), { map: { jawOpn: 'x' } as never })).toThrow(/a key of options.map but received "jawOpn"/);
    expect(() => findMorphTargets(makeMesh([]), { map: { jawOpen: 'x', mouthClose: ['x'] } })).toThrow(/"x" for jawOpen and mouthClose/);
    expect(() => findMorphTargets(makeMesh(['m']), { map: () => 'nope' as never })).toThrow(/options.map\("m"\) but received "nope"/);
    expect(() => findMorphTargets(makeMesh([]), { projections: [{}] as never })).toThrow(/options.projections\[0\]/);
  });
});

describe('ARKit -> viseme projection', () => {
  const V = (name: (typeof VISEME_NAMES)[number]) => VISEME_NAMES.indexOf(name);
  const argmax = (v: ArrayLike<number>) => VISEME_NAMES[Array.from(v).reduce((b, x, i, a) => (x > a[b] ? i : b), 0)];
  const project = (set: Partial<Record<BlendshapeName, number>>) => arkitToVisemes(weights(set), new Float32Array(15));

  it('rest is silence', () => {
    const v = project({});
    expect(v[V('sil')]).toBe(1);
    expect(v.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('a closure lights PP most (jawOpen with mouthClose, pressed lips, rolled lips)', () => {
    expect(argmax(project({ jawOpen: 0.3, mouthClose: 0.3 }))).toBe('PP');
    expect(argmax(project({ mouthPressLeft: 0.5, mouthPressRight: 0.5 }))).toBe('PP');
    expect(argmax(project({ mouthRollLower: 0.6, mouthRollUpper: 0.6 }))).toBe('PP');
  });

  it('an open jaw lights aa, rounding O/U, spreading E/I', () => {
    expect(argmax(project({ jawOpen: 0.6 }))).toBe('aa');
    expect(argmax(project({ mouthPucker: 1 }))).toBe('U');
    expect(argmax(project({ mouthFunnel: 0.8, jawOpen: 0.3 }))).toBe('O');
    expect(argmax(project({ mouthStretchLeft: 0.5, mouthStretchRight: 0.5, jawOpen: 0.35 }))).toBe('E');
    expect(argmax(project({ mouthSmileLeft: 0.6, mouthSmileRight: 0.6, mouthStretchLeft: 0.4, mouthStretchRight: 0.4 }))).toBe('I');
  });

  it('recovers each evaluation template except the tongue-only DD, kk, nn', () => {
    for (const v of OCULUS_VISEMES) {
      if (v === 'DD' || v === 'kk' || v === 'nn') continue;
      expect(argmax(arkitToVisemes(visemeWeights(v), new Float32Array(15))), v).toBe(v);
    }
  });

  it('weights are in [0, 1] and sum to 1 on random frames; vowels sum to <= 1', () => {
    const random = mulberry32(7);
    const v = new Float32Array(15);
    const o = new Float64Array(5);
    for (let n = 0; n < 2000; n++) {
      const w = new Float32Array(52).map(() => (random() < 0.5 ? 0 : random()));
      arkitToVisemes(w, v);
      for (const x of v) expect(x).toBeGreaterThanOrEqual(0);
      expect(Math.abs(v.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
      arkitToVowels(w, o);
      expect(o.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6);
      for (const x of o) expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it('vowels: open jaw is aa, pucker is ou, spread is ee/ih, closure is nothing', () => {
    const vowel = (set: Partial<Record<BlendshapeName, number>>) => {
      const o = arkitToVowels(weights(set), new Float32Array(5));
      return { top: VOWEL_NAMES[o.indexOf(Math.max(...o))], sum: o.reduce((a, b) => a + b, 0) };
    };
    expect(vowel({ jawOpen: 0.6 }).top).toBe('aa');
    expect(vowel({ mouthPucker: 1 }).top).toBe('ou');
    expect(vowel({ mouthFunnel: 0.8, jawOpen: 0.3 }).top).toBe('oh');
    expect(vowel({ mouthStretchLeft: 0.5, mouthStretchRight: 0.5, jawOpen: 0.35 }).top).toBe('ee');
    expect(vowel({ mouthSmileLeft: 0.6, mouthSmileRight: 0.6, mouthStretchLeft: 0.4, mouthStretchRight: 0.4 }).top).toBe('ih');
    expect(vowel({ jawOpen: 0.3, mouthClose: 0.3 }).sum).toBe(0);
  });

  it('matches morph spellings and refuses short outputs', () => {
    expect(VISEME_PROJECTION.match('viseme_PP')).toBe(1);
    expect(VISEME_PROJECTION.match('Wolf3D_Head.viseme_aa')).toBe(10);
    expect(VISEME_PROJECTION.match('vrc.v_ou')).toBe(14);
    expect(VISEME_PROJECTION.match('viseme_xx')).toBe(-1);
    expect(VISEME_PROJECTION.match('aa')).toBe(-1);
    expect(VOWEL_PROJECTION.match('Fcl_MTH_U')).toBe(2);
    expect(VOWEL_PROJECTION.match('O')).toBe(4);
    expect(VOWEL_PROJECTION.match('jawOpen')).toBe(-1);
    expect(() => arkitToVisemes(new Float32Array(52), new Float32Array(3))).toThrow('Expected at least 15 values for out but received Float32Array of length 3');
    expect(() => arkitToVisemes(new Float32Array(5), new Float32Array(15))).toThrow(/Expected 52 blendshape weights/);
  });
});

describe('findFaceBones', () => {
  it.each([
    ['Head', 'Neck', 'LeftEye', 'RightEye'],
    ['mixamorig:Head', 'mixamorig:Neck', 'mixamorig:LeftEye', 'mixamorig:RightEye'],
    ['mixamorigHead', 'mixamorigNeck', 'mixamorigLeftEye', 'mixamorigRightEye'],
    ['CC_Base_Head', 'CC_Base_NeckTwist01', 'CC_Base_L_Eye', 'CC_Base_R_Eye'],
    ['J_Bip_C_Head', 'J_Bip_C_Neck', 'J_Adj_L_FaceEye', 'J_Adj_R_FaceEye'],
    ['head', 'neck_01', 'eye_L', 'eye_R'],
    ['head', 'neck', 'eye.L', 'eye.R'],
    ['head', 'neckLower', 'lEye', 'rEye'],
  ])('finds %s, %s, %s, %s', (head, neck, left, right) => {
    const named = (n: string, o: Object3D = new Bone()) => Object.assign(o, { name: n });
    const h = named(head);
    const n = named(neck);
    const l = named(left);
    const r = named(right);
    const root = new Group().add(named('Hips').add(n.add(h.add(l, r, named('HeadTop_End')))));
    root.add(named('Wolf3D_Head', makeMesh([])), named('EyeLeft', makeMesh([]))); // meshes are never bones
    expect(findFaceBones(root)).toEqual({ head: h, neck: n, leftEye: l, rightEye: r });
  });

  it('prefers Bones, ignores a neck that does not carry the head, and takes overrides', () => {
    const plain = Object.assign(new Object3D(), { name: 'Head' });
    const bone = Object.assign(new Bone(), { name: 'Head' });
    const strayNeck = Object.assign(new Object3D(), { name: 'Neck' });
    const root = new Group().add(plain, bone, strayNeck);
    const found = findFaceBones(root);
    expect(found.head).toBe(bone);
    expect(found.neck).toBeNull();
    expect(findFaceBones(root, { head: null, neck: 'Neck' })).toMatchObject({ head: null, neck: strayNeck });
    expect(() => findFaceBones(root, { neck: 'Nope' })).toThrow(/options.bones.neck but received "Nope"/);
  });
});
