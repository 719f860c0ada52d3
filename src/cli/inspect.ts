import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { MouthpieceError } from '../api/MouthpieceError.js';
import { openEngine } from '../runtime/openEngine.js';
import { BUILT_IN_SAMPLE } from './builtInSample.js';
import { sparkline, summarizeFeatures } from './summarizeFeatures.js';

const INSPECT_HELP = `Usage: mouthpiece inspect [FILE] [options]

Reads an audio file (WAV, FLAC, MP3, Ogg Opus/Vorbis; default: the built-in
sample sentence) and prints what the engine sees: format, duration, backend
and a summary of the log-mel feature frames (models/features.md).

Options:
  --backend auto|native|typescript   engine backend (default auto)
  --chunk-ms N                        stream in N ms chunks instead of one buffer
  --json                              print JSON instead of text
  -h, --help                          show this help
`;

/**
 * `mouthpiece inspect [FILE]`: what the engine sees of an audio file (format,
 * backend, a summary of the feature frames). Returns the exit code.
 */
export async function inspect(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: 'auto' },
      'chunk-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(INSPECT_HELP);
    return 0;
  }
  const file = positionals[0] ?? BUILT_IN_SAMPLE;
  const notes: string[] = [];
  const engine = await openEngine({
    backend: values.backend as 'auto' | 'native' | 'typescript',
    logger: { warn: (m) => notes.push(m), info: (m) => notes.push(m) },
  });
  const bytes = await readFile(file);
  const t0 = performance.now();
  const audio = await engine.decodeAudio(bytes);
  const t1 = performance.now();
  let features: Float32Array;
  const chunkMs = values['chunk-ms'] !== undefined ? Number(values['chunk-ms']) : undefined;
  if (chunkMs !== undefined) {
    if (!(chunkMs > 0)) throw new MouthpieceError('INVALID_ARGUMENT', `Expected a positive number for --chunk-ms but received ${values['chunk-ms']}`);
    const session = engine.createSession({ sampleRate: audio.sampleRate });
    const step = Math.max(1, Math.round((audio.sampleRate * chunkMs) / 1000));
    const parts: Float32Array[] = [];
    for (let at = 0; at < audio.samples.length; at += step) {
      for (const f of await session.push(audio.samples.subarray(at, at + step))) parts.push(f.features);
    }
    for (const f of await session.flush()) parts.push(f.features);
    session.dispose();
    features = new Float32Array(parts.length * 64);
    parts.forEach((p, i) => features.set(p, i * 64));
  } else {
    features = (await engine.computeFeatures(audio.samples, audio.sampleRate)).features;
  }
  const t2 = performance.now();
  const info = engine.info();
  const summary = summarizeFeatures(features);
  const duration = audio.samples.length / audio.sampleRate;
  const report = {
    file: file === BUILT_IN_SAMPLE ? 'built-in sample (models/samples/hello.wav)' : file,
    format: audio.format,
    decoder: audio.decoder,
    sampleRate: audio.sampleRate,
    channels: audio.channels,
    durationSeconds: duration,
    backend: info.backend,
    fallbackReason: info.fallbackReason,
    cuda: info.native ? (info.native.cudaDevices > 0 ? `${info.native.cudaDevices} device(s)` : `not used: ${info.native.cudaReason}`) : undefined,
    streamedChunkMs: chunkMs,
    decodeMs: t1 - t0,
    featuresMs: t2 - t1,
    realTimeFactor: duration / ((t2 - t1) / 1000),
    features: { ...summary, envelope: undefined },
    notes,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `file        ${report.file}`,
    `audio       ${audio.format} via ${audio.decoder} decoder, ${audio.sampleRate} Hz, ${audio.channels} ch, ${duration.toFixed(3)} s`,
    `backend     ${info.backend}${info.fallbackReason ? ` (fallback: ${info.fallbackReason})` : ''}${report.cuda ? `; CUDA ${report.cuda}` : ''}`,
    `features    ${summary.frames} frames x 64 log-mel bands at 100 Hz${chunkMs ? `, streamed in ${chunkMs} ms chunks` : ''}`,
    `            range ${summary.min.toFixed(2)} .. ${summary.max.toFixed(2)}, mean ${summary.mean.toFixed(2)}, sound in ${(summary.activeShare * 100).toFixed(0)}% of frames`,
    `loudness    |${sparkline(summary.envelope, summary.max)}|`,
    `timing      decode ${report.decodeMs.toFixed(1)} ms, features ${report.featuresMs.toFixed(1)} ms (${report.realTimeFactor.toFixed(0)}x real time)`,
    ...notes.map((n) => `note        ${n}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
