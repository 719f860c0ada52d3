import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I, lipClosure, type Frame } from '../../src/api/index.js';
import { AnimationLayers, type AnimationLayersOptions } from '../../src/animation/index.js';
import { mulberry32 } from '../../src/util/mulberry32.js';
import { load, newFrame, talk, type Talk } from '../helpers/syntheticTalk.js';


/** The eyeBlinkLeft curve of a performance, with the bilabial-closure frames of the talk (inside bursts). */
function perform(s: Talk, options: AnimationLayersOptions) {
  const layers = new AnimationLayers(options);
  const f = newFrame();
  const lid = new Float32Array(s.n), closure = new Uint8Array(s.n);
  for (let i = 0; i < s.n; i++) {
    load(f, s, i);
    closure[i] = s.pause[i] === 0 && s.jaw[i] >= 0.1 * 0.99 && lipClosure(f.weights) >= 0.5 ? 1 : 0;
    layers.apply(f, 1 / s.fps);
    lid[i] = f.weights[I.eyeBlinkLeft];
    expect(f.weights[I.eyeBlinkRight]).toBe(lid[i]);
  }
  return { lid, closure };
}

interface Blink { start: number; end: number; peak: number; close: number; open: number }
/** Blinks as runs of a non-zero lid: start = last zero frame, end = first zero frame after. */
function blinks(lid: Float32Array, fps: number): Blink[] {
  const out: Blink[] = [];
  for (let i = 1; i < lid.length; i++) {
    if (!(lid[i] > 0 && lid[i - 1] === 0)) continue;
    let j = i;
    while (j < lid.length && lid[j] > 0) j++;
    let peak = 0;
    for (let k = i; k < j; k++) peak = Math.max(peak, lid[k]);
    let first = i, last = j - 1;
    while (lid[first] < peak * 0.999) first++;
    while (lid[last] < peak * 0.999) last--;
    out.push({ start: (i - 1) / fps, end: j / fps, peak, close: (first - i + 1) / fps, open: (j - last) / fps });
    i = j;
  }
  return out;
}

function stats(b: Blink[], minutes: number) {
  const starts = b.map((x) => x.start);
  const intervals = starts.slice(1).map((t, k) => t - starts[k]);
  const mean = intervals.reduce((a, x) => a + x, 0) / intervals.length;
  const sd = Math.sqrt(intervals.reduce((a, x) => a + (x - mean) ** 2, 0) / (intervals.length - 1));
  const doubles = b.slice(1).filter((x, k) => x.start - b[k].end <= 0.5).length;
  return { rate: b.length / minutes, cv: sd / mean, doubles: doubles / b.length };
}

const FPS = 60;
const MINUTES = 20;

describe('BlinkLayer in conversation (20 simulated minutes at 60 fps)', () => {
  const s = talk(MINUTES * 60, FPS, 11);
  const { lid, closure } = perform(s, { seed: 3 });
  const b = blinks(lid, FPS);
  const st = stats(b, MINUTES);
  const full = b.filter((x) => x.peak >= 0.9);
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const inPause = b.filter((x) => s.pause[Math.round(x.start * FPS)] === 1).length / b.length;
  const report = {
    blinks: b.length, rate: st.rate, cv: st.cv, doubles: st.doubles, inPause,
    partial: b.filter((x) => x.peak < 0.9).length / b.length,
    closeMs: 1000 * mean(full.map((x) => x.close)), openMs: 1000 * mean(full.map((x) => x.open)),
  };
  console.log('blink statistics', JSON.stringify(report));

  it('blinks 10-33 times a minute with irregular intervals (CV >= 0.5)', () => {
    expect(st.rate).toBeGreaterThanOrEqual(10);
    expect(st.rate).toBeLessThanOrEqual(33);
    expect(st.cv).toBeGreaterThanOrEqual(0.5);
  });

  it('5-20 % of blinks are doubles (next blink within 500 ms of the end) and some are partial', () => {
    expect(st.doubles).toBeGreaterThanOrEqual(0.05);
    expect(st.doubles).toBeLessThanOrEqual(0.2);
    expect(report.partial).toBeGreaterThan(0.15);
    expect(report.partial).toBeLessThan(0.5);
  });

  it('closes in 60-100 ms, opens more slowly in 120-180 ms (measured on the curve, one frame of slack)', () => {
    // A phase boundary falls between frames: the close is seen up to one frame long, the open up to two.
    const frame = 1 / FPS + 1e-9;
    for (const x of full) {
      expect(x.close).toBeGreaterThanOrEqual(0.06);
      expect(x.close).toBeLessThanOrEqual(0.1 + frame);
      expect(x.open).toBeLessThanOrEqual(0.18 + 2 * frame);
      expect(x.close).toBeLessThan(x.open);
    }
    expect(report.closeMs).toBeGreaterThan(60);
    expect(report.closeMs).toBeLessThan(100 + 1000 / FPS);
    expect(report.openMs).toBeGreaterThan(120);
    expect(report.openMs).toBeLessThan(180 + 1000 / FPS);
  });

  it('most blinks start in pauses', () => {
    expect(inPause).toBeGreaterThan(0.5);
  });

  it('never holds a closed lid (>= 0.8) on a bilabial closure frame', () => {
    const closures = closure.reduce((a, x) => a + x, 0);
    expect(closures).toBeGreaterThan(1000); // the talk has plenty of them
    for (let i = 0; i < s.n; i++) if (closure[i]) expect(lid[i]).toBeLessThan(0.8);
  });
});

describe('BlinkLayer at rest', () => {
  it('blinks about 17 times a minute in a long silence', () => {
    const s = talk(20 * 60, FPS, 1, [1e9, 1e9]);
    const st = stats(blinks(perform(s, { seed: 5 }).lid, FPS), 20);
    expect(st.rate).toBeGreaterThan(13);
    expect(st.rate).toBeLessThan(21);
    expect(st.cv).toBeGreaterThanOrEqual(0.5);
  });

  it('different seeds give different blinks with the same statistics', () => {
    const s = talk(10 * 60, FPS, 21);
    const a = perform(s, { seed: 100 }).lid;
    const b = perform(s, { seed: 101 }).lid;
    expect(Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer))).not.toBe(0);
    for (const lid of [a, b]) {
      const st = stats(blinks(lid, FPS), 10);
      expect(st.rate).toBeGreaterThanOrEqual(10);
      expect(st.rate).toBeLessThanOrEqual(33);
      expect(st.cv).toBeGreaterThanOrEqual(0.5);
    }
  });
});
