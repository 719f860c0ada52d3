#!/usr/bin/env node
// Chooses the bilabial seal (src/runtime/sealBilabials.ts) on held-out TTS
// voices only (never on the real speech the eval reports), in three steps:
//  1. thresholds without the acoustic check: the seal with the highest
//     closure recall whose false closures on open vowels rise by at most
//     0.005 and whose aperture correlation falls by at most 0.01 against the
//     unsealed model (a seal that fires early or late closes frames around
//     the p/b/m, which the correlation sees);
//  2. the acoustic check (ClosureDipGate) with those thresholds: the
//     deepest dipDb whose closure recall falls by at most 0.01 and aperture
//     correlation by at most 0.01 against step 1 (the check should cost no
//     closure on voices whose closures are known, and everything it removes
//     elsewhere is a closure the sound rules out);
//  3. the thresholds again as in step 1, now with that dipDb (a checked
//     seal may afford a more eager detector).
// Steps 2 and 3 run with --gate only: the built-in models ship without the
// check (see the model card), and step 1 alone is how their seals were chosen.
//
//   node test/eval/tuneSeal.mjs --model default --corpus DIR [--shaping S,G] [--advance K] [--tts-max 200] [--gate]
//
// --shaping and --advance give a model file the run-time it will ship with (a built-in model has its own).
import { parseArgs } from 'node:util';

import { heldOutTts } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { formatSeal, modelSystem, parseAdvance, parseShaping, runTimeOptions } from './systems.mjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'default' },
    corpus: { type: 'string' },
    shaping: { type: 'string' },
    advance: { type: 'string' },
    'tts-max': { type: 'string', default: '200' },
    gate: { type: 'boolean', default: false },
  },
});
const own = runTimeOptions({ shaping: parseShaping(values.shaping), advance: parseAdvance(values.advance) });
if (!values.corpus) throw new Error('--corpus DIR is required (a corpus built with --audio)');
const clips = await heldOutTts(values.corpus, Number(values['tts-max']));

async function score(seal) {
  const s = await modelSystem(values.model, 'm', { ...own, bilabialSeal: seal });
  const r = await scoreLabelled(s, clips);
  await s.close();
  const row = { seal, recall: r.closureRecall, falseClosures: r.falseClosures, r: r.apertureR, jitter: r.jitter };
  process.stdout.write(`${seal ? `seal ${formatSeal(seal)}`.padEnd(20) : 'no seal'.padEnd(20)}  closure recall ${row.recall.toFixed(3)}  false closures ${row.falseClosures.toFixed(4)}  aperture r ${row.r.toFixed(3)}  jitter ${row.jitter.toFixed(4)}\n`);
  return row;
}

/** Step 1 and 3: the thresholds with the highest recall within the false-closure and correlation allowances. */
async function chooseThresholds(base, froms, dipDb) {
  const rows = [];
  for (const from of froms) for (const width of [0.1, 0.2]) rows.push(await score({ from, to: Math.round((from + width) * 100) / 100, ...(dipDb ? { dipDb } : {}) }));
  const ok = rows.filter((x) => x.falseClosures <= base.falseClosures + 0.005 && x.r >= base.r - 0.01);
  ok.sort((a, b) => b.recall - a.recall || b.seal.from - a.seal.from);
  return ok[0];
}

const base = await score(false);
process.stdout.write('step 1: thresholds without the acoustic check\n');
const first = await chooseThresholds(base, [0.05, 0.1, 0.15, 0.2, 0.3, 0.4], 0);
if (!first) {
  process.stdout.write(`chosen: none (no seal keeps false closures within 0.005 and r within 0.01) (${clips.length} held-out TTS utterances)\n`);
} else if (!values.gate) {
  process.stdout.write(`chosen: ${formatSeal(first.seal)} (${clips.length} held-out TTS utterances)\n`);
} else {
  process.stdout.write(`step 1 chose ${formatSeal(first.seal)}\nstep 2: the acoustic check's depth\n`);
  let dipDb = 0;
  for (const d of [3, 6, 9, 12, 15, 18, 21]) {
    const row = await score({ ...first.seal, dipDb: d });
    if (row.recall >= first.recall - 0.01 && row.r >= first.r - 0.01) dipDb = d;
  }
  process.stdout.write(`step 2 chose dipDb ${dipDb}\nstep 3: thresholds with the check\n`);
  const third = dipDb ? await chooseThresholds(base, [0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4], dipDb) : first;
  process.stdout.write(`chosen: ${formatSeal((third ?? first).seal)} (${clips.length} held-out TTS utterances)\n`);
}
