import { describe, expect, it } from 'vitest';

import { blockBootstrapCI } from '../../src/eval/blockBootstrapCI.js';
import { HEAD_RANGES } from '../../src/eval/headRanges.js';
import { headStats } from '../../src/eval/headStats.js';
import { mulberry32 } from '../../src/util/mulberry32.js';
import { pearson } from '../../src/eval/pearson.js';
import { rng } from '../helpers/golden.js';

/** A slowly varying signal (sum of 1-4 Hz sines, random phases) plus white noise: two views correlated at about 0.7. */
function correlatedPair(T: number, seed: number): [Float32Array, Float32Array] {
  const r = rng(seed);
  const phases = [r(), r(), r(), r()].map((p) => p * 2 * Math.PI);
  const s = (n: number) => phases.reduce((acc, ph, k) => acc + Math.sin((2 * Math.PI * (k + 1) * n) / 100 + ph), 0);
  const x = Float32Array.from({ length: T }, (_, n) => s(n) + (r() - 0.5) * 3);
  const y = Float32Array.from({ length: T }, (_, n) => s(n) + (r() - 0.5) * 3);
  return [x, y];
}

describe('pearson', () => {
  it('matches known values and is NaN when undefined', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson(new Float32Array(100).fill(0.3), Float32Array.from({ length: 100 }, (_, i) => i))).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(/equal length/);
  });
});

describe('blockBootstrapCI', () => {
  it('contains the point estimate, is deterministic per seed, and narrows with longer inputs', () => {
    const [xs, ys] = correlatedPair(500, 1);
    const short = blockBootstrapCI(xs, ys, pearson, { fps: 100, seed: 7 });
    expect(short.estimate).toBeCloseTo(pearson(xs, ys), 12);
    expect(short.lo).toBeLessThan(short.estimate);
    expect(short.hi).toBeGreaterThan(short.estimate);
    expect(short).toMatchObject({ samples: 1000, blockFrames: 50, level: 0.95 });
    expect(blockBootstrapCI(xs, ys, pearson, { fps: 100, seed: 7 })).toEqual(short);
    expect(blockBootstrapCI(xs, ys, pearson, { fps: 100, seed: 8 })).not.toEqual(short);

    const [xl, yl] = correlatedPair(5000, 1);
    const long = blockBootstrapCI(xl, yl, pearson, { fps: 100, seed: 7 });
    expect(long.lo).toBeLessThan(long.estimate);
    expect(long.hi).toBeGreaterThan(long.estimate);
    expect(long.hi - long.lo).toBeLessThan(0.6 * (short.hi - short.lo));
  });

  it('blocks keep dependence: 0.5 s blocks give a wider interval than single frames on autocorrelated data', () => {
    const [x, y] = correlatedPair(1000, 2);
    const blocks = blockBootstrapCI(x, y, pearson, { fps: 100, seed: 3, n: 400 });
    const frames = blockBootstrapCI(x, y, pearson, { fps: 100, seed: 3, n: 400, blockSeconds: 0.01 });
    expect(frames.blockFrames).toBe(1);
    expect(blocks.hi - blocks.lo).toBeGreaterThan(frames.hi - frames.lo);
  });

  it('validates', () => {
    expect(() => blockBootstrapCI([1, 2], [1], pearson)).toThrow(/equal length/);
    expect(() => blockBootstrapCI([1, 2], [1, 2], pearson, { n: 0 })).toThrow('Expected positive integer for n but received 0');
    expect(() => blockBootstrapCI([1, 2], [1, 2], pearson, { level: 1 })).toThrow(/level/);
    expect(() => blockBootstrapCI([1, 2], [1, 2], 'r' as never)).toThrow(/function for statFn/);
  });

  it('mulberry32 is the documented generator', () => {
    const r = mulberry32(1);
    const a = [r(), r(), r()];
    expect(a.every((v) => v >= 0 && v < 1)).toBe(true);
    const again = mulberry32(1);
    expect([again(), again(), again()]).toEqual(a);
  });
});

describe('headStats', () => {
  const fps = 100;
  const T = 3000;
  const DEG = Math.PI / 180;
  // A phrase-rate loudness envelope (1.3 Hz) with syllable-rate ripple (4 Hz).
  const loud = Float32Array.from({ length: T }, (_, n) => -30 + 10 * Math.sin((2 * Math.PI * 1.3 * n) / fps) + 4 * Math.sin((2 * Math.PI * 4 * n) / fps));

  function head(pitchDeg: (n: number) => number, yawDeg: (n: number) => number, rollDeg: (n: number) => number): Float32Array {
    const h = new Float32Array(T * 6);
    for (let n = 0; n < T; n++) {
      h[n * 6] = pitchDeg(n) * DEG;
      h[n * 6 + 1] = yawDeg(n) * DEG;
      h[n * 6 + 2] = rollDeg(n) * DEG;
    }
    return h;
  }

  it('measures spread in degrees and passes a lively head whose motion follows loudness', () => {
    // Motion amplitude grows with loudness: speed correlates with the envelope.
    const env = (n: number) => 0.5 + 0.5 * Math.sin((2 * Math.PI * 1.3 * n) / fps);
    const lively = head(
      (n) => 2 + 3 * env(n) * Math.sin((2 * Math.PI * 2 * n) / fps),
      (n) => 3 * env(n) * Math.sin((2 * Math.PI * 0.9 * n) / fps + 1),
      (n) => 2 * env(n) * Math.sin((2 * Math.PI * 1.1 * n) / fps + 2),
    );
    const s = headStats(lively, loud, fps);
    expect(s.frames).toBe(T);
    expect(s.stdDeg.pitch).toBeGreaterThan(0.5);
    expect(s.stdDeg.pitch).toBeLessThan(3);
    expect(s.rangeDeg.pitch[0]).toBeGreaterThan(HEAD_RANGES.pitchDeg.min);
    expect(s.rangeDeg.pitch[1]).toBeLessThan(HEAD_RANGES.pitchDeg.max);
    expect(s.speedLoudnessR).toBeGreaterThan(0.3);
    expect(s.pass.pitch && s.pass.yaw && s.pass.roll).toBe(true);
  });

  it('fails a frozen head and a head swinging ±20°, and reports std exactly for a known sine', () => {
    const frozen = headStats(head(() => 1, () => 0, () => 0), loud, fps);
    expect(frozen.pass).toMatchObject({ pitch: false, yaw: false, roll: false, loudness: false });
    expect(frozen.stdDeg.pitch).toBeCloseTo(0, 4);
    expect(frozen.speedLoudnessR).toBeNaN();
    const wild = headStats(head((n) => 20 * Math.sin(n / 50), () => 0, () => 0), loud, fps);
    expect(wild.pass.pitch).toBe(false);
    const sine = headStats(head(() => 0, (n) => 4 * Math.sin((2 * Math.PI * n) / 100), () => 0), loud, fps);
    expect(sine.stdDeg.yaw).toBeCloseTo(4 / Math.SQRT2, 3);
  });

  it('validates', () => {
    expect(() => headStats(new Float32Array(12), new Float32Array(3), 100)).toThrow(/Expected head of length 6 \* loudnessDb.length \(18\)/);
    expect(() => headStats(new Float32Array(6), new Float32Array(1), -5)).toThrow('Expected positive number for fps but received -5');
  });
});
