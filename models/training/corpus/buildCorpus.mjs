#!/usr/bin/env node
// Builds the synthetic training corpus (format: FORMAT.md in this folder).
//
//   node models/training/corpus/buildCorpus.mjs --config small|full --out DIR [--seed N]
//     [--audio] [--force] [--backend auto|native|typescript] [--dry-run]
//
// Steps: texts drawn by seed (texts.mjs, plus fortunes and word lists in the
// full config) -> voices of the registered engines (configs.mjs) -> split by
// source speaker (held-out speakers and languages go to 'val') -> synthesis
// with exact phone timings -> resampling to 16 kHz and features by the
// library's front end (models/features.md) -> F0 and loudness (pitch.mjs) ->
// the rule-based teacher, in neutral and, for some utterances, in other
// emotions -> stored augmentations of a share of the utterances (augment.mjs:
// tempo, pitch, formant shift, codec round trips, clipping; new audio and
// timeline, features and targets computed again) -> plus non-speech (silence, low noise) with rest targets ->
// data/<id>.bin + manifest.jsonl + corpus.json.
//
// Deterministic: the same config, seed, engine versions and feature backend
// give byte-identical files and so the same manifest sha256 (printed at the
// end). Needs the compiled library (npm run build:ts) and the engines' own
// requirements (espeak-ng: see README.md).
//
// Programmatic use: `buildCorpus(config, { out, seed, audio, engineOptions, log })`.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { readWav } from './alignmentCheck.mjs';
import { padEdges } from './padEdges.mjs';
import { augment, drawAugmentation, missingTools } from './augment.mjs';
import { CONFIGS } from './configs.mjs';
import { prosodyTracks } from './pitch.mjs';
import { BUILTIN_TEXTS, systemTexts } from './texts.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, '..', '..', '..', 'dist');

export const FORMAT_VERSION = 1;
export const MAGIC = 'MPCU';
export const HEADER_BYTES = 32;
export const FPS = 100;
export const SAMPLE_RATE = 16000;
/** Minimum silence (s) before and after the speech of every utterance. */
const EDGE_SILENCE = 0.3;
export const HOP = 160;
const HEAD_CHANNELS = ['headPitch', 'headYaw', 'headRoll', 'headX', 'headY', 'headZ'];
const BATCH = 256; // utterances synthesised per engine call (bounds the temporary WAVs on disk)

// ---------------------------------------------------------------------------
// Engine registry. An engine is a plug-in: a name, its known voices (source
// speaker id and language each) and a synthesize(items, outDir, options)
// that returns [{ wavPath, sampleRate, samples, duration, phones: [{ phone,
// start, end, stress }] }] in input order, phones contiguous from 0 to the
// audio's end (the shape of espeakTimings.mjs). The module is loaded only
// when a config uses the engine; a module may export VOICES to replace the
// list below.

const ENGINES = new Map();

/**
 * Adds (or replaces) an engine.
 * @param {{name: string, module?: string, synthesize?: Function,
 *   voices?: {voice: string, language: string, speaker?: string}[],
 *   speakerOf?: (voice: string) => string}} entry
 *   `voices`: known voices with their text language and source speaker id
 *   (default `<engine>/<voice>`); a config may also name voices not listed.
 *   `module` is a path relative to this folder (or absolute) exporting
 *   `synthesize`; give either it or `synthesize`.
 */
export function registerEngine(entry) {
  if (!entry || typeof entry.name !== 'string' || !(entry.module || entry.synthesize)) throw new Error('registerEngine: expected { name, module | synthesize }');
  const e = { voices: [], ...entry };
  // Source speaker: the voice list's `speaker`, else `<engine>/<voice>`.
  e.speakerOf ??= (voice) => e.voices.find((v) => v.voice === voice)?.speaker ?? `${e.name}/${voice}`;
  ENGINES.set(e.name, e);
}

/** The registered engines (name -> entry). */
export function engines() {
  return ENGINES;
}

