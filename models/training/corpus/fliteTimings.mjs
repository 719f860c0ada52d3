// flite engine of the synthetic corpus: text in, WAV + phone timeline out,
// with the same result objects as espeakTimings.mjs's `synthesize` (see
// README.md in this folder).
//
// One flite call per utterance (`flite -voice V -psdur -t TEXT -o W`; ~50 ms
// each, mostly the voice's load): -psdur prints `phone:end` pairs in
// seconds (3 decimals) on one line, from 0, in the WAV's clock; a phone
// starts where the one before ends. Text with several sentences gives one
// continuous list (times keep rising); should they ever restart, the list
// is re-based on the previous end. Labels are flite's US English phone set
// (ARPAbet, lower case, no stress), mapped with arpabetToIpa.
//
// Stress: -psdur prints none, but `t2p` (in the same flite package) runs the
// same US English front end (lexicon, letter-to-sound, post-lexical rules)
// and prints the same phones with stress digits on stressed vowels (flite
// keeps 0/1 only). Its phones are aligned with -psdur's (edit distance on
// the names; kal's 8 kHz diphone set says aa for ah, so vowels may pair with
// vowels), and each stressed vowel gives its stress to the timed one.
// Unstressed ah/er become ə/ɚ. Without t2p, or if `stress: false`, stress
// stays 0.
//
// Normalisation reuses espeakTimings.mjs: pauses become '_', inner pauses
// under `minPause` go to the next phone, and the stop-closure adjustment
// (`closures`, default on) runs as for espeak; flite's stop segments already
// include their closure, so it rarely moves anything.

import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { readWav } from './alignmentCheck.mjs';
import { includeStopClosures, normalisePhones } from './espeakTimings.mjs';
import { loadTeacher } from './festivalPhoneSets.mjs';

/** flite's voices (`flite -lv`) with their rates and source speakers. */
export const FLITE_VOICES = Object.freeze({
  kal: { language: 'en-us', sampleRate: 8000 },
  kal16: { language: 'en-us', sampleRate: 16000 },
  awb: { language: 'en-us', sampleRate: 16000 },
  rms: { language: 'en-us', sampleRate: 16000 },
  slt: { language: 'en-us', sampleRate: 16000 },
});

const VOWELS = new Set(['aa', 'ae', 'ah', 'ao', 'aw', 'ax', 'axr', 'ay', 'eh', 'er', 'ey', 'ih', 'ix', 'iy', 'ow', 'oy', 'uh', 'uw', 'ux']);
const PAUSES = new Set(['pau', 'h#', 'sil', '#']);

function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
}

/**
 * Parses `flite -psdur` output into {name, start, end} with contiguous times.
 * Tokens that are not `label:number` are ignored (flite prints nothing else
 * on stdout with -o, but warnings may leak in).
 */
