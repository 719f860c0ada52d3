// GRID: the model's blendshapes against a real person's, read back from
// video by MediaPipe's Face Landmarker (test/eval/readback).
import { BLENDSHAPE_INDEX } from '../../dist/api/blendshapeNames.js';
import { apertureCorrelation, blockBootstrapCI, pearson } from '../../dist/eval/index.js';
import { readGridClips } from './readback/readGrid.mjs';

/** Channels compared (smile: mean of left and right). */
export const GRID_CHANNELS = ['jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthSmile'];

function channel(weights, name, T) {
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const w = weights.subarray(t * 52, t * 52 + 52);
    out[t] = name === 'mouthSmile' ? (w[BLENDSHAPE_INDEX.mouthSmileLeft] + w[BLENDSHAPE_INDEX.mouthSmileRight]) / 2 : w[BLENDSHAPE_INDEX[name]];
  }
  return out;
}

/** The three GRID clips with their read-back (cached in build/eval). */
export async function gridClips() {
  return readGridClips({});
}

/**
 * Pearson r per channel between a system's frames and the read-back, over
 * the clips joined end to end (75 frames each is too short alone), with a
 * 95 % block-bootstrap interval (0.5 s blocks); plus the jaw's sync offset.
 */
export async function scoreGrid(system, clips) {
  const sys = Object.fromEntries(GRID_CHANNELS.map((c) => [c, []]));
  const real = Object.fromEntries(GRID_CHANNELS.map((c) => [c, []]));
  for (const clip of clips) {
    const out = await system.run(clip.audio16k, clip.fps, {}, clip);
    const T = Math.min(out.weights.length / 52, clip.blendshapes.length);
    const rb = new Float32Array(T * 52);
    for (let t = 0; t < T; t++) rb.set(clip.blendshapes[t].map((v) => (v == null || Number.isNaN(v) ? 0 : v)), t * 52);
    for (const c of GRID_CHANNELS) {
      sys[c].push(...channel(out.weights, c, T));
      real[c].push(...channel(rb, c, T));
    }
  }
  const fps = clips[0].fps;
  const result = { system: system.name, frames: real.jawOpen.length, channels: {} };
  for (const c of GRID_CHANNELS) {
    const x = Float64Array.from(sys[c]);
    const y = Float64Array.from(real[c]);
    const constant = x.every((v) => v === x[0]);
    result.channels[c] = constant
      ? { r: NaN, lo: NaN, hi: NaN }
      : (({ estimate, lo, hi }) => ({ r: estimate, lo, hi }))(blockBootstrapCI(x, y, (a, b) => pearson(a, b), { fps, blockSeconds: 0.5, n: 1000, seed: 1 }));
  }
  result.jawOffsetMs = apertureCorrelation(Float64Array.from(sys.jawOpen), Float64Array.from(real.jawOpen), fps, { maxLagMs: 200 }).bestLagMs;
  return result;
}
