#!/usr/bin/env node
// Writes a copy of a built corpus whose targets differ by what other
// teacher coarticulation options change (today: the lip lead), keeping every
// utterance's audio, phone timeline, features and visemes. For training
// experiments on the teacher's timing without rebuilding the corpus (no TTS,
// no feature front end). The teacher is run twice per utterance, exactly as
// renderUtterance.mjs ran it (the phones, the emotion and the prosody
// measured on the stored 16 kHz audio, pitch.mjs): once with the corpus's
// own options and once with the new ones, and the difference is added to
// the stored targets and articulation. So the copy differs from the corpus
// by the option's effect alone, even where the teacher has changed in other
// ways since the corpus was built.
//
//   node models/training/corpus/retargetCorpus.mjs --corpus DIR --out DIR --lip-lead-ms 10 [--check 50] [--shard K/N]
//   node models/training/corpus/retargetCorpus.mjs --corpus DIR --out DIR --lip-lead-ms 10 --finish
//
// --check N first re-runs the teacher with the corpus's own options on N
// utterances, prints how far each channel is from the stored targets, and
// stops if a lip or jaw channel differs by more than 0.01 (then the
// corpus's mouth came from a different teacher and a difference taken now
// would not describe it). --shard K/N writes only the utterances whose line
// number is K mod N (run N of them, then once with --finish, which writes
// manifest.jsonl and corpus.json with the new hashes). The audio folder is
// linked, not copied. Needs dist/ (npm run build:ts) and a corpus built with
// --audio.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { prosodyTracks } from './pitch.mjs';
import { HEAD_CHANNELS, HEADER_BYTES, HOP, SAMPLE_RATE, loadLibrary } from './renderUtterance.mjs';

const { values: opt } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string' },
    'lip-lead-ms': { type: 'string' },
    check: { type: 'string', default: '50' },
    shard: { type: 'string', default: '0/1' },
    finish: { type: 'boolean', default: false },
  },
});
if (!opt.corpus || !opt.out || opt['lip-lead-ms'] === undefined) throw new Error('usage: --corpus DIR --out DIR --lip-lead-ms MS');
const lipLeadMs = Number(opt['lip-lead-ms']);
if (!(lipLeadMs >= 0 && lipLeadMs <= 200)) throw new Error(`--lip-lead-ms must be in 0..200, got ${opt['lip-lead-ms']}`);
const [shardK, shardN] = opt.shard.split('/').map(Number);
if (!(Number.isInteger(shardK) && Number.isInteger(shardN) && shardN >= 1 && shardK >= 0 && shardK < shardN)) throw new Error(`--shard K/N, got ${opt.shard}`);
const src = path.resolve(opt.corpus);
const out = path.resolve(opt.out);
const info = JSON.parse(readFileSync(path.join(src, 'corpus.json'), 'utf8'));
const lines = readFileSync(path.join(src, 'manifest.jsonl'), 'utf8').split('\n').filter(Boolean);
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

if (opt.finish) {
  // Every data file is written: the manifest takes each one's new hash, in the source's order.
  const manifest = lines.map((l) => {
    const item = JSON.parse(l);
    return JSON.stringify({ ...item, sha256: sha256(readFileSync(path.join(out, item.data))) });
  }).join('\n') + '\n';
  writeFileSync(path.join(out, 'manifest.jsonl'), manifest);
  const teacher = { ...(info.teacher ?? {}), lipLeadMs };
  writeFileSync(path.join(out, 'corpus.json'), JSON.stringify({ ...info, manifestSha256: sha256(Buffer.from(manifest, 'utf8')), retargetedFrom: info.manifestSha256, teacher }, null, 2) + '\n');
  process.stdout.write(`manifest sha256 ${sha256(Buffer.from(manifest, 'utf8'))}\n`);
  process.exit(0);
}

const lib = await loadLibrary();
mkdirSync(path.join(out, 'data'), { recursive: true });
try {
  symlinkSync(path.join(src, 'audio'), path.join(out, 'audio'), 'dir');
} catch (e) {
  // Another shard made it first (shards may start together), or an earlier run did.
  if (e.code !== 'EEXIST') throw e;
}
const nW = lib.BLENDSHAPE_COUNT;
const C = nW + HEAD_CHANNELS.length;

/** 16-bit mono WAV (the corpus's own, 44-byte header) as the float samples it stores. */
function readWav(file) {
  const b = readFileSync(file);
  const n = (b.length - 44) / 2;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = b.readInt16LE(44 + 2 * i) / 32768;
  return x;
}