registerEngine({
  name: 'espeak-ng',
  module: './espeakTimings.mjs',
  // Any espeak-ng language voice with an optional +variant works (speaker
  // `espeak-ng/<voice>`); these are the base voices the configs use.
  voices: ['en-us', 'en-gb', 'en-gb-x-rp', 'de', 'fr-fr', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'cs', 'fi', 'tr', 'hi', 'ja']
    .map((v) => ({ voice: v, language: v.split('-')[0] }))
    .concat([{ voice: 'cmn-latn-pinyin', language: 'cmn' }]),
});
// Recorded voices: one person behind voices of several engines shares one
// source speaker id, so a held-out person is held out in every engine.
registerEngine({
  name: 'flite',
  module: './fliteTimings.mjs',
  voices: [
    { voice: 'kal', language: 'en', speaker: 'cmu/kal' }, // 8 kHz
    { voice: 'kal16', language: 'en', speaker: 'cmu/kal' },
    { voice: 'awb', language: 'en', speaker: 'cmu/awb' },
    { voice: 'rms', language: 'en', speaker: 'cmu/rms' },
    { voice: 'slt', language: 'en', speaker: 'cmu/slt' },
  ],
});
registerEngine({
  name: 'festival',
  module: './festivalTimings.mjs',
  voices: [
    { voice: 'kal_diphone', language: 'en', speaker: 'cmu/kal' },
    { voice: 'ked_diphone', language: 'en', speaker: 'cmu/ked' },
    { voice: 'cmu_us_slt_arctic_hts', language: 'en', speaker: 'cmu/slt' },
    { voice: 'lp_diphone', language: 'it' },
    { voice: 'pc_diphone', language: 'it' },
    { voice: 'suo_fi_lj_diphone', language: 'fi' },
    { voice: 'hy_fi_mv_diphone', language: 'fi' },
    { voice: 'msu_ru_nsh_clunits', language: 'ru' },
    { voice: 'czech_dita', language: 'cs' },
    { voice: 'czech_ph', language: 'cs' },
    { voice: 'upc_ca_ona_hts', language: 'ca' },
  ],
});

async function loadEngine(name) {
  const entry = ENGINES.get(name);
  if (!entry) throw new Error(`Unknown engine '${name}' (registered: ${[...ENGINES.keys()].join(', ')})`);
  if (entry.synthesize) return entry;
  const file = path.isAbsolute(entry.module) ? entry.module : path.join(HERE, entry.module);
  if (!existsSync(file)) throw new Error(`Engine '${name}': module ${entry.module} is not there yet`);
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.synthesize !== 'function') throw new Error(`Engine '${name}': ${entry.module} exports no synthesize()`);
  entry.synthesize = mod.synthesize;
  if (Array.isArray(mod.VOICES)) entry.voices = mod.VOICES;
  return entry;
}

// ---------------------------------------------------------------------------
// Library (compiled) and small helpers.

async function loadLibrary() {
  const index = path.join(DIST, 'index.js');
  const teacher = path.join(DIST, 'teacher', 'index.js');
  if (!existsSync(index) || !existsSync(teacher)) {
    throw new Error('The corpus builder needs the compiled library (dist/index.js, dist/teacher/index.js): run `npm run build:ts` first');
  }
  const lib = await import(pathToFileURL(index).href);
  const t = await import(pathToFileURL(teacher).href);
  return { ...lib, teach: t.teach, ARTICULATION_CHANNELS: t.ARTICULATION_CHANNELS, OCULUS_VISEMES: t.OCULUS_VISEMES, EMOTIONS: t.EMOTIONS };
}

