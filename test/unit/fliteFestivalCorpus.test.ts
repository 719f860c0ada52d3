import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePhone } from '../../src/teacher/parseIpa.js';
// @ts-expect-error plain ESM JavaScript without type declarations
import { alignmentError } from '../../models/training/corpus/alignmentCheck.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { FESTIVAL_VOICES, festivalPhoneToIpa } from '../../models/training/corpus/festivalPhoneSets.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { synthesize as festivalSynthesize } from '../../models/training/corpus/festivalTimings.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { synthesize as fliteSynthesize } from '../../models/training/corpus/fliteTimings.mjs';
import type { Utterance } from '../helpers/corpus.js';

type Synth = (items: { voice: string; text: string }[], outDir: string) => Promise<Utterance[]>;

const EN = ['The weather is mild today, and the park is quiet.', 'Please open the window before lunch.', 'We walked along the river after dinner.'];
const TEXTS: Record<string, string[]> = {
  en: EN,
  it: ['La biblioteca apre alle nove di mattina.', 'Il treno per Roma parte alle otto.'],
  fi: ['Huomenna menemme kirjastoon yhdessä.', 'Kissa nukkuu ikkunan vieressä.'],
  ru: ['Сегодня хорошая погода, и мы идём гулять.', 'Книга лежит на столе.'],
  cs: ['Na stole leží jablko a hruška.', 'Zítra pojedeme vlakem do Brna.'],
  ca: ['Demà anirem a la platja amb els amics.', 'El gat dorm a la finestra.'],
  hi: ['आज मौसम अच्छा है।', 'मेरा घर नदी के पास है।'],
  mr: ['आज हवामान छान आहे.', 'माझे घर नदीजवळ आहे.'],
  te: ['ఈ రోజు వాతావరణం బాగుంది.', 'మా ఇల్లు నది దగ్గర ఉంది.'],
};

// Median onset/offset error bounds (ms) per voice: measured on these
// sentences (README.md) with margin. Large offsets are the audio, not the
// timing: hy_fi_mv's pauses are noisy recordings, Catalan HTS and some
// diphone voices ring on past the last phone. czech_machac and the NSK
// voices (hi, mr, te) have recorded noise in their pauses, 20-35 dB below
// the peak: their edges are measured with a -20 dB threshold (thresholdDb;
// at the method's -35 dB the whole leading/trailing pause reads as speech).
type Bounds = { onset: number; offset: number; thresholdDb?: number };
const FLITE: Record<string, { rate: number; onset: number; offset: number }> = {
  awb: { rate: 16000, onset: 30, offset: 30 },
  rms: { rate: 16000, onset: 30, offset: 30 },
  slt: { rate: 16000, onset: 30, offset: 30 },
  kal16: { rate: 16000, onset: 30, offset: 30 },
  kal: { rate: 8000, onset: 30, offset: 30 },
};
const FESTIVAL: Record<string, Bounds & { lang: string }> = {
  kal_diphone: { lang: 'en', onset: 90, offset: 40 },
  ked_diphone: { lang: 'en', onset: 40, offset: 70 },
  cmu_us_slt_arctic_hts: { lang: 'en', onset: 60, offset: 30 },
  lp_diphone: { lang: 'it', onset: 30, offset: 30 },
  pc_diphone: { lang: 'it', onset: 30, offset: 50 },
  suo_fi_lj_diphone: { lang: 'fi', onset: 30, offset: 30 },
  hy_fi_mv_diphone: { lang: 'fi', onset: 30, offset: 350 },
  msu_ru_nsh_clunits: { lang: 'ru', onset: 30, offset: 30 },
  upc_ca_ona_hts: { lang: 'ca', onset: 30, offset: 130 },
  czech_dita: { lang: 'cs', onset: 30, offset: 60 },
  czech_ph: { lang: 'cs', onset: 40, offset: 30 },
  czech_krb: { lang: 'cs', onset: 30, offset: 30 },
  czech_machac: { lang: 'cs', onset: 30, offset: 30, thresholdDb: -20 },
  hindi_NSK_diphone: { lang: 'hi', onset: 60, offset: 50, thresholdDb: -20 },
  marathi_NSK_diphone: { lang: 'mr', onset: 60, offset: 50, thresholdDb: -20 },
  telugu_NSK_diphone: { lang: 'te', onset: 60, offset: 60, thresholdDb: -20 },
};

