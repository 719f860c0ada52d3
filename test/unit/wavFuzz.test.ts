import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { decodeAudio } from '../../src/audio/decodeAudio.js';
import { decodeWavTs } from '../../src/audio/decodeWavTs.js';
import { repoRoot, rng } from '../helpers/golden.js';

/** Seeded mutations of valid files: bit flips, byte sets, cuts, splices of size fields. */
function mutate(src: Uint8Array, r: () => number): Uint8Array {
  let out = src.slice();
  const ops = 1 + Math.floor(r() * 4);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(r() * Math.max(1, out.length));
    switch (Math.floor(r() * 5)) {
      case 0:
        out[at] ^= 1 << Math.floor(r() * 8);
        break;
      case 1:
        out[at] = [0, 0xff, 0x7f, 0x80][Math.floor(r() * 4)];
        break;
      case 2:
        out = out.slice(0, at);
        break;
      case 3: {
        // Overwrite a little-endian 32-bit field with an extreme value.
        const v = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, out.length][Math.floor(r() * 6)];
        for (let b = 0; b < 4 && at + b < out.length; b++) out[at + b] = (v >>> (8 * b)) & 0xff;
        break;
      }
      default:
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(Math.min(out.length, at + Math.floor(r() * 64)))]);
    }
  }
  return out;
}

describe('fuzzing the TypeScript parsers (seeded, bounded)', () => {
  const dir = join(repoRoot, 'test', 'fixtures', 'wav', 'good');
  const seeds = readdirSync(dir)
    .filter((f) => f.endsWith('.wav'))
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));

  it('decodeWavTs: 5000 mutated files either decode to finite samples or throw a MouthpieceError', () => {
    const r = rng(20261122);
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = mutate(seeds[i % seeds.length], r);
      try {
        const a = decodeWavTs(bytes);
        expect(a.samples.every((x) => x >= -1 && x <= 1)).toBe(true);
        decoded++;
      } catch (e) {
        if (!(e instanceof MouthpieceError)) throw new Error(`iteration ${i}: ${(e as Error).name}: ${(e as Error).message}`);
        refused++;
      }
    }
    // Both outcomes must actually occur, or the mutations are not exercising anything.
    expect(decoded).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('decodeAudio: mutated compressed files settle with audio or a MouthpieceError', async () => {
    const cdir = join(repoRoot, 'test', 'fixtures', 'compressed');
    const r = rng(7);
    for (const name of ['tone.flac', 'tone.mp3', 'tone.opus', 'tone.ogg']) {
      const src = new Uint8Array(readFileSync(join(cdir, name)));
      for (let i = 0; i < 40; i++) {
        const bytes = mutate(src, r);
        await decodeAudio(bytes).then(
          (a) => expect(a.samples.every(Number.isFinite), name).toBe(true),
          (e) => expect(e, name).toBeInstanceOf(MouthpieceError),
        );
      }
    }
  });
});
