import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import type { Frame } from '../../src/api/Frame.js';
import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { builtInModelPath } from '../../src/runtime/builtInModels.js';
import type { Engine } from '../../src/runtime/Engine.js';
import { FrameResampler } from '../../src/runtime/FrameResampler.js';
import { MOTION_CHANNELS, MotionModel } from '../../src/runtime/MotionModel.js';
import { VISEME_LIP_CHANNELS } from '../../src/runtime/shapeLipsByViseme.js';
import { openEngine } from '../../src/runtime/openEngine.js';
import { readOnnxHeader } from '../../src/runtime/readOnnxHeader.js';
import { noise, randomChunks, rng } from '../helpers/golden.js';

const MODEL = builtInModelPath('default');
const LOWLATENCY = builtInModelPath('lowlatency');
const SAMPLE = join(import.meta.dirname, '..', '..', 'models', 'samples', 'hello.wav');
// Real speech for the conditioning check (tests may read the shared data; the package never does).
const JFK = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'speech', 'jfk.flac');

function maxDiff(a: Frame[], b: Frame[]): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    expect(a[i].time).toBe(b[i].time);
    for (let c = 0; c < 52; c++) d = Math.max(d, Math.abs(a[i].weights[c] - b[i].weights[c]));
    d = Math.max(d, Math.abs(a[i].head.rotation.pitch - b[i].head.rotation.pitch), Math.abs(a[i].head.rotation.yaw - b[i].head.rotation.yaw));
  }
  return d;
}

function meanOf(frames: Frame[], names: (keyof typeof BLENDSHAPE_INDEX)[]): number {
  let s = 0;
  for (const f of frames) for (const n of names) s += f.weights[BLENDSHAPE_INDEX[n]];
  return s / (frames.length * names.length);
}