function has(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20000 });
  } catch {
    return undefined;
  }
}

const required = process.env.MOUTHPIECE_REQUIRE_TTS === '1';
const fliteVoices = has('flite', ['-lv']);
const festivalVoices = has('festival', ['--batch', '(begin (print (voice.list)))']);
const fliteInstalled = fliteVoices?.split(/[:\s]+/u) ?? [];
const festivalInstalled = festivalVoices?.replace(/[()]/gu, ' ').split(/\s+/u) ?? [];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mouthpiece-flite-festival-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function checkEngine(name: string, synth: Synth, voices: string[], items: { voice: string; text: string }[], bounds: Record<string, Bounds>, rate?: (v: string) => number) {
  let first: Utterance[] = [];

  it(`${name}: every voice is installed`, () => {
    expect(voices.length).toBeGreaterThan(0);
  });

  it(`${name}: synthesises WAVs with phones that parsePhone accepts`, async () => {
    first = await synth(items, path.join(tmp, name, 'a'));
    expect(first).toHaveLength(items.length);
    for (const u of first) {
      if (rate) expect(u.sampleRate).toBe(rate(u.voice));
      expect(u.duration).toBeCloseTo(u.samples / u.sampleRate, 9);
      expect(u.phones.filter((p) => p.phone !== '_').length).toBeGreaterThan(5);
      for (const p of u.phones) {
        if (p.phone === '_') continue;
        expect(() => parsePhone(p.phone, { language: u.language }), `${u.voice} ${p.phone}`).not.toThrow();
        expect([0, 1, 2]).toContain(p.stress);
      }
    }
  });

  it(`${name}: segments are contiguous from 0 to the audio's end`, () => {
    for (const u of first) {
      expect(u.phones[0].start).toBe(0);
      expect(u.phones[u.phones.length - 1].end).toBeCloseTo(u.duration, 5);
      for (let i = 0; i < u.phones.length; i++) {
        expect(u.phones[i].end).toBeGreaterThan(u.phones[i].start);
        if (i > 0) expect(u.phones[i].start).toBe(u.phones[i - 1].end);
      }
    }
  });

  it(`${name}: speech edges match the audio (median onset/offset error per voice)`, () => {
    for (const v of voices) {
      const { thresholdDb } = bounds[v];
      const e = alignmentError(
        first.filter((u) => u.voice === v),
        thresholdDb === undefined ? {} : { thresholdDb },
      );
      expect(e.medianOnsetErrorMs, `${v} onset`).toBeLessThan(bounds[v].onset);
      expect(e.medianOffsetErrorMs, `${v} offset`).toBeLessThan(bounds[v].offset);
    }
  });

  it(`${name}: is deterministic (WAV bytes and timings)`, async () => {
    const second = await synth(items, path.join(tmp, name, 'b'));
    second.forEach((u, i) => {
      expect(u.phones).toEqual(first[i].phones);
      expect(readFileSync(u.wavPath).equals(readFileSync(first[i].wavPath)), `${u.voice}: ${u.text}`).toBe(true);
    });
  });

  // Batch order reversed: every voice follows another one than before (for
  // festival, e.g. Russian before Finnish, Czech before Hindi in the other
  // order), which must not change its output.
  it(`${name}: an utterance does not depend on what the batch held before it`, async () => {
    const reversed = await synth([...items].reverse(), path.join(tmp, name, 'r'));
    reversed.reverse().forEach((u, i) => {
      expect(u.phones, `${u.voice}: ${u.text}`).toEqual(first[i].phones);
      expect(readFileSync(u.wavPath).equals(readFileSync(first[i].wavPath)), `${u.voice}: ${u.text}`).toBe(true);
    });
  });
}

