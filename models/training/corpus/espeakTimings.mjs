// espeak-ng engine of the synthetic corpus: text in, WAV + exact phone
// timeline out (see README.md in this folder).
//
// How espeak-ng's event times relate to the audio. In synchronous mode every
// event carries `sample`, the count of samples the synthesiser had emitted
// when the event was queued, counted from the start of each espeak_Synth
// call, i.e. from sample 0 of the WAV we write; `audio_position` is the same
// instant in whole milliseconds at the output rate (22050 Hz). There is no
// initial offset to correct: the first phone starts at 0 or after espeak's
// short leading pause (~12 ms in English), and the energy check
// (alignmentCheck.mjs) finds speech onsets within a few milliseconds of the
// phone boundaries (numbers in README.md). The C tool prints
// start = sample / rate.
//
// Normalisation of the phone events into a contiguous timeline:
// - espeak's language-switch markers "(en)" and nameless events are pauses;
// - stress and tones: phoneme events carry neither, so the tool also prints
//   espeak_TextToPhonemes' transcription of the same text ("h|ə|l|ˈoʊ"), and
//   a character-level alignment of the two moves each token's stress mark
//   (and, in tone languages, its tone digits) onto the matching event;
// - a name made only of modifiers ("ʲ", "ː") joins the phone before it;
// - zero-length events are dropped (after lending their stress to the next
//   phone), consecutive pauses merge into one '_' segment;
// - a pause shorter than `minPause` (default 30 ms) between two phones is
//   closure or word-boundary silence, not a pause: it goes to the following
//   phone, which starts earlier;
// - the time before the first phone and after the last is a '_' segment, so
//   segments run from 0 to the audio's end with no gap or overlap;
// - stop closures: espeak stamps a plosive or affricate at its release
//   (burst); its silent closure, ~30-45 ms (~110-130 ms when geminate), lies
//   at the end of the phone before. For the face the closure belongs to the
//   stop (lips shut for p/b), so each stop after a phone starts where the
//   audio envelope (alignmentCheck.mjs, 10 ms window) falls below peak -35 dB
//   before the release, taking at most half of the phone before. Voiced
//   closures that are not silent stay as espeak stamped them. Option
//   `closures: false` keeps espeak's release times.

import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { energyEnvelope, readWav } from './alignmentCheck.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.join(HERE, 'espeak_timings.c');
const TOOL_NAME = 'espeak_timings';
const DEFAULT_BUILD_DIR = path.join(HERE, '..', '..', '..', 'build', 'espeak');
const TONAL_RE = /^(cmn|zh|yue|hak|nan|wuu|vi)\b/iu;
const TONE_CHARS_RE = /^[0-9˥˦˧˨˩]$/u;
const MODIFIER_RE = /^[\p{M}\p{Lm}\p{Sk}]+$/u;
const LANG_SWITCH_RE = /^\([a-z]{2,3}(?:-[a-z0-9]+)*\)$/iu;
const STRESS_MARKS = { 'ˈ': 1, 'ˌ': 2 };
const STOP_RE = /^[ˈˌ]?[pbtdʈɖcɟkɡgqɢʔ]/u;

function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8' }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
}

/**
 * Compiles espeak_timings.c into `buildDir` (default build/espeak in the
 * repository) unless an up-to-date binary is there. Uses $CC or cc.
 * @returns {Promise<string>} path of the executable
 * @throws Error naming the missing package when the compiler, the
 *   libespeak-ng headers or the library are absent
 */
export async function buildEspeakTool(buildDir = DEFAULT_BUILD_DIR) {
  const bin = path.join(buildDir, TOOL_NAME);
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(SOURCE).mtimeMs) return bin;
  mkdirSync(buildDir, { recursive: true });
  const cc = process.env.CC || 'cc';
  const tmp = `${bin}.${process.pid}.tmp`;
  const { error, stderr } = await run(cc, ['-O2', '-Wall', '-Wextra', '-o', tmp, SOURCE, '-lespeak-ng']);
  if (error) {
    if (error.code === 'ENOENT') throw new Error(`Cannot build ${TOOL_NAME}: no C compiler '${cc}' (install gcc, or set CC)`);
    if (/speak_lib\.h/u.test(stderr)) {
      throw new Error(`Cannot build ${TOOL_NAME}: espeak-ng headers missing (install libespeak-ng-dev, e.g. apt-get install espeak-ng libespeak-ng-dev)\n${stderr}`);
    }
    if (/-lespeak-ng|espeak-ng/u.test(stderr)) {
      throw new Error(`Cannot build ${TOOL_NAME}: libespeak-ng missing (install libespeak-ng-dev and espeak-ng-data)\n${stderr}`);
    }
    throw new Error(`Cannot build ${TOOL_NAME}: ${cc} failed\n${stderr}`);
  }
  renameSync(tmp, bin); // atomic: parallel builders never see half a binary
  return bin;
}

/**
 * Runs the tool on `lines` ("VOICE\tTEXT"), writing WAVs into outDir.
 * @returns {Promise<object[]>} the parsed JSON lines, in input order
 */
