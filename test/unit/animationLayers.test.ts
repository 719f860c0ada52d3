
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I, MouthpieceError, type Frame } from '../../src/api/index.js';
import { AnimationLayers, type AnimationLayersOptions } from '../../src/animation/index.js';
import { mulberry32 } from '../../src/util/mulberry32.js';
import { load, newFrame, talk, type Talk } from '../helpers/syntheticTalk.js';
import { measureAllocation } from '../helpers/measureAllocation.js';


const DEG = Math.PI / 180;
const FPS = 60;

/** Everything a performance writes, frame by frame: 52 weights, head rotation and position, gaze. */
function record(s: Talk, options: AnimationLayersOptions, layers = new AnimationLayers(options)) {
  const f = newFrame();
  const out = new Float64Array(s.n * 60);
  for (let i = 0; i < s.n; i++) {
    layers.apply(load(f, s, i), 1 / s.fps);
    const o = i * 60;
    for (let k = 0; k < BLENDSHAPE_COUNT; k++) out[o + k] = f.weights[k];
    const r = f.head.rotation, p = f.head.position;
    out.set([r.pitch, r.yaw, r.roll, p.x, p.y, p.z, f.gaze!.yaw, f.gaze!.pitch], o + 52);
  }
  return out;
}
const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('AnimationLayers seeding', () => {
  const s = talk(120, FPS, 5);

  it('replays the same performance for the same seed, and after reset()', () => {
    const layers = new AnimationLayers({ seed: 42 });
    const a = record(s, {}, layers);
    expect(same(a, record(s, { seed: 42 }))).toBe(true);
    layers.reset();
    expect(same(a, record(s, {}, layers))).toBe(true);
  });

  it('gives a different performance for another seed, in every layer', () => {
    const a = record(s, { seed: 1 }), b = record(s, { seed: 2 });
    const differs = (k: number) => a.some((x, i) => i % 60 === k && x !== b[i]);
    for (const k of [I.eyeBlinkLeft, I.browInnerUp, 52, 53, 54, 58, 59]) expect(differs(k)).toBe(true);
    expect(differs(I.jawOpen)).toBe(false); // the input passes through
  });

  it('switching one layer off leaves the others unchanged', () => {
    const a = record(s, { seed: 3 }), b = record(s, { seed: 3, brows: false });
    expect(a.some((x, i) => i % 60 === I.browInnerUp && x !== b[i])).toBe(true);
    expect(a.every((x, i) => i % 60 === I.browInnerUp || i % 60 === I.browOuterUpLeft || i % 60 === I.browOuterUpRight || x === b[i])).toBe(true);
  });
});

describe('AnimationLayers idle head', () => {
  const rms = (xs: Float64Array, k: number, from: number) => {
    let sum = 0, n = 0;
    for (let i = from; i * 60 < xs.length; i++, n++) sum += xs[i * 60 + k] ** 2;
    return Math.sqrt(sum / n) / DEG;
  };
  const peak = (xs: Float64Array, k: number) => {
    let m = 0;
    for (let i = k; i < xs.length; i += 60) m = Math.max(m, Math.abs(xs[i]));
    return m / DEG;
  };
  const silent = record(talk(600, FPS, 1, [1e9, 1e9]), { seed: 6 });
  const speaking = record(talk(600, FPS, 1, [0.01, 0.01], [700, 700]), { seed: 6 });
  const stats = {
    silentPeakDeg: [52, 53, 54].map((k) => peak(silent, k)),
    silentRmsDeg: [52, 53, 54].map((k) => rms(silent, k, 0)),
    speakingRmsDeg: [52, 53, 54].map((k) => rms(speaking, k, 120)),
    breathRiseMm: 1000 * peak(silent, 56) * DEG,
  };
  console.log('idle head statistics', JSON.stringify(stats));

  it('drifts a few degrees in silence: pitch within -3..+3°, yaw and roll within ±5°', () => {
    expect(stats.silentPeakDeg[0]).toBeLessThanOrEqual(3);
    expect(stats.silentPeakDeg[1]).toBeLessThanOrEqual(5);
    expect(stats.silentPeakDeg[2]).toBeLessThanOrEqual(5);
    for (const v of stats.silentRmsDeg) expect(v).toBeGreaterThan(0.3); // visibly alive
    expect(stats.breathRiseMm).toBeGreaterThan(0.5);
    expect(stats.breathRiseMm).toBeLessThan(3);
  });

  it('moves less while speaking (the model leads), and blends without a jump', () => {
    for (let k = 0; k < 3; k++) expect(stats.speakingRmsDeg[k]).toBeLessThan(0.6 * stats.silentRmsDeg[k]);
    let worst = 0;
    for (const xs of [silent, speaking]) {
      for (let i = 1; i * 60 < xs.length; i++) {
        for (const k of [52, 53, 54]) worst = Math.max(worst, Math.abs(xs[i * 60 + k] - xs[(i - 1) * 60 + k]));
      }
    }
    expect(worst / DEG).toBeLessThan(0.1); // degrees per frame at 60 fps
  });
});