/** mulberry32 PRNG seeded from sha256(seed + label): independent, order-free streams. */
function rngFor(seed, label) {
  let a = createHash('sha256').update(`${seed}\u0000${label}`).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(list, rng) {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const round6 = (x) => Math.round(x * 1e6) / 1e6;
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// ---------------------------------------------------------------------------
// Planning: which texts, voices, emotions and non-speech items; all from the seed.

function textPools(config, seed) {
  const languages = [...new Set(config.voices.map((v) => v.language))].sort();
  const system = config.systemTexts ? systemTexts(languages) : { sentences: {}, words: {} };
  const pools = {};
  for (const lang of languages) {
    const pool = (BUILTIN_TEXTS[lang] ?? []).map((text) => ({ text, source: 'builtin' }));
    pool.push(...(system.sentences[lang] ?? []));
    const words = system.words[lang];
    const share = config.wordListShare ?? 0;
    if (words && share > 0) {
      const rng = rngFor(seed, `words/${lang}`);
      const count = Math.round((share / (1 - share)) * Math.max(pool.length, config.sentencesPerVoice));
      for (let k = 0; k < count; k++) {
        const n = 3 + Math.floor(rng() * 5);
        const picked = Array.from({ length: n }, () => words.words[Math.floor(rng() * words.words.length)]);
        const text = `${picked.join(', ')}.`;
        pool.push({ text: text[0].toLocaleUpperCase(lang) + text.slice(1), source: words.source });
      }
    }
    if (pool.length === 0) throw new Error(`No texts for language '${lang}' (add some to texts.mjs)`);
    pools[lang] = pool;
  }
  return pools;
}

/**
 * The corpus plan: speech items (with their emotion renders) and non-speech
 * items, in output order, ids assigned. Pure function of (config, seed).
 */
export function planCorpus(config, seed) {
  const pools = textPools(config, seed);
  const heldSpeakers = new Set(config.heldOut?.speakers ?? []);
  const heldLanguages = new Set(config.heldOut?.languages ?? []);
  const speech = [];
  for (const v of config.voices) {
    const entry = ENGINES.get(v.engine);
    if (!entry) throw new Error(`Config voice ${v.voice}: unknown engine '${v.engine}'`);
    const speaker = entry.speakerOf(v.voice);
    const split = heldSpeakers.has(speaker) || heldLanguages.has(v.language) ? 'val' : 'train';
    const rng = rngFor(seed, `texts/${speaker}`);
    const pool = pools[v.language];
    // Never the same text twice from one speaker (it would be the same audio).
    const order = shuffled(pool, rng);
    for (let k = 0; k < Math.min(config.sentencesPerVoice, pool.length); k++) {
      const t = order[k];
      speech.push({ kind: 'speech', engine: v.engine, voice: v.voice, speaker, language: v.language, text: t.text, textSource: t.source, split });
    }
  }
  for (const s of heldSpeakers) {
    if (!speech.some((u) => u.speaker === s)) throw new Error(`Held-out speaker ${s} has no voice in config '${config.name}'`);
  }
  // Emotion renders: chosen base utterances get extra renders of their audio.
  const emo = config.emotion ?? { utterances: 0, emotions: [] };
  const nBase = emo.utterances > 0 && emo.utterances < 1 ? Math.round(emo.utterances * speech.length) : Math.min(speech.length, emo.utterances | 0);
  const erng = rngFor(seed, 'emotion');
  const bases = new Set(shuffled(speech.map((_, i) => i), erng).slice(0, nBase));
  // Stored augmentations: the same share of each split's utterances (so
  // held-out speakers get theirs, in val), kinds in turn from a shuffled list.
  const aug = config.augment ?? { utterances: 0, kinds: [] };
  const augmentOf = new Map();
  if (aug.utterances > 0 && aug.kinds?.length) {
    const arng = rngFor(seed, 'augment');
    const share = aug.utterances < 1 ? aug.utterances : Math.min(1, aug.utterances / speech.length);
    const chosen = [];
    for (const split of ['train', 'val']) {
      const idx = speech.flatMap((u, i) => (u.split === split ? [i] : []));
      chosen.push(...shuffled(idx, arng).slice(0, Math.round(share * idx.length)));
    }
    const kinds = shuffled(aug.kinds, arng);
    chosen.sort((a, b) => a - b).forEach((i, k) => augmentOf.set(i, drawAugmentation(kinds[k % kinds.length], arng)));
  }
  const items = [];
  speech.forEach((u, i) => {
    const base = { ...u, emotion: 'neutral', intensity: 0, renderOf: null };
    items.push(base);
    if (bases.has(i)) {
      const emotions = emo.perUtterance ? shuffled(emo.emotions, erng).slice(0, emo.perUtterance) : emo.emotions;
      for (const e of emotions) {
        const intensity = emo.intensities[Math.floor(erng() * emo.intensities.length)];
        items.push({ ...u, emotion: e, intensity, renderOf: base });
      }
    }
    if (augmentOf.has(i)) items.push({ ...u, emotion: 'neutral', intensity: 0, renderOf: null, augmentOf: base, augmentation: augmentOf.get(i) });
  });
  const ns = config.nonSpeech ?? { count: 0 };
  const nrng = rngFor(seed, 'nonspeech');
  for (let k = 0; k < ns.count; k++) {
    const seconds = Math.round((ns.minSeconds + nrng() * (ns.maxSeconds - ns.minSeconds)) * 100) / 100;
    const noise = k % 2 === 1;
    const levelDb = noise ? Math.round(ns.noiseDb[0] + nrng() * (ns.noiseDb[1] - ns.noiseDb[0])) : null;
    const split = Math.floor(k / 2) % 2 === 0 ? 'train' : 'val';
    items.push({
      kind: noise ? 'noise' : 'silence', engine: null, voice: null, speaker: `nonspeech/${split}`, language: null, text: '', textSource: null,
      split, emotion: 'neutral', intensity: 0, renderOf: null, seconds, levelDb, noiseSeed: Math.floor(nrng() * 2 ** 32),
    });
  }
  items.forEach((it, i) => (it.id = `u${String(i).padStart(6, '0')}`));
  const heldOutSpeakers = [...new Set(items.filter((u) => u.split === 'val').map((u) => u.speaker))].sort();
  return { items, heldOutSpeakers };
}

// ---------------------------------------------------------------------------
// Rendering.

function nonSpeechAudio(item) {
  const n = Math.round(item.seconds * SAMPLE_RATE);
  const pcm = new Float32Array(n);
  if (item.kind !== 'noise') return pcm;
  const rng = rngFor(item.noiseSeed, 'noise');
  const amp = 10 ** (item.levelDb / 20);
  const tilt = rng() * 0.9; // one-pole low-pass: white to brownish hiss
  let y = 0;
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()); // Box-Muller
    y = tilt * y + (1 - tilt) * g * amp;
    pcm[i] = y;
  }
  return pcm;
}

