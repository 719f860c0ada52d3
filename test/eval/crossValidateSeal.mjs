#!/usr/bin/env node
// Leave-one-clip-out cross-validation of the bilabial seal and its acoustic
// check on the real labelled clips: for each clip, the setting is chosen on
// the other clips, and the clip is scored under that choice; the held-out
// scores, pooled, estimate what choosing on real speech gives on speech it
// was not chosen on. Then the same criterion on all clips names the setting
// that procedure would ship.
//
// Criterion (fixed before this script first ran): sealCriterion.mjs.
//
//   node test/eval/crossValidateSeal.mjs [--model default] [--dips 0,3,6,9,12,15] [--json FILE]
//
// One speaker, three clips: the folds test other sentences, not other voices.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { labelledSpeech } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { chooseSeal, sealGrid } from './sealCriterion.mjs';
import { formatSeal, modelSystem } from './systems.mjs';

const { values } = parseArgs({ options: { model: { type: 'string', default: 'default' }, dips: { type: 'string', default: '0,3,6,9,12,15' }, json: { type: 'string' } } });
const dips = values.dips.split(',').map(Number);
const settings = sealGrid(dips);
const clips = await labelledSpeech();

// Per setting and clip: closure events closed / all, false-closure frames closed / judged.
const counts = [];
for (const seal of settings) {
  const s = await modelSystem(values.model, 'm', { bilabialSeal: seal });
  const perClip = [];
  for (const clip of clips) {
    const r = await scoreLabelled(s, [clip]);
    perClip.push({ closed: r.closuresClosed, events: r.closureEvents, fcClosed: r.falseClosureClosed, fcFrames: r.falseClosureFrames });
  }
  await s.close();
  counts.push({ seal, perClip });
}

const pool = (perClip, idx) => {
  const t = { closed: 0, events: 0, fcClosed: 0, fcFrames: 0 };
  for (const i of idx) for (const k of Object.keys(t)) t[k] += perClip[i][k];
  return { ...t, recall: t.closed / t.events, fc: t.fcClosed / t.fcFrames };
};
const name = (seal) => (seal ? formatSeal(seal) : 'off');

/** The criterion ({@link chooseSeal}) over the pooled scores of clips `idx`. */
const choose = (idx) => chooseSeal(counts.map((c) => ({ seal: c.seal, ...pool(c.perClip, idx) })));

const all = clips.map((_, i) => i);
const held = { closed: 0, events: 0, fcClosed: 0, fcFrames: 0 };
const folds = [];
for (const i of all) {
  const train = all.filter((j) => j !== i);
  const pick = choose(train);
  const test = counts.find((c) => c.seal === pick.seal).perClip[i];
  for (const k of Object.keys(held)) held[k] += test[k];
  folds.push({ heldOut: clips[i].name, chosen: name(pick.seal), trainRecall: pick.recall, trainFc: pick.fc, ...test });
  process.stdout.write(`fold ${clips[i].name}: chosen on the others ${name(pick.seal)} (recall ${pick.recall.toFixed(3)}, false closures ${pick.fc.toFixed(3)}); on ${clips[i].name}: closures ${test.closed}/${test.events}, false-closure frames ${test.fcClosed}/${test.fcFrames}\n`);
}
const cv = { recall: held.closed / held.events, fc: held.fcClosed / held.fcFrames, ...held };
process.stdout.write(`cross-validated (${values.model}): closure recall ${cv.recall.toFixed(3)} (${held.closed}/${held.events}), false closures ${cv.fc.toFixed(3)} (${held.fcClosed}/${held.fcFrames}); targets ${cv.recall >= 0.85 && cv.fc <= 0.03 ? 'met' : 'not met'}\n`);
const final = choose(all);
process.stdout.write(`chosen on all clips: ${name(final.seal)} (recall ${final.recall.toFixed(3)}, false closures ${final.fc.toFixed(3)}; chosen on these clips, so not an estimate)\n`);
if (values.json) writeFileSync(values.json, JSON.stringify({ model: values.model, dips, folds, crossValidated: cv, chosen: final.seal, chosenScore: { recall: final.recall, fc: final.fc } }, null, 2));