const fliteUse = required ? Object.keys(FLITE) : Object.keys(FLITE).filter((v) => fliteInstalled.includes(v));
describe.skipIf(!fliteVoices && !required)('flite corpus engine', () => {
  it('flite is installed with all five voices', () => {
    expect(fliteVoices, 'flite missing (apt-get install flite)').toBeTruthy();
    if (required) for (const v of Object.keys(FLITE)) expect(fliteInstalled).toContain(v);
  });
  checkEngine(
    'flite',
    fliteSynthesize as Synth,
    fliteUse,
    fliteUse.flatMap((voice) => EN.map((text) => ({ voice, text }))),
    FLITE,
    (v) => FLITE[v].rate,
  );
  it('flite: stress comes through (t2p) and unknown voices are refused', async () => {
    const [u] = (await (fliteSynthesize as Synth)([{ voice: 'slt', text: 'Please open the window.' }], path.join(tmp, 'flite', 'c'))) as Utterance[];
    expect(u.phones.some((p) => p.stress === 1 && p.phone.startsWith('ˈ'))).toBe(true);
    await expect((fliteSynthesize as Synth)([{ voice: 'nobody', text: 'Hello.' }], path.join(tmp, 'flite', 'd'))).rejects.toThrow(/unknown flite voice 'nobody'/u);
  });
});

const festivalUse = required ? Object.keys(FESTIVAL) : Object.keys(FESTIVAL).filter((v) => festivalInstalled.includes(v));
describe.skipIf(!festivalVoices && !required)('festival corpus engine', () => {
  it('festival is installed (with the voices CI installs)', () => {
    expect(festivalVoices, 'festival missing (apt-get install festival festvox-...)').toBeTruthy();
    if (required) for (const v of Object.keys(FESTIVAL)) expect(festivalInstalled, `festival voice ${v}`).toContain(v);
  });
  checkEngine(
    'festival',
    festivalSynthesize as Synth,
    festivalUse,
    festivalUse.flatMap((voice) => TEXTS[FESTIVAL[voice].lang].map((text) => ({ voice, text }))),
    FESTIVAL,
  );
  it('festival: lexical stress in English, Italian and Russian; unknown voices are refused', async () => {
    const items = ['kal_diphone', 'lp_diphone', 'msu_ru_nsh_clunits']
      .filter((v) => festivalUse.includes(v))
      .map((voice) => ({ voice, text: TEXTS[FESTIVAL[voice].lang][1] }));
    for (const u of (await (festivalSynthesize as Synth)(items, path.join(tmp, 'festival', 'c'))) as Utterance[]) {
      expect(u.phones.some((p) => p.stress === 1), u.voice).toBe(true);
    }
    await expect((festivalSynthesize as Synth)([{ voice: 'nobody', text: 'Hello.' }], path.join(tmp, 'festival', 'd'))).rejects.toThrow(/nobody/u);
  });
  it('festival: Hindi, Marathi and Telugu read their scripts (dental, retroflex, long vowels; no empty words)', async () => {
    const items = [
      { voice: 'hindi_NSK_diphone', text: TEXTS.hi[1], expected: ['m', 'e', 'ɾ', 'aː', 'ɡ', 'h', 'a', 'ɾ', 'a', 'n', 'a', 'd̪', 'iː', 'k', 'e', 'p', 'aː', 's', 'a', 'h', 'ai̯'] },
      { voice: 'marathi_NSK_diphone', text: TEXTS.mr[1], expected: ['m', 'aː', 'dʒ', 'h', 'e', 'ɡ', 'h', 'a', 'ɾ', 'a', 'n', 'a', 'd̪', 'iː', 'dʒ', 'a', 'ʋ', 'a', 'ɭ', 'a', 'aː', 'h', 'e'] },
      { voice: 'telugu_NSK_diphone', text: TEXTS.te[0], expected: ['iː', 'ɾ', 'oː', 'dʒ', 'u', 'ʋ', 'aː', 't̪', 'aː', 'ʋ', 'a', 'ɾ', 'a', 'ɳ', 'a', 'm', 'b', 'aː', 'ɡ', 'u', 'm', 'd̪', 'i'] },
    ].filter((item) => festivalUse.includes(item.voice));
    const out = (await (festivalSynthesize as Synth)(items, path.join(tmp, 'festival', 'e'))) as Utterance[];
    out.forEach((u, i) => {
      expect(u.phones.map((p) => p.phone).filter((p) => p !== '_'), u.voice).toEqual(items[i].expected);
      expect(u.words?.length, u.voice).toBe(u.text.split(' ').length);
      for (const w of u.words ?? []) expect(w.text, u.voice).not.toBe('');
    });
  });
});

