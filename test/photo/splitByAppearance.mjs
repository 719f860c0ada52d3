#!/usr/bin/env node
// Splits measurePhoto's per-portrait numbers by what the portraits show
// (portraitLabels.json: sunglasses, clear glasses, a beard or moustache,
// labelled by eye) and prints one Markdown table: are glasses and beards
// handled as well as bare faces? Reads measurePhoto's --json output; run
// measurePhoto with --portraits 100 so identity covers every portrait.
//
//   node test/photo/splitByAppearance.mjs --json build/photo/report.json
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({ options: { json: { type: 'string' }, labels: { type: 'string', default: join(here, 'portraitLabels.json') } } });
if (!opt.json) throw new Error('usage: splitByAppearance.mjs --json REPORT (measurePhoto --json output)');
const report = JSON.parse(readFileSync(opt.json, 'utf8'));
const labels = JSON.parse(readFileSync(opt.labels, 'utf8'));

const redetect = new Map(report.coverage.redetectPerPortrait.map((r) => [r.portrait, r]));
const identity = new Map(report.identity.perPortrait.map((r) => [r.portrait, r]));
const flips = report.coverage.flipsPerPortrait;
const all = [...redetect.keys()].sort();
const has = (k) => new Set(labels[k]);
const [sun, glasses, beard] = [has('sunglasses'), has('glasses'), has('beard')];
const groups = [
  ['sunglasses', (f) => sun.has(f)],
  ['clear glasses', (f) => glasses.has(f)],
  ['beard or moustache', (f) => beard.has(f)],
  ['none of these', (f) => !sun.has(f) && !glasses.has(f) && !beard.has(f)],
  ['all', () => true],
];

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const mean = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
  return s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN;
};
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const sim = (r, pose) => r?.motion?.find((m) => m.pose === pose)?.sim?.cosine;

const lines = [
  '| group | portraits | re-detection at jawOpen 0.5 + smile 0.4: median px (mouth) | at rest: median px | with a visible fold | identity portraits | PSNR dB (mean; a bit-identical render left out) | cosine jawOpen 0.7 | cosine yaw ±15° |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const [name, pick] of groups) {
  const files = all.filter(pick);
  const rd = files.map((x) => redetect.get(x)).filter(Boolean);
  const ids = files.map((x) => identity.get(x)).filter(Boolean);
  const folded = files.filter((x) => (flips[x] ?? []).some((e) => e.folds > 0)).length;
  lines.push(
    `| ${name} | ${files.length} | ${f(median(rd.map((r) => r.posed?.median)))} (${f(median(rd.map((r) => r.posed?.mouthMean)))}) | ${f(median(rd.map((r) => r.neutral?.median)))} | ${folded} | ${ids.length} | ${f(mean(ids.map((r) => r.psnr)), 1)} | ${f(mean(ids.map((r) => sim(r, 'jawOpen 0.7'))), 3)} | ${f(mean(ids.flatMap((r) => [sim(r, 'yaw +15°'), sim(r, 'yaw -15°')])), 3)} |`,
  );
}
process.stdout.write(`## Results by appearance (labels by eye; a portrait can be in several groups)\n\n${lines.join('\n')}\n`);