export function parsePsdur(stdout) {
  const segs = [];
  let base = 0;
  let t = 0;
  for (const tok of stdout.split(/\s+/u)) {
    const m = /^([A-Za-z#][A-Za-z#-]*):([0-9]+(?:\.[0-9]*)?)$/u.exec(tok);
    if (!m) continue;
    let end = Number(m[2]) + base;
    if (end < t - 1e-9) {
      // times restarted: a new utterance of flite's, after the previous end
      base = t;
      end = Number(m[2]) + base;
    }
    segs.push({ name: m[1].toLowerCase(), start: t, end });
    t = end;
  }
  return segs;
}

/** `t2p` tokens -> [{name, stress}]. */
export function parseT2p(stdout) {
  return stdout
    .split(/\s+/u)
    .filter((tok) => /^[a-z#-]+[012]?$/u.test(tok))
    .map((tok) => {
      const m = /^(.*?)([012])?$/u.exec(tok);
      return { name: m[1], stress: Number(m[2] ?? 0) };
    });
}

/**
 * Stress for each timed segment from t2p's phones: edit-distance alignment
 * on the names (substituting a vowel for a vowel costs 1, anything else 2).
 * @returns {number[]} stress per segment (0 where unmatched)
 */
export function alignStress(segs, t2p) {
  const n = segs.length;
  const m = t2p.length;
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  const sub = (i, j) => (segs[i].name === t2p[j].name ? 0 : VOWELS.has(segs[i].name) && VOWELS.has(t2p[j].name) ? 1 : 3);
  for (let i = 0; i <= n; i++) cost[i * w] = 2 * i;
  for (let j = 0; j <= m; j++) cost[j] = 2 * j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[i * w + j] = Math.min(cost[(i - 1) * w + j - 1] + sub(i - 1, j - 1), cost[(i - 1) * w + j] + 2, cost[i * w + j - 1] + 2);
    }
  }
  const stress = new Array(n).fill(0);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = cost[i * w + j];
    const s = sub(i - 1, j - 1);
    if (s < 3 && here === cost[(i - 1) * w + j - 1] + s) {
      if (VOWELS.has(segs[i - 1].name)) stress[i - 1] = t2p[j - 1].stress;
      i--;
      j--;
    } else if (here === cost[(i - 1) * w + j] + 2) i--;
    else j--;
  }
  return stress;
}

/**
 * flite segments (+ stress per segment) -> contiguous PhoneSegments.
 */
export function fliteSegmentsToPhones(segs, stress, duration, arpabetToIpa, { minPause = 0.03, voice = '' } = {}) {
  const events = [];
  const marked = [];
  segs.forEach((s, k) => {
    if (!(s.end > s.start)) return;
    if (PAUSES.has(s.name)) {
      events.push({ ipa: '', start: s.start });
      return;
    }
    const digit = VOWELS.has(s.name) ? String(stress[k] ?? 0) : '';
    let ipa;
    try {
      ipa = arpabetToIpa(s.name + digit);
    } catch {
      throw new Error(`Unknown phone label '${s.name}' from flite voice '${voice}'`);
    }
    const mark = /^[ˈˌ]/u.test(ipa) ? ipa[0] : '';
    const base = ipa.replace(/^[ˈˌ]/u, '');
    events.push({ ipa: base, start: s.start });
    marked.push(mark + base);
  });
  const last = segs[segs.length - 1];
  if (last && last.end < duration) events.push({ ipa: '', start: last.end });
  return normalisePhones(events, [marked.join('|')], duration, { minPause });
}

/**
 * Synthesises `items` with the flite command line and returns each
 * utterance's WAV and its phone timeline, in the shape of
 * espeakTimings.mjs's synthesize.
 *
 * @param {{voice: string, text: string, language?: string}[]} items
 *   voice: kal, kal16, awb, rms or slt (or a .flitevox path); language
 *   defaults to 'en-us'
 * @param {string} outDir folder for the WAVs (created if missing)
 * @param {{flite?: string, t2p?: string, stress?: boolean, minPause?: number,
 *   closures?: boolean, concurrency?: number}} [options]
 * @returns {Promise<{voice: string, language: string, text: string, sampleRate: number,
 *   samples: number, duration: number, wavPath: string,
 *   phones: {phone: string, start: number, end: number, stress: 0|1|2}[],
 *   words: {start: number, text: string}[], transcription: string[]}[]>}
 *   words is empty (flite's command line prints no word times);
 *   transcription is one clause: t2p's phones with stress digits (or the
 *   timed phones when stress is off).
 * @throws Error for an unknown voice or a failed synthesis (naming the item)
 */
export async function synthesize(items, outDir, options = {}) {
  const { arpabetToIpa } = await loadTeacher();
  const flite = options.flite ?? 'flite';
  const t2pCmd = options.t2p ?? 't2p';
  const minPause = options.minPause ?? 0.03;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  mkdirSync(outDir, { recursive: true });
  items.forEach(({ voice, text }, i) => {
    if (typeof voice !== 'string' || voice === '' || voice.startsWith('-')) throw new Error(`Item ${i}: expected a flite voice name but received ${JSON.stringify(voice)}`);
    if (typeof text !== 'string' || text.trim() === '') throw new Error(`Item ${i}: expected non-empty text`);
  });
  // flite falls back to its default voice, silently, for a name it lacks
  const listed = await run(flite, ['-lv']);
  if (listed.error?.code === 'ENOENT') throw new Error(`Cannot run '${flite}': flite is not installed (apt-get install flite)`);
  const known = new Set(listed.stdout.replace(/^.*?:/su, '').split(/\s+/u).filter(Boolean));
  items.forEach(({ voice }, i) => {
    if (!known.has(voice) && !/\.flitevox$|^https?:/u.test(voice)) throw new Error(`Item ${i}: unknown flite voice '${voice}' (flite -lv lists: ${[...known].join(', ')})`);
  });
  const one = async (item, i) => {
    const label = `Item ${i} (${item.voice}: ${JSON.stringify(item.text)})`;
    const text = item.text.replace(/[\t\r\n]+/gu, ' ');
    const wavPath = path.join(outDir, `${String(i).padStart(6, '0')}.wav`);
    const r = await run(flite, ['-voice', item.voice, '-psdur', '-t', text, '-o', wavPath]);
    if (r.error) {
      if (r.error.code === 'ENOENT') throw new Error(`Cannot run '${flite}': flite is not installed (apt-get install flite)`);
      throw new Error(`${label}: flite failed: ${(r.stderr || r.error.message).trim()}`);
    }
    const segs = parsePsdur(r.stdout);
    if (segs.length === 0) throw new Error(`${label}: flite printed no segments: ${r.stderr.trim()}`);
    let stress = new Array(segs.length).fill(0);
    let transcription = segs.map((s) => s.name).join(' ');
    if (options.stress !== false) {
      const t = await run(t2pCmd, [text]);
      if (t.error) throw new Error(`${label}: t2p failed (it comes with flite; pass stress: false to do without): ${(t.stderr || t.error.message).trim()}`);
      const t2p = parseT2p(t.stdout);
      stress = alignStress(segs, t2p);
      transcription = t.stdout.trim();
    }
    const { samples, sampleRate } = readWav(wavPath);
    const duration = samples.length / sampleRate;
    let phones;
    try {
      phones = fliteSegmentsToPhones(segs, stress, duration, arpabetToIpa, { minPause, voice: item.voice });
    } catch (e) {
      throw new Error(`${label}: ${e.message}`);
    }
    if (options.closures !== false) includeStopClosures(phones, samples, sampleRate);
    return {
      voice: item.voice,
      language: item.language ?? FLITE_VOICES[item.voice]?.language ?? 'en-us',
      text: item.text,
      sampleRate,
      samples: samples.length,
      duration,
      wavPath,
      phones,
      words: [],
      transcription: [transcription],
    };
  };
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await one(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
