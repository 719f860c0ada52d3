// npm run bench: front end, resampler and streaming costs, native C++ vs the
// TypeScript/meyda path, on the same audio in the same run. Prints a table
// with each row's ratio against its reference (the TypeScript path); then
// the motion model's table (motionBench.mjs) and the three.js layer's
// (rigBench.mjs), and the browser runtime's in headless Chromium (webBench.mjs).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

import { openEngine, resample } from '../../dist/index.js';
import { motionBench } from './motionBench.mjs';
import { rigBench } from './rigBench.mjs';
import { webBench } from './webBench.mjs';
import { time } from './timing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);

/** Real speech: the built-in sample, looped to SECONDS. */
async function speech(engine, rate) {
  const audio = await engine.decodeAudio(await readFile(join(root, 'models', 'samples', 'hello.wav')));
  const base = audio.sampleRate === rate ? audio.samples : resample(audio.samples, audio.sampleRate, rate);
  const out = new Float32Array(rate * SECONDS);
  for (let i = 0; i < out.length; i++) out[i] = base[i % base.length];
  return out;
}

const native = await openEngine({ backend: 'native' });
const ts = await openEngine({ backend: 'typescript' });
const info = native.info().native;
const rows = [];
const add = (group, what, refMs, nativeMs, unit = 'x real time', perSecondsOfAudio = SECONDS) => {
  rows.push({ group, what, ts: refMs, native: nativeMs, unit, perSecondsOfAudio });
};

// 1. Front end on a whole 16 kHz buffer.
const pcm16 = await speech(native, 16000);
// Both rows go through the public engine API, the path users call.
const feTs = await time(() => ts.computeFeatures(pcm16, 16000), 3);
const feNative = await time(() => native.computeFeatures(pcm16, 16000), 5);
add('front end', `log-mel, ${SECONDS} s at 16 kHz, whole buffer`, feTs, feNative);

// 2. Resampler, whole buffers.
for (const rate of [48000, 44100]) {
  const x = await speech(native, rate);
  const rTs = await time(() => ts.resample(x, rate, 16000), 3);
  const rNative = await time(() => native.resample(x, rate, 16000), 5);
  add('resampler', `${rate} -> 16000 Hz, ${SECONDS} s`, rTs, rNative);
}

// 3. Streaming in 10 ms chunks through the public session API.
async function streamCost(engine, rate, seconds) {
  const x = (await speech(engine, rate)).subarray(0, rate * seconds);
  const step = rate / 100;
  return time(async () => {
    const s = engine.createSession({ sampleRate: rate });
    for (let at = 0; at < x.length; at += step) await s.push(x.subarray(at, at + step));
    await s.flush();
    s.dispose();
  }, 3);
}
const streamSeconds = Math.min(SECONDS, 20);
for (const rate of [16000, 48000]) {
  const cTs = await streamCost(ts, rate, streamSeconds);
  const cNative = await streamCost(native, rate, streamSeconds);
  add('session', `10 ms chunks at ${rate} Hz (${streamSeconds} s)`, cTs, cNative, 'us per chunk', streamSeconds);
}

// Report.
const fmt = (r, ms) =>
  r.unit === 'x real time' ? `${((r.perSecondsOfAudio * 1000) / ms).toFixed(0)}x` : `${((ms * 1000) / (r.perSecondsOfAudio * 100)).toFixed(1)} us`;
const header = ['group', 'what', 'TypeScript (ref)', 'native C++', 'native / ref'];
const body = rows.map((r) => [r.group, r.what, fmt(r, r.ts), fmt(r, r.native), `${(r.ts / r.native).toFixed(1)}x faster`]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
process.stdout.write(
  [
    `mouthpiece bench: ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, node ${process.version}, native simd ${info.simd}, CUDA ${info.cudaDevices > 0 ? 'on' : 'off'}`,
    `audio: built-in speech sample looped; throughput = seconds of audio per second of compute; medians of 3-5 runs`,
    line(header),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...body.map(line),
  ].join('\n') + '\n',
);
process.stdout.write('\n' + (await motionBench(root)));
process.stdout.write('\n' + (await webBench(root)));
process.stdout.write('\n' + (await rigBench()));
