import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as I, type Frame } from '../../src/api/index.js';
import { AnimationLayers, type AnimationLayersOptions } from '../../src/animation/index.js';
import { mulberry32 } from '../../src/util/mulberry32.js';
import { load, newFrame, talk, type Talk } from '../helpers/syntheticTalk.js';


const DEG = Math.PI / 180;

/** Gaze yaw/pitch (radians) of every frame of a performance, with the head and the eyeLook weights of one frame. */
function perform(s: Talk, options: AnimationLayersOptions, target: [number, number] = [0, 0]) {
  const layers = new AnimationLayers(options);
  layers.setGazeTarget(target[0], target[1]);
  const f = newFrame();
  const yaw = new Float64Array(s.n), pitch = new Float64Array(s.n);
  for (let i = 0; i < s.n; i++) {
    layers.apply(load(f, s, i), 1 / s.fps);
    yaw[i] = f.gaze!.yaw;
    pitch[i] = f.gaze!.pitch;
  }
  return { yaw, pitch, layers, frame: f };
}

interface Saccade { start: number; duration: number; amplitude: number }
/** Movements: runs of frames whose gaze differs from the previous frame's (fixations hold still). */
function saccades(yaw: Float64Array, pitch: Float64Array, fps: number): Saccade[] {
  const out: Saccade[] = [];
  for (let i = 1; i < yaw.length; i++) {
    if (yaw[i] === yaw[i - 1] && pitch[i] === pitch[i - 1]) continue;
    let j = i;
    while (j < yaw.length && (yaw[j] !== yaw[j - 1] || pitch[j] !== pitch[j - 1])) j++;
    if (j === yaw.length) break; // cut off by the end
    out.push({ start: i / fps, duration: (j - i) / fps, amplitude: Math.hypot(yaw[j - 1] - yaw[i - 1], pitch[j - 1] - pitch[i - 1]) / DEG });
    i = j;
  }
  return out;
}

describe('GazeLayer saccades (3 simulated minutes at 1000 fps, no head motion)', () => {
  const s = talk(180, 1000, 4);
  const { yaw, pitch } = perform(s, { seed: 9, idle: false });
  const sacc = saccades(yaw, pitch, 1000);
  const big = sacc.filter((x) => x.amplitude >= 0.5);
  console.log('gaze statistics', JSON.stringify({
    saccadesPerMinute: sacc.length / 3,
    under15deg: sacc.filter((x) => x.amplitude < 15).length / sacc.length,
    maxAmplitudeDeg: Math.max(...sacc.map((x) => x.amplitude)),
    worstDurationErrorMs: 1000 * Math.max(...big.map((x) => Math.abs(x.duration - (0.025 + 0.0024 * x.amplitude)))),
  }));

  it('last 25 ms + 2.4 ms per degree (within 1 ms + 2 %)', () => {
    expect(big.length).toBeGreaterThan(100);
    for (const x of big) {
      const expected = 0.025 + 0.0024 * x.amplitude;
      expect(Math.abs(x.duration - expected)).toBeLessThanOrEqual(0.001 + 0.02 * expected);
    }
  });

  it('are mostly under 15 degrees, with both small (scanning) and large (looking away) ones', () => {
    expect(sacc.filter((x) => x.amplitude < 15).length / sacc.length).toBeGreaterThan(0.9);
    expect(sacc.some((x) => x.amplitude < 3)).toBe(true);
    expect(sacc.some((x) => x.amplitude > 6)).toBe(true);
  });

  it('follow a minimum-jerk profile: peak speed in the middle, none at the ends', () => {
    const x = big.find((v) => v.amplitude > 6)!;
    const i0 = Math.round(x.start * 1000), n = Math.round(x.duration * 1000);
    const speed = (i: number) => Math.hypot(yaw[i] - yaw[i - 1], pitch[i] - pitch[i - 1]);
    const mid = speed(i0 + Math.floor(n / 2));
    expect(speed(i0)).toBeLessThan(0.05 * mid);
    expect(speed(i0 + n - 1)).toBeLessThan(0.05 * mid);
  });
});

