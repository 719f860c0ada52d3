import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { AUGMENTATION_KINDS, augment, bestLag, drawAugmentation, envelopeLag, missingTools } from '../../models/training/corpus/augment.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { speechRegions } from '../../models/training/corpus/alignmentCheck.mjs';

// Stored corpus augmentations (models/training/corpus/augment.mjs) on a
// synthetic "utterance": voiced bursts (harmonics of a gliding F0 plus a
// little noise) separated by silences, with a phone timeline marking them.

interface Phone {
  phone: string;
  start: number;
  end: number;
}
interface Result {
  pcm: Float32Array;
  phones: Phone[];
  augmentation: Record<string, number | string>;
}

const SR = 16000;
const required = process.env.MOUTHPIECE_REQUIRE_TTS === '1';
const haveTools = (missingTools(['tempo', 'pitch', 'mp3', 'opus']) as string[]).length === 0;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mouthpiece-augment-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function utterance(): { pcm: Float32Array; phones: Phone[] } {
  // pause 0.2 s, burst 0.4 s, pause 0.3 s, burst 0.5 s, pause 0.25 s
  const bounds = [0, 0.2, 0.6, 0.9, 1.4, 1.65];
  const labels = ['_', 'a', '_', 'o', '_'];
  const pcm = new Float32Array(Math.round(bounds[5] * SR));
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
  let phase = 0;
  for (let i = 0; i < pcm.length; i++) {
    const t = i / SR;
    const k = bounds.findIndex((b, j) => j > 0 && t < b) - 1;
    if (labels[k] === '_') continue;
    const f0 = 110 + 40 * Math.sin(2 * Math.PI * 1.5 * t);
    phase += (2 * Math.PI * f0) / SR;
    let s = 0;
    for (let h = 1; h <= 20; h++) s += Math.sin(h * phase) / h;
    const edge = Math.min(1, (t - bounds[k]) / 0.02, (bounds[k + 1] - t) / 0.02);
    pcm[i] = 0.3 * edge * (s + 0.05 * rand());
  }
  return { pcm, phones: labels.map((phone, k) => ({ phone, start: bounds[k], end: bounds[k + 1] })) };
}

const clean = utterance();
let runs = 0;
const apply = (params: object): Result => augment(clean.pcm, clean.phones, params, path.join(tmp, `w${runs++}`));
const onsets = (pcm: Float32Array) => (speechRegions(pcm, SR) as { start: number; end: number }[]).map((r) => [r.start, r.end]);

describe('augmentation parameters', () => {
  it('draws every kind within its documented range', () => {
    let s = 1;
    const rng = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    for (let k = 0; k < 200; k++) {
      for (const kind of AUGMENTATION_KINDS as string[]) {
        const p = drawAugmentation(kind, rng);
        expect(p.kind).toBe(kind);
        const within = (x: number, lo: number, hi: number) => expect(x >= lo - 1e-9 && x <= hi + 1e-9, `${kind} ${x}`).toBe(true);
        if (kind === 'tempo') within(Math.abs(p.factor - 1), 0.03, 0.15);
        if (kind === 'pitch') within(Math.abs(p.cents), 50, 400);
        if (kind === 'formant') within(p.alpha, 0.89, 1.12);
        if (kind === 'clip') within(p.db, 1, 6);
      }
    }
  });

  it('formant shift keeps length and timing, changes the spectrum', () => {
    for (const alpha of [0.89, 1.12]) {
      const r = apply({ kind: 'formant', alpha });
      expect(r.pcm.length).toBe(clean.pcm.length);
      expect(r.phones).toEqual(clean.phones);
      expect(bestLag(clean.pcm, r.pcm)).toBe(0);
      let diff = 0;
      for (let i = 0; i < r.pcm.length; i++) diff += Math.abs(r.pcm[i] - clean.pcm[i]);
      expect(diff / r.pcm.length).toBeGreaterThan(1e-3);
    }
  });

  it('clipping flattens the peaks only', () => {
    const r = apply({ kind: 'clip', db: 3 });
    const peak = Math.max(...clean.pcm.map(Math.abs));
    expect(Math.max(...r.pcm.map(Math.abs))).toBeCloseTo(peak * 10 ** (-3 / 20), 5);
    expect(r.phones).toEqual(clean.phones);
  });
});

