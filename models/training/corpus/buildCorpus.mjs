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

// The compiled library (npm run corpus builds it first).
import { mulberry32 } from '../../../dist/util/mulberry32.js';
import { readWav } from './alignmentCheck.mjs';
import { padEdges } from './padEdges.mjs';
import { drawAugmentation, missingTools } from './augment.mjs';
import { CONFIGS } from './configs.mjs';
import { RenderPool } from './renderPool.mjs';
import { FORMAT_VERSION, FPS, HEAD_CHANNELS, ITEM_FIELDS, SAMPLE_RATE, loadLibrary } from './renderUtterance.mjs';
import { BUILTIN_TEXTS, systemTexts } from './texts.mjs';

export { FORMAT_VERSION, MAGIC, HEADER_BYTES, FPS, SAMPLE_RATE, HOP, encodeUtterance } from './renderUtterance.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Minimum silence (s) before and after the speech of every utterance. */
const EDGE_SILENCE = 0.3;
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
    { voice: 'czech_krb', language: 'cs' },
    { voice: 'czech_machac', language: 'cs' },
    // One recorded person (IIT Madras DONLab's "NSK") behind all three: the
    // packages ship the same diphone database with different front ends.
    { voice: 'hindi_NSK_diphone', language: 'hi', speaker: 'iitm/nsk' },
    { voice: 'marathi_NSK_diphone', language: 'mr', speaker: 'iitm/nsk' },
    { voice: 'telugu_NSK_diphone', language: 'te', speaker: 'iitm/nsk' },
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

/** mulberry32 PRNG (the library's, dist/util) seeded from sha256(seed + label): independent, order-free streams. */
function rngFor(seed, label) {
  return mulberry32(createHash('sha256').update(`${seed}\u0000${label}`).digest().readUInt32LE(0));
}

