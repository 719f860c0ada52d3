#!/usr/bin/env node
// Diagnostics behind the motion model cards' "How this model was chosen" and
// "Phonation" numbers (they choose nothing): (1) the labelled real clips
// scored as they are and high-passed at 60 Hz (4th-order Butterworth) before
// the model, with the seal on and off, which showed that low-frequency room
// rumble read as closed lips; (2) mean mouth aperture over the frames within
// 25 dB of each phonation clip's loudest.
//
//   node test/eval/channelDiagnostics.mjs [--model default] [--model FILE ...] [--seal FROM..TO]
//
// --seal: the seal of the model files (their own, from tuneSeal.mjs); built-in models keep theirs.
// Without it a file gets the engine's cautious default seal, so its 'on' rows are not the shipped setting.
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { apertureTrack, frameLevelsDb } from '../../dist/eval/index.js';
import { BUILT_IN_MODELS } from '../../dist/runtime/builtInModelSettings.js';
import { labelledSpeech, MFA, read16k } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { modelSystem, parseSeal } from './systems.mjs';

const { values } = parseArgs({ options: { model: { type: 'string', multiple: true }, seal: { type: 'string' } } });
const models = values.model ?? ['default'];
const fileSeal = parseSeal(values.seal);
/** Engine options for model `m` with the seal on: a file's own seal when given. */
const sealOn = (m) => (fileSeal && !(m in BUILT_IN_MODELS) ? { bilabialSeal: fileSeal } : {});
const PHONATION = ['mfa_creaky', 'mfa_whisper', 'mfa_falsetto', 'mfa_laughter', 'mfa_breathy', 'mfa_words', 'mfa_long', 'mfa_thoughts'];

/** 2nd-order Butterworth high-pass sections in cascade (causal), `order` even. */
function highPass(pcm, hz, order = 4) {
  let x = Float32Array.from(pcm);
  const w = (2 * Math.PI * hz) / 16000;
  const c = Math.cos(w);
  const al = Math.sin(w) / Math.SQRT2;
  const [b0, b1, b2, a0, a1, a2] = [(1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + al, -2 * c, 1 - al];
  for (let s = 0; s < order / 2; s++) {
    const y = new Float32Array(x.length);
    let [x1, x2, y1, y2] = [0, 0, 0, 0];
    for (let i = 0; i < x.length; i++) {
      const v = (b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2) / a0;
      [x2, x1, y2, y1] = [x1, x[i], y1, v];
      y[i] = v;
    }
    x = y;
  }
  return x;
}

const f = (v, d = 2) => v.toFixed(d);
const clips = await labelledSpeech();
const filtered = clips.map((c) => ({ ...c, pcm: highPass(c.pcm, 60) }));
console.log('| model | seal | input | closure recall | false closures | aperture r | rest |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const m of models) {
  for (const seal of [true, false]) {
    const sys = await modelSystem(m, m, seal ? sealOn(m) : { bilabialSeal: false });
    for (const [input, cs] of [['as recorded', clips], ['high-passed 60 Hz', filtered]]) {
      const r = await scoreLabelled(sys, cs);
      console.log(`| ${m} | ${seal ? 'on' : 'off'} | ${input} | ${f(r.closureRecall)} | ${f(r.falseClosures, 3)} | ${f(r.apertureR)} | ${f(r.restShare)} |`);
    }
    await sys.close();
  }
}
console.log('\n| model | ' + PHONATION.join(' | ') + ' |');
console.log('| --- | ' + PHONATION.map(() => '---').join(' | ') + ' |');
for (const m of models) {
  const sys = await modelSystem(m, m, sealOn(m));
  const cells = [];
  for (const name of PHONATION) {
    const pcm = await read16k(join(MFA, `${name}.flac`));
    const ap = apertureTrack({ weights: (await sys.run(pcm, 100)).weights, fps: 100 });
    const db = frameLevelsDb(pcm, 100);
    const loud = Math.max(...db);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < ap.length; i++) {
      if (db[Math.min(i, db.length - 1)] > loud - 25) {
        sum += ap[i];
        n++;
      }
    }
    cells.push(f(sum / n, 3));
  }
  console.log(`| ${m} | ${cells.join(' | ')} |`);
  await sys.close();
}
process.exit(0);
