import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { MelFrontend } from '../../src/audio/MelFrontend.js';
import { resample } from '../../src/audio/Resampler.js';
import type { Engine } from '../../src/runtime/Engine.js';
import type { FeatureSession } from '../../src/runtime/FeatureSession.js';
import { openEngine } from '../../src/runtime/openEngine.js';
import { toMouthpieceError } from '../../src/runtime/toMouthpieceError.js';
import { bitEqual, goldenCases, noise, randomChunks, readF32, repoRoot, worstToleranceRatio } from '../helpers/golden.js';
import { native, nativeReason, skipNative } from '../helpers/native.js';

const sharedSpeech = join(repoRoot, '..', 'shared', 'data', 'speech', 'jfk.flac');

async function nativeEngine(): Promise<Engine> {
  if (!native.ok) throw new Error(`native addon required but unavailable: ${nativeReason}`);
  const engine = await openEngine({ backend: 'native' });
  expect(engine.backend).toBe('native');
  return engine;
}

async function streamAll(session: FeatureSession, pcm: Float32Array, chunks: number[]): Promise<Float32Array> {
  const out: number[] = [];
  let at = 0;
  let expectIndex = 0;
  const take = (frames: { index: number; features: Float32Array }[]) => {
    for (const f of frames) {
      expect(f.index).toBe(expectIndex++);
      out.push(...f.features);
    }
  };
  for (const n of chunks) {
    take(await session.push(pcm.subarray(at * session.channels, (at + n) * session.channels)));
    at += n;
  }
  take(await session.flush());
  return Float32Array.from(out);
}


