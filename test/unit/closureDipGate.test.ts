import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import type { Frame } from '../../src/api/Frame.js';
import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { MelFrontend } from '../../src/audio/MelFrontend.js';
import { ClosureDipGate, DIP_GATE_MAX_AHEAD_FRAMES } from '../../src/runtime/ClosureDipGate.js';
import { MotionModel } from '../../src/runtime/MotionModel.js';
import { builtInModelPath } from '../../src/runtime/builtInModels.js';
import { openEngine } from '../../src/runtime/openEngine.js';
import { randomChunks, rng } from '../helpers/golden.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'models', 'samples', 'hello.wav');

/** Log-mel rows of a 1 kHz tone whose amplitude per 10 ms frame is `amps[t]` (0 = silence). */
function toneFeatures(amps: number[]): Float32Array {
  const pcm = new Float32Array(amps.length * 160);
  for (let i = 0; i < pcm.length; i++) pcm[i] = amps[Math.floor(i / 160)] * Math.sin((2 * Math.PI * 1000 * i) / 16000);
  return new MelFrontend().computeAll(pcm);
}

/** Gates of every row a stream would emit, pushing the frames in the given chunks (row r once frames r + L are in). */
function streamGates(features: Float32Array, chunks: number[], dipDb: number, networkLookahead: number, advance: number): number[] {
  const gate = new ClosureDipGate(dipDb, networkLookahead, advance);
  const L = networkLookahead + advance;
  const out: number[] = [];
  let at = 0;
  for (const n of chunks) {
    gate.push(features.subarray(at * 64, (at + n) * 64), n);
    at += n;
    while (out.length <= at - 1 - L) out.push(gate.gate(out.length));
  }
  return out;
}

describe('ClosureDipGate', () => {
  it('opens inside a 100 ms gap of a held tone and stays shut while the tone is held', () => {
    const amps = [...Array(60).fill(0.3), ...Array(10).fill(0), ...Array(60).fill(0.3)];
    const f = toneFeatures(amps);
    const g = streamGates(f, [amps.length], 12, 12, 1);
    // Row r reads the network frame r + 1 and its neighbours.
    for (let r = 62; r <= 66; r++) expect(g[r]).toBe(1);
    for (let r = 5; r <= 55; r++) expect(g[r]).toBe(0);
    for (let r = 75; r < g.length; r++) expect(g[r]).toBe(0);
  });

  it('ramps with the dip: a 12 dB dip opens a 6 dB gate fully, a 12 dB gate half, an 18 dB gate not at all', () => {
    const low = 0.3 * 10 ** (-12 / 20);
    const amps = [...Array(60).fill(0.3), ...Array(10).fill(low), ...Array(60).fill(0.3)];
    const f = toneFeatures(amps);
    const at = (d: number) => streamGates(f, [amps.length], d, 12, 0)[64];
    expect(at(6)).toBe(1);
    expect(at(12)).toBeCloseTo(0.5, 1);
    expect(at(10)).toBeCloseTo(5 / 6, 1);
    expect(at(18)).toBe(0);
    expect(at(0)).toBe(1);
  });

  it('any chunking gives the same gates, and a row never reads past the lookahead', () => {
    const rand = rng(7);
    const amps = Array.from({ length: 700 }, (_, t) => (Math.floor(t / 23) % 3 === 0 ? 0.3 * rand() : 0.3));
    const f = toneFeatures(amps);
    for (const [L, adv] of [[12, 1], [4, 0]]) {
      const whole = streamGates(f, [amps.length], 10, L, adv);
      const chunked = streamGates(f, randomChunks(amps.length, 3, 40), 10, L, adv);
      expect(chunked).toEqual(whole);
      // Changing every frame after r + L leaves row r's gate as it was.
      const r = 300;
      const g2 = new Float32Array(f);
      g2.fill(-13.8, (r + L + 1) * 64);
      expect(streamGates(g2, [amps.length], 10, L, adv)[r]).toBe(whole[r]);
    }
    expect(DIP_GATE_MAX_AHEAD_FRAMES).toBeLessThanOrEqual(11);
  });

  it('holds a bounded window however long the stream (thousands of seconds)', () => {
    const gate = new ClosureDipGate(12, 12, 1);
    const chunk = toneFeatures(Array(100).fill(0.2));
    for (let i = 0; i < 3000; i++) {
      gate.push(chunk, 100);
      gate.gate(i * 100 + 50);
    }
    expect((gate as unknown as { energy: Float32Array }).energy.length).toBeLessThanOrEqual(1024);
  });

  it('rejects a bad threshold; so does MotionModel.load', async () => {
    for (const bad of [-1, Number.NaN, 61, Infinity]) expect(() => new ClosureDipGate(bad, 12, 1)).toThrow(MouthpieceError);
    await expect(MotionModel.load(builtInModelPath('default'), { bilabialSeal: { from: 0.05, to: 0.15, dipDb: -3 } })).rejects.toThrow(/dipDb/);
  });

  it('in an engine: chunked and whole output agree, and the check only ever opens the lips', async () => {
    const checked = await openEngine({ bilabialSeal: { from: 0.05, to: 0.15, dipDb: 12 } });
    const plain = await openEngine({ bilabialSeal: { from: 0.05, to: 0.15 } });
    try {
      const audio = await checked.decodeAudio(new Uint8Array(readFileSync(SAMPLE)));
      const offline = (await checked.process(audio.samples, { sampleRate: audio.sampleRate, fps: 100 })).frames;
      const s = await checked.createMotionSession({ sampleRate: audio.sampleRate, fps: 100 });
      const parts: Frame[][] = [];
      let at = 0;
      for (const n of randomChunks(audio.samples.length, 5, 3000)) {
        parts.push(await s.push(audio.samples.subarray(at, at + n)));
        at += n;
      }
      const frames = [...parts.flat(), ...(await s.flush())];
      s.dispose();
      expect(frames.length).toBe(offline.length);
      for (let i = 0; i < frames.length; i++) for (let c = 0; c < 52; c++) expect(Math.abs(frames[i].weights[c] - offline[i].weights[c])).toBeLessThan(1e-5);
      const sealed = (await plain.process(audio.samples, { sampleRate: audio.sampleRate, fps: 100 })).frames;
      const close = BLENDSHAPE_INDEX.mouthClose;
      let opened = 0;
      for (let i = 0; i < offline.length; i++) {
        expect(offline[i].weights[close]).toBeLessThanOrEqual(sealed[i].weights[close] + 1e-6);
        if (offline[i].weights[close] < sealed[i].weights[close] - 0.05) opened++;
      }
      expect(opened).toBeGreaterThan(0);
    } finally {
      await checked.dispose();
      await plain.dispose();
    }
  });
});
