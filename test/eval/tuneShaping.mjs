#!/usr/bin/env node
// Chooses the viseme shaping (src/runtime/shapeLipsByViseme.ts) of a model on
// held-out TTS voices only (never on the real speech the eval reports), with
// the model's seal in place: among strength {0.5, 0.75, 1} x sharpness
// {1, 2, 4}, the settings whose closure recall falls by at most 0.01, false
// closures rise by at most 0.005, aperture r falls by at most 0.01 and jitter
// rises by at most 10 % against no shaping; of those, the lowest false
// closures (a must-target of the motion model issue), then the higher viseme
// accuracy, then the lower strength.
//
//   node test/eval/tuneShaping.mjs --model default --corpus DIR [--seal FROM..TO] [--advance K] [--tts-max 200]
import { parseArgs } from 'node:util';

import { heldOutTts } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { modelSystem, parseAdvance, parseSeal, runTimeOptions } from './systems.mjs';

const { values } = parseArgs({
  options: { model: { type: 'string', default: 'default' }, corpus: { type: 'string' }, seal: { type: 'string' }, advance: { type: 'string' }, 'tts-max': { type: 'string', default: '200' } },
});
if (!values.corpus) throw new Error('--corpus DIR is required (a corpus built with --audio)');
const clips = await heldOutTts(values.corpus, Number(values['tts-max']));
const seal = parseSeal(values.seal);
const advance = parseAdvance(values.advance);
const candidates = [false];
for (const strength of [0.5, 0.75, 1]) for (const sharpness of [1, 2, 4]) candidates.push({ strength, sharpness });
const rows = [];
for (const shaping of candidates) {
  const s = await modelSystem(values.model, 'm', { ...runTimeOptions({ seal, advance }), visemeShaping: shaping });
  const r = await scoreLabelled(s, clips);
  await s.close();
  rows.push({ shaping, recall: r.closureRecall, falseClosures: r.falseClosures, viseme: r.visemeAccuracy, r: r.apertureR, jitter: r.jitter });
  process.stdout.write(
    `${shaping ? `shaping ${shaping.strength},${shaping.sharpness}` : 'no shaping  '}  closure recall ${r.closureRecall.toFixed(3)}  false closures ${r.falseClosures.toFixed(4)}  viseme ${r.visemeAccuracy.toFixed(3)}  aperture r ${r.apertureR.toFixed(3)}  jitter ${r.jitter.toFixed(4)}\n`,
  );
}
const base = rows[0];
const ok = rows.filter((x) => x.shaping && x.recall >= base.recall - 0.01 && x.falseClosures <= base.falseClosures + 0.005 && x.r >= base.r - 0.01 && x.jitter <= base.jitter * 1.1);
const r3 = (v) => Math.round(v * 1000);
ok.sort((a, b) => r3(a.falseClosures) - r3(b.falseClosures) || r3(b.viseme) - r3(a.viseme) || a.shaping.strength - b.shaping.strength);
process.stdout.write(`chosen: ${ok.length ? `${ok[0].shaping.strength},${ok[0].shaping.sharpness}` : 'none (no setting keeps recall, false closures, r and jitter within bounds)'} (${clips.length} held-out TTS utterances)\n`);
