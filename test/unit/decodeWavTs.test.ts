import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { decodeWavTs } from '../../src/audio/decodeWavTs.js';
import { readF32, repoRoot } from '../helpers/golden.js';

const dir = join(repoRoot, 'test', 'fixtures', 'wav');
const read = (sub: string, name: string) => new Uint8Array(readFileSync(join(dir, sub, name)));

describe('TypeScript WAV fallback (no native addon)', () => {
  it('refuses every file of the malformed corpus with a MouthpieceError', () => {
    const expected = JSON.parse(readFileSync(join(dir, 'bad', 'expected.json'), 'utf8')) as Record<string, unknown>;
    const accepted: string[] = [];
    for (const name of Object.keys(expected)) {
      try {
        decodeWavTs(read('bad', name));
        accepted.push(name);
      } catch (e) {
        expect(e, name).toBeInstanceOf(MouthpieceError);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('decodes the odd-but-valid corpus sample-exact, but for two layouts only the native decoder takes', () => {
    const expected = JSON.parse(readFileSync(join(dir, 'good', 'expected.json'), 'utf8')) as Record<string, { rate: number; channels: number }>;
    // Known gaps of the fallback: a data chunk declared 0 under a streaming
    // RIFF size, and a missing pad byte between chunks (wavefile loses the
    // chunk chain there).
    const nativeOnly = new Set(['p_stream_zero.wav', 'p_missing_pad_between.wav']);
    for (const [name, want] of Object.entries(expected)) {
      if (nativeOnly.has(name)) continue;
      const got = decodeWavTs(read('good', name));
      const ref = readF32(join(dir, 'good', name.replace(/\.wav$/, '.f32')));
      expect(got.sampleRate, name).toBe(want.rate);
      expect(got.channels, name).toBe(want.channels);
      expect(got.samples.length, name).toBe(ref.length);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got.samples[i] - ref[i]));
      expect(worst, name).toBe(0);
    }
  });
});
