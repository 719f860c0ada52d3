// festival engine of the synthetic corpus: text in, WAV + phone timeline out,
// with the same result objects as espeakTimings.mjs's `synthesize` (see
// README.md in this folder).
//
// One festival process serves a whole batch (start-up ~0.25 s):
// festival_segments.scm synthesises each utterance, saves its WAV and prints
// the Segment relation (name, start, end, vowel flag, syllable stress, word).
// Festival's segment times are the synthesiser's own unit boundaries in the
// output clock, and a stop's segment already spans its closure, so the
// timeline needs no offset. Normalisation reuses espeakTimings.mjs:
// pauses become '_', inner pauses under `minPause` go to the next phone, and
// the stop-closure adjustment (`closures`, default on) runs as for espeak
// (it rarely moves anything here). Lexical stress: the syllable's stress goes
// onto its vowels (and phone sets that mark stressed vowels in their names
// give it too); it is handed to normalisePhones as a one-clause
// "transcription" with stress marks, which its prosody alignment matches
// character for character.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readWav } from './alignmentCheck.mjs';
import { includeStopClosures, normalisePhones } from './espeakTimings.mjs';
import { encodeForVoice, FESTIVAL_VOICES, festivalPhoneToIpa, loadTeacher } from './festivalPhoneSets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(HERE, 'festival_segments.scm');

/** Scheme string literal of a byte buffer. */
function schemeString(buf) {
  const out = [0x22];
  for (const b of buf) {
    if (b === 0x22 || b === 0x5c) out.push(0x5c);
    out.push(b);
  }
  out.push(0x22);
  return Buffer.from(out);
}

function runFestival(batchFile, festival) {
  return new Promise((resolve, reject) => {
    const child = spawn(festival, ['--batch', SCRIPT, batchFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('latin1').on('data', (d) => (out += d));
    child.stderr.setEncoding('latin1').on('data', (d) => (err += d));
    child.on('error', (e) => {
      if (e.code === 'ENOENT') reject(new Error(`Cannot run '${festival}': festival is not installed (apt-get install festival and the festvox-* voices)`));
      else reject(e);
    });
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`festival exited with ${code}: ${err.trim()}`));
      else resolve({ out, err });
    });
  });
}

/**
 * Seed of festival's random generator for one utterance (FNV-1a of voice and
 * text, 31 bits): the Czech voices' random intonation then depends on the
 * utterance only, not on what the batch synthesised before it.
 */
export function utteranceSeed(voice, text) {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(`${voice}\u0000${text}`, 'utf8')) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

/** MP lines -> per-index raw results. */
function parseOutput(out) {
  const results = new Map();
  let cur = null;
  for (const line of out.split('\n')) {
    const at = line.indexOf('MP\t');
    if (at < 0) continue;
    const f = line.slice(at).split('\t');
    switch (f[1]) {
      case 'BEGIN':
        cur = { index: Number(f[2]), segs: [], words: [] };
        break;
      case 'WAVE':
        if (cur) Object.assign(cur, { sampleRate: Number(f[2]), samples: Number(f[3]) });
        break;
      case 'SEG':
        cur?.segs.push({ name: f[2], start: Number(f[3]), end: Number(f[4]), vowel: f[5] === '+', stress: Number(f[6]) || 0, word: Number(f[7]) || 0 });
        break;
      case 'WORD':
        cur?.words.push({ index: Number(f[2]), start: Number(f[3]), name: Buffer.from(f.slice(4).join('\t'), 'latin1') });
        break;
      case 'END':
        if (cur && cur.index === Number(f[2])) results.set(cur.index, cur);
        cur = null;
        break;
      case 'ERROR':
        results.set(Number(f[2]), { error: f.slice(3).join(' ') });
        cur = null;
        break;
      default:
    }
  }
  return results;
}

/**
 * festival Segment items -> contiguous PhoneSegments over [0, duration].
 * @param {{name: string, start: number, end: number, vowel: boolean, stress: number}[]} segs
 */
export function festivalSegmentsToPhones(segs, voice, duration, arpabetToIpa, { minPause = 0.03 } = {}) {
  const info = FESTIVAL_VOICES[voice];
  const events = [];
  const marked = [];
  for (const s of segs) {
    if (!(s.end > s.start)) continue;
    const syllableStress = s.vowel ? s.stress : 0;
    const hit = festivalPhoneToIpa(s.name, voice, syllableStress, arpabetToIpa);
    if (!hit) {
      events.push({ ipa: '', start: s.start });
      continue;
    }
    // Syllable stress goes to the syllable's first vowel only (Finnish uo is
    // one syllable); Finnish marks word stress 2, the only level it has: 1.
    const prev = segs[segs.indexOf(s) - 1];
    const sameNucleus = prev && prev.vowel && prev.word === s.word && prev.stress === s.stress;
    const level = info.phoneSet === 'finnish' ? Math.min(1, s.stress) : Math.min(2, s.stress);
    const stress = hit.stress || (s.vowel && s.stress > 0 && !sameNucleus ? level : 0);
    events.push({ ipa: hit.ipa, start: s.start });
    marked.push((stress === 1 ? 'ˈ' : stress === 2 ? 'ˌ' : '') + hit.ipa);
  }
  // The last segment's end may fall short of the audio (trailing samples):
  // a '' event there lets normalisePhones close the tail with a pause.
  const last = segs[segs.length - 1];
  if (last && last.end < duration) events.push({ ipa: '', start: last.end });
  return normalisePhones(events, [marked.join('|')], duration, { minPause });
}

