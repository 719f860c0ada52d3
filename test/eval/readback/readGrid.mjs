#!/usr/bin/env node
// Reads the GRID talking-face clips back into ARKit blendshapes (MediaPipe
// Face Landmarker, VIDEO mode) and caches the result.
//
//   node test/eval/readback/readGrid.mjs [--dir DIR] [--cache FILE] [--model FILE] [--force]
//
// Relative paths resolve against the repository root.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_PATH, REPO_ROOT, blendshapeRows, openFaceReadback } from './FaceReadback.mjs';
import { decodeAudio16k, decodeVideoFrames } from './decodeVideo.mjs';

/** Bump when what is cached changes meaning. */
const CACHE_VERSION = 1;

/**
 * @typedef {object} GridClip
 * @property {string} name         clip name, e.g. "bbaf2n"
 * @property {string} file         absolute path of the clip
 * @property {number} fps
 * @property {string | undefined} sentence  e.g. "bin blue at f two now"
 * @property {number} frames
 * @property {number} detectedShare share of frames with a face, 0..1
 * @property {boolean[]} detected  per frame
 * @property {number[][]} blendshapes  frames x 52, project ARKit order (names in `names`); rows of
 *   frames without a face are interpolated from their neighbours (see `detected`); tongueOut is NaN
 *   (MediaPipe does not output it)
 * @property {readonly string[]} names  the 52 names
 * @property {number} msPerFrame   detect time per frame when it was read (cached value if from cache)
 * @property {boolean} fromCache
 * @property {Float32Array} audio16k  mono 16 kHz PCM of the clip (never cached; decoded each call)
 */

const GRID_WORDS = {
  command: { b: 'bin', l: 'lay', p: 'place', s: 'set' },
  color: { b: 'blue', g: 'green', r: 'red', w: 'white' },
  preposition: { a: 'at', b: 'by', i: 'in', w: 'with' },
  digit: { z: 'zero', 0: 'zero', 1: 'one', 2: 'two', 3: 'three', 4: 'four', 5: 'five', 6: 'six', 7: 'seven', 8: 'eight', 9: 'nine' },
  adverb: { a: 'again', n: 'now', p: 'please', s: 'soon' },
};

/**
 * Decodes a GRID clip name into its sentence (command color preposition
 * letter digit adverb, e.g. "bbaf2n" -> "bin blue at f two now").
 *
 * @param {string} name  clip name, with or without extension
 * @returns {string | undefined}  undefined when the name does not follow the grammar
 */
export function gridSentence(name) {
  const m = /^([blps])([bgrw])([abiw])([a-z])([z0-9])([anps])$/.exec(basename(name).replace(/\.[^.]*$/, '').toLowerCase());
  if (!m || m[4] === 'w') return undefined; // GRID letters exclude W
  /** @param {Record<string, string>} t @param {string} k */
  const w = (t, k) => t[k];
  return [
    w(GRID_WORDS.command, m[1]),
    w(GRID_WORDS.color, m[2]),
    w(GRID_WORDS.preposition, m[3]),
    m[4],
    w(GRID_WORDS.digit, m[5]),
    w(GRID_WORDS.adverb, m[6]),
  ].join(' ');
}

/** @param {string} path */
function sha256File(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** @param {number} x */
const round6 = (x) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : NaN);

/** @param {string} p */
const fromRoot = (p) => resolve(REPO_ROOT, p);

/**
 * Reads every .mpg clip in `dir` back into blendshapes, from the cache when
 * the clip (size, mtime) and the .task (sha256) are unchanged.
 *
 * @param {object} [opts]
 * @param {string} [opts.dir='../shared/data/video/grid']  relative to the repository root
 * @param {string | null} [opts.cache='build/eval/grid-readback.json']  relative to the repository root; null: no cache
 * @param {string} [opts.modelPath]  the .task bundle (default: the shared Face Landmarker)
 * @param {boolean} [opts.force=false]  recompute even if cached
 * @param {import('./FaceReadback.mjs').FaceReadback} [opts.readback]  an open read-back to use (it is not closed)
 * @returns {Promise<GridClip[]>}
 */