function wav16(pcm) {
  const buf = Buffer.alloc(44 + 2 * pcm.length);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + 2 * pcm.length, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(SAMPLE_RATE, 24);
  buf.writeUInt32LE(2 * SAMPLE_RATE, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(2 * pcm.length, 40);
  for (let i = 0; i < pcm.length; i++) buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(pcm[i] * 32768))), 44 + 2 * i);
  return buf;
}

/** The .bin file: header, features, targets, articulation, visemes (FORMAT.md). */
export function encodeUtterance({ frames, samples16k, flags, features, targets, articulation, visemes, bands, targetChannels, articulationChannels }) {
  if (os.endianness() !== 'LE') throw new Error('The corpus writer assumes a little-endian machine');
  const size = HEADER_BYTES + 4 * frames * (bands + targetChannels + articulationChannels) + frames;
  const buf = Buffer.alloc(size);
  buf.write(MAGIC, 0, 'ascii');
  buf.writeUInt16LE(FORMAT_VERSION, 4);
  buf.writeUInt16LE(HEADER_BYTES, 6);
  buf.writeUInt32LE(frames, 8);
  buf.writeUInt16LE(bands, 12);
  buf.writeUInt16LE(targetChannels, 14);
  buf.writeUInt16LE(articulationChannels, 16);
  buf.writeUInt16LE(FPS, 18);
  buf.writeUInt32LE(samples16k, 20);
  buf.writeUInt32LE(flags, 24);
  buf.writeUInt32LE(0, 28);
  let off = HEADER_BYTES;
  for (const arr of [features, targets, articulation]) {
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(buf, off);
    off += arr.byteLength;
  }
  Buffer.from(visemes.buffer, visemes.byteOffset, visemes.byteLength).copy(buf, off);
  return buf;
}