describe.skipIf(skipNative)('native addon', () => {
  it('loads and reports the feature spec of models/features.json', async () => {
    const engine = await nativeEngine();
    const spec = engine.info().native!.featureSpec;
    const json = JSON.parse(readFileSync(join(repoRoot, 'models', 'features.json'), 'utf8'));
    for (const k of ['sampleRate', 'hop', 'window', 'fftSize', 'bands', 'fminHz', 'fmaxHz'] as const) expect(spec[k]).toBe(json[k]);
    expect(spec.logFloor).toBeCloseTo(json.logFloor, 12);
  });

  it('C++ features match the independent reference (golden vectors)', async () => {
    const engine = await nativeEngine();
    let worst = 0;
    for (const { c, input, expected } of goldenCases()) {
      const got = (await engine.computeFeatures(input, 16000)).features;
      expect(got.length, c.name).toBe(expected.length);
      worst = Math.max(worst, worstToleranceRatio(got, expected));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('C++ and TypeScript agree on resampled audio at every common rate', async () => {
    const engine = await nativeEngine();
    const ts = await openEngine({ backend: 'typescript' });
    for (const rate of [8000, 11025, 22050, 32000, 44100, 48000, 96000]) {
      const pcm = noise(rate, rate, 0.5);
      const a = await engine.resample(pcm, rate, 16000);
      const b = resample(pcm, rate, 16000);
      expect(a.length).toBe(b.length);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      expect(worst, `resampled ${rate}`).toBeLessThan(1e-6);
      const fa = (await engine.computeFeatures(pcm, rate)).features;
      const fb = (await ts.computeFeatures(pcm, rate)).features;
      expect(worstToleranceRatio(fb, fa), `features ${rate}`).toBeLessThanOrEqual(1);
    }
  });

  it('sessions: random chunkings give bit-identical frames, equal to the whole-buffer path', async () => {
    const engine = await nativeEngine();
    for (const [rate, channels] of [[16000, 1], [44100, 2], [48000, 1], [8000, 1]] as const) {
      const frames = Math.round(rate * 1.7);
      const pcm = noise(frames * channels, rate + channels, 0.4);
      const whole = await streamAll(engine.createSession({ sampleRate: rate, channels }), pcm, [frames]);
      for (const seed of [1, 2, 3]) {
        const parts = await streamAll(engine.createSession({ sampleRate: rate, channels }), pcm, randomChunks(frames, seed, 6000));
        expect(bitEqual(parts, whole), `rate ${rate} ch ${channels} seed ${seed}`).toBe(true);
      }
      if (channels === 1) {
        const pcm16k = rate === 16000 ? pcm : await engine.resample(pcm, rate, 16000);
        expect(bitEqual((await engine.computeFeatures(pcm16k, 16000)).features, whole)).toBe(true);
      }
    }
    const short = noise(2000, 5);
    const ones = await streamAll(engine.createSession({ sampleRate: 22050 }), short, new Array(2000).fill(1));
    expect(bitEqual(ones, await streamAll(engine.createSession({ sampleRate: 22050 }), short, [2000]))).toBe(true);
  });

  it('bad input comes back as MouthpieceError with a code, and leaves sessions usable', async () => {
    const engine = await nativeEngine();
    const s = engine.createSession();
    const bad = noise(1000, 1);
    bad[700] = Number.NaN;
    await expect(s.push(bad)).rejects.toMatchObject({ code: 'BAD_AUDIO', message: expect.stringMatching(/sample 700/) });
    // 1000 samples complete the frames centred on 0, 160, ..., 800 (window end <= 1000).
    await expect(s.push(noise(1000, 1))).resolves.toHaveLength(6);
    await s.flush();
    await expect(s.push(noise(10, 1))).rejects.toMatchObject({ code: 'STATE' });
    await s.reset();
    await expect(s.push(noise(160, 1))).resolves.toHaveLength(0);
    s.dispose();
    await expect(s.push(noise(10, 1))).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(() => engine.createSession({ sampleRate: 200000 })).toThrowError(MouthpieceError);
    await expect(engine.decodeAudio(new Uint8Array(10))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(engine.computeFeatures(Float32Array.of(0, Number.POSITIVE_INFINITY), 16000)).rejects.toMatchObject({ code: 'BAD_AUDIO' });
  });

  it('malformed WAV corpus: each file gives its expected code and names the field', async () => {
    const engine = await nativeEngine();
    const dir = join(repoRoot, 'test', 'fixtures', 'wav', 'bad');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { status: string; mentions: string }>;
    const names = Object.keys(expected);
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const name of names) {
      // Straight to the native decoder: no format sniffing in front of it.
      const err = await native.binding.decodeWav(new Uint8Array(readFileSync(join(dir, name)))).then(
        () => null,
        (e: unknown) => toMouthpieceError(e),
      );
      const want = expected[name];
      expect(err, name).toBeInstanceOf(MouthpieceError);
      expect(err!.code, `${name}: ${err!.message}`).toBe(want.status);
      expect(err!.message, name).toContain(want.mentions);
    }
    void engine;
  });

  it('odd-but-valid WAVs decode sample-exact', async () => {
    const engine = await nativeEngine();
    const dir = join(repoRoot, 'test', 'fixtures', 'wav', 'good');
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { rate: number; channels: number; frames: number }>;
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(20);
    for (const [name, want] of Object.entries(expected)) {
      const got = await engine.decodeAudio(readFileSync(join(dir, name)));
      expect(got.decoder, name).toBe('native');
      expect(got.sampleRate, name).toBe(want.rate);
      expect(got.channels, name).toBe(want.channels);
      expect(got.samples.length, name).toBe(want.frames);
      expect(bitEqual(got.samples, readF32(join(dir, name.replace(/\.wav$/, '.f32')))), name).toBe(true);
    }
  });

  it('long work runs off the JS thread: timers keep firing during a big push', async () => {
    const engine = await nativeEngine();
    const s = engine.createSession({ sampleRate: 48000 });
    const pcm = noise(48000 * 120, 3, 0.3);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = performance.now();
    const frames = await s.push(pcm);
    const ms = performance.now() - t0;
    clearInterval(timer);
    s.dispose();
    expect(frames.length).toBeGreaterThan(11990);
    // The push took tens of ms; a blocked loop would have ticked zero times.
    expect(ms).toBeGreaterThan(10);
    expect(ticks).toBeGreaterThan(2);
  });

  it('thousands of sessions do not leak', async () => {
    const engine = await nativeEngine();
    const chunk = noise(4800, 4);
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const s = engine.createSession({ sampleRate: i % 2 ? 48000 : 16000 });
        await s.push(chunk);
        await s.flush();
        s.dispose();
      }
      await new Promise((r) => setTimeout(r, 10));
      (globalThis as { gc?: () => void }).gc?.();
    };
    await run(500);
    const before = process.memoryUsage().rss;
    await run(4000);
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    expect(grown).toBeLessThan(40);
  });

  it.skipIf(!existsSync(sharedSpeech))('decodes real speech (shared data) the same way in both backends', async () => {
    const path = sharedSpeech;
    const engine = await nativeEngine();
    const ts = await openEngine({ backend: 'typescript' });
    const audio = await engine.decodeAudio(readFileSync(path));
    const a = await engine.computeFeatures(audio.samples, audio.sampleRate);
    const b = await ts.computeFeatures(audio.samples, audio.sampleRate);
    expect(a.count).toBe(1100);
    let worst = 0;
    for (let i = 0; i < a.features.length; i++) worst = Math.max(worst, Math.abs(a.features[i] - b.features[i]) / (1e-4 * Math.max(1, Math.abs(a.features[i]))));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe.skipIf(skipNative)('native addon robustness', () => {
  const binding = () => {
    if (!native.ok) throw new Error(`native addon required but unavailable: ${nativeReason}`);
    return native.binding;
  };

  it('inputs detached or shrunk while a job runs do not crash (jobs own copies)', async () => {
    const b = binding();
    const a = noise(16000 * 4, 1);
    const p1 = b.computeFeatures(a);
    structuredClone(a.buffer, { transfer: [a.buffer] });
    expect(a.length).toBe(0);
    (globalThis as { gc?: () => void }).gc?.();
    expect((await p1).length).toBe(400 * 64);
    const ab = new ArrayBuffer(48000 * 4, { maxByteLength: 48000 * 4 } as never) as ArrayBuffer & { resize(n: number): void };
    const r = new Float32Array(ab);
    r.set(noise(48000, 2));
    const p2 = b.resample(r, 48000, 16000);
    if (typeof ab.resize === 'function') ab.resize(0);
    expect((await p2).length).toBe(16000);
    const s = new b.Session({ sampleRate: 16000 });
    const big = noise(160000, 3);
    const p3 = s.pushAsync(big);
    structuredClone(big.buffer, { transfer: [big.buffer] });
    await p3;
    expect(s.framesAvailable()).toBe(999);
    s.dispose();
  });

  it('dispose during an async push frees after it; later calls fail with DISPOSED', async () => {
    const b = binding();
    const s = new b.Session({ sampleRate: 48000 });
    const p = s.pushAsync(noise(48000 * 10, 4));
    expect(() => s.push(new Float32Array(10))).toThrowError(/busy/);
    s.dispose();
    await expect(p).resolves.toBeUndefined();
    expect(() => s.push(new Float32Array(10))).toThrowError(/disposed/);
    expect(() => s.read()).toThrowError(/disposed/);
  });

  it('garbage constructor options are rejected naming the field', () => {
    const b = binding();
    for (const [opts, field] of [
      [{ sampleRate: 'x' }, 'sampleRate'],
      [{ sampleRate: 16000.7 }, 'sampleRate'],
      [{ sampleRate: 16000 + 2 ** 32 }, 'sampleRate'],
      [{ channels: 1.5 }, 'channels'],
      [{ channels: 0 }, 'channels'],
      [{ maxBufferedFrames: -1 }, 'maxBufferedFrames'],
      [{ maxBufferedFrames: Number.NaN }, 'maxBufferedFrames'],
    ] as const) {
      let err: { code?: string; message?: string } | undefined;
      try {
        new b.Session(opts as never);
      } catch (e) {
        err = e as { code?: string; message?: string };
      }
      expect(err?.code, JSON.stringify(opts)).toBe('INVALID_ARGUMENT');
      expect(err?.message).toContain(field);
    }
    expect(() => new b.Session(42 as never)).toThrowError(/options object/);
  });

  it('bad rates and NaN report the same codes as the TypeScript backend', async () => {
    const engines = [await openEngine({ backend: 'native' }), await openEngine({ backend: 'typescript' })];
    for (const e of engines) {
      await expect(e.resample(new Float32Array(10), 7999, 16000)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(e.computeFeatures(new Float32Array(10), 7999)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      const x = new Float32Array(4800);
      x[3] = Number.NaN;
      await expect(e.computeFeatures(x, 48000)).rejects.toMatchObject({ code: 'BAD_AUDIO', message: expect.stringMatching(/sample 3 /) });
    }
    await expect(binding().resample(Float32Array.of(0, Number.NaN), 16000, 8000)).rejects.toMatchObject({ code: 'BAD_AUDIO' });
  });

  it('terminating a worker thread mid-job does not take the process down', () => {
    const script = `
      const { Worker } = require('node:worker_threads');
      const path = ${JSON.stringify(native.ok ? native.path : '')};
      const code = \`
        const b = require(\${JSON.stringify(path)});
        const x = new Float32Array(48000 * 60);
        for (let i = 0; i < 8; i++) b.computeFeatures(x);
        const s = new b.Session({ sampleRate: 48000 });
        s.pushAsync(x);
        require('node:worker_threads').parentPort.postMessage('busy');
      \`;
      let done = 0;
      for (let i = 0; i < 4; i++) {
        const w = new Worker(code, { eval: true });
        w.on('message', () => w.terminate().then(() => { if (++done === 4) console.log('survived'); }));
      }
    `;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).not.toMatch(/terminate called|Abort/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('survived');
  });
});

describe('fallback', () => {
  it('openEngine (auto) logs why it fell back, reports it, and still computes features', async () => {
    const prev = process.env.MOUTHPIECE_DISABLE_NATIVE;
    process.env.MOUTHPIECE_DISABLE_NATIVE = '1';
    try {
      // loadNative caches per process: load fresh module instances.
      vi.resetModules();
      const { openEngine: fresh } = await import('../../src/runtime/openEngine.js');
      const warnings: string[] = [];
      const engine = await fresh({ logger: { warn: (m: string) => warnings.push(m) } });
      expect(engine.backend).toBe('typescript');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/falling back to the TypeScript backend: .*MOUTHPIECE_DISABLE_NATIVE/);
      expect(engine.info().fallbackReason).toMatch(/MOUTHPIECE_DISABLE_NATIVE/);
      expect((await engine.computeFeatures(new Float32Array(1600), 16000)).count).toBe(10);
      await expect(fresh({ backend: 'native' })).rejects.toMatchObject({ code: 'NATIVE_UNAVAILABLE' });
    } finally {
      if (prev === undefined) delete process.env.MOUTHPIECE_DISABLE_NATIVE;
      else process.env.MOUTHPIECE_DISABLE_NATIVE = prev;
      vi.resetModules();
    }
  });

  it('lists the fixture files it relies on', () => {
    expect(readdirSync(join(repoRoot, 'test', 'fixtures', 'wav', 'bad')).length).toBeGreaterThan(20);
  });
});
