import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { decodeAudio } from '../../src/audio/decodeAudio.js';
import { openEngine } from '../../src/runtime/openEngine.js';
import type { CorpusLine } from '../helpers/corpus.js';

// The committed corpus fixture (scripts/make-corpus-fixture.sh): one neutral
// sentence from each engine, a happy render and a silence, in the on-disk
// format of models/training/corpus/FORMAT.md. Needs no TTS engine: it checks
// the files readers (the trainer) rely on.

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corpus');

type Line = CorpusLine;

const info = JSON.parse(readFileSync(path.join(DIR, 'corpus.json'), 'utf8')) as {
  featureBands: number;
  targetChannels: string[];
  articulationChannels: string[];
  manifestSha256: string;
};
const manifest = readFileSync(path.join(DIR, 'manifest.jsonl'), 'utf8');
const lines = manifest.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

function decode(line: Line) {
  const buf = readFileSync(path.join(DIR, line.data));
  expect(createHash('sha256').update(buf).digest('hex')).toBe(line.sha256);
  expect(buf.toString('ascii', 0, 4)).toBe('MPCU');
  const frames = buf.readUInt32LE(8);
  const bands = buf.readUInt16LE(12);
  const targetChannels = buf.readUInt16LE(14);
  const copy = new Uint8Array(buf).buffer;
  return {
    frames,
    samples: buf.readUInt32LE(20),
    features: new Float32Array(copy, 32, frames * bands),
    targets: new Float32Array(copy, 32 + 4 * frames * bands, frames * targetChannels),
    targetChannels,
  };
}

describe('corpus fixture', () => {
  it('holds one utterance per engine, a happy render and a silence, and its manifest hash', () => {
    expect(createHash('sha256').update(manifest).digest('hex')).toBe(info.manifestSha256);
    expect(lines.filter((l) => l.kind === 'speech' && !l.renderOf).map((l) => l.engine)).toEqual(['espeak-ng', 'flite', 'festival']);
    expect(lines.filter((l) => l.renderOf).map((l) => l.emotion)).toEqual(['happy']);
    expect(lines.filter((l) => l.kind !== 'speech')).toHaveLength(1);
  });

  it('has consistent files: sizes, frame clock, contiguous phones', () => {
    for (const l of lines) {
      const d = decode(l);
      expect(d.frames).toBe(l.frames);
      expect(d.samples).toBe(l.samples);
      expect(d.frames).toBe(Math.ceil(l.samples / 160));
      expect(d.targetChannels).toBe(info.targetChannels.length);
      expect(l.phones[0][1]).toBe(0);
      for (let i = 1; i < l.phones.length; i++) expect(l.phones[i][1]).toBe(l.phones[i - 1][2]);
      expect(Math.abs(l.phones[l.phones.length - 1][2] - l.seconds)).toBeLessThan(1e-5);
    }
  });

  it('stores the features of its audio (recomputed by the library within the golden tolerance)', async () => {
    const engine = await openEngine({ backend: 'typescript' });
    for (const l of lines.filter((x) => x.audio && !x.renderOf && x.kind === 'speech')) {
      const audio = await decodeAudio(readFileSync(path.join(DIR, l.audio!)));
      expect(audio.sampleRate).toBe(16000);
      const fb = await engine.computeFeatures(audio.samples, 16000);
      const d = decode(l);
      expect(fb.count).toBe(d.frames);
      // The stored features were computed from the same 16-bit samples (by
      // the native front end); the TypeScript one must agree within the
      // golden-vector tolerance 1e-4 * max(1, |v|) in every band.
      let worst = 0;
      for (let i = 0; i < d.features.length; i++) worst = Math.max(worst, Math.abs(fb.features[i] - d.features[i]) / (1e-4 * Math.max(1, Math.abs(d.features[i]))));
      expect(worst).toBeLessThan(1);
    }
  });

  it('rests in silence and smiles more in the happy render', () => {
    const C = info.targetChannels.length;
    const silence = decode(lines.find((l) => l.kind !== 'speech')!);
    for (let i = 0; i < silence.frames * C; i++) expect(Math.abs(silence.targets[i])).toBeLessThan(1e-6);
    const happy = lines.find((l) => l.renderOf)!;
    const base = decode(lines.find((l) => l.id === happy.renderOf)!);
    const h = decode(happy);
    expect(Array.from(h.features)).toEqual(Array.from(base.features));
    const smile = BLENDSHAPE_INDEX.mouthSmileLeft;
    const mean = (t: Float32Array) => t.filter((_, i) => i % C === smile).reduce((s, v) => s + v, 0) / base.frames;
    expect(mean(h.targets) - mean(base.targets)).toBeGreaterThan(0.2);
  });
});
