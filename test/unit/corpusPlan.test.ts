import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { engines, planCorpus } from '../../models/training/corpus/buildCorpus.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { CONFIGS } from '../../models/training/corpus/configs.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { readFortunes, systemTexts } from '../../models/training/corpus/texts.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { FESTIVAL_VOICES } from '../../models/training/corpus/festivalPhoneSets.mjs';
import { ttsRequired } from '../helpers/corpus.js';

// The full (training) config is planned here without synthesising anything:
// its coverage promises (languages, source speakers, held-out people) are
// properties of the plan. Building it takes ~25 minutes and is not run in CI.

interface Item {
  kind: string;
  engine: string | null;
  voice: string | null;
  speaker: string;
  language: string | null;
  text: string;
  split: 'train' | 'val';
  renderOf: unknown;
  augmentOf?: unknown;
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mouthpiece-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('fortune reader', () => {
  it('keeps quotes without their attribution, in the language’s script, and skips code and lists', () => {
    const file = path.join(tmp, 'fortunes');
    writeFileSync(
      file,
      [
        'The early bird gets the worm, but the second mouse gets the cheese.\n\t\t-- Steven Wright',
        'Short.',
        'Use rm -rf /tmp/foo to clean up {everything} now.',
        '1) First item of a list that is long enough to be read.\n2) Second item.',
        'A sentence without final punctuation that is long enough',
        'Москва не сразу строилась, и это всем известно.',
        '\x1b[32mColour escapes are removed from this sentence too.\x1b[m',
      ].join('\n%\n'),
    );
    expect(readFortunes(file, 'en')).toEqual([
      'The early bird gets the worm, but the second mouse gets the cheese.',
      'Colour escapes are removed from this sentence too.',
    ]);
    expect(readFortunes(file, 'ru')).toEqual(['Москва не сразу строилась, и это всем известно.']);
  });

  it('reads Chinese with CJK punctuation and shorter length bounds', () => {
    const file = path.join(tmp, 'chinese');
    writeFileSync(file, ['\x1b[32m《静夜思》\x1b[m\n床前明月光，疑是地上霜。举头望明月，低头思故乡。', '太短。'].join('\n%\n'));
    expect(readFortunes(file, 'cmn')).toEqual(['床前明月光，疑是地上霜。举头望明月，低头思故乡。']);
  });
});

describe('full corpus plan', () => {
  const full = CONFIGS.full;
  const { items, heldOutSpeakers } = planCorpus(full, 1) as { items: Item[]; heldOutSpeakers: string[] };
  const spoken = items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf);

  it('uses only registered engines and known voices', () => {
    const registry = engines() as Map<string, { voices: { voice: string }[] }>;
    for (const v of full.voices as { engine: string; voice: string }[]) {
      expect(registry.has(v.engine), v.engine).toBe(true);
      if (v.engine !== 'espeak-ng') expect(registry.get(v.engine)!.voices.map((x) => x.voice)).toContain(v.voice);
      if (v.engine === 'festival') expect(Object.keys(FESTIVAL_VOICES)).toContain(v.voice);
    }
  });

  it('covers at least 15 espeak-ng languages and 12 languages in all, with flite and festival voices', () => {
    const espeakLanguages = new Set(spoken.filter((u) => u.engine === 'espeak-ng').map((u) => u.language));
    expect(espeakLanguages.size).toBeGreaterThanOrEqual(15);
    expect(new Set(spoken.map((u) => u.language)).size).toBeGreaterThanOrEqual(12);
    const voices = (engine: string) => new Set(spoken.filter((u) => u.engine === engine).map((u) => u.voice));
    for (const v of ['awb', 'rms', 'slt', 'kal16']) expect(voices('flite')).toContain(v);
    for (const v of ['kal_diphone', 'ked_diphone', 'cmu_us_slt_arctic_hts']) expect(voices('festival')).toContain(v);
    const nonEnglishFestival = new Set(spoken.filter((u) => u.engine === 'festival' && u.language !== 'en').map((u) => u.speaker));
    expect(nonEnglishFestival.size).toBeGreaterThanOrEqual(3);
  });

  it('counts recorded English people once across engines, and holds out two of them plus an espeak-ng language', () => {
    const english = new Set(spoken.filter((u) => u.language === 'en' && u.engine !== 'espeak-ng').map((u) => u.speaker));
    // kal (flite kal, kal16, festival kal_diphone), slt (flite, festival HTS), awb, rms, ked.
    expect([...english].sort()).toEqual(['cmu/awb', 'cmu/kal', 'cmu/ked', 'cmu/rms', 'cmu/slt']);
    const heldEnglish = [...english].filter((s) => heldOutSpeakers.includes(s));
    expect(heldEnglish.length).toBeGreaterThanOrEqual(2);
    // A held-out person is held out in every engine that carries them.
    for (const s of heldEnglish) expect(new Set(items.filter((u) => u.speaker === s).map((u) => u.split))).toEqual(new Set(['val']));
    for (const lang of full.heldOut.languages as string[]) {
      expect(spoken.filter((u) => u.language === lang).every((u) => u.split === 'val')).toBe(true);
    }
    // Training never sees a held-out speaker.
    const trainSpeakers = new Set(items.filter((u) => u.split === 'train').map((u) => u.speaker));
    for (const s of heldOutSpeakers) expect(trainSpeakers.has(s)).toBe(false);
  });

  // Hours depend on the text found on the machine (fortunes packages).
  const fortunes = Object.keys((systemTexts(['en']) as { sentences: Record<string, unknown[]> }).sentences).length > 0;
  it.skipIf(!fortunes && !ttsRequired)('plans at least 15 hours of clean speech (estimated from text length)', () => {
    const rate: Record<string, number> = { 'espeak-ng': 0.056, flite: 0.062, festival: 0.066 };
    const seconds = spoken.reduce((s, u) => s + [...u.text].length * (rate[u.engine!] ?? 0.06) + 0.45, 0);
    expect(seconds / 3600).toBeGreaterThanOrEqual(15);
  });
});
