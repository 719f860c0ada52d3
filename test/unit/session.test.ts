import { describe, expect, it } from 'vitest';

import { FeatureStream } from '../../src/audio/FeatureStream.js';
import { openEngine } from '../../src/runtime/openEngine.js';
import { TsFeatureSession } from '../../src/runtime/TsFeatureSession.js';
import { bitEqual, concat, noise } from '../helpers/golden.js';

describe('TypeScript session (async API over FeatureStream)', () => {
  it('pushes fired without awaiting resolve in order with contiguous indices', async () => {
    const s = new TsFeatureSession({ sampleRate: 48000 });
    const pcm = noise(48000, 1);
    const pending = [];
    for (let at = 0; at < pcm.length; at += 480) pending.push(s.push(pcm.subarray(at, at + 480)));
    const results = await Promise.all(pending);
    const frames = [...results.flat(), ...(await s.flush())];
    expect(frames.map((f) => f.index)).toEqual(frames.map((_, i) => i));
    expect(frames[10].time).toBeCloseTo(0.1, 12);
    expect(frames).toHaveLength(100);
  });

  it('a failing push does not break the queue, and leaves the stream unchanged', async () => {
    const s = new TsFeatureSession();
    const good = noise(1600, 2);
    const bad = good.slice();
    bad[5] = Number.NaN;
    const [a, b, c] = await Promise.allSettled([s.push(good), s.push(bad), s.push(good)]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'BAD_AUDIO' } });
    expect(c.status).toBe('fulfilled');
    const ref = new FeatureStream();
    ref.push(good);
    const second = ref.push(good);
    const got = (c as PromiseFulfilledResult<{ features: Float32Array }[]>).value;
    expect(bitEqual(concat(got.map((f) => f.features)), second.features)).toBe(true);
  });

  it('long chunks are sliced (event loop breathes) with identical output; a NaN at the end rejects the whole chunk', async () => {
    const pcm = noise(16000 * 5, 3);
    const s = new TsFeatureSession();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const frames = [...(await s.push(pcm)), ...(await s.flush())];
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    const ref = new FeatureStream();
    const whole = concat([ref.push(pcm).features, ref.flush().features]);
    expect(bitEqual(concat(frames.map((f) => f.features)), whole)).toBe(true);

    const t = new TsFeatureSession();
    const bad = pcm.slice();
    bad[bad.length - 1] = Number.POSITIVE_INFINITY;
    await expect(t.push(bad)).rejects.toMatchObject({ code: 'BAD_AUDIO' });
    await expect(t.push(pcm.subarray(0, 1600))).resolves.toHaveLength(9);
  });

  it('dispose (also via Symbol.dispose) rejects later calls with DISPOSED', async () => {
    const s = new TsFeatureSession();
    s[Symbol.dispose]();
    await expect(s.push(new Float32Array(10))).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(s.flush()).rejects.toMatchObject({ code: 'DISPOSED' });
    s.dispose();
  });

  it('the engine validates its options at the boundary', async () => {
    await expect(openEngine({ backend: 'gpu' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const engine = await openEngine({ backend: 'typescript' });
    expect(() => engine.createSession({ sampleRate: 44100.5 })).toThrowError(/integer sampleRate/);
    await expect(engine.computeFeatures([1, 2] as never, 16000)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('TypeScript engine on long buffers', () => {
  it('resample and computeFeatures yield to the event loop and equal the one-shot paths bit for bit', async () => {
    const { MelFrontend } = await import('../../src/audio/MelFrontend.js');
    const { resample } = await import('../../src/audio/Resampler.js');
    const engine = await openEngine({ backend: 'typescript' });
    const pcm = noise(48000 * 4, 8);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const r = await engine.resample(pcm, 48000, 16000);
    const f = await engine.computeFeatures(pcm, 48000);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
    const ref = resample(pcm, 48000, 16000);
    expect(bitEqual(r, ref)).toBe(true);
    expect(bitEqual(f.features, new MelFrontend().computeAll(ref))).toBe(true);
  });
});
