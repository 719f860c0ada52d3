import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
// @ts-expect-error plain ESM JavaScript without type declarations
import { bestLag, missingTools } from '../../models/training/corpus/augment.mjs';
import { type CorpusLine, prepareEspeak, ttsRequired } from '../helpers/corpus.js';
// @ts-expect-error plain ESM JavaScript without type declarations
import { readWav } from '../../models/training/corpus/alignmentCheck.mjs';

// Builds the 'small' corpus config twice (about 2-5 s each) and checks the
// on-disk format of models/training/corpus/FORMAT.md. Its stored
// augmentations need sox, lame and opus-tools.

type Line = CorpusLine;
interface BuildResult {
  manifestSha256: string;
  utterances: number;
  heldOutSpeakers: string[];
  buildSeconds: number;
}
interface Decoded {
  frames: number;
  bands: number;
  targetChannels: number;
  articulationChannels: number;
  samples: number;
  targets: Float32Array;
  features: Float32Array;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const required = ttsRequired;
const augmentTools = (missingTools(['tempo', 'pitch', 'formant', 'mp3', 'opus', 'clip']) as string[]).length === 0;
const { tmp, tool, buildError, cleanup } = await prepareEspeak('mouthpiece-corpus-');

afterAll(cleanup);

function decode(buf: Buffer): Decoded {
  expect(buf.toString('ascii', 0, 4)).toBe('MPCU');
  expect(buf.readUInt16LE(4)).toBe(1);
  const headerBytes = buf.readUInt16LE(6);
  expect(headerBytes).toBe(32);
  const frames = buf.readUInt32LE(8);
  const bands = buf.readUInt16LE(12);
  const targetChannels = buf.readUInt16LE(14);
  const articulationChannels = buf.readUInt16LE(16);
  expect(buf.readUInt16LE(18)).toBe(100);
  const samples = buf.readUInt32LE(20);
  expect(buf.length).toBe(headerBytes + 4 * frames * (bands + targetChannels + articulationChannels) + frames);
  const copy = new Uint8Array(buf).buffer; // aligned copy
  const features = new Float32Array(copy, headerBytes, frames * bands);
  const targets = new Float32Array(copy, headerBytes + 4 * frames * bands, frames * targetChannels);
  return { frames, bands, targetChannels, articulationChannels, samples, targets, features };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

describe.skipIf((!tool || !augmentTools) && !required)('corpus builder (small config)', () => {
  let build: (config: unknown, options: object) => Promise<BuildResult>;
  let configs: Record<string, unknown>;
  let first: BuildResult;
  let lines: Line[] = [];
  const outA = path.join(tmp, 'a');
  const outB = path.join(tmp, 'b');

  it('has the espeak-ng tool and the compiled library', async () => {
    if (buildError) throw buildError;
    if (!existsSync(path.join(ROOT, 'dist', 'index.js')) || !existsSync(path.join(ROOT, 'dist', 'teacher', 'index.js'))) {
      throw new Error('dist/ is missing: the corpus builder imports the compiled library; run `npm run build:ts` (npm test does) first');
    }
    const mod = await import(/* @vite-ignore */ pathToFileURL(path.join(ROOT, 'models/training/corpus/buildCorpus.mjs')).href);
    build = mod.buildCorpus;
    configs = mod.CONFIGS;
    expect(typeof build).toBe('function');
  });

  it('builds twice (threaded and inline) with the same manifest sha256', async () => {
    const options = { seed: 7, audio: true, engineOptions: { 'espeak-ng': { tool } } };
    // Two render threads for one build, inline rendering for the other: the
    // bytes must not depend on which thread renders what.
    first = await build(configs.small, { ...options, out: outA, workers: 2 });
    const second = await build(configs.small, { ...options, out: outB, workers: 0 });
    expect(first.utterances).toBeGreaterThanOrEqual(30);
    expect(second.manifestSha256).toBe(first.manifestSha256);
    const text = readFileSync(path.join(outA, 'manifest.jsonl'), 'utf8');
    expect(createHash('sha256').update(text).digest('hex')).toBe(first.manifestSha256);
    expect(readFileSync(path.join(outB, 'manifest.jsonl'), 'utf8')).toBe(text);
    lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines).toHaveLength(first.utterances);
  });

  it('splits by speaker: val holds exactly the held-out speakers', () => {
    const held = new Set(first.heldOutSpeakers);
    expect(held.has('espeak-ng/en-us+f5')).toBe(true);
    expect(held.has('espeak-ng/en-gb-x-rp+m4')).toBe(true);
    expect([...held].filter((s) => s.startsWith('espeak-ng/it'))).not.toHaveLength(0);
    for (const l of lines) {
      expect(['train', 'val']).toContain(l.split);
      expect(held.has(l.speaker), `${l.id} ${l.speaker} ${l.split}`).toBe(l.split === 'val');
    }
    expect(lines.some((l) => l.split === 'train' && l.kind === 'speech')).toBe(true);
    const info = JSON.parse(readFileSync(path.join(outA, 'corpus.json'), 'utf8'));
    expect(info.heldOutSpeakers).toEqual(first.heldOutSpeakers);
    expect(info.targetChannels).toHaveLength(58);
  });

  it('writes consistent data files: header, sizes, hashes, frame counts', () => {
    for (const l of lines) {
      const buf = readFileSync(path.join(outA, l.data));
      expect(createHash('sha256').update(buf).digest('hex'), l.id).toBe(l.sha256);
      const d = decode(buf);
      expect(d.bands).toBe(64);
      expect(d.targetChannels).toBe(58);
      expect(d.articulationChannels).toBe(6);
      expect(d.samples).toBe(l.samples);
      expect(d.frames, l.id).toBe(Math.ceil(l.samples / 160));
      expect(l.frames).toBe(d.frames);
      expect(l.seconds).toBeCloseTo(l.samples / 16000, 5);
      expect(d.features.every(Number.isFinite)).toBe(true);
      expect(d.targets.every(Number.isFinite)).toBe(true);
      expect(l.phones[0][1]).toBe(0);
      if (l.kind === 'speech') expect(l.phones.filter((p) => p[0] !== '_').length).toBeGreaterThan(3);
    }
  });

  it('gives non-speech utterances rest targets', () => {
    const quiet = lines.filter((l) => l.kind !== 'speech');
    expect(quiet.map((l) => l.kind).sort()).toEqual(['noise', 'noise', 'silence', 'silence']);
    for (const l of quiet) {
      const d = decode(readFileSync(path.join(outA, l.data)));
      for (let t = 0; t < d.frames; t++) expect(d.targets[t * 58 + BLENDSHAPE_INDEX.jawOpen]).toBeLessThan(0.02);
    }
    const speech = lines.find((l) => l.kind === 'speech')!;
    const d = decode(readFileSync(path.join(outA, speech.data)));
    const jaw = Array.from({ length: d.frames }, (_, t) => d.targets[t * 58 + BLENDSHAPE_INDEX.jawOpen]);
    expect(Math.max(...jaw)).toBeGreaterThan(0.15);
  });

  it('starts and ends every spoken utterance at rest (edge silence is padded)', () => {
    const spoken = lines.filter((x) => x.kind === 'speech');
    expect(spoken.length).toBeGreaterThan(10);
    for (const l of spoken) {
      const d = decode(readFileSync(path.join(outA, l.data)));
      const ap = (t: number) => d.targets[t * 58 + BLENDSHAPE_INDEX.jawOpen] - d.targets[t * 58 + BLENDSHAPE_INDEX.mouthClose];
      expect(ap(0), `${l.id} first frame`).toBeLessThan(0.05);
      expect(ap(d.frames - 1), `${l.id} last frame`).toBeLessThan(0.05);
      expect(l.phones[0][0], l.id).toBe('_');
      expect(l.phones[0][2], l.id).toBeGreaterThanOrEqual(0.29);
    }
  });

  it('renders emotions on the same audio: happy smiles more, sad frowns more than neutral', () => {
    const smile = (l: Line) => {
      const d = decode(readFileSync(path.join(outA, l.data)));
      const S = BLENDSHAPE_INDEX.mouthSmileLeft;
      const F = BLENDSHAPE_INDEX.mouthFrownLeft;
      return {
        smile: mean(Array.from({ length: d.frames }, (_, t) => d.targets[t * 58 + S])),
        frown: mean(Array.from({ length: d.frames }, (_, t) => d.targets[t * 58 + F])),
        features: d.features,
      };
    };
    const renders = lines.filter((l) => l.renderOf !== null);
    expect(renders.length).toBeGreaterThan(0);
    const emotions = new Set(renders.map((l) => l.emotion));
    expect(emotions.has('happy') && emotions.has('sad')).toBe(true);
    for (const r of renders) {
      const base = lines.find((l) => l.id === r.renderOf)!;
      expect(base.emotion).toBe('neutral');
      expect([r.speaker, r.text, r.split, r.samples]).toEqual([base.speaker, base.text, base.split, base.samples]);
      const a = smile(base);
      const b = smile(r);
      expect(b.features).toEqual(a.features);
      if (r.emotion === 'happy') expect(b.smile, r.id).toBeGreaterThan(a.smile + 0.1);
      if (r.emotion === 'sad') expect(b.frown, r.id).toBeGreaterThan(a.frown + 0.1);
    }
  });

  it('stores augmented copies: one of each kind, same speaker and split as their source, aligned', () => {
    const augmented = lines.filter((l) => l.augmentation !== null);
    expect(augmented.map((l) => l.augmentation!.kind).sort()).toEqual(['clip', 'formant', 'mp3', 'opus', 'pitch', 'tempo']);
    expect(augmented.some((l) => l.split === 'val')).toBe(true);
    expect(augmented.some((l) => l.split === 'train')).toBe(true);
    const pcm = (l: Line) => readWav(path.join(outA, l.audio!)).samples as Float32Array;
    for (const a of augmented) {
      const src = lines.find((l) => l.id === a.sourceId)!;
      expect(src, a.id).toBeDefined();
      expect([src.augmentation, src.emotion, src.renderOf]).toEqual([null, 'neutral', null]);
      expect([a.speaker, a.split, a.text, a.emotion, a.renderOf]).toEqual([src.speaker, src.split, src.text, 'neutral', null]);
      expect(a.audio).toBe(`audio/${a.id}.wav`);
      const p = a.augmentation!;
      if (p.kind === 'tempo') {
        const ratio = a.samples / src.samples;
        expect(Math.abs(ratio * (p.factor as number) - 1)).toBeLessThan(0.01);
        expect(a.phones.map((x) => x[0])).toEqual(src.phones.map((x) => x[0]));
        a.phones.slice(0, -1).forEach((x, k) => {
          expect(Math.abs(x[1] - src.phones[k][1] * ratio)).toBeLessThan(2e-6);
          expect(Math.abs(x[2] - src.phones[k][2] * ratio)).toBeLessThan(2e-6);
        });
        expect(a.phones.at(-1)![2]).toBeCloseTo(a.seconds, 5);
      } else {
        expect(a.samples).toBe(src.samples);
        expect(a.phones).toEqual(src.phones);
      }
      if (p.kind === 'mp3' || p.kind === 'opus') {
        expect(typeof p.delay).toBe('number');
        expect(Math.abs(bestLag(pcm(src), pcm(a))), a.id).toBeLessThanOrEqual(16); // 1 ms at 16 kHz
      }
      // New audio, so new features.
      const fa = decode(readFileSync(path.join(outA, a.data))).features;
      const fs = decode(readFileSync(path.join(outA, src.data))).features;
      if (fa.length === fs.length) expect(fa).not.toEqual(fs);
    }
  });
});