describe('AnimationLayers brows', () => {
  it('raise browInnerUp by 0.2-0.5 for 0.3-0.6 s on a third to a half of the accents', () => {
    const s = talk(20 * 60, FPS, 12);
    const layers = new AnimationLayers({ seed: 8, blink: false, gaze: false, idle: false });
    const f = newFrame();
    let accents = 0;
    const brow = new Float32Array(s.n);
    for (let i = 0; i < s.n; i++) {
      layers.apply(load(f, s, i), 1 / FPS);
      if (layers.speech.accent) accents++;
      brow[i] = f.weights[I.browInnerUp];
      expect(f.weights[I.browOuterUpLeft]).toBeCloseTo(0.6 * brow[i], 6);
    }
    const raises: { peak: number; seconds: number }[] = [];
    for (let i = 1; i < s.n; i++) {
      if (!(brow[i] > 0 && brow[i - 1] === 0)) continue;
      let j = i, peak = 0;
      for (; j < s.n && brow[j] > 0; j++) peak = Math.max(peak, brow[j]);
      raises.push({ peak, seconds: (j - i + 1) / FPS });
      i = j;
    }
    const accentsPerMinute = accents / 20, share = raises.length / accents;
    console.log('brow statistics', JSON.stringify({ accentsPerMinute, raises: raises.length, share }));
    expect(accentsPerMinute).toBeGreaterThan(10);
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.5);
    for (const r of raises) {
      expect(r.peak).toBeGreaterThan(0.18);
      expect(r.peak).toBeLessThanOrEqual(0.5);
      expect(r.seconds).toBeGreaterThanOrEqual(0.3 - 1 / FPS);
      expect(r.seconds).toBeLessThanOrEqual(0.6 + 1 / FPS);
    }
  });
});

describe('AnimationLayers when the frames stop', () => {
  it('relax() lets the face settle: no per-frame jump above the stated bounds', () => {
    const s = talk(60, FPS, 7);
    const layers = new AnimationLayers({ seed: 4 });
    const f = newFrame();
    // Cut the speech mid-burst, on a wide-open jaw.
    const [b0] = s.bursts.find(([t0, t1]) => t1 - t0 > 2)!;
    let cut = Math.round((b0 + 1) * FPS);
    while (s.jaw[cut] < 0.3) cut++;
    const prev = new Float64Array(60), cur = new Float64Array(60);
    const snap = () => {
      for (let k = 0; k < BLENDSHAPE_COUNT; k++) cur[k] = f.weights[k];
      const r = f.head.rotation;
      cur.set([r.pitch, r.yaw, r.roll, f.gaze!.yaw, f.gaze!.pitch], 52);
    };
    for (let i = 0; i < cut; i++) layers.apply(load(f, s, i), 1 / FPS);
    snap();
    const worst = { lid: 0, other: 0, headDeg: 0, gazeDeg: 0 };
    for (let i = 0; i < 4 * FPS; i++) {
      prev.set(cur);
      layers.relax(f, 1 / FPS);
      snap();
      for (let k = 0; k < BLENDSHAPE_COUNT; k++) {
        const d = Math.abs(cur[k] - prev[k]);
        if (k === I.eyeBlinkLeft || k === I.eyeBlinkRight) worst.lid = Math.max(worst.lid, d);
        else if (k < 1 || k > 13) worst.other = Math.max(worst.other, d); // eyeLook* follow the gaze
      }
      for (let k = 52; k < 55; k++) worst.headDeg = Math.max(worst.headDeg, Math.abs(cur[k] - prev[k]) / DEG);
      worst.gazeDeg = Math.max(worst.gazeDeg, Math.hypot(cur[55] - prev[55], cur[56] - prev[56]) / DEG);
    }
    console.log('relax: worst per-frame change', JSON.stringify(worst));
    // Bounds at 60 fps: a blink's own closing speed for lids; 0.1 for other weights (the jaw starts at >= 0.3,
    // an abrupt stop would drop it at once); 0.5° for the head; a saccade's peak speed (< 600°/s) for the eyes.
    expect(worst.lid).toBeLessThanOrEqual(0.5);
    expect(worst.other).toBeLessThanOrEqual(0.1);
    expect(worst.headDeg).toBeLessThanOrEqual(0.5);
    expect(worst.gazeDeg).toBeLessThanOrEqual(10);
    // ...and the face is at rest, apart from the living layers.
    expect(f.weights[I.jawOpen]).toBeLessThan(1e-6);
    expect(layers.speaking).toBe(false);
  });
});