/** Runs the teacher and packs its frames into the target layout. */
function teacherTargets(lib, phones, frames, options) {
  // teach() gives floor(duration * fps) + 1 frames; half a frame of margin keeps float error out.
  const track = lib.teach(phones, { ...options, fps: FPS, duration: (frames - 0.5) / FPS });
  if (track.frames.length !== frames) throw new Error(`teacher gave ${track.frames.length} frames, expected ${frames}`);
  const nW = lib.BLENDSHAPE_COUNT;
  const C = nW + HEAD_CHANNELS.length;
  const targets = new Float32Array(frames * C);
  track.frames.forEach((f, t) => {
    targets.set(f.weights, t * C);
    const o = t * C + nW;
    targets[o] = f.head.rotation.pitch;
    targets[o + 1] = f.head.rotation.yaw;
    targets[o + 2] = f.head.rotation.roll;
    targets[o + 3] = f.head.position.x;
    targets[o + 4] = f.head.position.y;
    targets[o + 5] = f.head.position.z;
  });
  return { targets, articulation: track.articulation, visemes: track.visemes };
}

// ---------------------------------------------------------------------------
// The build.

/**
 * Builds a corpus into `out` (created; must not already hold a corpus unless
 * `force`).
 * @param {object} config a config object (configs.mjs) or its name
 * @param {{out: string, seed?: number|string, audio?: boolean, force?: boolean,
 *   backend?: 'auto'|'native'|'typescript', engineOptions?: Record<string, object>,
 *   log?: (line: string) => void}} options
 *   backend: the library's feature backend (default 'auto': native when it loads)
 * @returns {Promise<{manifestSha256: string, utterances: number, seconds: number,
 *   buildSeconds: number, heldOutSpeakers: string[], table: object[], out: string}>}
 */