const prosodyCache = new Map(); // audio file -> prosody (emotion renders share their base's audio)
function targetsOf(item, frames, options) {
  let prosody = prosodyCache.get(item.audio);
  if (!prosody) {
    prosody = prosodyTracks(readWav(path.join(src, item.audio)), { sampleRate: SAMPLE_RATE, hop: HOP });
    prosodyCache.clear();
    prosodyCache.set(item.audio, prosody);
  }
  const phones = item.phones.map(([phone, start, end]) => ({ phone, start, end }));
  const track = lib.teach(phones, { ...options, emotion: item.emotion, intensity: item.intensity, prosody, language: item.language ?? undefined, fps: 100, duration: (frames - 0.5) / 100 });
  if (track.frames.length !== frames) throw new Error(`${item.id}: teacher gave ${track.frames.length} frames, expected ${frames}`);
  const targets = new Float32Array(frames * C);
  track.frames.forEach((f, t) => {
    targets.set(f.weights, t * C);
    const r = f.head.rotation;
    const p = f.head.position;
    targets.set([r.pitch, r.yaw, r.roll, p.x, p.y, p.z], t * C + nW);
  });
  return { targets, articulation: track.articulation, visemes: track.visemes };
}

function layout(buf) {
  const frames = buf.readUInt32LE(8);
  const bands = buf.readUInt16LE(12);
  const tc = buf.readUInt16LE(14);
  const ac = buf.readUInt16LE(16);
  if (tc !== C) throw new Error(`${tc} target channels, expected ${C}`);
  const oT = HEADER_BYTES + 4 * frames * bands;
  const oA = oT + 4 * frames * tc;
  const oV = oA + 4 * frames * ac;
  return { frames, oT, oA, oV, ac };
}

// The corpus's mouth must be this teacher's (see the header); other channels may have moved since.
const MOUTH = new Set(info.targetChannels.map((n, c) => (/^(jaw|mouth)/.test(n) ? c : -1)).filter((c) => c >= 0));
const check = Number(opt.check);
if (check > 0 && shardK === 0) {
  const worst = new Float64Array(C);
  const step = Math.max(1, Math.floor(lines.length / check));
  for (let i = 0; i < lines.length; i += step) {
    const item = JSON.parse(lines[i]);
    if (item.kind !== 'speech' || !item.audio) continue;
    const buf = readFileSync(path.join(src, item.data));
    const L = layout(buf);
    const t = targetsOf(item, L.frames, info.teacher ?? {});
    const stored = new Float32Array(buf.buffer.slice(buf.byteOffset + L.oT, buf.byteOffset + L.oA));
    for (let k = 0; k < stored.length; k++) worst[k % C] = Math.max(worst[k % C], Math.abs(stored[k] - t.targets[k]));
  }
  const moved = info.targetChannels.map((n, c) => [n, worst[c]]).filter(([, v]) => v > 1e-4);
  process.stderr.write(`teacher now vs stored targets, largest difference per channel: ${moved.map(([n, v]) => `${n} ${v.toFixed(4)}`).join(', ') || 'none over 1e-4'}\n`);
  const mouth = Math.max(...[...MOUTH].map((c) => worst[c]));
  if (!(mouth <= 0.01)) throw new Error(`the teacher's mouth no longer reproduces the stored targets (largest difference ${mouth}); a difference taken now would not describe them`);
}

const t0 = Date.now();
let done = 0;
for (let i = shardK; i < lines.length; i += shardN) {
  const item = JSON.parse(lines[i]);
  const buf = readFileSync(path.join(src, item.data));
  const L = layout(buf);
  const copy = Buffer.from(buf);
  if (item.kind === 'speech') {
    if (!item.audio) throw new Error(`${item.id}: no audio (build the corpus with --audio)`);
    const was = targetsOf(item, L.frames, info.teacher ?? {});
    const now = targetsOf(item, L.frames, { ...(info.teacher ?? {}), lipLeadMs });
    // Stored plus the option's effect; weights stay in [0, 1] (the head channels are angles and metres).
    // Values the option does not move keep their stored bytes (a stored -0 stays -0).
    for (let k = 0; k < L.frames * C; k++) {
      const delta = now.targets[k] - was.targets[k];
      if (delta === 0) continue;
      const o = L.oT + 4 * k;
      const v = copy.readFloatLE(o) + delta;
      copy.writeFloatLE(k % C < nW ? Math.min(1, Math.max(0, v)) : v, o);
    }
    for (let k = 0; k < L.frames * L.ac; k++) {
      const delta = now.articulation[k] - was.articulation[k];
      if (delta === 0) continue;
      const o = L.oA + 4 * k;
      copy.writeFloatLE(copy.readFloatLE(o) + delta, o);
    }
  }
  writeFileSync(path.join(out, item.data), copy);
  if (++done % 2000 === 0) process.stderr.write(`shard ${shardK}/${shardN}: ${done} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
}
process.stderr.write(`shard ${shardK}/${shardN}: ${done} utterances in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