function shuffled(list, rng) {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// ---------------------------------------------------------------------------
// Planning: which texts, voices, emotions and non-speech items; all from the seed.

function textPools(config, seed) {
  const languages = [...new Set(config.voices.map((v) => v.language))].sort();
  const system = config.systemTexts ? systemTexts(languages) : { sentences: {}, words: {} };
  const pools = {};
  for (const lang of languages) {
    const pool = (config.fixedTexts?.[lang] ?? BUILTIN_TEXTS[lang] ?? []).map((text) => ({ text, source: config.fixedTexts?.[lang] ? 'fixed' : 'builtin' }));
    pool.push(...(system.sentences[lang] ?? []));
    const words = system.words[lang];
    const share = config.wordListShare ?? 0;
    if (words && share > 0) {
      const rng = rngFor(seed, `words/${lang}`);
      // Enough word lists for the voice that needs the most texts in this language.
      const need = Math.max(...config.voices.filter((v) => v.language === lang).map((v) => v.sentences ?? config.sentencesPerVoice));
      const count = Math.round((share / (1 - share)) * Math.max(pool.length, need));
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
    for (let k = 0; k < Math.min(v.sentences ?? config.sentencesPerVoice, pool.length); k++) {
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

// ---------------------------------------------------------------------------
// The build.

/**
 * Builds a corpus into `out` (created; must not already hold a corpus unless
 * `force`).
 * @param {object} config a config object (configs.mjs) or its name
 * @param {{out: string, seed?: number|string, audio?: boolean, force?: boolean,
 *   backend?: 'auto'|'native'|'typescript', engineOptions?: Record<string, object>,
 *   workers?: number,
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
  // The main thread's engine only resamples; features are computed by the renderers.
  const engine = await lib.openEngine({ backend: options.backend ?? 'auto' });
  const { items, heldOutSpeakers } = planCorpus(config, seed);
  const synthDir = path.join(out, '.synth');
  const workers = options.workers ?? Math.min(4, Math.max(0, os.availableParallelism() - (os.availableParallelism() > 2 ? 1 : 0)));
  const pool = await RenderPool.open({ out, audio: Boolean(options.audio), backend: options.backend, workers, scratch: path.join(synthDir, 'work') });
  log(`plan: ${items.length} utterances (${items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf).length} spoken, ${items.filter((u) => u.augmentOf).length} augmented), seed ${seed}, backend ${pool.backend}, ${workers} render threads`);

  const lines = new Array(items.length);
  const indexOf = new Map(items.map((u, i) => [u.id, i]));
  const rendersOf = new Map();
  const augmentsOf = new Map();
  for (const u of items) {
    if (u.augmentOf) augmentsOf.set(u.augmentOf, [...(augmentsOf.get(u.augmentOf) ?? []), u]);
    const base = u.renderOf ?? u;
    if (!rendersOf.has(base)) rendersOf.set(base, []);
    rendersOf.get(base).push(u);
  }
  // What a renderer needs of an item: its manifest fields, references as ids.
  const plain = (u) => {
    const ref = { renderOf: u.renderOf ? u.renderOf.id : null, sourceId: u.augmentOf ? u.augmentOf.id : null, sourceSampleRate: u.sourceSampleRate ?? SAMPLE_RATE, augmentation: u.augmentation ?? null };
    return Object.fromEntries(ITEM_FIELDS.map((k) => [k, k in ref ? ref[k] : u[k]]));
  };
  // Jobs run concurrently; at most `maxInFlight` are held (bounds memory).
  const maxInFlight = Math.max(4, 4 * workers);
  const running = new Set();
  let firstError = null;
  const submit = async (base, pcm, phones) => {
    while (running.size >= maxInFlight) await Promise.race(running);
    if (firstError) throw firstError;
    const job = { base: plain(base), renders: rendersOf.get(base).map(plain), augments: (augmentsOf.get(base) ?? []).map(plain), pcm, phones };
    const p = pool.render(job).then(
      (result) => {
        for (const r of result) lines[indexOf.get(r.id)] = r.line;
      },
      (e) => {
        firstError ??= new Error(`${base.id}: ${e.message}`);
      },
    );
    const tracked = p.finally(() => running.delete(tracked));
    running.add(tracked);
  };

  try {
    // Speech, engine by engine, in batches; rendering overlaps the next batch's synthesis.
    const spoken = items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf);
    const engineNames = [...new Set(spoken.map((u) => u.engine))];
    for (const name of engineNames) {
      const entry = await loadEngine(name);
      const mine = spoken.filter((u) => u.engine === name);
      for (let b = 0; b < mine.length; b += BATCH) {
        const batch = mine.slice(b, b + BATCH);
        const dir = path.join(synthDir, name, String((b / BATCH) % 2));
        rmSync(dir, { recursive: true, force: true });
        const utts = await entry.synthesize(batch.map((u) => ({ voice: u.voice, text: u.text, language: u.language })), dir, options.engineOptions?.[name] ?? {});
        for (let k = 0; k < batch.length; k++) {
          const u = utts[k];
          const item = batch[k];
          const { samples, sampleRate } = readWav(u.wavPath);
          for (const r of [...rendersOf.get(item), ...(augmentsOf.get(item) ?? [])]) r.sourceSampleRate = sampleRate;
          const resampled = sampleRate === SAMPLE_RATE ? samples : await engine.resample(samples, sampleRate, SAMPLE_RATE);
          // At least EDGE_SILENCE of silence before and after the speech (see padEdges.mjs).
          const { pcm: pcm16, phones } = padEdges(resampled, u.phones, EDGE_SILENCE, SAMPLE_RATE);
          await submit(item, pcm16, phones);
        }
        rmSync(dir, { recursive: true, force: true });
        log(`${name}: ${Math.min(b + BATCH, mine.length)}/${mine.length}`);
      }
    }
    // Non-speech: one pause over the whole clip, so the targets are the rest pose.
    for (const item of items.filter((u) => u.kind !== 'speech')) {
      const pcm16 = nonSpeechAudio(item);
      await submit(item, pcm16, [{ phone: '_', start: 0, end: pcm16.length / SAMPLE_RATE }]);
    }
    await Promise.all(running);
    if (firstError) throw firstError;
  } finally {
    await pool.close();
    rmSync(synthDir, { recursive: true, force: true });
  }
  const missingLines = lines.findIndex((l) => l === undefined);
  if (missingLines >= 0) throw new Error(`internal: no manifest line for ${items[missingLines].id}`);

  const manifest = `${lines.join('\n')}\n`;
  writeFileSync(manifestPath, manifest);
  const manifestSha256 = sha256(Buffer.from(manifest, 'utf8'));
  const records = lines.map((l) => JSON.parse(l));
  const info = {
    format: 'mouthpiece-corpus',
    version: FORMAT_VERSION,
    config: config.name,
    seed,
    backend: pool.backend,
    fps: FPS,
    sampleRate: SAMPLE_RATE,
    featureBands: lib.FEATURE_SPEC.bands,
    featureSpec: 'models/features.md',
    targetChannels: [...lib.BLENDSHAPE_NAMES, ...HEAD_CHANNELS],
    articulationChannels: [...lib.ARTICULATION_CHANNELS],
    visemes: [...lib.OCULUS_VISEMES],
    emotions: [...lib.EMOTIONS],
    heldOutSpeakers,
    // Sorted id lists, so a trainer's speaker/language ids do not depend on the config's order.
    speakers: [...new Set(records.map((r) => r.speaker))].sort(),
    languages: [...new Set(records.map((r) => r.language).filter((l) => l !== null))].sort(),
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
    else if (a === '--workers') args.workers = Number(value());
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
    console.log('usage: node models/training/corpus/buildCorpus.mjs --config small|full --out DIR [--seed N] [--audio] [--force] [--backend auto|native|typescript] [--workers N] [--dry-run]');
    process.exit(args.help ? 0 : 2);
  }
  const config = CONFIGS[args.config];
  if (!config) throw new Error(`Unknown config '${args.config}' (have: ${Object.keys(CONFIGS).join(', ')})`);
  if (args.dryRun) {
    const { items, heldOutSpeakers } = planCorpus(config, args.seed);
    const spoken = items.filter((u) => u.kind === 'speech' && !u.renderOf && !u.augmentOf);
    // Seconds of audio per character, measured on English fortunes (espeak-ng
    // en-us 0.056, flite slt/awb 0.062, festival kal 0.071 / slt-hts 0.062),
    // plus the edge padding (padEdges.mjs tops each edge up to 0.3 s).
    const RATE = { 'espeak-ng': 0.056, flite: 0.062, festival: 0.066 };
    const seconds = spoken.reduce((s, u) => s + [...u.text].length * (RATE[u.engine] ?? 0.06) + 0.45, 0);
    const byEngine = [...new Set(spoken.map((u) => u.engine))].map((e) => `${e} ${spoken.filter((u) => u.engine === e).length}`).join(', ');
    console.log(`${items.length} utterances, ${spoken.length} spoken (${byEngine}), ${items.filter((u) => u.augmentOf).length} augmented, ${new Set(spoken.map((u) => u.speaker)).size} speakers; ~${(seconds / 3600).toFixed(1)} h of clean speech audio (estimate)`);
    console.log(`held out: ${heldOutSpeakers.join(', ')}`);
    return;
  }
  const r = await buildCorpus(config, { out: args.out, seed: args.seed, audio: args.audio, force: args.force, backend: args.backend, workers: args.workers, log: (l) => console.log(l) });
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