export async function readGridClips({
  dir = '../shared/data/video/grid',
  cache = 'build/eval/grid-readback.json',
  modelPath = DEFAULT_MODEL_PATH,
  force = false,
  readback,
} = {}) {
  const dirAbs = fromRoot(dir);
  if (!existsSync(dirAbs)) throw new Error(`GRID clip folder not found: ${dirAbs}`);
  const files = readdirSync(dirAbs)
    .filter((f) => f.toLowerCase().endsWith('.mpg'))
    .sort();
  if (files.length === 0) throw new Error(`no .mpg clips in ${dirAbs}`);
  const modelAbs = resolve(modelPath);
  if (!existsSync(modelAbs)) throw new Error(`Face Landmarker model (.task) not found: ${modelAbs}`);
  const modelSha256 = sha256File(modelAbs);

  const cacheAbs = cache ? fromRoot(cache) : null;
  /** @type {any} */
  let store = { version: CACHE_VERSION, modelSha256, clips: {} };
  if (cacheAbs && existsSync(cacheAbs) && !force) {
    try {
      const old = JSON.parse(readFileSync(cacheAbs, 'utf8'));
      if (old?.version === CACHE_VERSION && old.modelSha256 === modelSha256 && old.clips) store = old;
    } catch {
      // an unreadable cache is rebuilt
    }
  }

  /** @type {import('./FaceReadback.mjs').FaceReadback | null} */
  let rb = readback ?? null;
  const ownReadback = !readback;
  let dirty = false;
  /** @type {GridClip[]} */
  const out = [];
  try {
    for (const f of files) {
      const file = join(dirAbs, f);
      const name = f.replace(/\.[^.]*$/, '');
      const st = statSync(file);
      const key = { size: st.size, mtimeMs: Math.round(st.mtimeMs) };
      let entry = store.clips[name];
      const hit = entry && entry.key?.size === key.size && entry.key?.mtimeMs === key.mtimeMs;
      if (!hit) {
        const video = await decodeVideoFrames(file);
        rb ??= await openFaceReadback({ modelPath: modelAbs });
        const before = rb.stats.detectMs;
        const frames = await rb.readRgba(video.frames, video.width, video.height, { fps: video.fps });
        const msPerFrame = (rb.stats.detectMs - before) / Math.max(1, frames.length);
        const { rows, detected } = blendshapeRows(frames);
        entry = {
          key,
          fps: video.fps,
          width: video.width,
          height: video.height,
          frames: frames.length,
          detectedShare: detected.filter(Boolean).length / Math.max(1, frames.length),
          detected,
          msPerFrame: Math.round(msPerFrame * 10) / 10,
          names: [...rb.names],
          // NaN (tongueOut) is written as null by JSON.stringify and read back as NaN below.
          blendshapes: rows.map((r) => r.map(round6)),
        };
        store.clips[name] = entry;
        dirty = true;
      }
      out.push({
        name,
        file,
        fps: entry.fps,
        sentence: gridSentence(name),
        frames: entry.frames,
        detectedShare: entry.detectedShare,
        detected: entry.detected,
        blendshapes: entry.blendshapes.map((/** @type {(number | null)[]} */ r) => r.map((v) => (v === null ? NaN : v))),
        names: entry.names,
        msPerFrame: entry.msPerFrame,
        fromCache: !!hit,
        audio16k: await decodeAudio16k(file),
      });
    }
  } finally {
    if (ownReadback && rb) await rb.close();
  }
  if (dirty && cacheAbs) {
    mkdirSync(dirname(cacheAbs), { recursive: true });
    const tmp = `${cacheAbs}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(store));
    renameSync(tmp, cacheAbs);
  }
  return out;
}

/**
 * @param {number[]} xs
 * @returns {{ min: number, max: number, mean: number, std: number }}
 */
export function summarize(xs) {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n));
  return { min: Math.min(...xs), max: Math.max(...xs), mean, std };
}

async function main() {
  const args = process.argv.slice(2);
  /** @type {Record<string, any>} */
  const opts = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--force') opts.force = true;
    else if (a === '--dir' || a === '--cache' || a === '--model') {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      opts[{ '--dir': 'dir', '--cache': 'cache', '--model': 'modelPath' }[a]] = a === '--model' ? resolve(v) : v;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node test/eval/readback/readGrid.mjs [--dir DIR] [--cache FILE] [--model FILE.task] [--force]');
      return;
    } else throw new Error(`unknown argument: ${a}`);
  }
  const t0 = performance.now();
  const clips = await readGridClips(opts);
  for (const c of clips) {
    const jaw = summarize(c.blendshapes.map((r) => r[c.names.indexOf('jawOpen')]));
    console.log(
      `${c.name}  "${c.sentence ?? '?'}"  ${c.frames} frames @ ${c.fps} fps  detected ${(100 * c.detectedShare).toFixed(1)}%  ` +
        `jawOpen min ${jaw.min.toFixed(3)} max ${jaw.max.toFixed(3)} std ${jaw.std.toFixed(3)}  ` +
        `${c.msPerFrame} ms/frame${c.fromCache ? ' (cached)' : ''}  audio ${(c.audio16k.length / 16000).toFixed(2)} s`,
    );
    // How far MediaPipe reads the channels the photo avatar's read-back cannot show on real speech: rounded
    // vowels ("blue", "two", "now") and the brows. Two-sided channels as the mean of left and right, as there.
    const channel = (names) => summarize(c.blendshapes.map((r) => names.reduce((s, n) => s + r[c.names.indexOf(n)], 0) / names.length));
    const parts = [['mouthFunnel'], ['mouthPucker'], ['browInnerUp'], ['mouthSmileLeft', 'mouthSmileRight'], ['eyeBlinkLeft', 'eyeBlinkRight']].map((names) => {
      const v = channel(names);
      return `${names[0].replace(/Left$/, '')} ${v.min.toFixed(3)}..${v.max.toFixed(3)}`;
    });
    console.log(`        ${parts.join('  ')}`);
  }
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err?.message ?? err);
    process.exit(1);
  });
}
