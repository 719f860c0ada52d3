#!/usr/bin/env node
// The main job (npm start): the Mouthpiece head speaking the built-in
// sample sentence, rendered to an MP4 with its audio. The motion model runs
// in Node (openEngine), the run-time layers add blinks, gaze and idle
// motion (seeded), headless Chromium renders the head with the library's
// FaceRig (three.js, software WebGL), ffmpeg encodes H.264 + AAC. The file
// is tagged as synthetic in its metadata.
//
// With --photo, a portrait speaks instead of the head: its landmarks are
// found in Node (mouthpiece/photo/node) and the library's PhotoAvatar renders
// it; the frames carry a visible "SYNTHETIC" mark unless --no-mark. Use only
// photos of people who consented (see the README's usage policy).
//
//   node scripts/renderVideo.mjs [--audio FILE] [--out FILE] [--fps 30] [--size 512]
//                                [--emotion happy --intensity 0.6] [--seed 7] [--no-layers]
//                                [--photo PORTRAIT.jpg [--no-mark]]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    audio: { type: 'string', default: join(repo, 'models', 'samples', 'hello.wav') },
    out: { type: 'string', default: join(repo, 'build', 'mouthpiece.mp4') },
    fps: { type: 'string', default: '30' },
    size: { type: 'string', default: '512' },
    emotion: { type: 'string', default: 'neutral' },
    intensity: { type: 'string', default: '1' },
    seed: { type: 'string', default: '7' },
    'no-layers': { type: 'boolean', default: false },
    photo: { type: 'string' },
    'no-mark': { type: 'boolean', default: false },
  },
});
const fps = Number(values.fps);
const size = Number(values.size);
if (!Number.isInteger(fps) || fps < 1 || fps > 120) fail(`--fps must be an integer in 1..120, got ${values.fps}`);
if (!Number.isInteger(size) || size < 64 || size > 2048 || size % 2) fail(`--size must be an even integer in 64..2048, got ${values.size}`);
if (!existsSync(values.audio)) fail(`no such audio file: ${values.audio}`);
if (values.photo !== undefined && !existsSync(values.photo)) fail(`no such photo: ${values.photo}`);

// System tools: say exactly what is missing.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [];
if (!existsSync(chromiumPath)) missing.push('chromium');
if (spawnSync('ffmpeg', ['-version']).status !== 0) missing.push('ffmpeg');
if (missing.length) fail(`rendering the video needs ${missing.join(' and ')}: sudo apt-get install ${missing.join(' ')} (Debian/Ubuntu)`, 2);

function fail(message, code = 1) {
  process.stderr.write(`mouthpiece: ${message}\n`);
  process.exit(code);
}

