#!/usr/bin/env node
// npm run eval: the motion model against an energy-only baseline and the
// teacher, on real speech (phone-labelled and not), GRID talking faces
// (read back by MediaPipe) and, with --corpus, held-out TTS voices. Prints
// Markdown tables; --json writes every number.
//
//   node test/eval/eval.mjs [--model default] [--model lowlatency] [--seal FROM..TO[@DIP]] [--shaping S,G] [--advance K] [--corpus DIR] [--tts-max N] [--no-grid] [--json FILE]
//
// --seal sets the bilabial seal of every --model (a model file's own, as test/eval/tuneSeal.mjs chose it;
// @DIP adds the seal's acoustic check, BilabialSeal.dipDb;
// built-in models otherwise use the seal they ship with). --shaping likewise sets the viseme shaping
// (test/eval/tuneShaping.mjs; a model file otherwise gets none), and --advance the output advance in frames.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

import { filledPauses, heldOutTts, labelledSpeech, unlabelledSpeech } from './clips.mjs';
import { GRID_CHANNELS, gridClips, scoreGrid } from './grid.mjs';
import { scoreClosedWhileVoiced, scoreHead, scoreLabelled } from './score.mjs';
import { energySystem, modelSystem, parseAdvance, parseSeal, parseShaping, runTimeOptions, teacherSystem } from './systems.mjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', multiple: true },
    corpus: { type: 'string' },
    'tts-max': { type: 'string', default: '400' },
    'no-grid': { type: 'boolean', default: false },
    json: { type: 'string' },
    seal: { type: 'string' },
    shaping: { type: 'string' },
    advance: { type: 'string' },
  },
});
const models = values.model ?? ['default', 'lowlatency'];
const seal = parseSeal(values.seal);
const shaping = parseShaping(values.shaping);
const advance = parseAdvance(values.advance);
const t0 = performance.now();
const modelSystems = [];
const own = runTimeOptions({ seal, shaping, advance });
for (const m of models) modelSystems.push(await modelSystem(m, undefined, own));
// The first model again without the bilabial seal, without viseme shaping and without output advance, to show what each does.
modelSystems.push(await modelSystem(models[0], `model (${models[0]}, seal off)`, { ...own, bilabialSeal: false }));
modelSystems.push(await modelSystem(models[0], `model (${models[0]}, viseme shaping off)`, { ...own, visemeShaping: false }));
modelSystems.push(await modelSystem(models[0], `model (${models[0]}, output advance off)`, { ...own, outputAdvanceFrames: 0 }));
const all = [...modelSystems, energySystem, teacherSystem];
const results = { models, seal: seal ?? null, shaping: shaping ?? null, advance: advance ?? null, sections: {} };
const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const out = [];
const print = (s = '') => {
  out.push(s);
  process.stdout.write(s + '\n');
};

function lipTable(title, rows) {
  print(`### ${title}`);
  print();
  print('| system | closure recall (p/b/m) [95 % Wilson] | false closures (open vowels) | viseme accuracy | aperture r | sync offset ms | rest in pauses > 300 ms | jitter |');
  print('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    print(`| ${r.system} | ${f(r.closureRecall)} [${f(r.closureRecallInterval[0])}, ${f(r.closureRecallInterval[1])}] (${r.closureEvents} events) | ${f(r.falseClosures, 3)} | ${f(r.visemeAccuracy)} (${r.visemeSegments}) | ${f(r.apertureR)} | ${f(r.offsetMs, 0)} | ${f(r.restShare)} | ${f(r.jitter, 4)} |`);
  }
  print();
}

// 1. Real speech with forced-alignment phones.
const labelled = await labelledSpeech();
const seconds = labelled.reduce((s, c) => s + c.pcm.length / 16000, 0);
const realRows = [];
for (const s of all) realRows.push(await scoreLabelled(s, labelled));
results.sections.realLabelled = { clips: labelled.map((c) => c.name), seconds, rows: realRows };
lipTable(`Real speech, phone-labelled (${labelled.length} clips, ${seconds.toFixed(1)} s, one English speaker, MFA alignments)`, realRows);

// 2. Real speech without labels: head motion and jitter.
const unlabelled = await unlabelledSpeech();
const headRows = [];
for (const s of [...modelSystems, energySystem]) headRows.push(await scoreHead(s, [...labelled, ...unlabelled]));
results.sections.head = headRows;
print(`### Head motion and jitter on all real speech (${labelled.length + unlabelled.length} clips)`);
print();
print('| system | pitch std ° | yaw std ° | roll std ° | pitch 5-95 % ° | r(head speed, loudness) | within animation.md ranges | jitter |');
print('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of headRows) {
  const h = r.head;
  const pass = Object.entries(h.pass).map(([k, v]) => `${k} ${v ? 'yes' : 'no'}`).join(', ');
  print(`| ${r.system} | ${f(h.stdDeg.pitch)} | ${f(h.stdDeg.yaw)} | ${f(h.stdDeg.roll)} | ${f(h.rangeDeg.pitch[0], 1)}..${f(h.rangeDeg.pitch[1], 1)} | ${f(h.speedLoudnessR)} | ${pass} | ${f(r.jitter, 4)} |`);
}
print();

