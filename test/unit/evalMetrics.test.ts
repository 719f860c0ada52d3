import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { apertureCorrelation } from '../../src/eval/apertureCorrelation.js';
import { apertureTrack } from '../../src/eval/apertureTrack.js';
import { closureRecall } from '../../src/eval/closureRecall.js';
import type { EvalFrames } from '../../src/eval/EvalFrames.js';
import { evalPhone } from '../../src/eval/evalPhone.js';
import { falseClosures } from '../../src/eval/falseClosures.js';
import { jitter } from '../../src/eval/jitter.js';
import type { PhoneSegment } from '../../src/eval/PhoneSegment.js';
import { referenceAperture } from '../../src/eval/referenceAperture.js';
import { restInSilence } from '../../src/eval/restInSilence.js';
import { visemeAccuracy } from '../../src/eval/visemeAccuracy.js';
import { visemeWeights } from '../../src/eval/visemeWeights.js';
import { rng } from '../helpers/golden.js';

const CONSONANTS = ['P', 'B', 'M', 'F', 'V', 'TH', 'DH', 'T', 'D', 'K', 'G', 'SH', 'CH', 'S', 'Z', 'N', 'L', 'R', 'W', 'NG'];
const VOWELS = ['AA1', 'AE1', 'AH1', 'AO1', 'AY1', 'EH1', 'IY1', 'IH0', 'OW1', 'UW1', 'AH0', 'ER1'];

/** A seeded utterance: pauses of 0.4-0.9 s between phrases of 3-8 CV syllables, phones 50-200 ms. */
function utterance(seed: number, phrases = 6): PhoneSegment[] {
  const r = rng(seed);
  const out: PhoneSegment[] = [];
  let t = 0;
  const add = (label: string, dur: number) => {
    out.push({ start: t, end: t + dur, label });
    t += dur;
  };
  add('', 0.4 + r() * 0.5);
  for (let p = 0; p < phrases; p++) {
    const syllables = 3 + Math.floor(r() * 6);
    for (let s = 0; s < syllables; s++) {
      add(CONSONANTS[Math.floor(r() * CONSONANTS.length)], 0.05 + r() * 0.07);
      add(VOWELS[Math.floor(r() * VOWELS.length)], 0.08 + r() * 0.12);
    }
    add('', 0.4 + r() * 0.5);
  }
  return out;
}

/** Frames showing each phone's viseme template for its whole duration (silence = neutral). */
function perfectFrames(phones: PhoneSegment[], fps = 100): EvalFrames {
  const T = Math.ceil(phones[phones.length - 1].end * fps);
  const weights = new Float32Array(T * BLENDSHAPE_COUNT);
  for (let n = 0; n < T; n++) {
    const p = phones.find((q) => q.start <= n / fps && n / fps < q.end);
    if (p) weights.set(visemeWeights(evalPhone(p.label).viseme), n * BLENDSHAPE_COUNT);
  }
  return { weights, fps };
}

function constantFrames(T: number, jawOpen: number, fps = 100): EvalFrames {
  const weights = new Float32Array(T * BLENDSHAPE_COUNT);
  for (let n = 0; n < T; n++) weights[n * BLENDSHAPE_COUNT + BLENDSHAPE_INDEX.jawOpen] = jawOpen;
  return { weights, fps };
}

const phones = utterance(11);
const bilabials = phones.filter((p) => evalPhone(p.label).bilabial);

