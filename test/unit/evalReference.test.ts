import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { evalPhone } from '../../src/eval/evalPhone.js';
import type { PhoneSegment } from '../../src/eval/PhoneSegment.js';
import { phoneTier } from '../../src/eval/phoneTier.js';
import { readTextGrid } from '../../src/eval/readTextGrid.js';
import { referenceAperture } from '../../src/eval/referenceAperture.js';
import { silenceSpans } from '../../src/eval/silenceSpans.js';
import { repoRoot } from '../helpers/golden.js';

const MFA = join(repoRoot, '..', 'shared', 'data', 'speech', 'mfa');

/** Phones from [label, ms] pairs laid end to end. */
function seq(spec: [string, number][]): PhoneSegment[] {
  let t = 0;
  return spec.map(([label, ms]) => {
    const p = { start: t, end: t + ms / 1000, label };
    t += ms / 1000;
    return p;
  });
}

function meanOver(ref: Float32Array, p: PhoneSegment, fps = 100): number {
  let s = 0;
  let n = 0;
  for (let f = Math.ceil(p.start * fps); f <= Math.floor(p.end * fps) && f < ref.length; f++, n++) s += ref[f];
  return s / n;
}

describe('referenceAperture', () => {
  const phones = seq([['', 500], ['M', 80], ['AA1', 180], ['P', 90], ['IY1', 150], ['', 200], ['S', 100], ['AE1', 160], ['T', 70], ['', 600], ['B', 70], ['UW1', 150], ['', 400]]);

  it('is exactly 0 inside long silences (beyond the 60 ms kernel reach) and not in short ones', () => {
    const ref = referenceAperture(phones, { fps: 100 });
    expect(ref.length).toBe(Math.ceil(phones[phones.length - 1].end * 100 - 1e-9));
    for (const s of silenceSpans(phones)) {
      const long = s.end - s.start > 0.3;
      const inner = Array.from(ref.subarray(Math.ceil((s.start + 0.07) * 100), Math.floor((s.end - 0.07) * 100)));
      if (long) expect(Math.max(...inner)).toBe(0);
      else expect(Math.min(...inner)).toBeGreaterThan(0.03);
    }
  });

  it('is highest on open vowels, dips near 0 on bilabials, stays in [0, 0.7]', () => {
    const ref = referenceAperture(phones, { fps: 100 });
    const peak = ref.indexOf(Math.max(...ref)) / 100;
    const at = phones.find((p) => p.start <= peak && peak < p.end);
    expect(at && evalPhone(at.label).openVowel).toBe(true);
    const open = phones.filter((p) => evalPhone(p.label).openVowel);
    const closeVowels = phones.filter((p) => ['IY1', 'UW1'].includes(p.label));
    for (const o of open) for (const c of closeVowels) expect(meanOver(ref, o)).toBeGreaterThan(meanOver(ref, c));
    // The /p/ between AA and IY: lips closed at its middle.
    const p = phones[3];
    expect(ref[Math.round(((p.start + p.end) / 2) * 100)]).toBeLessThan(0.05);
    for (const v of ref) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(0.7);
    }
  });

  it('changes smoothly (a full 0 -> 0.62 swing takes several frames) and kernelMs 0 gives the step targets', () => {
    const ref = referenceAperture(phones, { fps: 100 });
    // Unweighted, the Hann kernel's steepest slope is 0.62 * 2 / 120 ms = 0.10 per frame; a dominant bilabial on one side may sharpen it, but not to a jump.
    for (let i = 1; i < ref.length; i++) expect(Math.abs(ref[i] - ref[i - 1])).toBeLessThan(0.2);
    const steps = referenceAperture(phones, { fps: 100, kernelMs: 0 });
    expect(steps[Math.round(0.7 * 100)]).toBeCloseTo(evalPhone('AA1').targetAperture, 5);
  });

  it('gives the same curve at other frame rates (sampled from a 1 ms grid)', () => {
    const a = referenceAperture(phones, { fps: 100 });
    const b = referenceAperture(phones, { fps: 50 });
    for (let i = 0; i < b.length; i++) expect(b[i]).toBeCloseTo(a[2 * i], 6);
    const withTail = referenceAperture(phones, { fps: 100, duration: 5 });
    expect(withTail.length).toBe(500);
    expect(withTail[499]).toBe(0);
  });

  it('validates its arguments', () => {
    expect(() => referenceAperture(phones, { fps: -1 })).toThrow('Expected positive number for fps but received -1');
    expect(() => referenceAperture([{ start: 1, end: 0.5, label: 'AA1' }])).toThrow(MouthpieceError);
    expect(() => referenceAperture([{ start: 0, end: 0.5, label: 'ZZZ' }])).toThrow(/Unknown phone label "ZZZ"/);
  });

  it.skipIf(!existsSync(join(MFA, 'cold_corpus.TextGrid')))('on the real alignments: 0 in long pauses, open vowels above everything else', () => {
    for (const file of ['acoustic_corpus.TextGrid', 'cold_corpus.TextGrid']) {
      const grid = readTextGrid(readFileSync(join(MFA, file)));
      const ph = phoneTier(grid);
      const ref = referenceAperture(ph, { fps: 100, duration: grid.xmax });
      const long = silenceSpans(ph, { duration: grid.xmax }).filter((s) => s.end - s.start > 0.3);
      expect(long.length).toBeGreaterThan(3);
      for (const s of long) for (let f = Math.ceil((s.start + 0.07) * 100); f <= Math.floor((s.end - 0.07) * 100); f++) expect(ref[f]).toBe(0);
      const mean = (pred: (l: string) => boolean) => {
        const sel = ph.filter((p) => pred(p.label));
        return sel.reduce((s, p) => s + meanOver(ref, p), 0) / sel.length;
      };
      const openMean = mean((l) => evalPhone(l).openVowel);
      expect(openMean).toBeGreaterThan(0.3);
      expect(openMean).toBeGreaterThan(2 * mean((l) => !evalPhone(l).openVowel && !evalPhone(l).silence));
      expect(mean((l) => evalPhone(l).bilabial)).toBeLessThan(0.12);
    }
  });
});
