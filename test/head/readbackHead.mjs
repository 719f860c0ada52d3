#!/usr/bin/env node
// The head's per-target table: geometry (largest displacement of the face
// mesh, mm) and MediaPipe read-back (the same ARKit score on a render of
// the target at weight 1, minus the neutral render). A stylised face is
// not what MediaPipe was trained on: this reports, it does not gate.
//
//   node test/head/readbackHead.mjs [--json FILE] [--png DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { BLENDSHAPE_NAMES } from '../../dist/api/blendshapeNames.js';
import { loadFaceMeshTopology } from '../../models/head/faceMeshTopology.mjs';
import { buildHead } from '../../models/head/headGeometry.mjs';
import { openFaceReadback } from '../eval/readback/FaceReadback.mjs';
import { openHeadRenderer } from '../../scripts/video/headRenderer.mjs';

const { values } = parseArgs({ options: { json: { type: 'string' }, png: { type: 'string' }, size: { type: 'string', default: '384' } } });
const size = Number(values.size);
const head = buildHead(await loadFaceMeshTopology());
const face = head.meshes.find((m) => m.name === 'Face');
const maxMm = (name) => {
  const d = face.morphs.get(name);
  let m = 0;
  for (let i = 0; i < d.length; i += 3) m = Math.max(m, Math.hypot(d[i], d[i + 1], d[i + 2]));
  return m * 1000;
};
// Neutral, then each target alone at 1, through the library's FaceRig as the product renders it (head
// still; eyeLook* turn the eyeballs by bone, since the head has eye bones).
const pose = (k) => ({ w: BLENDSHAPE_NAMES.map((_, i) => (i === k ? 1 : 0)), r: [0, 0, 0] });
const poses = [pose(-1), ...BLENDSHAPE_NAMES.map((_, k) => pose(k))];
const renderer = await openHeadRenderer({ size });
const frames = [];
for (let i = 0; i < poses.length; i += 8) frames.push(...(await renderer.render(poses.slice(i, i + 8))));
await renderer.close();
if (values.png) {
  mkdirSync(values.png, { recursive: true });
  writeFileSync(join(values.png, 'frames.rgba'), Buffer.concat(frames.map((f) => Buffer.from(f))));
}
const rb = await openFaceReadback({ runningMode: 'IMAGE' });
const res = await rb.readRgba(frames, size, size);
await rb.close();
const neutral = res[0];
const rows = BLENDSHAPE_NAMES.map((name, k) => {
  const r = res[k + 1];
  const detected = !!r.detected;
  const delta = detected && neutral.detected ? r.blendshapes[k] - neutral.blendshapes[k] : NaN;
  return { name, geometryMm: maxMm(name), detected, readback: detected ? r.blendshapes[k] : NaN, delta, agrees: delta >= 0.1 };
});
process.stdout.write(`neutral detected: ${!!neutral.detected}\n\n| target | max displacement (mm) | detected | read-back at 1 | minus neutral | agrees (>= 0.1) |\n|---|---|---|---|---|---|\n`);
for (const r of rows) process.stdout.write(`| ${r.name} | ${r.geometryMm.toFixed(1)} | ${r.detected ? 'yes' : 'no'} | ${Number.isFinite(r.readback) ? r.readback.toFixed(2) : '—'} | ${Number.isFinite(r.delta) ? r.delta.toFixed(2) : '—'} | ${r.agrees ? 'yes' : 'no'} |\n`);
process.stdout.write(`\nagree: ${rows.filter((r) => r.agrees).length} of ${rows.filter((r) => Number.isFinite(r.delta)).length} read back (tongueOut is not output by MediaPipe)\n`);
if (values.json) writeFileSync(values.json, JSON.stringify({ size, neutralDetected: !!neutral.detected, rows }, null, 2));
