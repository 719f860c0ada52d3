import { describe, expect, it } from 'vitest';

import { MOTION_CHANNELS } from '../../src/runtime/MotionModel.js';
import { MotionSmoother } from '../../src/runtime/MotionSmoother.js';

const C = MOTION_CHANNELS;

describe('MotionSmoother', () => {
  it('keeps constants, delays a step by 1.5 rows on average, and cuts frame-to-frame noise', () => {
    const n = 40;
    const rows = new Float32Array(n * C);
    for (let t = 0; t < n; t++) for (let c = 0; c < C; c++) rows[t * C + c] = c === 0 ? (t >= 20 ? 1 : 0) : c === 1 ? 0.3 : t % 2;
    new MotionSmoother().process(rows, n);
    expect(rows[10 * C + 1]).toBeCloseTo(0.3, 6); // a constant is untouched
    // Step: 1/8, 1/2, 7/8, 1 on the rows from the step on (group delay 1.5 rows).
    expect([20, 21, 22, 23].map((t) => rows[t * C])).toEqual([0.125, 0.5, 0.875, 1]);
    // Alternating 0/1 (the fastest wiggle at 100 Hz) is removed once the history is full.
    for (let t = 4; t < n; t++) expect(rows[t * C + 2]).toBeCloseTo(0.5, 6);
  });

  it('chunking never changes the output; reset starts a new stream from its first row', () => {
    const n = 97;
    const x = new Float32Array(n * C).map((_, i) => Math.sin(i * 0.37));
    const a = x.slice();
    new MotionSmoother().process(a, n);
    const b = x.slice();
    const s = new MotionSmoother();
    for (let t = 0; t < n; t += 13) s.process(b.subarray(t * C), Math.min(13, n - t));
    expect(b).toEqual(a);
    s.reset();
    const c = x.slice();
    s.process(c, n);
    expect(c).toEqual(a);
  });

  it('smooths rows of any width (one value per row for the seal strength) and rejects a bad width', () => {
    const x = new Float32Array([0, 0, 1, 1, 1, 1]);
    new MotionSmoother(1).process(x, 6);
    expect(Array.from(x)).toEqual([0, 0, 0.125, 0.5, 0.875, 1]);
    expect(() => new MotionSmoother(0)).toThrow(/channels/);
    expect(() => new MotionSmoother(1.5)).toThrow(/channels/);
  });
});