export async function buildCorpus(config, options) {
  const started = process.hrtime.bigint();
  if (typeof config === 'string') {
    if (!CONFIGS[config]) throw new Error(`Unknown config '${config}' (have: ${Object.keys(CONFIGS).join(', ')})`);
    config = CONFIGS[config];
  }
  const out = path.resolve(options.out);
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const manifestPath = path.join(out, 'manifest.jsonl');
  if (existsSync(manifestPath) && !options.force) throw new Error(`${out} already holds a corpus (use force / --force to replace it)`);
  for (const p of ['data', 'audio', '.synth', 'manifest.jsonl', 'corpus.json']) rmSync(path.join(out, p), { recursive: true, force: true });
  mkdirSync(path.join(out, 'data'), { recursive: true });
  if (options.audio) mkdirSync(path.join(out, 'audio'), { recursive: true });

  const augKinds = config.augment?.utterances > 0 ? (config.augment.kinds ?? []) : [];
  const missing = missingTools(augKinds);
  if (missing.length) throw new Error(`Config '${config.name}' augments with ${augKinds.join(', ')}: missing ${missing.join(', ')}`);

  const lib = await loadLibrary();
  const engine = await lib.openEngine({ backend: options.backend ?? 'auto' });
  const bands = lib.FEATURE_SPEC.bands;
  const targetChannels = lib.BLENDSHAPE_COUNT + HEAD_CHANNELS.length;
  const articulationChannels = lib.ARTICULATION_CHANNELS.length;
  const { items, heldOutSpeakers } = planCorpus(config, seed);
  log(`plan: ${items.length} utterances (${items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf).length} spoken, ${items.filter((u) => u.augmentOf).length} augmented), seed ${seed}, backend ${engine.backend}`);

  const lines = new Array(items.length);
  const indexOf = new Map(items.map((u, i) => [u, i]));
  const rendersOf = new Map();
  const augmentsOf = new Map();
  for (const u of items) {
    if (u.augmentOf) augmentsOf.set(u.augmentOf, [...(augmentsOf.get(u.augmentOf) ?? []), u]);
    const base = u.renderOf ?? u;
    if (!rendersOf.has(base)) rendersOf.set(base, []);
    rendersOf.get(base).push(u);
  }
  const write = (item, payload, phones) => {
    const buf = encodeUtterance({ ...payload, bands, targetChannels, articulationChannels });
    const rel = `data/${item.id}.bin`;
    writeFileSync(path.join(out, rel), buf);
    lines[indexOf.get(item)] = JSON.stringify({
      id: item.id,
      kind: item.kind,
      engine: item.engine,
      voice: item.voice,
      speaker: item.speaker,
      language: item.language,
      text: item.text,
      textSource: item.textSource,
      emotion: item.emotion,
      intensity: item.intensity,
      renderOf: item.renderOf ? item.renderOf.id : null,
      sourceId: item.augmentOf ? item.augmentOf.id : null,
      split: item.split,
      seconds: round6(payload.samples16k / SAMPLE_RATE),
      samples: payload.samples16k,
      frames: payload.frames,
      sourceSampleRate: item.sourceSampleRate ?? SAMPLE_RATE,
      data: rel,
      sha256: sha256(buf),
      audio: options.audio ? `audio/${(item.renderOf ?? item).id}.wav` : null,
      augmentation: item.augmentation ?? null,
      phones: phones.map((p) => [p.phone, round6(p.start), round6(p.end)]),
    });
  };

  const render = async (base, pcm16, phones, language) => {
    const fb = await engine.computeFeatures(pcm16, SAMPLE_RATE);
    const frames = fb.count;
    if (frames !== Math.ceil(pcm16.length / HOP)) throw new Error(`${base.id}: ${frames} feature frames for ${pcm16.length} samples`);
    const prosody = prosodyTracks(pcm16, { sampleRate: SAMPLE_RATE, hop: HOP });
    if (options.audio) writeFileSync(path.join(out, 'audio', `${base.id}.wav`), wav16(pcm16));
    for (const item of rendersOf.get(base)) {
      const t = teacherTargets(lib, phones, frames, { emotion: item.emotion, intensity: item.intensity, prosody, language: language ?? undefined });
      write(item, { frames, samples16k: pcm16.length, flags: item.kind === 'speech' ? 1 : 0, features: fb.features, ...t }, phones);
    }
  };

  // Speech, engine by engine, in batches.
  const spoken = items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf);
  const engineNames = [...new Set(spoken.map((u) => u.engine))];
  const synthDir = path.join(out, '.synth');
  for (const name of engineNames) {
    const entry = await loadEngine(name);
    const mine = spoken.filter((u) => u.engine === name);
    for (let b = 0; b < mine.length; b += BATCH) {
      const batch = mine.slice(b, b + BATCH);
      const dir = path.join(synthDir, name);
      rmSync(dir, { recursive: true, force: true });
      const utts = await entry.synthesize(batch.map((u) => ({ voice: u.voice, text: u.text, language: u.language })), dir, options.engineOptions?.[name] ?? {});
      for (let k = 0; k < batch.length; k++) {
        const u = utts[k];
        const item = batch[k];
        const { samples, sampleRate } = readWav(u.wavPath);
        item.sourceSampleRate = sampleRate;
        for (const r of rendersOf.get(item)) r.sourceSampleRate = sampleRate;
        const resampled = sampleRate === SAMPLE_RATE ? samples : await engine.resample(samples, sampleRate, SAMPLE_RATE);
        // At least EDGE_SILENCE of silence before and after the speech (see padEdges.mjs).
        const { pcm: pcm16, phones } = padEdges(resampled, u.phones, EDGE_SILENCE, SAMPLE_RATE);
        await render(item, pcm16, phones, item.language);
        for (const a of augmentsOf.get(item) ?? []) {
          const r = augment(pcm16, phones, a.augmentation, path.join(synthDir, 'augment'));
          a.augmentation = r.augmentation;
          a.sourceSampleRate = sampleRate;
          await render(a, r.pcm, r.phones, a.language);
        }
      }
      log(`${name}: ${Math.min(b + BATCH, mine.length)}/${mine.length}`);
    }
  }
  rmSync(synthDir, { recursive: true, force: true });

  // Non-speech: one pause over the whole clip, so the targets are the rest pose.
  for (const item of items.filter((u) => u.kind !== 'speech')) {
    const pcm16 = nonSpeechAudio(item);
    await render(item, pcm16, [{ phone: '_', start: 0, end: pcm16.length / SAMPLE_RATE }], null);
  }

  const manifest = `${lines.join('\n')}\n`;
  writeFileSync(manifestPath, manifest);
  const manifestSha256 = sha256(Buffer.from(manifest, 'utf8'));
  const records = lines.map((l) => JSON.parse(l));
  const info = {
    format: 'mouthpiece-corpus',
    version: FORMAT_VERSION,
    config: config.name,
    seed,
    backend: engine.backend,
    fps: FPS,
    sampleRate: SAMPLE_RATE,
    featureBands: bands,
    featureSpec: 'models/features.md',
    targetChannels: [...lib.BLENDSHAPE_NAMES, ...HEAD_CHANNELS],
    articulationChannels: [...lib.ARTICULATION_CHANNELS],
    visemes: [...lib.OCULUS_VISEMES],
    emotions: [...lib.EMOTIONS],
    heldOutSpeakers,
    utterances: records.length,
    splits: { train: records.filter((r) => r.split === 'train').length, val: records.filter((r) => r.split === 'val').length },
    manifestSha256,
    configObject: config,
  };
  writeFileSync(path.join(out, 'corpus.json'), `${JSON.stringify(info, null, 2)}\n`);

  // Hours per engine / language / speaker: all lines, and unique audio (renders share their base's audio).
  const table = [];
  const group = (label, keyOf) => {
    const map = new Map();
    for (const r of records) {
      const k = keyOf(r);
      const g = map.get(k) ?? { group: label, key: k, utterances: 0, seconds: 0, audioSeconds: 0 };
      g.utterances++;
      g.seconds += r.seconds;
      if (!r.renderOf) g.audioSeconds += r.seconds;
      map.set(k, g);
    }
    table.push(...[...map.values()].sort((a, b) => (a.key < b.key ? -1 : 1)));
  };
  group('engine', (r) => r.engine ?? r.kind);
  group('language', (r) => r.language ?? '-');
  group('speaker', (r) => `${r.speaker} (${r.split})`);
  const seconds = records.reduce((s, r) => s + r.seconds, 0);
  const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { manifestSha256, utterances: records.length, seconds, buildSeconds, heldOutSpeakers, table, out };
}