describe('GazeLayer looking away and back (20 simulated minutes at 60 fps)', () => {
  const s = talk(20 * 60, 60, 8);
  const target: [number, number] = [4 * DEG, -2 * DEG];
  const { yaw, pitch } = perform(s, { seed: 2 }, target);
  const off = (i: number) => Math.hypot(yaw[i] - target[0], pitch[i] - target[1]) / DEG;
  const maxOff = (t0: number, t1: number) => {
    let m = 0;
    for (let i = Math.round(t0 * 60); i < Math.min(s.n, Math.round(t1 * 60)); i++) m = Math.max(m, off(i));
    return m;
  };

  it('stays within ±25° yaw and ±20° pitch, even with a target near the edge', () => {
    const edge = perform(talk(5 * 60, 60, 3), { seed: 4 }, [24 * DEG, -19 * DEG]);
    for (const r of [{ yaw, pitch }, edge]) {
      for (let i = 0; i < r.yaw.length; i++) {
        expect(Math.abs(r.yaw[i])).toBeLessThanOrEqual(25 * DEG + 1e-12);
        expect(Math.abs(r.pitch[i])).toBeLessThanOrEqual(20 * DEG + 1e-12);
      }
    }
  });

  it('looks away at most utterance starts (after >= 1 s of silence) and is back on target after the turn', () => {
    let starts = 0, averted = 0, ends = 0, back = 0;
    for (let k = 1; k < s.bursts.length - 1; k++) {
      const [t0, t1] = s.bursts[k];
      if (t0 - s.bursts[k - 1][1] >= 1) {
        starts++;
        if (maxOff(t0, t0 + 0.6) > 6) averted++;
      }
      const next = s.bursts[k + 1][0];
      if (next - t1 >= 1) {
        ends++;
        // Pause recognised ~0.3 s after the mouth stops, the return 0.05-0.3 s later, then one saccade.
        if (off(Math.round((t1 + 0.8) * 60)) <= 4.5) back++;
      }
    }
    console.log('gaze turn statistics', JSON.stringify({ starts, avertedShare: averted / starts, ends, backShare: back / ends }));
    expect(starts).toBeGreaterThan(50);
    expect(averted / starts).toBeGreaterThan(0.5);
    expect(back / ends).toBeGreaterThan(0.75);
  });

  it('stays near the target most of the time, and follows it when it moves', () => {
    let near = 0;
    for (let i = 0; i < s.n; i++) if (off(i) <= 4.5) near++;
    expect(near / s.n).toBeGreaterThan(0.6);
    const layers = new AnimationLayers({ seed: 1, idle: false });
    const f = newFrame();
    const quiet = talk(4, 60, 1, [1e9, 1e9]);
    for (let i = 0; i < 60; i++) layers.apply(load(f, quiet, i), 1 / 60);
    layers.setGazeTarget(-15 * DEG, 10 * DEG);
    let i = 0;
    for (; i < 60 && Math.hypot(f.gaze!.yaw + 15 * DEG, f.gaze!.pitch - 10 * DEG) > 4.5 * DEG; i++) {
      layers.apply(load(f, quiet, 60 + i), 1 / 60);
    }
    expect(i).toBeLessThan(60); // within a second (glances aside)
  });

  it('writes eyeLook* weights that a rig reads back as the same gaze', () => {
    const { frame } = perform(talk(10, 60, 2), { seed: 3 }, [10 * DEG, 5 * DEG]);
    const w = frame.weights, a = 25 * DEG;
    expect((w[I.eyeLookOutLeft] - w[I.eyeLookInLeft]) * a).toBeCloseTo(frame.gaze!.yaw, 6);
    expect((w[I.eyeLookInRight] - w[I.eyeLookOutRight]) * a).toBeCloseTo(frame.gaze!.yaw, 6);
    expect((w[I.eyeLookDownLeft] - w[I.eyeLookUpLeft]) * a).toBeCloseTo(frame.gaze!.pitch, 6);
    expect(w[I.eyeLookDownRight]).toBe(w[I.eyeLookDownLeft]);
  });

  it('counter-rotates the head so the eyes stay on target (headCompensation)', () => {
    const layers = new AnimationLayers({ seed: 1, idle: false, blink: false, gaze: { headCompensation: 1 } });
    const f = newFrame();
    const quiet = talk(4, 60, 1, [1e9, 1e9]);
    for (let i = 0; i < 30; i++) layers.apply(load(f, quiet, i), 1 / 60);
    const before = f.gaze!.yaw;
    load(f, quiet, 30).head.rotation.yaw = 3 * DEG;
    layers.apply(f, 0); // no time passes: only the head moved
    expect(f.gaze!.yaw).toBeCloseTo(before - 3 * DEG, 9);
  });
});
