import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLENDSHAPE_INDEX } from '../../src/api/blendshapeNames.js';
import { parsePhone } from '../../src/teacher/parseIpa.js';
import { teach } from '../../src/teacher/teach.js';
// @ts-expect-error plain ESM JavaScript without type declarations
import { alignmentError } from '../../models/training/corpus/alignmentCheck.mjs';
// @ts-expect-error plain ESM JavaScript without type declarations
import { synthesize } from '../../models/training/corpus/espeakTimings.mjs';
import { prepareEspeak, ttsRequired, type Utterance } from '../helpers/corpus.js';


// Short neutral sentences, 20 voices, 17 languages.
const ITEMS = [
  { voice: 'en-us', text: 'The weather is mild today, and the park is quiet.' },
  { voice: 'en-us+f3', text: 'Please open the window before lunch.' },
  { voice: 'en-us+m3', text: 'We walked along the river after dinner.' },
  { voice: 'en-gb', text: 'The train to Oxford leaves at nine.' },
  { voice: 'en-gb-x-rp+f2', text: 'My brother bought a new blue bicycle.' },
  { voice: 'de', text: 'Heute ist das Wetter schön, und der Park ist ruhig.' },
  { voice: 'fr-fr', text: 'Nous avons mangé une soupe chaude ce matin.' },
  { voice: 'es', text: 'Mañana vamos a visitar el museo de la ciudad.' },
  { voice: 'it', text: 'La biblioteca apre alle nove di mattina.' },
  { voice: 'pt', text: 'O livro está em cima da mesa da cozinha.' },
  { voice: 'pt-br+f4', text: 'Ela gosta de caminhar na praia de manhã.' },
  { voice: 'ru', text: 'Сегодня хорошая погода, и мы идём гулять.' },
  { voice: 'pl', text: 'Jutro pojedziemy pociągiem do Krakowa.' },
  { voice: 'cs', text: 'Na stole leží jablko a hruška.' },
  { voice: 'hi', text: 'आज मौसम बहुत अच्छा है।' },
  // espeak-ng's 'cmn' voice reads Han characters through English digits; the pinyin voice reads them right.
  { voice: 'cmn-latn-pinyin', language: 'cmn', text: '今天天气很好。我们去公园散步。' },
  { voice: 'ja', text: 'きょうは いい てんき です。' },
  { voice: 'fi', text: 'Huomenna menemme kirjastoon yhdessä.' },
  { voice: 'tr', text: 'Bu akşam arkadaşlarımla yemek yiyeceğiz.' },
  { voice: 'nl', text: 'De kat slaapt op de bank bij het raam.' },
];

const required = ttsRequired;
const { tmp, tool, buildError, cleanup } = await prepareEspeak('mouthpiece-espeak-');

afterAll(cleanup);

describe.skipIf(!tool && !required)('espeak-ng corpus engine', () => {
  let first: Utterance[] = [];

  it('builds the timing tool (libespeak-ng headers and library present)', () => {
    if (buildError) throw buildError;
    expect(tool).toBeTruthy();
  });

  it('synthesises every item with a WAV and phones that parsePhone accepts', async () => {
    first = await synthesize(ITEMS, path.join(tmp, 'a'), { tool });
    expect(first).toHaveLength(ITEMS.length);
    for (const u of first) {
      expect(u.sampleRate).toBe(22050);
      expect(u.samples).toBeGreaterThan(0.5 * u.sampleRate);
      expect(readFileSync(u.wavPath).length).toBe(44 + 2 * u.samples);
      expect(u.phones.filter((p) => p.phone !== '_').length).toBeGreaterThan(10);
      for (const p of u.phones) {
        expect(() => parsePhone(p.phone, { language: u.language }), `${u.voice} '${p.phone}'`).not.toThrow();
        expect(parsePhone(p.phone, { language: u.language }).stress).toBe(p.stress);
      }
      expect(u.phones.some((p) => p.stress === 1), `${u.voice} has primary stress`).toBe(true);
      expect(u.words.length).toBeGreaterThan(2);
    }
  });

  it('gives contiguous segments covering the audio from 0 to its end', () => {
    for (const u of first) {
      expect(u.phones[0].start).toBe(0);
      expect(u.phones[u.phones.length - 1].end).toBeCloseTo(u.duration, 6);
      u.phones.forEach((p, i) => {
        expect(p.end, `${u.voice} segment ${i}`).toBeGreaterThan(p.start);
        if (i > 0) expect(p.start).toBe(u.phones[i - 1].end);
        if (i > 0) expect(p.phone === '_' && u.phones[i - 1].phone === '_').toBe(false);
      });
    }
  });

  it('lines speech onsets and offsets up with the audio energy', () => {
    // Measured (20 utterances above): median onset error 0.0 ms, offset 3.0 ms;
    // worst utterance medians 4 ms (onset, ja) and 33 ms (offset, pt-br).
    const all = alignmentError(first.map((u) => ({ wavPath: u.wavPath, phones: u.phones })));
    expect(all.medianOnsetErrorMs).toBeLessThan(15);
    expect(all.medianOffsetErrorMs).toBeLessThan(15);
    for (const u of all.utterances) expect(u.onsetErrorsMs.length).toBeGreaterThan(0);
  });

  it('drives the teacher: the mouth opens in speech and rests in the leading silence', () => {
    const J = BLENDSHAPE_INDEX.jawOpen;
    for (const u of first) {
      const track = teach(u.phones, { language: u.language, fps: 100, duration: u.duration });
      const jaw = track.frames.map((f) => f.weights[J]);
      const speech = u.phones.filter((p) => p.phone !== '_');
      const inSpeech = jaw.filter((_, i) => i / 100 >= speech[0].start && i / 100 < speech[speech.length - 1].end);
      expect(Math.max(...inSpeech), u.voice).toBeGreaterThan(0.15);
      // espeak's own lead-in is 0-46 ms, which the teacher's anticipation
      // bridges; a 0.3 s silence before the utterance shows the rest pose.
      const padded = teach([{ phone: '_', start: 0, end: 0.3 }, ...u.phones.map((p) => ({ ...p, start: p.start + 0.3, end: p.end + 0.3 }))], {
        language: u.language,
      });
      expect(padded.frames[5].weights[J], u.voice).toBeLessThan(0.05);
    }
  });

  it('is deterministic: byte-identical WAVs and identical timings', async () => {
    const second: Utterance[] = await synthesize(ITEMS, path.join(tmp, 'b'), { tool });
    second.forEach((u, i) => {
      expect(readFileSync(u.wavPath).equals(readFileSync(first[i].wavPath)), u.voice).toBe(true);
      expect(u.phones).toEqual(first[i].phones);
      expect(u.words).toEqual(first[i].words);
    });
  });

  it('rejects an unknown voice with a clear error', async () => {
    await expect(synthesize([{ voice: 'xx-nonexistent', text: 'Hello.' }], path.join(tmp, 'c'), { tool })).rejects.toThrow(/unknown voice/u);
  });
});
