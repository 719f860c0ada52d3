#!/usr/bin/env node
// Describes, on the real labelled clips, the trade-off every bilabial seal
// setting gives each model: closure recall against false closures. For the
// model card and notes only: seals are chosen on held-out TTS voices
// (tuneSeal.mjs), never from this table, which would tune on the test
// clips. It answers one question: does any seal of any of these networks
// reach the issue's targets (recall >= 0.85 with false closures <= 0.03)?
//
//   node test/eval/sealFrontier.mjs [--model default] [--model FILE ...] [--shaping 1,1] [--advance 1] [--dips 0,6,9]
//
// --shaping and --advance apply to model files (a built-in model has its own); --dips sweeps the
// seal's acoustic check (BilabialSeal.dipDb, 0 = none) too. Default: 0 only.
import { parseArgs } from 'node:util';

import { labelledSpeech } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { sealGrid } from './sealCriterion.mjs';
import { formatSeal, modelSystem, parseAdvance, parseShaping, runTimeOptions } from './systems.mjs';

const { values } = parseArgs({ options: { model: { type: 'string', multiple: true }, shaping: { type: 'string' }, advance: { type: 'string' }, dips: { type: 'string', default: '0' } } });
const models = values.model ?? ['default'];
const own = runTimeOptions({ shaping: parseShaping(values.shaping), advance: parseAdvance(values.advance) });
const clips = await labelledSpeech();
// tuneSeal's grid, plus looser seals below it.
const seals = sealGrid(values.dips.split(',').map(Number));
process.stdout.write('| model | seal | closure recall | false closures | aperture r | both targets |\n| --- | --- | --- | --- | --- | --- |\n');
for (const model of models) {
  const isFile = /\.onnx$/.test(model);
  let best = null;
  for (const seal of seals) {
    const s = await modelSystem(model, 'm', { ...(isFile ? own : {}), bilabialSeal: seal });
    const r = await scoreLabelled(s, clips);
    await s.close();
    const both = r.closureRecall >= 0.85 && r.falseClosures <= 0.03;
    if (r.closureRecall >= 0.846 && (!best || r.falseClosures < best.fc)) best = { seal, fc: r.falseClosures };
    const k = Math.round(r.closureRecall * r.closureEvents);
    process.stdout.write(`| ${model} | ${seal ? formatSeal(seal) : 'off'} | ${r.closureRecall.toFixed(3)} (${k}/${r.closureEvents}) | ${r.falseClosures.toFixed(3)} | ${r.apertureR.toFixed(2)} | ${both ? 'yes' : 'no'} |\n`);
  }
  process.stdout.write(`| ${model} | lowest false closures at recall >= 0.846 | | ${best ? `${best.fc.toFixed(3)} (seal ${best.seal ? formatSeal(best.seal) : 'off'})` : 'none'} | | |\n`);
}