describe('readOnnxHeader (untrusted bytes)', () => {
  const bytes = new Uint8Array(readFileSync(MODEL));

  it('reads the shipped model: opset 17, the Mouthpiece format and its channels', () => {
    const h = readOnnxHeader(bytes);
    expect(h.opsets.find((o) => o.domain === '')?.version).toBe(17);
    expect(h.metadata.format).toBe('mouthpiece-motion-step');
    expect(h.metadata.motion_channels.split(',')).toHaveLength(MOTION_CHANNELS);
    expect(h.graphBytes).toBeGreaterThan(100_000);
  });

  it('every truncation of the file is reported as truncated or not a model, never a crash or a wrong header', () => {
    const cuts = [0, 1, 2, 5, 17, 100, 1000, bytes.length >> 1, bytes.length - 100, bytes.length - 1];
    for (const n of cuts) {
      let err: unknown;
      try {
        readOnnxHeader(bytes.subarray(0, n));
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${n}`).toBeInstanceOf(MouthpieceError);
      expect((err as MouthpieceError).code).toBe('BAD_MODEL');
    }
  });

  it('fuzz: 3000 mutated and random inputs either parse or throw BAD_MODEL', () => {
    const r = rng(7);
    for (let i = 0; i < 3000; i++) {
      let input: Uint8Array;
      if (i % 3 === 0) {
        input = new Uint8Array(1 + Math.floor(r() * 300)).map(() => Math.floor(r() * 256));
      } else {
        // Mutate the first few kilobytes of the real file (header fields and the graph's length) and cut it.
        input = bytes.slice(0, 200 + Math.floor(r() * 4000));
        for (let k = 0; k < 1 + Math.floor(r() * 6); k++) input[Math.floor(r() * input.length)] = Math.floor(r() * 256);
      }
      try {
        const h = readOnnxHeader(input);
        expect(h.graphBytes).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(MouthpieceError);
        expect((e as MouthpieceError).code).toBe('BAD_MODEL');
      }
    }
  });
});

describe('MotionModel.load: bad files are named', () => {
  it('a missing file', async () => {
    await expect(MotionModel.load('no/such/model.onnx')).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringContaining('no/such/model.onnx') });
  });

  it('a truncated model', async () => {
    const bytes = new Uint8Array(readFileSync(MODEL));
    await expect(MotionModel.load(bytes.subarray(0, bytes.length - 5000))).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringContaining('truncated') });
  });

  it('a WAV file passed as a model', async () => {
    await expect(MotionModel.load(new Uint8Array(readFileSync(SAMPLE)))).rejects.toMatchObject({ code: 'BAD_MODEL' });
  });

  it('an ONNX model that is not a Mouthpiece motion model', async () => {
    // ir_version 8, a graph with only a name: valid protobuf, valid ONNX header, no Mouthpiece metadata.
    const foreign = new Uint8Array([0x08, 0x08, 0x3a, 0x03, 0x12, 0x01, 0x67]);
    await expect(MotionModel.load(foreign)).rejects.toMatchObject({ code: 'BAD_MODEL', message: expect.stringContaining('not a Mouthpiece motion model') });
  });

  it('bad options', async () => {
    await expect(MotionModel.load(MODEL, { threads: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    for (const visemeShaping of [{ strength: 1.5, sharpness: 1 }, { strength: 1, sharpness: 0.5 }, { strength: Number.NaN, sharpness: 1 }, 'on']) {
      await expect(MotionModel.load(MODEL, { visemeShaping: visemeShaping as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('visemeShaping') });
    }
  });

  it('viseme shaping: off for a model file unless asked; the built-in default carries its own; it changes lip shape, never jawOpen', async () => {
    const file = await MotionModel.load(MODEL);
    expect(file.info.visemeShaping).toBe(false);
    await file.dispose();
    const shaped = await openEngine({ model: 'default' });
    const plain = await openEngine({ model: 'default', visemeShaping: false });
    try {
      expect((await shaped.motionModel()).info.visemeShaping).toEqual({ strength: 1, sharpness: 1 });
      const pcm = noise(16000, 7);
      const a = await shaped.process(pcm, { sampleRate: 16000, fps: 100 });
      const b = await plain.process(pcm, { sampleRate: 16000, fps: 100 });
      let lipDiff = 0;
      for (let i = 0; i < a.frames.length; i++) {
        expect(a.frames[i].weights[BLENDSHAPE_INDEX.jawOpen]).toBe(b.frames[i].weights[BLENDSHAPE_INDEX.jawOpen]);
        for (const name of VISEME_LIP_CHANNELS) {
          const c = BLENDSHAPE_INDEX[name as keyof typeof BLENDSHAPE_INDEX];
          lipDiff = Math.max(lipDiff, Math.abs(a.frames[i].weights[c] - b.frames[i].weights[c]));
        }
      }
      expect(lipDiff).toBeGreaterThan(1e-3);
    } finally {
      await shaped.dispose();
      await plain.dispose();
    }
  });
});

describe('FrameResampler', () => {
  it('any chunking of the rows gives the same frames; frame k is at k / fps, interpolated', () => {
    const rows = new Float32Array(237 * MOTION_CHANNELS).map((_, i) => (i % MOTION_CHANNELS) / 100 + Math.floor(i / MOTION_CHANNELS) / 1000);
    const whole = new FrameResampler(60).push(rows);
    const r = new FrameResampler(60);
    const parts: Frame[] = [];
    let at = 0;
    for (const n of randomChunks(237, 3, 17)) {
      parts.push(...r.push(rows.subarray(at * MOTION_CHANNELS, (at + n) * MOTION_CHANNELS)));
      at += n;
    }
    expect(parts).toEqual(whole);
    // 237 rows span 2.36 s: frames at 0 .. 141/60.
    expect(whole).toHaveLength(Math.floor(2.36 * 60) + 1);
    expect(whole[7].time).toBeCloseTo(7 / 60, 12);
    // Row j, channel 1 = 0.01 + j / 1000, so at time t the value is 0.01 + t * 100 / 1000.
    expect(whole[7].weights[1]).toBeCloseTo(0.01 + (7 / 60) * 0.1, 6);
  });

  it('rejects a bad fps', () => {
    expect(() => new FrameResampler(0)).toThrow(/fps/);
    expect(() => new FrameResampler(59.94)).toThrow(/fps/);
  });
});

describe('engine.process and motion sessions (onnxruntime-node)', () => {
  let engine: Engine;
  let pcm: Float32Array;
  let rate: number;

  beforeAll(async () => {
    engine = await openEngine();
    const audio = await engine.decodeAudio(new Uint8Array(readFileSync(SAMPLE)));
    pcm = audio.samples;
    rate = audio.sampleRate;
  });
  afterAll(async () => {
    await engine.dispose();
  });

  it('returns frames on the audio clock at the requested fps (default 60), weights in [0, 1], finite head', async () => {
    const track = await engine.process(pcm, { sampleRate: rate });
    expect(track.fps).toBe(60);
    const featureFrames = Math.ceil((pcm.length * 16000) / rate / 160);
    expect(track.frames.length).toBe(Math.floor(((featureFrames - 1) / 100) * 60) + 1);
    track.frames.forEach((f, k) => {
      expect(f.time).toBeCloseTo(k / 60, 12);
      for (const w of f.weights) expect(w >= 0 && w <= 1).toBe(true);
      expect(Number.isFinite(f.head.rotation.pitch + f.head.rotation.yaw + f.head.rotation.roll + f.head.position.x)).toBe(true);
    });
    // It talks: the jaw moves during the sentence (not a constant face).
    const jaw = track.frames.map((f) => f.weights[BLENDSHAPE_INDEX.jawOpen]);
    expect(Math.max(...jaw) - Math.min(...jaw)).toBeGreaterThan(0.2);
    // The network's 120 ms plus the default's one frame of output advance.
    expect(engine.info().model?.lookaheadMs).toBe(130);
  });

  it('a session fed uneven chunks at 48 kHz gives the same frames as process(), at 60 and 100 fps', async () => {
    const audio48 = await engine.resample(pcm, rate, 48000);
    for (const fps of [60, 100]) {
      const offline = (await engine.process(audio48, { sampleRate: 48000, fps })).frames;
      const s = await engine.createMotionSession({ sampleRate: 48000, fps });
      const pending: Promise<Frame[]>[] = [];
      let at = 0;
      for (const n of randomChunks(audio48.length, fps, 9000)) {
        pending.push(s.push(audio48.subarray(at, at + n)));
        at += n;
      }
      const frames = [...(await Promise.all(pending)).flat(), ...(await s.flush())];
      s.dispose();
      expect(maxDiff(frames, offline)).toBeLessThan(1e-5);
    }
  });

  it('frames trail the audio by the lookahead and no more', async () => {
    const s = await engine.createMotionSession({ sampleRate: 16000, fps: 100 });
    const one = await s.push(noise(16000, 1, 0.1)); // 1 s: 100 feature frames, the last needs the next hop
    s.dispose();
    // Feature frames complete: 99 (the 100th window reaches past the pushed audio); model rows: 99 - 12 - 1 (lookahead, advance).
    expect(one.length).toBe(99 - 12 - 1);
  });

  it('outputAdvanceFrames moves the output k frames earlier, adds k frames of lookahead, and is validated', async () => {
    const run = async (k: number) => {
      const e = await openEngine({ model: 'default', outputAdvanceFrames: k });
      const t = await e.process(pcm, { sampleRate: rate, fps: 100 });
      const info = e.info().model!;
      await e.dispose();
      return { frames: t.frames, info };
    };
    const a0 = await run(0);
    const a3 = await run(3);
    expect(a0.info.lookaheadMs).toBe(120);
    expect(a3.info.lookaheadMs).toBe(150);
    expect(a3.info.outputAdvanceFrames).toBe(3);
    expect(a3.frames.length).toBe(a0.frames.length);
    // Frame n of the advanced stream is frame n + 3 of the plain one. Each
    // stream's smoother starts from its own first row, so compare past the
    // smoother's 3-row history; the last 3 rows of the advanced stream come
    // from the flush's padding.
    const T = a0.frames.length;
    let worst = 0;
    for (let n = 4; n < T - 3; n++) {
      for (let c = 0; c < 52; c++) worst = Math.max(worst, Math.abs(a3.frames[n].weights[c] - a0.frames[n + 3].weights[c]));
    }
    expect(worst).toBeLessThan(1e-5);
    for (const bad of [-1, 1.5, 26, Number.NaN]) {
      await expect(MotionModel.load(MODEL, { outputAdvanceFrames: bad })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('outputAdvanceFrames') });
    }
  });

  it('intensity 0 is neutral exactly; happy at 1 raises mouthSmile by at least 0.15 on real speech', async () => {
    const bytes = existsSync(JFK) ? new Uint8Array(readFileSync(JFK)) : new Uint8Array(readFileSync(SAMPLE));
    const audio = await engine.decodeAudio(bytes);
    const opts = { sampleRate: audio.sampleRate, fps: 30 };
    const neutral = (await engine.process(audio.samples, opts)).frames;
    const zero = (await engine.process(audio.samples, { ...opts, emotion: 'happy', intensity: 0 })).frames;
    expect(maxDiff(zero, neutral)).toBe(0);
    const happy = (await engine.process(audio.samples, { ...opts, emotion: 'happy', intensity: 1 })).frames;
    const smile: (keyof typeof BLENDSHAPE_INDEX)[] = ['mouthSmileLeft', 'mouthSmileRight'];
    expect(meanOf(happy, smile) - meanOf(neutral, smile)).toBeGreaterThanOrEqual(0.15);
    // The other presets move their own channels.
    const sad = (await engine.process(audio.samples, { ...opts, emotion: 'sad' })).frames;
    expect(meanOf(sad, ['mouthFrownLeft', 'mouthFrownRight'])).toBeGreaterThan(meanOf(neutral, ['mouthFrownLeft', 'mouthFrownRight']) + 0.1);
    const surprised = (await engine.process(audio.samples, { ...opts, emotion: 'surprised' })).frames;
    expect(meanOf(surprised, ['browInnerUp'])).toBeGreaterThan(meanOf(neutral, ['browInnerUp']) + 0.1);
  });

  it('setConditioning blends in over transitionMs, the same however the audio is chunked', async () => {
    const run = async (chunk: number): Promise<Frame[]> => {
      const s = await engine.createMotionSession({ sampleRate: rate, fps: 100 });
      const half = Math.floor(pcm.length / 2);
      const out: Frame[] = [];
      for (let at = 0; at < half; at += chunk) out.push(...(await s.push(pcm.subarray(at, Math.min(half, at + chunk)))));
      await s.setConditioning({ emotion: 'happy', intensity: 1 }, 400);
      for (let at = half; at < pcm.length; at += chunk) out.push(...(await s.push(pcm.subarray(at, Math.min(pcm.length, at + chunk)))));
      out.push(...(await s.flush()));
      s.dispose();
      return out;
    };
    const a = await run(1600);
    const b = await run(4411);
    expect(maxDiff(a, b)).toBeLessThan(1e-5);
    const smile = a.map((f) => (f.weights[BLENDSHAPE_INDEX.mouthSmileLeft] + f.weights[BLENDSHAPE_INDEX.mouthSmileRight]) / 2);
    const tHalf = Math.floor(pcm.length / 2) / rate;
    const before = smile.filter((_, i) => a[i].time < tHalf - 0.2);
    const after = smile.filter((_, i) => a[i].time > tHalf + 0.6);
    expect(after.reduce((x, y) => x + y, 0) / after.length).toBeGreaterThan(before.reduce((x, y) => x + y, 0) / before.length + 0.1);
  });

  it('bad options are named', async () => {
    await expect(engine.process(pcm, { sampleRate: rate, fps: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('fps') });
    await expect(engine.process(pcm, { sampleRate: rate, emotion: 'joy' as 'happy' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('emotion') });
    await expect(engine.process(pcm, { sampleRate: rate, emotion: 'happy', intensity: 2 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('intensity') });
    const nan = pcm.slice();
    nan[100] = Number.NaN;
    await expect(engine.process(nan, { sampleRate: rate })).rejects.toMatchObject({ code: 'BAD_AUDIO' });
  });

  it('the low-latency model loads and looks 40 ms ahead', async () => {
    const e = await openEngine({ model: 'lowlatency' });
    const s = await e.createMotionSession({ fps: 100 });
    expect(s.lookaheadMs).toBe(40);
    const frames = [...(await s.push(noise(8000, 2, 0.1))), ...(await s.flush())];
    expect(frames.length).toBe(50);
    s.dispose();
    await e.dispose();
  });

  it('a disposed session rejects; 2000 sessions opened and disposed do not grow the heap', async () => {
    const s = await engine.createMotionSession();
    s.dispose();
    await expect(s.push(new Float32Array(160))).rejects.toMatchObject({ code: 'DISPOSED' });
    const chunk = noise(1600, 4, 0.1);
    const cycle = async (): Promise<void> => {
      const x = await engine.createMotionSession({ fps: 30 });
      await x.push(chunk);
      await x.flush();
      x.dispose();
    };
    for (let i = 0; i < 200; i++) await cycle();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    for (let i = 0; i < 2000; i++) await cycle();
    gc?.();
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(4 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
  });
});