const t0 = performance.now();
const { openEngine } = await import('../dist/index.js');
const { AnimationLayers } = await import('../dist/animation/index.js');
const engine = await openEngine();
const audio = await engine.decodeAudio(readFileSync(values.audio));
// decodeAudio returns the channels averaged to mono (`channels` is the file's own count).
const intensity = Number(values.intensity);
const seed = Number(values.seed);
if (!(intensity >= 0 && intensity <= 1)) fail(`--intensity must be in 0..1, got ${values.intensity}`);
if (!Number.isInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
const result = await engine.process(audio.samples, { sampleRate: audio.sampleRate, fps, emotion: values.emotion, intensity }).catch((e) => fail(e.message));
await engine.dispose();
const duration = audio.samples.length / audio.sampleRate;
const frameCount = Math.ceil(duration * fps - 1e-9);
const layers = values['no-layers']
  ? null
  : new AnimationLayers({ seed });
const rest = { time: 0, weights: new Float32Array(52), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };
const packed = [];
for (let n = 0; n < frameCount; n++) {
  const src = result.frames[n];
  let f;
  if (src) {
    f = { time: src.time, weights: Float32Array.from(src.weights), head: { rotation: { ...src.head.rotation }, position: { ...src.head.position } } };
    layers?.apply(f, 1 / fps);
  } else {
    f = rest;
    layers?.relax(f, 1 / fps);
  }
  packed.push({ w: Array.from(f.weights), r: [f.head.rotation.pitch, f.head.rotation.yaw, f.head.rotation.roll], g: f.gaze ? [f.gaze.pitch, f.gaze.yaw] : undefined });
}
const tModel = performance.now();

/** What the photo renderer found on the portrait (sunglasses: its eyes are held still), once set up. */
let photoInfo = null;
/** The head, or the portrait (decoded and its landmarks found here, before any file is written). */
async function openRenderer() {
  if (values.photo === undefined) {
    const { openHeadRenderer } = await import('./video/headRenderer.mjs');
    return openHeadRenderer({ chromiumPath, size });
  }
  const { loadPortraitImage, createNodePortraitDetector } = await import('../dist/photo/node/index.js');
  const image = await loadPortraitImage(readFileSync(values.photo));
  const detector = await createNodePortraitDetector();
  const landmarks = await detector.detect(image).finally(() => detector.dispose());
  const { openPhotoRenderer } = await import('./video/photoRenderer.mjs');
  const r = await openPhotoRenderer({ chromiumPath });
  try {
    photoInfo = await r.setup(image, landmarks, { size, mark: values['no-mark'] ? null : 'SYNTHETIC' });
  } catch (e) {
    await r.close();
    throw e;
  }
  return r;
}
const what = values.photo === undefined ? 'a 3D head' : 'a photo';
const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
// Written to a temporary name and moved into place only when everything succeeded: a failure never
// leaves a truncated video where the last good one was.
const partial = `${out}.partial.mp4`;
let renderer = null;
let ffmpeg = null;
let failure = null;
try {
  renderer = await openRenderer();
  ffmpeg = spawn('ffmpeg', [
    '-y', '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${size}x${size}`, '-r', String(fps), '-i', '-',
    '-i', values.audio,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '20', '-preset', 'veryfast',
    '-c:a', 'aac', '-b:a', '128k',
    '-metadata', `comment=Synthetic: ${what} animated from audio by Mouthpiece (not a recording of a person)`,
    '-metadata', 'encoder_notes=mouthpiece',
    '-movflags', '+faststart', '-f', 'mp4', partial,
  ], { stdio: ['pipe', 'inherit', 'inherit'] });
  const proc = ffmpeg;
  const done = new Promise((ok, ko) => {
    proc.on('error', ko);
    proc.on('close', (c) => (c === 0 ? ok() : ko(new Error(`ffmpeg exited with code ${c}`))));
  });
  done.catch(() => undefined); // awaited below; a failure while frames are still being written ends the loop
  proc.stdin.on('error', () => undefined); // EPIPE when ffmpeg dies: reported through `done`
  for (let i = 0; i < packed.length && proc.exitCode === null; i += 16) {
    for (const rgba of await renderer.render(packed.slice(i, i + 16))) {
      if (!proc.stdin.write(rgba)) await new Promise((ok) => proc.stdin.once('drain', ok));
    }
  }
  proc.stdin.end();
  await done;
  renameSync(partial, out);
} catch (e) {
  failure = e;
  ffmpeg?.kill('SIGKILL');
  rmSync(partial, { force: true });
} finally {
  await renderer?.close();
}
if (failure) fail(`rendering failed: ${failure.message}`);
const tEnd = performance.now();
process.stdout.write(
  [
    `mouthpiece: ${values.audio.startsWith(repo) ? values.audio.slice(repo.length + 1) : values.audio} (${duration.toFixed(2)} s) -> ${out.startsWith(repo) ? out.slice(repo.length + 1) : out}`,
    `  ${frameCount} frames at ${fps} fps, ${size}x${size}, H.264 + AAC, ${(statSync(out).size / 1024).toFixed(0)} KB, tagged synthetic`,
    `  model + layers ${(tModel - t0).toFixed(0)} ms, render + encode ${(tEnd - tModel).toFixed(0)} ms (${((tEnd - tModel) / frameCount).toFixed(1)} ms per frame, software WebGL)`,
    ...(values.photo === undefined ? [] : [`  photo ${values.photo}, ${values['no-mark'] ? 'no visible mark' : 'visible SYNTHETIC mark'}${photoInfo?.sunglasses ? ', sunglasses found: the eyes are held still' : ''}`]),
    `  emotion ${values.emotion}${values.emotion === 'neutral' ? '' : ` at ${values.intensity}`}, layers ${layers ? `on (seed ${values.seed})` : 'off'}`,
  ].join('\n') + '\n',
);
