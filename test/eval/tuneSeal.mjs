#!/usr/bin/env node
// Chooses the bilabial seal's thresholds (src/runtime/sealBilabials.ts) on
// held-out TTS voices only (never on the real speech the eval reports):
// the seal with the highest closure recall whose false closures on open
// vowels rise by at most 0.005 and whose aperture correlation falls by at
// most 0.01 against the unsealed model (a seal that fires early or late
// closes frames around the p/b/m, which the correlation sees).
//
//   node test/eval/tuneSeal.mjs --model default --corpus DIR [--shaping S,G] [--advance K] [--tts-max 200]
//
// --shaping and --advance give a model file the run-time it will ship with (a built-in model has its own).
import { parseArgs } from 'node:util';

import { heldOutTts } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { modelSystem, parseAdvance, parseShaping, runTimeOptions } from './systems.mjs';

const { values } = parseArgs({
  options: { model: { type: 'string', default: 'default' }, corpus: { type: 'string' }, shaping: { type: 'string' }, advance: { type: 'string' }, 'tts-max': { type: 'string', default: '200' } },
});
const own = runTimeOptions({ shaping: parseShaping(values.shaping), advance: parseAdvance(values.advance) });
if (!values.corpus) throw new Error('--corpus DIR is required (a corpus built with --audio)');
const clips = await heldOutTts(values.corpus, Number(values['tts-max']));
const candidates = [false];
for (const from of [0.05, 0.1, 0.15, 0.2, 0.3, 0.4]) for (const width of [0.1, 0.2]) candidates.push({ from, to: Math.round((from + width) * 100) / 100 });
const rows = [];
for (const seal of candidates) {
  const s = await modelSystem(values.model, 'm', { ...own, bilabialSeal: seal });
  const r = await scoreLabelled(s, clips);
  await s.close();
  rows.push({ seal, recall: r.closureRecall, falseClosures: r.falseClosures, r: r.apertureR, jitter: r.jitter });
  process.stdout.write(`${seal ? `seal ${seal.from}..${seal.to}` : 'no seal     '}  closure recall ${r.closureRecall.toFixed(3)}  false closures ${r.falseClosures.toFixed(4)}  aperture r ${r.apertureR.toFixed(3)}  jitter ${r.jitter.toFixed(4)}\n`);
}
const base = rows[0];
const ok = rows.filter((x) => x.seal && x.falseClosures <= base.falseClosures + 0.005 && x.r >= base.r - 0.01);
ok.sort((a, b) => b.recall - a.recall || b.seal.from - a.seal.from);
process.stdout.write(`chosen: ${ok.length ? `${ok[0].seal.from}..${ok[0].seal.to}` : 'none (no seal keeps false closures within 0.005 and r within 0.01)'} (${clips.length} held-out TTS utterances)\n`);