// Every label of the phone sets' definitions (hindi_phones.scm =
// marathi_phones.scm = telugu_phones.scm; czech.scm), including those the
// front ends never produce, maps to IPA that the teacher parses.
describe('festival phone sets (no festival needed)', () => {
  const LABELS: Record<string, string[]> = {
    hindi_NSK_diphone: ['a', 'aa', 'ih', 'iy', 'uh', 'uw', 'eh', 'ee', 'ay', 'oh', 'oo', 'aw', 'f', 'k', 'g', 'ch', 'T', 'D', 'N', 'th', 'dh', 'n', 'p', 'b', 'm', 'y', 'r', 'l', 'v', 'L', 'R', 's', 'sh', 'j', 'h', 'ksh', 'sri', 'x', 'kh', 'gh', 'td', 'tth', 'ddh', 'bh', 'zh', '@', 'w'],
    czech_krb: ['a', 'a:', 'e', 'e:', 'i', 'i:', 'o', 'o:', 'u', 'u:', 'b', 'c', 'c~', 'ch', 'd', 'd~', 'dz', 'dz~', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'n*', 'n~', 'p', 'r', 'r~', 'r~*', 's', 's~', 't', 't~', 'v', 'z', 'z~'],
  };
  it('maps every label and the teacher parses it; pau is a pause', () => {
    for (const [voice, labels] of Object.entries(LABELS)) {
      const { language } = FESTIVAL_VOICES[voice];
      for (const label of labels) {
        const hit = festivalPhoneToIpa(label, voice, 0, () => '');
        expect(hit, `${voice} ${label}`).toBeTruthy();
        expect(() => parsePhone(hit.ipa, { language }), `${voice} ${label} -> ${hit.ipa}`).not.toThrow();
      }
    }
    expect(festivalPhoneToIpa('pau', 'telugu_NSK_diphone', 0, () => '')).toBeNull();
    expect(() => festivalPhoneToIpa('qq', 'marathi_NSK_diphone', 0, () => '')).toThrow(/qq.*marathi_NSK_diphone/u);
  });
  it('the five voices added last: language, phone set, encoding and package', () => {
    expect(FESTIVAL_VOICES.czech_krb).toEqual({ language: 'cs', phoneSet: 'czech', encoding: 'iso-8859-2', package: 'festvox-czech-krb' });
    expect(FESTIVAL_VOICES.czech_machac).toEqual({ language: 'cs', phoneSet: 'czech', encoding: 'iso-8859-2', package: 'festvox-czech-machac' });
    expect(FESTIVAL_VOICES.hindi_NSK_diphone).toMatchObject({ language: 'hi', encoding: 'utf-8', package: 'festvox-hi-nsk' });
    expect(FESTIVAL_VOICES.marathi_NSK_diphone).toMatchObject({ language: 'mr', encoding: 'utf-8', package: 'festvox-mr-nsk' });
    expect(FESTIVAL_VOICES.telugu_NSK_diphone).toMatchObject({ language: 'te', encoding: 'utf-8', package: 'festvox-te-nsk' });
  });
});
