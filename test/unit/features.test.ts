import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { FEATURE_SPEC, featureFrameCount } from '../../src/audio/featureSpec.js';
import { FeatureStream } from '../../src/audio/FeatureStream.js';
import { MelFrontend, melFilterBank } from '../../src/audio/MelFrontend.js';
import { bitEqual, concat, goldenCases, noise, randomChunks, repoRoot, worstToleranceRatio } from '../helpers/golden.js';

function streamAll(pcm: Float32Array, chunks: number[], rate = 16000, channels = 1): Float32Array {
  const fs = new FeatureStream({ sampleRate: rate, channels });
  const parts: Float32Array[] = [];
  let at = 0;
  let expectIndex = 0;
  for (const n of chunks) {
    const b = fs.push(pcm.subarray(at * channels, (at + n) * channels));
    expect(b.firstIndex).toBe(expectIndex);
    expectIndex += b.count;
    parts.push(b.features);
    at += n;
  }
  parts.push(fs.flush().features);
  return concat(parts);
}

describe('feature spec', () => {
  it('matches models/features.json', () => {
    const json = JSON.parse(readFileSync(join(repoRoot, 'models', 'features.json'), 'utf8'));
    expect({ ...FEATURE_SPEC }).toEqual(json);
  });
  it('frame count is ceil(n / 160)', () => {
    expect([0, 1, 159, 160, 161, 16000].map(featureFrameCount)).toEqual([0, 1, 1, 1, 2, 100]);
  });
  it('every mel band has a non-zero bin', () => {
    const { weights } = melFilterBank();
    expect(weights).toHaveLength(64);
    for (const w of weights) expect(Math.max(...w)).toBeGreaterThan(0);
  });
});

describe('TypeScript front end (meyda) vs the independent reference', () => {
  const fe = new MelFrontend();
  for (const { c, input, expected } of goldenCases()) {
    it(`golden ${c.name}: within 1e-4 * max(1, |ref|)`, () => {
      const got = fe.computeAll(input);
      expect(got.length).toBe(expected.length);
      expect(worstToleranceRatio(got, expected)).toBeLessThanOrEqual(1);
    });
  }
  it('silence sits at the floor; a 1 kHz tone peaks in band 22 (centre 1010 Hz)', () => {
    const silent = fe.computeAll(new Float32Array(1600));
    for (const v of silent) expect(v).toBeCloseTo(Math.log(1e-6), 5);
    const tone = new Float32Array(16000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
    const f = fe.computeAll(tone).subarray(50 * 64, 51 * 64);
    expect(f.indexOf(Math.max(...f))).toBe(22);
  });
});

describe('TypeScript streaming', () => {
  it('chunked == whole, bit-identical, at 16 kHz', () => {
    const pcm = noise(16000 * 2 + 77, 7);
    const whole = streamAll(pcm, [pcm.length]);
    expect(bitEqual(whole, new MelFrontend().computeAll(pcm))).toBe(true);
    for (const seed of [1, 2]) expect(bitEqual(streamAll(pcm, randomChunks(pcm.length, seed, 3000)), whole)).toBe(true);
    expect(bitEqual(streamAll(pcm.subarray(0, 3000), new Array(3000).fill(1)), streamAll(pcm.subarray(0, 3000), [3000]))).toBe(true);
  });
  it('chunked == whole at 44.1 kHz stereo; frame count follows the resampled length', () => {
    const frames = 44100;
    const pcm = noise(frames * 2, 9);
    const whole = streamAll(pcm, [frames], 44100, 2);
    expect(whole.length / 64).toBe(featureFrameCount(Math.ceil((frames * 16000) / 44100)));
    expect(bitEqual(streamAll(pcm, randomChunks(frames, 5, 2000), 44100, 2), whole)).toBe(true);
  });
  it('NaN rejects the chunk and leaves the stream unchanged', () => {
    const fs = new FeatureStream();
    const good = noise(1600, 3);
    const bad = good.slice();
    bad[1000] = Number.NaN;
    expect(() => fs.push(bad)).toThrowError(/sample 1000 of the chunk is NaN/);
    const a = fs.push(good);
    const ref = new FeatureStream().push(good);
    expect(bitEqual(a.features, ref.features)).toBe(true);
  });
  it('validates options and state', () => {
    expect(() => new FeatureStream({ sampleRate: 7999 })).toThrowError(/sampleRate in 8000..192000 but received 7999/);
    expect(() => new FeatureStream({ channels: 0 })).toThrowError(/channels in 1..64/);
    const fs = new FeatureStream({ channels: 2 });
    expect(() => fs.push(new Float32Array(3))).toThrowError(/divisible by channels/);
    fs.flush();
    expect(() => fs.push(new Float32Array(2))).toThrowError(/push after flush/);
  });
});
