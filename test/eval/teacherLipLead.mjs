#!/usr/bin/env node
// Describes how the teacher's lip lead (how far a p/b/m's full closure
// starts before the aligned phone: CoarticulationOptions.lipLeadMs, 40 ms
// shipped) sets its own closure recall and false closures on the real
// labelled clips, given the aligner's phones. For notes and the model card
// only: the teacher writes the training targets, so a false closure it
// makes with perfect phone labels is one the motion model is taught. It
// changes nothing.
//
//   node test/eval/teacherLipLead.mjs [--lead 40 --lead 20 ...]
import { parseArgs } from 'node:util';

import { labelledSpeech } from './clips.mjs';
import { scoreLabelled } from './score.mjs';
import { teacherSystemWith } from './systems.mjs';

const { values } = parseArgs({ options: { lead: { type: 'string', multiple: true } } });
const leads = (values.lead ?? ['40', '20', '10', '0']).map(Number);
if (leads.some((x) => !(x >= 0 && x <= 200))) throw new Error('--lead takes milliseconds in 0..200');
const clips = await labelledSpeech();
process.stdout.write('| teacher lipLeadMs | closure recall [95 % Wilson] | false closures (open vowels) | aperture r |\n| --- | --- | --- | --- |\n');
for (const lead of leads) {
  const s = await scoreLabelled(teacherSystemWith({ lipLeadMs: lead }), clips);
  const [lo, hi] = s.closureRecallInterval;
  const closed = Math.round(s.closureRecall * s.closureEvents);
  process.stdout.write(`| ${lead}${lead === 40 ? ' (shipped)' : ''} | ${s.closureRecall.toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}] (${closed} of ${s.closureEvents}) | ${s.falseClosures.toFixed(3)} | ${s.apertureR.toFixed(2)} |\n`);
}