// 2b. Real filled pauses (no labels, no p/b/m): lips closed while the voice sounds.
const pauses = await filledPauses();
const pauseRows = [];
for (const s of [...modelSystems, energySystem]) pauseRows.push(await scoreClosedWhileVoiced(s, pauses));
results.sections.filledPauses = pauseRows;
print(`### Real filled pauses without labels (${pauses.map((c) => c.name.replace(/^mfa_/, '')).join(', ')}): lips closed on frames within 15 dB of each clip's loudest`);
print();
print(`| system | closed share (frames) | ${pauses.map((c) => c.name.replace(/^mfa_/, '')).join(' | ')} |`);
print(`| --- | --- | ${pauses.map(() => '---').join(' | ')} |`);
for (const r of pauseRows) print(`| ${r.system} | ${f(r.closedShare, 3)} (${r.closed} of ${r.frames}) | ${r.perClip.map((x) => `${x.closed}/${x.frames}`).join(' | ')} |`);
print();

// 3. GRID: correlation with a real face's read-back blendshapes.
if (!values['no-grid']) {
  const clips = await gridClips();
  const gridRows = [];
  for (const s of [...modelSystems, energySystem]) gridRows.push(await scoreGrid(s, clips));
  results.sections.grid = gridRows;
  print(`### GRID: r with the speaker's read-back blendshapes (${clips.length} clips, ${gridRows[0].frames} frames at 25 fps, 95 % block-bootstrap intervals)`);
  print();
  print(`| system | ${GRID_CHANNELS.join(' | ')} | jaw offset ms |`);
  print(`| --- | ${GRID_CHANNELS.map(() => '---').join(' | ')} | --- |`);
  for (const r of gridRows) {
    print(`| ${r.system} | ${GRID_CHANNELS.map((c) => { const x = r.channels[c]; return Number.isFinite(x.r) ? `${f(x.r)} [${f(x.lo)}, ${f(x.hi)}]` : '—'; }).join(' | ')} | ${f(r.jawOffsetMs, 0)} |`);
  }
  print();
}

// 4. Held-out TTS voices and languages.
if (values.corpus) {
  const tts = await heldOutTts(values.corpus, Number(values['tts-max']));
  const speakers = new Set(tts.map((c) => c.speaker));
  const languages = new Set(tts.map((c) => c.language));
  const rows = [];
  for (const s of all) rows.push(await scoreLabelled(s, tts));
  results.sections.heldOutTts = { utterances: tts.length, speakers: [...speakers], languages: [...languages], rows };
  lipTable(`Held-out TTS voices (${rows[0].clips} utterances scored, ${rows[0].skipped} skipped for unscorable labels; ${speakers.size} voices, ${languages.size} languages; the teacher here is the training target)`, rows);
  // Per language, first model only (the other languages are measured only here).
  const perLanguage = [];
  for (const lang of [...languages].sort()) {
    const subset = tts.filter((c) => c.language === lang);
    const voices = new Set(subset.map((c) => c.speaker)).size;
    const r = await scoreLabelled(modelSystems[0], subset);
    const e = await scoreLabelled(energySystem, subset);
    perLanguage.push({ language: lang, utterances: subset.length, voices, model: r, energy: e });
  }
  results.sections.heldOutTtsPerLanguage = perLanguage;
  print(`### Held-out TTS voices per language (${modelSystems[0].name}; energy baseline in brackets)`);
  print();
  print('| language | utterances (voices) | closure recall | false closures | aperture r | offset ms | rest |');
  print('| --- | --- | --- | --- | --- | --- | --- |');
  for (const x of perLanguage) {
    const r = x.model;
    const e = x.energy;
    print(`| ${x.language} | ${x.utterances} (${x.voices}) | ${f(r.closureRecall)} (${f(e.closureRecall)}) | ${f(r.falseClosures, 3)} (${f(e.falseClosures, 3)}) | ${f(r.apertureR)} (${f(e.apertureR)}) | ${f(r.offsetMs, 0)} | ${f(r.restShare)} (${f(e.restShare)}) |`);
  }
  print();
}

results.seconds = (performance.now() - t0) / 1000;
print(`(eval took ${results.seconds.toFixed(0)} s)`);
if (values.json) {
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(values.json, JSON.stringify({ ...results, markdown: out.join('\n') }, null, 2));
}
for (const s of modelSystems) await s.close();
process.exit(0);
