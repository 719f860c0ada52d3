import { FEATURE_SPEC } from '../audio/featureSpec.js';

/** What the CLI prints about a run of feature frames. */
export interface FeatureSummary {
  frames: number;
  seconds: number;
  /** Mean log-mel value over all frames and bands. */
  mean: number;
  min: number;
  max: number;
  /** Share of frames whose mean log energy is more than 3 nats above the floor. */
  activeShare: number;
  /** Per-frame mean log energy, pooled into `width` columns (for a sparkline). */
  envelope: number[];
}

/**
 * Summarises features for humans: range, how much of the clip is sound, and a
 * coarse loudness envelope. Pure function, so the CLI stays thin.
 */
export function summarizeFeatures(features: Float32Array, width = 60): FeatureSummary {
  const bands = FEATURE_SPEC.bands;
  const frames = features.length / bands;
  const floor = Math.log(FEATURE_SPEC.logFloor);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let active = 0;
  const perFrame = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    let s = 0;
    for (let b = 0; b < bands; b++) {
      const v = features[t * bands + b];
      s += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    perFrame[t] = s / bands;
    sum += s;
    if (perFrame[t] > floor + 3) active++;
  }
  const cols = Math.max(1, Math.min(width, frames));
  const envelope: number[] = [];
  for (let c = 0; c < cols && frames > 0; c++) {
    const a = Math.floor((c * frames) / cols);
    const b = Math.max(a + 1, Math.floor(((c + 1) * frames) / cols));
    let m = -Infinity;
    for (let t = a; t < b; t++) m = Math.max(m, perFrame[t]);
    envelope.push(m);
  }
  return {
    frames,
    seconds: (frames * FEATURE_SPEC.hop) / FEATURE_SPEC.sampleRate,
    mean: frames > 0 ? sum / (frames * bands) : 0,
    min: frames > 0 ? min : 0,
    max: frames > 0 ? max : 0,
    activeShare: frames > 0 ? active / frames : 0,
    envelope,
  };
}

/** Renders an envelope as a one-line sparkline between the log floor and `top`. */
export function sparkline(values: number[], top: number): string {
  const ticks = ' ▁▂▃▄▅▆▇█';
  const floor = Math.log(FEATURE_SPEC.logFloor);
  return values
    .map((v) => ticks[Math.max(0, Math.min(ticks.length - 1, Math.round(((v - floor) / (top - floor)) * (ticks.length - 1))))])
    .join('');
}
