// The three.js layer's per-frame cost: FaceRig.update (52 ARKit morphs,
// neck/head/eye bones) and the animation layers, for 1, 10 and 100
// avatars, against a naive reference measured in the same run: writing
// each weight into morphTargetInfluences through a name lookup in
// morphTargetDictionary every frame (what an app without the rig does).
import { Bone, BufferGeometry, Float32BufferAttribute, Group, Mesh } from 'three';

import { BLENDSHAPE_NAMES } from '../../dist/api/index.js';
import { AnimationLayers } from '../../dist/animation/index.js';
import { FaceRig } from '../../dist/three/index.js';
import { time } from './timing.mjs';

const FRAMES = 600; // 10 s at 60 fps

function avatar() {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(new Float32Array(9), 3));
  geometry.morphAttributes.position = BLENDSHAPE_NAMES.map((n) => Object.assign(new Float32BufferAttribute(new Float32Array(9), 3), { name: n }));
  const face = Object.assign(new Mesh(geometry), { name: 'Face' });
  const root = new Group();
  const neck = Object.assign(new Bone(), { name: 'Neck' });
  const head = Object.assign(new Bone(), { name: 'Head' });
  const le = Object.assign(new Bone(), { name: 'LeftEye' });
  const re = Object.assign(new Bone(), { name: 'RightEye' });
  root.add(neck.add(head.add(le, re)), face);
  return { root, face };
}

function frames() {
  return Array.from({ length: FRAMES }, (_, k) => {
    const weights = new Float32Array(52);
    for (let i = 0; i < 52; i++) weights[i] = 0.5 + 0.5 * Math.sin(k * 0.1 + i);
    return { time: k / 60, weights, head: { rotation: { pitch: 0.05 * Math.sin(k * 0.05), yaw: 0.03, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };
  });
}

export async function rigBench() {
  const fs = frames();
  const rows = [];
  for (const n of [1, 10, 100]) {
    const avatars = Array.from({ length: n }, avatar);
    const naive = await time(() => {
      for (const f of fs) for (const a of avatars) for (let i = 0; i < 52; i++) a.face.morphTargetInfluences[a.face.morphTargetDictionary[BLENDSHAPE_NAMES[i]]] = f.weights[i];
    }, 5, { warmup: true });
    const rigs = avatars.map((a) => new FaceRig(a.root));
    const rig = await time(() => {
      for (const f of fs) for (const r of rigs) {
        r.setFrame(f);
        r.update(1 / 60);
      }
    }, 5, { warmup: true });
    const layers = rigs.map((_, i) => new AnimationLayers({ seed: i + 1 }));
    const scratch = fs.map((f) => ({ ...f, weights: f.weights.slice(), head: { rotation: { ...f.head.rotation }, position: { ...f.head.position } } }));
    const both = await time(() => {
      for (let k = 0; k < FRAMES; k++) for (let i = 0; i < rigs.length; i++) {
        const f = scratch[k];
        layers[i].apply(f, 1 / 60);
        rigs[i].setFrame(f);
        rigs[i].update(1 / 60);
      }
    }, 5, { warmup: true });
    rows.push({ n, naive: (naive * 1000) / FRAMES, rig: (rig * 1000) / FRAMES, both: (both * 1000) / FRAMES });
    rigs.forEach((r) => r.dispose());
  }
  const header = ['avatars', 'naive morph writes (ref), us/frame', 'FaceRig setFrame+update, us/frame', 'rig / ref', '+ AnimationLayers, us/frame'];
  const body = rows.map((r) => [String(r.n), r.naive.toFixed(1), r.rig.toFixed(1), `${(r.rig / r.naive).toFixed(2)}x the time`, r.both.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c) => '| ' + c.map((x, i) => x.padEnd(widths[i])).join(' | ') + ' |';
  return [
    `three.js layer: ${FRAMES} frames, 52 ARKit morphs + neck/head/eye bones per avatar (morphs and bones only; no rendering); medians of 5 runs`,
    line(header),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...body.map(line),
  ].join('\n') + '\n';
}