/**
 * Synthesises `items` with festival and returns each utterance's WAV and its
 * phone timeline, in the shape of espeakTimings.mjs's synthesize.
 *
 * @param {{voice: string, text: string, language?: string}[]} items
 *   voice: a festival voice name (keys of FESTIVAL_VOICES, e.g.
 *   'kal_diphone', 'cmu_us_slt_arctic_hts', 'lp_diphone'); language
 *   defaults to the voice's (FESTIVAL_VOICES[voice].language)
 * @param {string} outDir folder for the WAVs (created if missing)
 * @param {{festival?: string, minPause?: number, closures?: boolean}} [options]
 * @returns {Promise<{voice: string, language: string, text: string, sampleRate: number,
 *   samples: number, duration: number, wavPath: string,
 *   phones: {phone: string, start: number, end: number, stress: 0|1|2}[],
 *   words: {start: number, text: string}[], transcription: string[]}[]>}
 *   words carry festival's normalised word names ("twenty" for "20");
 *   transcription is one clause: the segment names, space-separated.
 * @throws Error for an unknown voice, an unmapped phone label or a failed
 *   synthesis (naming the item)
 */
export async function synthesize(items, outDir, options = {}) {
  const { arpabetToIpa } = await loadTeacher();
  const festival = options.festival ?? 'festival';
  const minPause = options.minPause ?? 0.03;
  mkdirSync(outDir, { recursive: true });
  const parts = [];
  const wavs = items.map(({ voice, text }, i) => {
    if (typeof voice !== 'string' || !/^[A-Za-z0-9_]+$/u.test(voice)) throw new Error(`Item ${i}: expected a festival voice name but received ${JSON.stringify(voice)}`);
    if (!FESTIVAL_VOICES[voice]) throw new Error(`Item ${i}: festival voice '${voice}' has no phone-set map (known: ${Object.keys(FESTIVAL_VOICES).join(', ')})`);
    if (typeof text !== 'string' || text.trim() === '') throw new Error(`Item ${i}: expected non-empty text`);
    const wavPath = path.join(outDir, `${String(i).padStart(6, '0')}.wav`);
    const clean = text.replace(/[\t\r\n]+/gu, ' ');
    parts.push(
      Buffer.from(`(mouthpiece.synth ${i} "${voice}" `),
      schemeString(Buffer.from(path.resolve(wavPath), 'utf8')),
      Buffer.from(' '),
      schemeString(encodeForVoice(clean, voice)),
      Buffer.from(` ${utteranceSeed(voice, clean)})\n`),
    );
    return wavPath;
  });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mouthpiece-festival-'));
  let raw;
  let stderr;
  try {
    const batch = path.join(tmp, 'batch.scm');
    writeFileSync(batch, Buffer.concat(parts));
    const { out, err } = await runFestival(batch, festival);
    raw = parseOutput(out);
    stderr = err;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return items.map((item, i) => {
    const r = raw.get(i);
    const label = `Item ${i} (${item.voice}: ${JSON.stringify(item.text)})`;
    if (!r) throw new Error(`${label}: festival printed no result: ${stderr.trim().slice(-500)}`);
    if (r.error) throw new Error(`${label}: ${r.error}${r.error.startsWith('synthesis failed') ? `: ${stderr.trim().slice(-500)}` : ''}`);
    const wavPath = wavs[i];
    const duration = r.samples / r.sampleRate;
    const voiceInfo = FESTIVAL_VOICES[item.voice];
    let phones;
    try {
      phones = festivalSegmentsToPhones(r.segs, item.voice, duration, arpabetToIpa, { minPause });
    } catch (e) {
      throw new Error(`${label}: ${e.message}`);
    }
    if (options.closures !== false) {
      const { samples, sampleRate } = readWav(wavPath);
      includeStopClosures(phones, samples, sampleRate);
    }
    const decoder = new TextDecoder(voiceInfo.encoding === 'utf-8' ? 'utf-8' : voiceInfo.encoding);
    return {
      voice: item.voice,
      language: item.language ?? voiceInfo.language,
      text: item.text,
      sampleRate: r.sampleRate,
      samples: r.samples,
      duration,
      wavPath,
      phones,
      // (the Hindi/Marathi front ends turn a danda into empty words: dropped)
      words: r.words.filter((w) => w.name.length > 0).map((w) => ({ start: Math.round(w.start * 1e6) / 1e6, text: decoder.decode(w.name) })),
      transcription: [r.segs.map((s) => s.name).join(' ')],
    };
  });
}