describe('closureRecall', () => {
  it('a face closed on every bilabial gets recall 1, one open everywhere gets 0', () => {
    expect(bilabials.length).toBeGreaterThan(3);
    const good = closureRecall(perfectFrames(phones), phones);
    expect(good).toMatchObject({ events: bilabials.length, closed: bilabials.length, recall: 1, missed: [] });
    const open = closureRecall(constantFrames(perfectFrames(phones).weights.length / 52, 0.5), phones);
    expect(open).toMatchObject({ events: bilabials.length, closed: 0, recall: 0 });
    expect(open.missed).toEqual(bilabials);
  });

  it('a closure up to 40 ms before the onset counts, one 70 ms before does not, one after the release does not', () => {
    const ph: PhoneSegment[] = [{ start: 0, end: 0.5, label: 'AA1' }, { start: 0.5, end: 0.6, label: 'M' }, { start: 0.6, end: 1, label: 'AA1' }];
    const at = (closedFrames: number[]) => {
      const f = constantFrames(100, 0.5);
      for (const n of closedFrames) f.weights[n * 52 + BLENDSHAPE_INDEX.jawOpen] = 0;
      return closureRecall(f, ph).recall;
    };
    expect(at([46])).toBe(1);
    expect(at([43])).toBe(0);
    expect(at([62])).toBe(0);
    expect(at([55])).toBe(1);
    // jawOpen with mouthClose cancelling it is a closed mouth too.
    const f = constantFrames(100, 0.5);
    f.weights[55 * 52 + BLENDSHAPE_INDEX.mouthClose] = 0.5;
    expect(closureRecall(f, ph).recall).toBe(1);
  });

  it('counts only bilabials inside the frames and validates', () => {
    const short = constantFrames(10, 0);
    expect(closureRecall(short, [{ start: 5, end: 5.1, label: 'P' }])).toMatchObject({ events: 0, recall: NaN });
    expect(() => closureRecall({ weights: new Float32Array(51), fps: 100 }, phones)).toThrow(/multiple of 52/);
    expect(() => closureRecall({ weights: new Float32Array(52), fps: 0 }, phones)).toThrow('Expected positive number for frames.fps but received 0');
    expect(() => closureRecall(short, [{ start: 0, end: 0.1, label: 'QQQ' }])).toThrow(MouthpieceError);
  });
});

describe('falseClosures', () => {
  it('0 for a face that opens on vowels, 1 for a face that never opens', () => {
    const good = falseClosures(perfectFrames(phones), phones);
    expect(good.vowels).toBe(phones.filter((p) => evalPhone(p.label).openVowel).length);
    expect(good.frames).toBeGreaterThan(good.vowels);
    expect(good.rate).toBe(0);
    expect(falseClosures(constantFrames(perfectFrames(phones).weights.length / 52, 0), phones).rate).toBe(1);
  });

  it('judges only the central half: closures at the vowel edges are not counted', () => {
    const ph: PhoneSegment[] = [{ start: 0.2, end: 0.4, label: 'AA1' }];
    const f = constantFrames(60, 0.5);
    for (const n of [20, 21, 22, 23, 37, 38, 39, 40]) f.weights[n * 52 + BLENDSHAPE_INDEX.jawOpen] = 0;
    expect(falseClosures(f, ph)).toMatchObject({ vowels: 1, frames: 11, closed: 0, rate: 0 });
    f.weights[30 * 52 + BLENDSHAPE_INDEX.jawOpen] = 0;
    expect(falseClosures(f, ph).closed).toBe(1);
  });

  it('a vowel shorter than a frame is judged on its nearest frame', () => {
    expect(falseClosures(constantFrames(10, 0, 30), [{ start: 0.1, end: 0.11, label: 'AE1' }])).toMatchObject({ vowels: 1, frames: 1, rate: 1 });
  });
});

describe('visemeAccuracy', () => {
  it('is 1 for the templates themselves, with a diagonal confusion matrix', () => {
    const res = visemeAccuracy(perfectFrames(phones), phones);
    const scored = phones.filter((p) => ['vowel', 'consonant'].includes(evalPhone(p.label).kind));
    expect(res.segments).toBe(scored.length);
    expect(res.accuracy).toBe(1);
    for (const [expected, row] of Object.entries(res.confusion)) for (const [got, n] of Object.entries(row)) if (got !== expected) expect(n).toBe(0);
  });

  it('a mouth stuck on aa is right exactly on the aa phones; a 20 ms shift barely matters', () => {
    const T = perfectFrames(phones).weights.length / 52;
    const res = visemeAccuracy(constantFrames(T, 0.6), phones);
    expect(res.correct).toBe(phones.filter((p) => evalPhone(p.label).viseme === 'aa').length);
    expect(res.confusion.PP.aa).toBe(bilabials.length);
    const late = perfectFrames(phones.map((p) => ({ ...p, start: p.start + 0.02, end: p.end + 0.02 })));
    expect(visemeAccuracy(late, phones).accuracy).toBeGreaterThan(0.9);
  });
});