export function runEspeakTool(tool, lines, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [outDir], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${TOOL_NAME} exited with ${code}: ${err.trim()}`));
      const results = out.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
      if (results.length !== lines.length) return reject(new Error(`${TOOL_NAME} answered ${results.length} of ${lines.length} lines: ${err.trim()}`));
      resolve(results);
    });
    child.stdin.on('error', () => {}); // a crash shows up in 'close'
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

/**
 * Synthesises `items` with espeak-ng and returns each utterance's WAV and its
 * phone timeline, normalised for the teacher (see the header comment).
 *
 * @param {{voice: string, text: string, language?: string}[]} items
 *   language defaults to the voice without its "+variant"
 * @param {string} outDir folder for the WAVs (created if missing)
 * @param {{tool?: string, buildDir?: string, minPause?: number, closures?: boolean}} [options]
 * @returns {Promise<{voice: string, language: string, text: string, sampleRate: number,
 *   samples: number, duration: number, wavPath: string,
 *   phones: {phone: string, start: number, end: number, stress: 0|1|2}[],
 *   words: {start: number, text: string}[], transcription: string[]}[]>}
 * @throws Error for an unknown voice or a failed synthesis (naming the item)
 */
export async function synthesize(items, outDir, options = {}) {
  const tool = options.tool ?? (await buildEspeakTool(options.buildDir));
  const minPause = options.minPause ?? 0.03;
  mkdirSync(outDir, { recursive: true });
  const lines = items.map(({ voice, text }, i) => {
    if (typeof voice !== 'string' || !/^[^\t\n\r]+$/u.test(voice)) throw new Error(`Item ${i}: expected a voice name but received ${JSON.stringify(voice)}`);
    if (typeof text !== 'string' || text.trim() === '') throw new Error(`Item ${i}: expected non-empty text`);
    return `${voice}\t${text.replace(/[\t\r\n]+/gu, ' ')}`;
  });
  const raw = await runEspeakTool(tool, lines, outDir);
  return raw.map((r, i) => {
    const item = items[i];
    if (r.error) throw new Error(`Item ${i} (${item.voice}: ${JSON.stringify(item.text)}): ${r.error}`);
    const language = item.language ?? item.voice.split('+')[0];
    const duration = r.samples / r.sampleRate;
    const chars = [...item.text.replace(/[\t\r\n]+/gu, ' ')];
    const wavPath = path.join(outDir, r.wav);
    const phones = normalisePhones(r.phones, r.transcription, duration, { language, minPause });
    if (options.closures !== false) {
      const { samples, sampleRate } = readWav(wavPath);
      includeStopClosures(phones, samples, sampleRate);
    }
    return {
      voice: item.voice,
      language,
      text: item.text,
      sampleRate: r.sampleRate,
      samples: r.samples,
      duration,
      wavPath,
      phones,
      words: r.words.filter((w) => w.len > 0).map((w) => ({ start: w.start, text: chars.slice(w.pos - 1, w.pos - 1 + w.len).join('') })),
      transcription: r.transcription,
    };
  });
}

/**
 * espeak phone events -> contiguous PhoneSegments covering [0, duration].
 * @param {{ipa: string, start: number}[]} events
 * @param {string[]} transcription espeak_TextToPhonemes clauses, '|' between phonemes
 */
export function normalisePhones(events, transcription, duration, { language = '', minPause = 0.03 } = {}) {
  const tonal = TONAL_RE.test(language);
  // 1. Events with end times; language switches and nameless ones are pauses.
  const evs = events.map((e, i) => ({
    name: LANG_SWITCH_RE.test(e.ipa) ? '' : e.ipa.normalize('NFC'),
    start: Math.min(e.start, duration),
    end: Math.min(i + 1 < events.length ? events[i + 1].start : duration, duration),
    stress: 0,
    tone: '',
  }));
  // 2. Stress and tones from the transcription.
  transferProsody(evs, transcription ?? [], tonal);
  // 3. Modifier-only names join the phone before; zero-length ones go.
  const phones = [];
  let pendingStress = 0;
  for (const e of evs) {
    if (e.end < e.start) e.end = e.start;
    const prev = phones[phones.length - 1];
    if (e.name !== '' && MODIFIER_RE.test(e.name) && prev && prev.name !== '') {
      prev.name += e.name;
      prev.end = e.end;
      prev.stress ||= e.stress;
      prev.tone ||= e.tone;
      continue;
    }
    if (e.end - e.start <= 1e-9) {
      pendingStress ||= e.stress;
      continue;
    }
    if (e.name !== '' && MODIFIER_RE.test(e.name)) continue; // a stray modifier after a pause: nothing to modify
    if (e.name !== '') {
      e.stress ||= pendingStress;
      pendingStress = 0;
    }
    if (e.name === '' && prev && prev.name === '') {
      prev.end = e.end;
      continue;
    }
    phones.push({ ...e });
  }
  // 4. Short inner pauses belong to the next phone; edges become '_'.
  const merged = [];
  for (let i = 0; i < phones.length; i++) {
    const p = phones[i];
    const inner = i > 0 && i < phones.length - 1;
    if (p.name === '' && inner && p.end - p.start < minPause) {
      phones[i + 1].start = p.start;
      continue;
    }
    merged.push(p);
  }
  const segments = [];
  const pushPause = (start, end) => {
    const last = segments[segments.length - 1];
    if (last && last.phone === '_') last.end = end;
    else if (end > start) segments.push({ phone: '_', start, end, stress: 0 });
  };
  let t = 0;
  for (const p of merged) {
    if (p.start > t) pushPause(t, p.start);
    const start = Math.max(p.start, t);
    if (p.end <= start) continue;
    if (p.name === '') pushPause(start, p.end);
    else segments.push({ phone: labelOf(p), start, end: p.end, stress: p.stress });
    t = p.end;
  }
  if (t < duration) pushPause(t, duration);
  if (segments.length === 0) segments.push({ phone: '_', start: 0, end: duration, stress: 0 });
  segments[0].start = 0;
  segments[segments.length - 1].end = duration;
  return segments.map((s) => ({ ...s, start: round6(s.start), end: round6(s.end) }));
}

/**
 * Moves each stop's start back over its silent closure (see the header).
 * Mutates and returns `phones`; segments stay contiguous.
 */
export function includeStopClosures(phones, samples, sampleRate, { thresholdDb = -35 } = {}) {
  const { db, peak, hop } = energyEnvelope(samples, sampleRate, { window: 0.01, hop: 0.001 });
  const thr = peak + thresholdDb;
  const halfWindow = 0.005;
  for (let i = 1; i < phones.length; i++) {
    const p = phones[i];
    const prev = phones[i - 1];
    if (prev.phone === '_' || !STOP_RE.test(p.phone)) continue;
    // the frame whose window just misses the burst, then back while silent
    let f = Math.floor((p.start - halfWindow) / hop) - 1;
    if (f < 0 || f >= db.length || db[f] >= thr) continue;
    while (f > 0 && db[f - 1] < thr) f--;
    const closure = Math.max(f * hop - halfWindow, prev.start + (prev.end - prev.start) / 2);
    if (closure < p.start) {
      p.start = round6(closure);
      prev.end = p.start;
    }
  }
  return phones;
}

function labelOf(p) {
  const mark = p.stress === 1 ? 'ˈ' : p.stress === 2 ? 'ˌ' : '';
  return `${mark}${p.name}${p.tone}`;
}

function round6(x) {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Character-level edit-distance alignment of the event names with the
 * transcription tokens; each token's stress goes to the event of its first
 * aligned character, its unaligned tone digits (tone languages) to the event
 * of its last aligned character.
 */
function transferProsody(evs, transcription, tonal) {
  const a = []; // event characters: { ch, ev }
  evs.forEach((e, i) => {
    for (const ch of e.name) a.push({ ch, ev: i });
  });
  const b = []; // transcription characters: { ch, tok }
  const tokens = [];
  for (const clause of transcription) {
    for (const raw of clause.replace(/\([a-z]{2,3}(?:-[a-z0-9]+)*\)/giu, ' ').normalize('NFC').split(/[|\s]+/u)) {
      if (!raw) continue;
      let stress = 0;
      const chars = [];
      for (const ch of raw) {
        if (ch in STRESS_MARKS) stress ||= STRESS_MARKS[ch];
        else chars.push(ch);
      }
      const tok = tokens.push({ stress, first: -1, last: -1, tone: '' }) - 1;
      for (const ch of chars) b.push({ ch, tok });
    }
  }
  if (a.length === 0 || b.length === 0) return;
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  for (let i = 0; i <= n; i++) cost[i * w] = i;
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = cost[(i - 1) * w + j - 1] + (a[i - 1].ch === b[j - 1].ch ? 0 : 1);
      cost[i * w + j] = Math.min(sub, cost[(i - 1) * w + j] + 1, cost[i * w + j - 1] + 1);
    }
  }
  // Trace back; record matched pairs and unmatched transcription characters.
  const matchOf = new Int32Array(m).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = cost[i * w + j];
    if (here === cost[(i - 1) * w + j - 1] + (a[i - 1].ch === b[j - 1].ch ? 0 : 1)) {
      if (a[i - 1].ch === b[j - 1].ch) matchOf[j - 1] = a[i - 1].ev;
      i--;
      j--;
    } else if (here === cost[(i - 1) * w + j] + 1) i--;
    else j--;
  }
  for (let k = 0; k < m; k++) {
    const t = tokens[b[k].tok];
    if (matchOf[k] >= 0) {
      if (t.first < 0) t.first = matchOf[k];
      t.last = matchOf[k];
    } else if (tonal && TONE_CHARS_RE.test(b[k].ch) && t.last >= 0) {
      t.tone += b[k].ch;
    }
  }
  for (const t of tokens) {
    if (t.stress && t.first >= 0) evs[t.first].stress ||= t.stress;
    if (t.tone && t.last >= 0 && !evs[t.last].tone) evs[t.last].tone = t.tone;
  }
}
