import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { decodeWavTs } from '../../src/audio/decodeWavTs.js';
import { apertureCorrelation } from '../../src/eval/apertureCorrelation.js';
import { apertureTrack } from '../../src/eval/apertureTrack.js';
import { closureRecall } from '../../src/eval/closureRecall.js';
import { energyBaseline } from '../../src/eval/energyBaseline.js';
import { falseClosures } from '../../src/eval/falseClosures.js';
import { jitter } from '../../src/eval/jitter.js';
import { phoneTier } from '../../src/eval/phoneTier.js';
import { readTextGrid } from '../../src/eval/readTextGrid.js';
import { referenceAperture } from '../../src/eval/referenceAperture.js';
import { restInSilence } from '../../src/eval/restInSilence.js';
import { visemeAccuracy } from '../../src/eval/visemeAccuracy.js';
import { repoRoot, rng } from '../helpers/golden.js';

const MFA = join(repoRoot, '..', 'shared', 'data', 'speech', 'mfa');

const SR = 16000;
const tone = (seconds: number, amp: number, hz = 220) => Float32Array.from({ length: Math.round(seconds * SR) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / SR));
const concat = (...parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('energyBaseline', () => {
  it('keeps the mouth closed on silence and on faint noise', () => {
    for (const pcm of [new Float32Array(SR), Float32Array.from({ length: SR }, (_, i) => 1e-5 * Math.sin(i))]) {
      const f = energyBaseline(pcm);
      expect(f.fps).toBe(100);
      expect(f.weights.length).toBe(100 * 52);
      expect(Math.max(...apertureTrack(f))).toBe(0);
    }
  });

  it('opens on a loud tone, only jawOpen moves', () => {
    const f = energyBaseline(tone(1, 0.5));
    const a = apertureTrack(f);
    expect(a[50]).toBeCloseTo(0.6, 2);
    for (let i = 0; i < f.weights.length; i++) if (i % 52 !== BLENDSHAPE_INDEX.jawOpen) expect(f.weights[i]).toBe(0);
  });

  it('follows bursts: opens within ~3 frames (15 ms attack), closes within ~25 frames (60 ms release), closed in the pauses', () => {
    const r = rng(9);
    const noiseFloor = (s: number) => Float32Array.from({ length: Math.round(s * SR) }, () => (r() - 0.5) * 2e-3);
    const pcm = concat(noiseFloor(0.5), tone(0.4, 0.3), noiseFloor(0.6), tone(0.3, 0.1), noiseFloor(0.5));
    const a = apertureTrack(energyBaseline(pcm));
    expect(a.length).toBe(230);
    expect(Math.max(...a.subarray(0, 48))).toBe(0);
    expect(a[54]).toBeGreaterThan(0.4);
    expect(a[80]).toBeGreaterThan(0.55);
    expect(a[117]).toBeLessThan(0.05);
    expect(Math.max(...a.subarray(120, 148))).toBeLessThan(0.01);
    // The quieter burst (10 dB down) opens less.
    expect(a[165]).toBeGreaterThan(0.1);
    expect(a[165]).toBeLessThan(a[80]);
  });

  it('frame count and rate follow fps; validates', () => {
    expect(energyBaseline(tone(1, 0.5), { fps: 30 }).weights.length / 52).toBe(30);
    expect(energyBaseline(new Float32Array(0)).weights.length).toBe(0);
    expect(() => energyBaseline(new Float32Array(10), { fps: -1 })).toThrow('Expected positive number for fps but received -1');
    expect(() => energyBaseline([0, 1] as unknown as Float32Array)).toThrow(/Expected Float32Array for pcm16k/);
  });
});

describe.skipIf(!existsSync(join(MFA, 'acoustic_corpus.wav')))('the whole evaluation on real speech (acoustic_corpus)', () => {
  it('energy baseline vs the phone reference: positive correlation, rests in most pauses, all metrics finite', () => {
    const phones = phoneTier(readTextGrid(readFileSync(join(MFA, 'acoustic_corpus.TextGrid'))));
    const audio = decodeWavTs(new Uint8Array(readFileSync(join(MFA, 'acoustic_corpus.wav'))));
    expect(audio.sampleRate).toBe(SR);
    const base = energyBaseline(audio.samples);
    const a = apertureTrack(base);
    const ref = referenceAperture(phones, { fps: 100, duration: a.length / 100 });
    const c = apertureCorrelation(a, ref, 100);
    expect(c.r).toBeGreaterThan(0.2);
    expect(Math.abs(c.bestLagMs)).toBeLessThanOrEqual(200);
    expect(restInSilence(base, phones).restShare).toBeGreaterThan(0.4);
    for (const v of [closureRecall(base, phones).recall, falseClosures(base, phones).rate, visemeAccuracy(base, phones).accuracy, jitter(a)]) {
      expect(Number.isFinite(v)).toBe(true);
    }
    // The reference itself, played on jawOpen, is the ideal energy-free face for these metrics.
    const w = new Float32Array(ref.length * 52);
    ref.forEach((v, n) => (w[n * 52 + BLENDSHAPE_INDEX.jawOpen] = v));
    const ideal = { weights: w, fps: 100 };
    expect(closureRecall(ideal, phones).recall).toBe(1);
    expect(falseClosures(ideal, phones).rate).toBe(0);
    expect(restInSilence(ideal, phones)).toMatchObject({ restShare: 1, meanSpeed: 0 });
  });
});
