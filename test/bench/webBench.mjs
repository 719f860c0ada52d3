// The browser runtime's cost, in headless Chromium: the motion session
// (TypeScript front end + onnxruntime-web WASM, 1 thread, in a module
// Worker) against the Node session (native front end + onnxruntime-node, 1
// thread) on the same audio and the same chunking, in the same run; and
// the latency of one 10 ms chunk from push to frames back.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { openEngine } from '../../dist/index.js';
import { CHROMIUM_PATH, openWebHarness } from '../browser/web/webHarness.mjs';
import { median } from './timing.mjs';

const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 60), 20);

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

export async function webBench(root) {
  if (!existsSync(CHROMIUM_PATH)) return `browser runtime: skipped (${CHROMIUM_PATH} missing: apt-get install chromium)\n`;
  const engine = await openEngine({ model: 'default' });
  const audio = await engine.decodeAudio(readFileSync(join(root, 'models', 'samples', 'hello.wav')));
  const base = audio.sampleRate === 16000 ? audio.samples : await engine.resample(audio.samples, audio.sampleRate, 16000);
  const pcm = new Float32Array(16000 * SECONDS);
  for (let i = 0; i < pcm.length; i++) pcm[i] = base[i % base.length];

  async function nodeRun(chunkMs) {
    const s = await engine.createMotionSession({ sampleRate: 16000, fps: 60 });
    const step = (16000 * chunkMs) / 1000;
    const t0 = performance.now();
    for (let at = 0; at < pcm.length; at += step) await s.push(pcm.subarray(at, at + step));
    await s.flush();
    const ms = performance.now() - t0;
    s.dispose();
    return ms;
  }
  async function nodeLatency(n) {
    const s = await engine.createMotionSession({ sampleRate: 16000, fps: 60 });
    const chunk = new Float32Array(160).map((_, i) => 0.1 * Math.sin(i * 0.3));
    for (let i = 0; i < 50; i++) await s.push(chunk);
    const ms = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await s.push(chunk);
      ms.push(performance.now() - t0);
    }
    s.dispose();
    return ms;
  }

  const harness = await openWebHarness({ pcm: new Map([['bench', pcm]]) });
  const rows = [];
  try {
    for (const chunkMs of [1000, 10]) {
      const web = [];
      const node = [];
      // Pushed without awaiting each (as a capture callback would); medians of 3.
      for (let r = 0; r < 3; r++) {
        web.push((await harness.call('pushed', { pcmUrl: '/pcm/bench', sampleRate: 16000, model: '/models/motion-v1/model.onnx', chunkMs })).ms);
        node.push(await nodeRun(chunkMs));
      }
      rows.push({ what: `session, ${chunkMs === 1000 ? '1 s' : '10 ms'} chunks (${SECONDS} s of speech)`, web: median(web) / SECONDS, node: median(node) / SECONDS, unit: 'ms per audio s' });
    }
    const lw = (await harness.call('latency', { sampleRate: 16000, model: '/models/motion-v1/model.onnx', chunkMs: 10, n: 300 })).ms;
    const ln = await nodeLatency(300);
    rows.push({ what: 'one 10 ms chunk, push to frames back (median)', web: median(lw), node: median(ln), unit: 'ms' });
    rows.push({ what: 'one 10 ms chunk, push to frames back (p95)', web: percentile(lw, 0.95), node: percentile(ln, 0.95), unit: 'ms' });
  } finally {
    await harness.close();
    await engine.dispose();
  }
  const pad = (cells, widths) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const header = ['browser runtime (default model)', 'Node session (ref)', 'Chromium, Worker, WASM', 'browser / ref', 'browser real-time factor'];
  const body = rows.map((r) => [
    r.what,
    `${r.node.toFixed(2)} ${r.unit}`,
    `${r.web.toFixed(2)} ${r.unit}`,
    `${(r.web / r.node).toFixed(1)}x slower`,
    r.unit === 'ms per audio s' ? `${(1000 / r.web).toFixed(0)}x real time` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const lat = rows[2];
  return [
    `browser runtime: headless Chromium, 1 WASM thread in a module Worker, vs the Node session (native front end + onnxruntime-node, 1 thread); medians of 3 runs, latency over 300 chunks`,
    pad(header, widths),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...body.map((b) => pad(b, widths)),
    `end-to-end latency from PCM in to frame out in the browser: 10 ms chunk + 120 ms lookahead + ${lat.web.toFixed(1)} ms compute (median) = ${(130 + lat.web).toFixed(0)} ms; connectSpeech delays played audio by lookahead + 60 ms = 180 ms by default so lips are on time`,
  ].join('\n') + '\n';
}
