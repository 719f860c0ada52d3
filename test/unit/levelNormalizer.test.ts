import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { mouthAperture } from '../../src/api/mouthAperture.js';
import { LevelNormalizer } from '../../src/runtime/LevelNormalizer.js';
import { MotionSmoother } from '../../src/runtime/MotionSmoother.js';
import { applyBilabialSeal, bilabialSealStrength, sealBilabials } from '../../src/runtime/sealBilabials.js';

/** Frames whose 64 band energies are all `e` (so the frame level is 10 log10(64 e)). */
function flat(frames: number, e: number): Float32Array {
  return new Float32Array(frames * 64).fill(Math.log(e + 1e-6));
}
const levelDb = (f: Float32Array, t: number): number => {
  let s = 0;
  for (let b = 0; b < 64; b++) s += Math.exp(f[t * 64 + b]) - 1e-6;
  return 10 * Math.log10(s);
};

describe('LevelNormalizer', () => {
  it('brings steady speech-level input to the target within a few seconds, and starts as identity', () => {
    const agc = new LevelNormalizer({ targetDb: 24 });
    const x = flat(600, 10 ** (10 / 10) / 64); // 10 dB: 14 dB below the target
    const y = x.slice();
    agc.process(y, 600);
    expect(levelDb(y, 0)).toBeCloseTo(10 + 14 * (1 - Math.exp(-1 / 100)), 3);
    expect(levelDb(y, 599)).toBeGreaterThan(23.9);
    expect(agc.gainDb).toBeGreaterThan(13.9);
  });

  it('silence stays silence and pauses do not pull the estimate down', () => {
    const agc = new LevelNormalizer();
    const speech = flat(300, 10 ** (14 / 10) / 64);
    agc.process(speech, 300);
    const g = agc.gainDb;
    const pause = flat(300, 0);
    agc.process(pause, 300);
    expect(Array.from(pause).every((v) => v === Math.fround(Math.log(1e-6)))).toBe(true);
    expect(agc.gainDb).toBe(g);
  });

  it('chunking never changes the output; the boost is capped', () => {
    const x = new Float32Array(64 * 500).map((_, i) => Math.log(1e-3 * (1 + Math.sin(i * 0.01) ** 2) + 1e-6));
    const a = x.slice();
    new LevelNormalizer().process(a, 500);
    const b = x.slice();
    const agc = new LevelNormalizer();
    for (let t = 0; t < 500; t += 37) agc.process(b.subarray(t * 64), Math.min(37, 500 - t));
    expect(b).toEqual(a);
    const quiet = flat(2000, 1e-7);
    const q = new LevelNormalizer({ maxBoostDb: 20 });
    q.process(quiet, 2000);
    expect(q.gainDb).toBeLessThanOrEqual(20);
  });

  it('rejects bad options', () => {
    expect(() => new LevelNormalizer({ seconds: -1 })).toThrow(/seconds/);
    expect(() => new LevelNormalizer({ targetDb: Number.NaN })).toThrow(/targetDb/);
  });
});

describe('sealBilabials', () => {
  const row = (): Float32Array => {
    const m = new Float32Array(58);
    m[BLENDSHAPE_INDEX.jawOpen] = 0.3;
    m[BLENDSHAPE_INDEX.mouthLowerDownLeft] = 0.2;
    m[BLENDSHAPE_INDEX.mouthFunnel] = 0.2;
    return m;
  };
  const logits = (pp: number): Float32Array => {
    // 15 classes: PP gets probability `pp`, the rest share 1 - pp.
    const l = new Float32Array(15).fill(Math.log((1 - pp) / 14));
    l[1] = Math.log(pp);
    return l;
  };

  it('closes the lips when the p/b/m probability passes `to`, leaves them alone below `from`', () => {
    const open = row();
    const a0 = mouthAperture(open.subarray(0, 52));
    sealBilabials(open, logits(0.1), 1, { from: 0.3, to: 0.5 });
    expect(mouthAperture(open.subarray(0, 52))).toBe(a0);
    const closed = row();
    sealBilabials(closed, logits(0.9), 1, { from: 0.3, to: 0.5 });
    expect(mouthAperture(closed.subarray(0, 52))).toBeLessThanOrEqual(1e-6);
    const half = row();
    sealBilabials(half, logits(0.4), 1, { from: 0.3, to: 0.5 });
    expect(mouthAperture(half.subarray(0, 52))).toBeCloseTo(a0 / 2, 5);
  });
});

describe('bilabial seal strength, smoothed as MotionStream does', () => {
  const logitRows = (pps: number[]): Float32Array => {
    const l = new Float32Array(15 * pps.length);
    pps.forEach((pp, t) => {
      l.fill(Math.log((1 - pp) / 14), t * 15, t * 15 + 15);
      l[t * 15 + 1] = Math.log(pp);
    });
    return l;
  };
  const seal = { from: 0.3, to: 0.5 };

  it('strength then apply is what sealBilabials does', () => {
    const pps = [0.1, 0.35, 0.4, 0.45, 0.9];
    const rows = (): Float32Array => {
      const m = new Float32Array(58 * pps.length);
      for (let t = 0; t < pps.length; t++) {
        m[t * 58 + BLENDSHAPE_INDEX.jawOpen] = 0.3;
        m[t * 58 + BLENDSHAPE_INDEX.mouthUpperUpLeft] = 0.25;
      }
      return m;
    };
    const a = rows();
    sealBilabials(a, logitRows(pps), pps.length, seal);
    const b = rows();
    const s = bilabialSealStrength(logitRows(pps), pps.length, seal);
    expect(Array.from(s).map((x) => Number(x.toFixed(5)))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    applyBilabialSeal(b, s, pps.length);
    expect(b).toEqual(a);
  });

  it("through the motion's filter, a one-frame flicker becomes a partial seal while a held closure still seals fully", () => {
    const flicker = [0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1];
    const s = bilabialSealStrength(logitRows(flicker), flicker.length, seal);
    new MotionSmoother(1).process(s, flicker.length);
    expect(Math.max(...s)).toBeCloseTo(3 / 8, 6);
    const held = [0.1, 0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1];
    const h = bilabialSealStrength(logitRows(held), held.length, seal);
    new MotionSmoother(1).process(h, held.length);
    // A step through [1,3,3,1]/8: 1/8, 1/2, 7/8, then fully sealed from the fourth frame on.
    expect(Array.from(h.subarray(2, 7))).toEqual([0.125, 0.5, 0.875, 1, 1]);
  });
});

describe('LevelNormalizer fade below the speech window', () => {
  it('frames 30 dB under the speech level get no gain; frames inside the window get the full gain', () => {
    const agc = new LevelNormalizer({ targetDb: 24, windowDb: 20, fadeDb: 10 });
    agc.process(flat(1000, 10 ** (10 / 10) / 64), 1000); // settle on speech at 10 dB
    const g = agc.gainDb;
    expect(g).toBeGreaterThan(13.9);
    const noise = flat(1, 10 ** (-20 / 10) / 64); // 30 dB under the speech
    agc.process(noise, 1);
    expect(levelDb(noise, 0)).toBeCloseTo(-20, 4);
    const speech = flat(1, 10 ** (5 / 10) / 64); // inside the window
    agc.process(speech, 1);
    expect(levelDb(speech, 0)).toBeCloseTo(5 + agc.gainDb, 2);
  });
});