function formatTable(table) {
  const rows = [['group', 'key', 'utts', 'hours', 'audio h']];
  for (const g of table) rows.push([g.group, g.key, String(g.utterances), (g.seconds / 3600).toFixed(4), (g.audioSeconds / 3600).toFixed(4)]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((x, c) => (c >= 2 ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ')).join('\n');
}

function parseArgs(argv) {
  const args = { config: 'small', seed: 1, audio: false, force: false, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--config') args.config = value();
    else if (a === '--out') args.out = value();
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--audio') args.audio = true;
    else if (a === '--force') args.force = true;
    else if (a === '--backend') args.backend = value();
    else if (a === '--dry-run') args.dryRun = true;
    else if (a === '--help' || a === '-h') args.help = true;
    else throw new Error(`Unknown argument ${a}`);
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed expects an integer');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || (!args.out && !args.dryRun)) {
    console.log('usage: node models/training/corpus/buildCorpus.mjs --config small|full --out DIR [--seed N] [--audio] [--force] [--backend auto|native|typescript] [--dry-run]');
    process.exit(args.help ? 0 : 2);
  }
  const config = CONFIGS[args.config];
  if (!config) throw new Error(`Unknown config '${args.config}' (have: ${Object.keys(CONFIGS).join(', ')})`);
  if (args.dryRun) {
    const { items, heldOutSpeakers } = planCorpus(config, args.seed);
    const spoken = items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf);
    const chars = spoken.reduce((s, u) => s + [...u.text].length, 0);
    // espeak-ng at its default rate: ~0.051 s of audio per character (measured on the small config).
    console.log(`${items.length} utterances, ${spoken.length} spoken, ${items.filter((u) => u.augmentOf).length} augmented, ${new Set(spoken.map((u) => u.speaker)).size} speakers; ~${((chars * 0.051) / 3600).toFixed(1)} h of speech audio (estimate)`);
    console.log(`held out: ${heldOutSpeakers.join(', ')}`);
    return;
  }
  const r = await buildCorpus(config, { out: args.out, seed: args.seed, audio: args.audio, force: args.force, backend: args.backend, log: (l) => console.log(l) });
  console.log(formatTable(r.table));
  console.log(`held out (val): ${r.heldOutSpeakers.join(', ')}`);
  console.log(`${r.utterances} utterances, ${(r.seconds / 3600).toFixed(3)} h, built in ${r.buildSeconds.toFixed(1)} s`);
  console.log(`manifest sha256 ${r.manifestSha256}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

// Re-exported for callers that want the lists.
export { CONFIGS } from './configs.mjs';
