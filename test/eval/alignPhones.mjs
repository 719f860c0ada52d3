// Forced alignment of English speech to CMUdict phones with PocketSphinx
// (Debian packages pocketsphinx and pocketsphinx-en-us), for evaluation
// only: it labels real recordings that come with a transcript but no phone
// tier, so that seal settings can be chosen on voices other than the ones
// the eval reports. The product never runs it.
//
// How: every phone is made a "word" of its own (dictionary `ph_aa AA`, ...)
// and the transcript becomes a JSGF grammar that is one path through those
// phone-words (a word's CMUdict variants as alternatives, an optional
// silence between words). The decoder's best path through that grammar,
// with its triphone models, is the alignment; its word segmentation (10 ms
// frames) is the phone segmentation.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as wavefile from 'wavefile';

// wavefile is CommonJS under Node: take the class from wherever the loader put it.
const WaveFile = wavefile.WaveFile ?? wavefile.default.WaveFile;

/** Where Debian's pocketsphinx-en-us puts the acoustic model and the dictionary. */
export const SPHINX_MODEL = '/usr/share/pocketsphinx/model/en-us';

let dictCache;
/** CMUdict (PocketSphinx's copy, no stress digits): word -> list of phone lists. */
function cmudict() {
  if (dictCache) return dictCache;
  const path = join(SPHINX_MODEL, 'cmudict-en-us.dict');
  if (!existsSync(path)) throw new Error(`PocketSphinx dictionary not found: ${path} (apt-get install pocketsphinx pocketsphinx-en-us)`);
  dictCache = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const word = parts[0].replace(/\(\d+\)$/, '');
    const list = dictCache.get(word) ?? [];
    list.push(parts.slice(1));
    dictCache.set(word, list);
  }
  return dictCache;
}

const VOWELS = new Set(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW']);

/**
 * The dictionary has no stress, and the scorer reads ARPAbet with it. AH is
 * written AH0 (schwa): without stress it cannot be told from ʌ, and schwa is
 * the cautious reading (it is not an open vowel, so it never counts a false
 * closure). Every other vowel gets 1, which changes nothing else.
 */
const withStress = (phone) => (phone === 'AH' ? 'AH0' : VOWELS.has(phone) ? `${phone}1` : phone);

/** Words of a transcript: lower case, letters and apostrophes. */
export function transcriptWords(text) {
  return text
    .toLowerCase()
    .replace(/<\/?s>|\([^)]*\)/g, ' ')
    .split(/[^a-z']+/)
    .filter(Boolean);
}

/** 16-bit mono WAV bytes of float PCM at 16 kHz (the decoder's input). */
function wav16k(pcm) {
  const wav = new WaveFile();
  wav.fromScratch(1, 16000, '16', Int16Array.from(pcm, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767)));
  return wav.toBuffer();
}

/**
 * Aligns speech to its transcript.
 * @param {Float32Array} pcm mono speech at 16 kHz.
 * @param {string[]} words the transcript, as {@link transcriptWords} gives it.
 * @param {string} name for error messages.
 * @param {Record<string, string[]>} extra pronunciations of words CMUdict lacks (`{ word: ['W ER D'] }`).
 * @returns {{ start: number, end: number, label: string }[]} phones in seconds, ARPAbet with stress digits, `''` for silence.
 */
export function alignPhones(pcm, words, name = 'speech', extra = {}) {
  const dict = new Map(cmudict());
  for (const [w, prons] of Object.entries(extra)) dict.set(w, prons.map((p) => p.split(' ')));
  const missing = words.filter((w) => !dict.has(w));
  if (missing.length) throw new Error(`not in CMUdict: ${missing.join(', ')} (${name})`);
  const phones = new Set(['SIL']);
  const alternatives = words.map((w) => {
    const variants = [...new Set(dict.get(w).map((p) => p.join(' ')))].map((s) => s.split(' '));
    for (const v of variants) for (const p of v) phones.add(p);
    const tokens = variants.map((v) => v.map((p) => `ph_${p.toLowerCase()}`).join(' '));
    return tokens.length === 1 ? tokens[0] : `( ${tokens.join(' | ')} )`;
  });
  const grammar = `#JSGF V1.0;\ngrammar align;\npublic <s> = [ph_sil] ${alternatives.join(' [ph_sil] ')} [ph_sil];\n`;
  const dir = mkdtempSync(join(tmpdir(), 'align-'));
  try {
    writeFileSync(join(dir, 'align.jsgf'), grammar);
    writeFileSync(join(dir, 'align.dict'), [...phones].map((p) => `ph_${p.toLowerCase()} ${p}`).join('\n') + '\n');
    writeFileSync(join(dir, 'utt.wav'), wav16k(pcm));
    writeFileSync(join(dir, 'ctl'), 'utt\n');
    execFileSync('pocketsphinx_batch', [
      '-hmm', join(SPHINX_MODEL, 'en-us'), '-dict', join(dir, 'align.dict'), '-jsgf', join(dir, 'align.jsgf'),
      '-ctl', join(dir, 'ctl'), '-cepdir', dir, '-cepext', '.wav', '-adcin', 'yes', '-adchdr', '44',
      '-hypseg', join(dir, 'hypseg'), '-logfn', join(dir, 'log'),
      // Wide beams: the grammar is a single path, so search is cheap, and a narrow beam loses it on long takes.
      '-beam', '1e-80', '-wbeam', '1e-60', '-pbeam', '1e-80',
      // Keep every frame: the VAD would drop pauses and shift every time after them.
      '-remove_silence', 'no',
    ]);
    const line = readFileSync(join(dir, 'hypseg'), 'utf8').trim();
    return parseHypseg(line, name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PocketSphinx's `-hypseg` line: `id S s T t A a L l` then `frame ascr lscr word` groups and the end frame. */
function parseHypseg(line, name) {
  const t = line.split(/\s+/);
  if (t.length < 14 || t[1] !== 'S') throw new Error(`alignment failed for ${name}: ${line.slice(0, 200)}`);
  const rest = t.slice(9);
  const out = [];
  for (let i = 0; i + 3 < rest.length; i += 4) {
    const start = Number(rest[i]) / 100;
    const word = rest[i + 3];
    const end = Number(rest[i + 4]) / 100;
    if (word === '(NULL)' || !(end > start)) continue;
    const phone = word.replace(/^ph_/, '').toUpperCase();
    out.push({ start, end, label: phone === 'SIL' || word.startsWith('<') ? '' : withStress(phone) });
  }
  if (out.length === 0) throw new Error(`alignment found no phones for ${name}`);
  return out;
}