describe.skipIf(!haveTools && !required)('stored augmentations with sox, lame, opus-tools', () => {
  it('has the tools', () => {
    expect(missingTools(['tempo', 'pitch', 'mp3', 'opus'])).toEqual([]);
  });

  it('tempo scales the duration by 1/factor (within 1 %) and the timeline the same', () => {
    for (const factor of [0.85, 0.9, 1.1, 1.15]) {
      const r = apply({ kind: 'tempo', factor });
      const ratio = r.pcm.length / clean.pcm.length;
      expect(Math.abs(ratio * factor - 1), `factor ${factor}`).toBeLessThan(0.01);
      expect(r.phones.map((p) => p.phone)).toEqual(clean.phones.map((p) => p.phone));
      r.phones.forEach((p, k) => {
        expect(p.start).toBeCloseTo(clean.phones[k].start * ratio, 9);
        if (k < r.phones.length - 1) expect(p.end).toBeCloseTo(clean.phones[k].end * ratio, 9);
      });
      expect(r.phones.at(-1)!.end).toBeCloseTo(r.pcm.length / SR, 9);
      // The audio's speech regions sit where the scaled timeline says (10 ms).
      const regions = onsets(r.pcm);
      expect(regions).toHaveLength(2);
      expect(Math.abs(regions[0][0] - r.phones[1].start)).toBeLessThan(0.01);
      expect(Math.abs(regions[1][0] - r.phones[3].start)).toBeLessThan(0.01);
      expect(Math.abs(regions[1][1] - r.phones[3].end)).toBeLessThan(0.015);
    }
  });

  it('pitch shift keeps length and timing (envelope lag within 1 ms)', () => {
    for (const cents of [-400, 400]) {
      const r = apply({ kind: 'pitch', cents });
      expect(r.pcm.length).toBe(clean.pcm.length);
      expect(r.phones).toEqual(clean.phones);
      expect(Math.abs(envelopeLag(clean.pcm, r.pcm))).toBeLessThanOrEqual(16);
    }
  });

  it('MP3 and Opus round trips stay aligned with the clean audio (lag within 1 ms)', () => {
    const delays: Record<string, number> = {};
    for (const params of [
      { kind: 'mp3', bitrate: 24 },
      { kind: 'mp3', bitrate: 64 },
      { kind: 'opus', bitrate: 8 },
      { kind: 'opus', bitrate: 32 },
    ]) {
      const r = apply(params);
      expect(r.pcm.length).toBe(clean.pcm.length);
      expect(r.phones).toEqual(clean.phones);
      expect(typeof r.augmentation.delay).toBe('number');
      delays[`${params.kind}@${params.bitrate}`] = r.augmentation.delay as number;
      expect(Math.abs(bestLag(clean.pcm, r.pcm)), JSON.stringify(params)).toBeLessThanOrEqual(16);
      const a = onsets(clean.pcm);
      const b = onsets(r.pcm);
      expect(b).toHaveLength(a.length);
      b.forEach((x, k) => expect(Math.abs(x[0] - a[k][0])).toBeLessThan(0.005));
    }
    // Compensation did something for MP3: lame --decode leaves the codec delay in.
    expect(Math.max(delays['mp3@24'], delays['mp3@64'])).toBeGreaterThan(100);
  });

  it('is deterministic', () => {
    for (const params of [
      { kind: 'tempo', factor: 1.07 },
      { kind: 'pitch', cents: -250 },
      { kind: 'mp3', bitrate: 32 },
      { kind: 'opus', bitrate: 16 },
    ]) {
      const a = apply(params);
      const b = apply(params);
      expect(Buffer.from(b.pcm.buffer).equals(Buffer.from(a.pcm.buffer)), JSON.stringify(params)).toBe(true);
      expect(b.augmentation).toEqual(a.augmentation);
    }
  });
});
