// One utterance's audio -> feature frames, prosody, teacher targets for each
// of its renders (emotions) and stored augmentations -> data/<id>.bin files
// and their manifest lines. Runs in the builder's worker threads
// (renderWorker.mjs) or inline; its output depends only on its input, so the
// corpus is the same whichever thread renders what.

import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { augment } from './augment.mjs';
import { prosodyTracks } from './pitch.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(HERE, '..', '..', '..', 'dist');

export const FORMAT_VERSION = 1;
export const MAGIC = 'MPCU';
export const HEADER_BYTES = 32;
export const FPS = 100;
export const SAMPLE_RATE = 16000;
export const HOP = 160;
export const HEAD_CHANNELS = ['headPitch', 'headYaw', 'headRoll', 'headX', 'headY', 'headZ'];

/**
 * The fields of a plain manifest item a render job carries, in manifest order
 * (references to other items as ids: renderOf, sourceId).
 */
export const ITEM_FIELDS = Object.freeze([
  'id', 'kind', 'engine', 'voice', 'speaker', 'language', 'text', 'textSource', 'emotion', 'intensity', 'renderOf', 'sourceId', 'split',
  'sourceSampleRate', 'augmentation',
]);

/** The compiled library's entry points the builder uses (dist/). */
export async function loadLibrary() {
  const index = path.join(DIST, 'index.js');
  const teacher = path.join(DIST, 'teacher', 'index.js');
  if (!existsSync(index) || !existsSync(teacher)) {
    throw new Error('The corpus builder needs the compiled library (dist/index.js, dist/teacher/index.js): run `npm run build:ts` first');
  }
  const lib = await import(pathToFileURL(index).href);
  const t = await import(pathToFileURL(teacher).href);
  return { ...lib, teach: t.teach, ARTICULATION_CHANNELS: t.ARTICULATION_CHANNELS, OCULUS_VISEMES: t.OCULUS_VISEMES, EMOTIONS: t.EMOTIONS };
}

const round6 = (x) => Math.round(x * 1e6) / 1e6;
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** The float audio a 16-bit WAV of it decodes to (rounded, clamped to [-1, 32767/32768]). */
export function quantize16(pcm) {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(pcm[i] * 32768))) / 32768;
  return out;
}

/** 16-bit PCM WAV bytes of 16 kHz mono float audio. */
export function wav16(pcm) {
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

/**
 * A renderer bound to one output folder: loads the library and opens a
 * feature engine once, then renders jobs.
 *
 * A job: `{ base, renders, augments, pcm, phones, workDir }` where `base` is
 * the plain manifest item whose audio `pcm` (16 kHz mono Float32Array) and
 * timeline `phones` are, `renders` every item that shares that audio (the
 * base itself first, then its emotion renders), `augments` items that each
 * get a stored augmentation of it (their `augmentation` holds the drawn
 * parameters), and `workDir` a scratch folder of this thread's own.
 * Plain items carry the manifest fields (id, kind, engine, voice, speaker,
 * language, text, textSource, emotion, intensity, renderOf, sourceId, split,
 * sourceSampleRate, augmentation).
 *
 * @param {{out: string, audio?: boolean, backend?: string}} options
 * @returns {Promise<{backend: string, render: (job: object) => Promise<{id: string, line: string}[]>, close: () => Promise<void>}>}
 */
export async function createRenderer(options) {
  const lib = await loadLibrary();
  const engine = await lib.openEngine({ backend: options.backend ?? 'auto' });
  const bands = lib.FEATURE_SPEC.bands;
  const targetChannels = lib.BLENDSHAPE_COUNT + HEAD_CHANNELS.length;
  const articulationChannels = lib.ARTICULATION_CHANNELS.length;

  const line = (item, payload, phones, buf, rel) => {
    // The item's own fields first (ITEM_FIELDS order), then what rendering measured.
    const fields = Object.fromEntries(ITEM_FIELDS.slice(0, ITEM_FIELDS.indexOf('split') + 1).map((k) => [k, item[k]]));
    return JSON.stringify({
      ...fields,
      seconds: round6(payload.samples16k / SAMPLE_RATE),
      samples: payload.samples16k,
      frames: payload.frames,
      sourceSampleRate: item.sourceSampleRate ?? SAMPLE_RATE,
      data: rel,
      sha256: sha256(buf),
      audio: options.audio ? `audio/${item.renderOf ?? item.id}.wav` : null,
      augmentation: item.augmentation ?? null,
      phones: phones.map((p) => [p.phone, round6(p.start), round6(p.end)]),
    });
  };

  // Features and prosody once per audio, the teacher once per render.
  const renderAudio = async (audioId, items, floatPcm, phones, language) => {
    // Everything is computed from the audio as the WAV stores it (16-bit,
    // clamped), so features recomputed from audio/<id>.wav equal the .bin's.
    const pcm = quantize16(floatPcm);
    const fb = await engine.computeFeatures(pcm, SAMPLE_RATE);
    const frames = fb.count;
    if (frames !== Math.ceil(pcm.length / HOP)) throw new Error(`${audioId}: ${frames} feature frames for ${pcm.length} samples`);
    const prosody = prosodyTracks(pcm, { sampleRate: SAMPLE_RATE, hop: HOP });
    if (options.audio) writeFileSync(path.join(options.out, 'audio', `${audioId}.wav`), wav16(pcm));
    return items.map((item) => {
      const t = teacherTargets(lib, phones, frames, { emotion: item.emotion, intensity: item.intensity, prosody, language: language ?? undefined });
      const payload = { frames, samples16k: pcm.length, flags: item.kind === 'speech' ? 1 : 0, features: fb.features, ...t };
      const buf = encodeUtterance({ ...payload, bands, targetChannels, articulationChannels });
      const rel = `data/${item.id}.bin`;
      writeFileSync(path.join(options.out, rel), buf);
      return { id: item.id, line: line(item, payload, phones, buf, rel) };
    });
  };

  return {
    backend: engine.backend,
    bands,
    targetChannels,
    articulationChannels,
    lib,
    async render(job) {
      const out = await renderAudio(job.base.id, job.renders, job.pcm, job.phones, job.base.language);
      for (const a of job.augments ?? []) {
        const r = augment(job.pcm, job.phones, a.augmentation, job.workDir);
        out.push(...(await renderAudio(a.id, [{ ...a, augmentation: r.augmentation }], r.pcm, r.phones, a.language)));
      }
      return out;
    },
    async close() {
      await engine.close?.();
    },
  };
}
