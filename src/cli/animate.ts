import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { EMOTION_NAMES, type EmotionName } from '../api/Conditioning.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { openEngine } from '../runtime/openEngine.js';
import { BUILT_IN_SAMPLE } from './builtInSample.js';
import { summarizeMotion, unitSparkline } from './summarizeMotion.js';
import { writeFrames } from './writeFrames.js';

const ANIMATE_HELP = `Usage: mouthpiece [animate] [FILE] [options]

Speech to face: reads an audio file (WAV, FLAC, MP3, Ogg Opus/Vorbis; default:
the built-in sample sentence), runs the motion model and prints what the face
does (jaw, lip closures, smile, head). --out writes every frame.

Options:
  --model default|lowlatency|PATH     motion model (default: default, 130 ms lookahead)
  --emotion ${EMOTION_NAMES.join('|')}  (default neutral)
  --intensity X                       0..1 (default 1)
  --fps N                             output frames per second (default 60)
  --chunk-ms N                        stream in N ms chunks through a session
  --out FILE.json|FILE.csv            write the frames
  --backend auto|native|typescript   feature front end (default auto)
  --json                              print JSON instead of text
  -h, --help                          show this help
`;

/**
 * `mouthpiece [animate] [FILE]`: the main job. Runs the motion model over an
 * audio file and summarises (or writes) the frames. Returns the exit code.
 */
export async function animate(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string', default: 'default' },
      emotion: { type: 'string', default: 'neutral' },
      intensity: { type: 'string', default: '1' },
      fps: { type: 'string', default: '60' },
      'chunk-ms': { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(ANIMATE_HELP);
    return 0;
  }
  const file = positionals[0] ?? BUILT_IN_SAMPLE;
  const emotion = values.emotion as EmotionName;
  const intensity = Number(values.intensity);
  const fps = Number(values.fps);
  const notes: string[] = [];
  const engine = await openEngine({
    backend: values.backend as 'auto' | 'native' | 'typescript',
    model: values.model,
    logger: { warn: (m) => notes.push(m), info: (m) => notes.push(m) },
  });
  try {
    const t0 = performance.now();
    const audio = await engine.decodeAudio(await readFile(file));
    const t1 = performance.now();
    await engine.motionModel();
    const t2 = performance.now();
    let frames: Frame[];
    const chunkMs = values['chunk-ms'] !== undefined ? Number(values['chunk-ms']) : undefined;
    if (chunkMs !== undefined) {
      if (!(chunkMs > 0)) throw new MouthpieceError('INVALID_ARGUMENT', `Expected a positive number for --chunk-ms but received ${values['chunk-ms']}`);
      const session = await engine.createMotionSession({ sampleRate: audio.sampleRate, fps, emotion, intensity });
      const step = Math.max(1, Math.round((audio.sampleRate * chunkMs) / 1000));
      frames = [];
      for (let at = 0; at < audio.samples.length; at += step) frames.push(...(await session.push(audio.samples.subarray(at, at + step))));
      frames.push(...(await session.flush()));
      session.dispose();
    } else {
      frames = (await engine.process(audio.samples, { sampleRate: audio.sampleRate, fps, emotion, intensity })).frames;
    }
    const t3 = performance.now();
    if (values.out) await writeFrames(values.out, frames, fps);
    const info = engine.info();
    const model = info.model!;
    const duration = audio.samples.length / audio.sampleRate;
    const summary = summarizeMotion(frames, fps);
    const report = {
      file: file === BUILT_IN_SAMPLE ? 'built-in sample (models/samples/hello.wav)' : file,
      format: audio.format,
      sampleRate: audio.sampleRate,
      durationSeconds: duration,
      model: { source: values.model, lookaheadMs: model.lookaheadMs, runtime: 'onnxruntime-node (cpu)' },
      features: info.backend,
      emotion,
      intensity,
      fps,
      frames: frames.length,
      lipClosures: summary.closures,
      headDegrees: summary.headDegrees,
      streamedChunkMs: chunkMs,
      decodeMs: t1 - t0,
      modelLoadMs: t2 - t1,
      animateMs: t3 - t2,
      realTimeFactor: duration / ((t3 - t2) / 1000),
      out: values.out,
      notes,
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    const range = (r: [number, number]): string => `${r[0].toFixed(1)}..${r[1].toFixed(1)}°`;
    const lines = [
      `file        ${report.file}`,
      `audio       ${audio.format}, ${audio.sampleRate} Hz, ${duration.toFixed(3)} s`,
      `model       ${values.model} (lookahead ${model.lookaheadMs} ms) on onnxruntime-node; features: ${info.backend}${info.fallbackReason ? ` (fallback: ${info.fallbackReason})` : ''}`,
      `conditions  ${emotion}${emotion === 'neutral' ? '' : ` at ${intensity}`}, ${frames.length} frames at ${fps} fps${chunkMs ? `, streamed in ${chunkMs} ms chunks` : ''}`,
      `jawOpen     |${unitSparkline(summary.jaw)}|`,
      `lips closed |${unitSparkline(summary.closed)}|  ${summary.closures} closures`,
      `smile       |${unitSparkline(summary.smile)}|`,
      `head        pitch ${range(summary.headDegrees.pitch)}, yaw ${range(summary.headDegrees.yaw)}, roll ${range(summary.headDegrees.roll)}`,
      `timing      decode ${report.decodeMs.toFixed(1)} ms, model load ${report.modelLoadMs.toFixed(1)} ms, features + model ${report.animateMs.toFixed(1)} ms (${report.realTimeFactor.toFixed(0)}x real time)`,
      ...(values.out ? [`wrote       ${values.out}`] : []),
      ...notes.map((n) => `note        ${n}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    await engine.dispose();
  }
}