describe('AnimationLayers arguments', () => {
  const layers = new AnimationLayers();
  it('checks frames, dt and options at the boundary with the library message shape', () => {
    expect(() => layers.apply(newFrame(), -1)).toThrow('Expected non-negative number for dt but received -1');
    expect(() => layers.apply(newFrame(), NaN)).toThrow(MouthpieceError);
    expect(() => layers.apply(null as never, 0.01)).toThrow('Expected a Frame for frame but received null');
    expect(() => layers.apply({ ...newFrame(), weights: new Float32Array(10) }, 0.01)).toThrow(
      'Expected 52 blendshape weights for frame.weights but received length 10',
    );
    const bad = newFrame();
    bad.head.rotation.yaw = NaN;
    expect(() => layers.relax(bad, 0.01)).toThrow(/frame.head/);
    expect(() => new AnimationLayers({ seed: 1.5 })).toThrow('Expected integer for options.seed but received 1.5');
    expect(() => new AnimationLayers({ blink: { doubleChance: 2 } })).toThrow(
      'Expected number in [0, 1] for options.blink.doubleChance but received 2',
    );
    expect(() => new AnimationLayers({ gaze: 3 as never })).toThrow('Expected an object or false for options.gaze but received 3');
    expect(() => layers.setGazeTarget(NaN, 0)).toThrow('Expected finite number for yaw but received NaN');
  });

  it('starts again from the source values when the same frame comes twice (render faster than the source)', () => {
    const s = talk(10, FPS, 2);
    const a = new AnimationLayers({ seed: 2 }), b = new AnimationLayers({ seed: 2 });
    const fa = newFrame(), fb = newFrame();
    for (let i = 0; i < s.n; i++) {
      // a: each source frame applied twice at 120 fps; b: a fresh copy each time.
      load(fa, s, i);
      fa.head.rotation.yaw = 0.05;
      for (let twice = 0; twice < 2; twice++) {
        a.apply(fa, 1 / 120);
        load(fb, s, i).head.rotation.yaw = 0.05;
        b.apply(fb, 1 / 120);
        expect(fa.head.rotation.yaw).toBe(fb.head.rotation.yaw);
        expect(fa.weights).toEqual(fb.weights);
      }
    }
  });

  it('gives a frame without gaze one, and keeps values in [0, 1]', () => {
    const f = newFrame();
    delete f.gaze;
    f.weights.fill(1);
    layers.apply(f, 1 / 60);
    expect(f.gaze).toBeDefined();
    expect(f.weights.every((w) => w >= 0 && w <= 1)).toBe(true);
  });
});

describe('AnimationLayers allocation', () => {
  it('100,000 apply() calls allocate nothing (no GC, flat heap)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (vitest forks pool)').toBeTypeOf('function');
    const s = talk(120, FPS, 3);
    // The emotion layer too, with a change of emotion now and then.
    const layers = new AnimationLayers({ seed: 5, emotion: { emotion: 'happy', intensity: 0.5 } });
    const f = newFrame();
    let i = 0;
    const run = (n: number) => {
      for (let k = 0; k < n; k++) {
        if (i % 5000 === 0) layers.setEmotion(i % 10000 === 0 ? 'sad' : 'happy', 0.7);
        // What a caller does: a fresh source frame each tick (here copied in place), then the layers.
        const j = i++ % s.n;
        f.time = i / 60;
        f.weights[I.jawOpen] = s.jaw[j];
        f.weights[I.mouthClose] = s.close[j];
        f.head.rotation.pitch = f.head.rotation.yaw = f.head.rotation.roll = 0;
        f.head.position.y = 0;
        if ((k & 1023) < 900) layers.apply(f, 1 / 60);
        else layers.relax(f, 1 / 60);
      }
    };
    // Long warm-ups: the event code (a new fixation every ~0.7 s, a blink every ~2.5 s) runs rarely and is
    // optimised only after some thousand events; until then V8's baseline code boxes its numbers.
    const r = await measureAllocation(run, 100_000);
    console.log('apply: microseconds per call', r.microsPerCall.toFixed(2), 'heap growth', r.heapGrowth);
    expect(r.gcs).toEqual([]);
    expect(r.heapGrowth).toBeLessThan(1_000_000);
  });
});