describe('apertureCorrelation', () => {
  const ref = referenceAperture(phones, { fps: 100 });
  const shift = (x: Float32Array, k: number) => Float32Array.from(x, (_, n) => x[Math.min(x.length - 1, Math.max(0, n - k))]);

  it('finds a +50 ms late prediction at +50 ms (±10) and an early one at -50 ms', () => {
    const late = apertureCorrelation(shift(ref, 5), ref, 100);
    expect(late.bestLagMs).toBeGreaterThan(40);
    expect(late.bestLagMs).toBeLessThan(60);
    expect(late.rAtBestLag).toBeGreaterThan(0.99);
    expect(late.r).toBeLessThan(late.rAtBestLag);
    const early = apertureCorrelation(shift(ref, -5), ref, 100);
    expect(early.bestLagMs).toBeGreaterThan(-60);
    expect(early.bestLagMs).toBeLessThan(-40);
  });

  it('r = 1 at lag 0 for the reference itself; NaN for a frozen mouth; lag search bounded by maxLagMs', () => {
    expect(apertureCorrelation(ref, ref, 100)).toMatchObject({ r: 1, bestLagMs: 0, rAtBestLag: 1, frames: ref.length });
    expect(apertureCorrelation(new Float32Array(ref.length), ref, 100).r).toBeNaN();
    const far = apertureCorrelation(shift(ref, 30), ref, 100, { maxLagMs: 100 });
    expect(Math.abs(far.bestLagMs)).toBeLessThanOrEqual(100);
  });

  it('works at 30 fps with sub-frame refinement', () => {
    const ref30 = referenceAperture(phones, { fps: 30 });
    const late = referenceAperture(phones.map((p) => ({ ...p, start: p.start + 0.05, end: p.end + 0.05 })), { fps: 30 });
    const res = apertureCorrelation(late, ref30, 30);
    expect(res.bestLagMs).toBeGreaterThan(35);
    expect(res.bestLagMs).toBeLessThan(65);
  });
});

describe('restInSilence', () => {
  it('a face that rests in pauses scores restShare 1 and speed 0; an open one 0', () => {
    const res = restInSilence(perfectFrames(phones), phones);
    expect(res.pauses).toBe(phones.filter((p) => p.label === '').length);
    expect(res).toMatchObject({ restShare: 1, meanSpeed: 0 });
    const open = restInSilence(constantFrames(perfectFrames(phones).weights.length / 52, 0.3), phones);
    expect(open.restShare).toBe(0);
  });

  it('ignores 100 ms at each end of a pause and pauses of 300 ms or less; measures motion in aperture per second', () => {
    const ph: PhoneSegment[] = [{ start: 0, end: 0.2, label: 'AA1' }, { start: 0.2, end: 1.2, label: 'sil' }, { start: 1.2, end: 1.4, label: 'AA1' }, { start: 1.4, end: 1.65, label: '' }, { start: 1.65, end: 2, label: 'AA1' }];
    const f = constantFrames(200, 0.5);
    for (let n = 29; n <= 111; n++) f.weights[n * 52 + BLENDSHAPE_INDEX.jawOpen] = n % 2 === 0 ? 0 : 0.04;
    const res = restInSilence(f, ph);
    expect(res).toMatchObject({ pauses: 1, frames: 81, restShare: 1 });
    expect(res.meanSpeed).toBeCloseTo(4, 5); // |0.04| per 10 ms
  });
});

describe('jitter', () => {
  it('tiny for a smooth 3 Hz sine, large for white noise', () => {
    const r = rng(3);
    const sine = Float32Array.from({ length: 1000 }, (_, n) => 0.3 + 0.25 * Math.sin((2 * Math.PI * 3 * n) / 100));
    const noise = Float32Array.from({ length: 1000 }, () => 0.3 + (r() - 0.5) * 0.2);
    expect(jitter(sine, 100)).toBeLessThan(0.01);
    expect(jitter(noise, 100)).toBeGreaterThan(0.1);
    expect(jitter(noise)).toBe(jitter(noise, 100));
  });

  it('requires 100 fps and is NaN on fewer than 3 frames', () => {
    expect(() => jitter(new Float32Array(10), 60)).toThrow('Expected fps 100 for jitter (render the frames at 100 fps) but received 60');
    expect(jitter(new Float32Array(2))).toBeNaN();
    expect(jitter(apertureTrack(constantFrames(50, 0.2)))).toBeCloseTo(0, 6);
  });
});
