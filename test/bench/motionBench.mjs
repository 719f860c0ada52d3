// The motion model's cost: onnxruntime-node (CPU, 1 thread; the Node
// runtime) against onnxruntime-web (WASM, 1 thread; the browser runtime,
// here under Node) on the same model file and the same features, in the same
// run; then the whole Node path (decode excluded: features + model) as
// whole-buffer processing and as a 10 ms streaming session.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { builtInModelPath, openEngine, readOnnxHeader } from '../../dist/index.js';
import { time as timeOf } from './timing.mjs';

const time = (fn, reps) => timeOf(fn, reps, { warmup: true });

const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 60), 60);

/** Feeds `features` (T x 64) through a session in `chunk`-frame calls, carrying the state. */
async function stream(ort, session, features, T, chunk, S) {
  let state = new Float32Array(S);
  const emotion = new ort.Tensor('float32', new Float32Array(4), [1, 4]);
  for (let at = 0; at < T; at += chunk) {
    const n = Math.min(chunk, T - at);
    const out = await session.run({
      features: new ort.Tensor('float32', features.subarray(at * 64, (at + n) * 64), [1, n, 64]),
      emotion,
      state: new ort.Tensor('float32', state, [1, S]),
    }, ['motion', 'state_out']);
    state = out.state_out.data;
  }
}

export async function motionBench(root) {
  const engine = await openEngine({ model: 'default' });
  const audio = await engine.decodeAudio(readFileSync(join(root, 'models', 'samples', 'hello.wav')));
  const pcm = new Float32Array(16000 * SECONDS);
  const base = audio.sampleRate === 16000 ? audio.samples : await engine.resample(audio.samples, audio.sampleRate, 16000);
  for (let i = 0; i < pcm.length; i++) pcm[i] = base[i % base.length];
  const feats = await engine.computeFeatures(pcm, 16000);
  const rows = [];
  const ortNode = await import('onnxruntime-node');
  const ortWeb = await import('onnxruntime-web');
  ortWeb.env.wasm.numThreads = 1;
  for (const kind of ['default', 'lowlatency']) {
    const bytes = readFileSync(builtInModelPath(kind));
    const S = Number(readOnnxHeader(new Uint8Array(bytes)).metadata.state_size);
    const sn = await ortNode.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: ['cpu'] });
    const sw = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    for (const [chunk, what] of [[100, '1 s calls'], [1, '10 ms calls (streaming)']]) {
      const T = chunk === 1 ? Math.min(feats.count, 1000) : feats.count;
      const reps = 3;
      const tw = await time(() => stream(ortWeb, sw, feats.features, T, chunk, S), reps);
      const tn = await time(() => stream(ortNode, sn, feats.features, T, chunk, S), reps);
      rows.push({ what: `${kind} model, ${what}`, audioSeconds: T / 100, web: tw, node: tn });
    }
    await sn.release();
    await sw.release();
  }
  // The whole Node path: features (native front end) + model + frames at 60 fps.
  const whole = await time(() => engine.process(pcm, { sampleRate: 16000, fps: 60 }), 3);
  const session = await time(async () => {
    const s = await engine.createMotionSession({ sampleRate: 16000, fps: 60 });
    const n = Math.min(pcm.length, 16000 * 10);
    for (let at = 0; at < n; at += 160) await s.push(pcm.subarray(at, at + 160));
    await s.flush();
    s.dispose();
  }, 3);
  await engine.dispose();

  const pad = (cells, widths) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const header = ['motion model (same file, same features)', 'onnxruntime-web WASM (ref)', 'onnxruntime-node CPU', 'node / ref', 'real-time sessions per core (node)'];
  const body = rows.map((r) => [
    r.what,
    `${((r.web / r.audioSeconds)).toFixed(2)} ms per audio s`,
    `${((r.node / r.audioSeconds)).toFixed(2)} ms per audio s`,
    `${(r.web / r.node).toFixed(1)}x faster`,
    `${Math.floor(1000 / (r.node / r.audioSeconds))}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [
    `motion model: ${SECONDS} s of speech features, 1 thread each; medians of 3 runs`,
    pad(header, widths),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...body.map((b) => pad(b, widths)),
    `end to end in Node (native features + onnxruntime-node + 60 fps frames): engine.process ${(whole / SECONDS).toFixed(2)} ms per audio s (${(SECONDS * 1000 / whole).toFixed(0)}x real time); a session fed 10 ms chunks ${(session / 10).toFixed(2)} ms per audio s (${(10000 / session).toFixed(0)}x real time)`,
  ].join('\n') + '\n';
}
