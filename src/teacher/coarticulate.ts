import { applyLipHolds } from './applyLipHolds.js';
import { CHANNELS } from './articulation.js';
import { holdFrames, lipHolds } from './lipHolds.js';
import { steadyArticulation } from './steadyArticulation.js';
import { MIN_SHAPE_MS, SHAPE_MARGIN_MS } from './suppressFlicker.js';

/** One articulatory target laid on the timeline (seconds). */
export interface TimedTarget {
  start: number;
  end: number;
  target: Float32Array;
  alpha: Float32Array;
  /** Hard constraint the segment imposes regardless of blending. */
  constraint: 'bilabial' | 'labiodental' | null;
  /**
   * Reach of this target outside its interval, ms, overriding the options'.
   * Pauses use a short one: silence should not pull the mouth shut long
   * before the speech around it ends.
   */
  reachMs?: number;
}

/** Tuning of {@link coarticulate}. Defaults follow ../design notes on coarticulation. */
export interface CoarticulationOptions {
  /**
   * How far the lips lead the sound, in ms (visible articulation precedes
   * the acoustic segment by 20-100 ms in running speech). The jaw leads by
   * half of it, the tongue not at all. Default 40.
   */
  lipLeadMs?: number;
  /** Reach of anticipation (a segment's influence before it starts), ms. Default 125. */
  anticipationMs?: number;
  /** Reach of carry-over (influence after a segment ends), ms. Default 85. */
  carryoverMs?: number;
  /** Ramp into and out of a hard lip constraint, ms. Default 30. */
  constraintRampMs?: number;
}

/** Internal animation rate of the teacher, frames per second. */
export const TEACHER_FPS = 100;

const LEAD_SHARE = [0.5, 1, 1, 1, 1, 0]; // jaw, lipRound, lipSpread, lipClose, labiodental, tongue
// A weak rest target everywhere, so far from any segment the face relaxes
// instead of dividing by zero.
const REST_ALPHA = 0.002;

/**
 * Dominance blending (Cohen & Massaro) of articulatory targets into 100 Hz
 * channel curves, with anticipation (lips lead the sound), a light Gaussian
 * smoothing that removes corners, and hard constraints on top: bilabial
 * stops close the lips fully and labiodentals tuck the lower lip, however
 * short the segment (a 30 ms /p/ still closes).
 *
 * No flicker: a segment shorter than MIN_SHAPE_MS (70 ms) exerts dominance
 * in proportion to its length (short vowels undershoot), and the finished
 * curves keep no peak or pit narrower than that (see steadyArticulation),
 * except the held closures themselves, which are made wide enough.
 *
 * Returns frames x CHANNELS values, frame i at time i / 100 s.
 *
 * @example
 * ```ts
 * const curves = coarticulate(targets, 2.5, { lipLeadMs: 40 });
 * const jawAt1s = curves[100 * CHANNELS + CH.jaw];
 * ```
 */
export function coarticulate(targets: TimedTarget[], duration: number, options: CoarticulationOptions = {}): Float32Array {
  const lead = (options.lipLeadMs ?? 40) / 1000;
  const thetaAnt = 1 / ((options.anticipationMs ?? 125) / 1000);
  const thetaCar = 1 / ((options.carryoverMs ?? 85) / 1000);
  const minShape = MIN_SHAPE_MS / 1000;
  const frames = Math.max(1, Math.ceil(duration * TEACHER_FPS) + 1);
  const num = new Float64Array(frames * CHANNELS);
  const den = new Float64Array(frames * CHANNELS).fill(REST_ALPHA);
  const reach = 6; // decay constants: beyond this the weight is < 0.25 %

  for (const s of targets) {
    for (let c = 0; c < CHANNELS; c++) {
      const shift = lead * LEAD_SHARE[c];
      const a = s.start - shift;
      const b = s.end - shift;
      // Minimum-duration rule (Lindblom's undershoot, as in JALI and Cohen &
      // Massaro): a segment shorter than the shortest readable shape insists
      // in proportion to its length, so the neighbours shape most of it.
      const alpha = s.alpha[c] * Math.min(1, (s.end - s.start) / minShape);
      const value = s.target[c];
      const ant = s.reachMs ? 1000 / s.reachMs : thetaAnt;
      const car = s.reachMs ? 1000 / s.reachMs : thetaCar;
      const from = Math.max(0, Math.floor((a - reach / ant) * TEACHER_FPS));
      const to = Math.min(frames - 1, Math.ceil((b + reach / car) * TEACHER_FPS));
      for (let i = from; i <= to; i++) {
        const t = i / TEACHER_FPS;
        const d = t < a ? alpha * Math.exp(-ant * (a - t)) : t > b ? alpha * Math.exp(-car * (t - b)) : alpha;
        num[i * CHANNELS + c] += d * value;
        den[i * CHANNELS + c] += d;
      }
    }
  }
  const out = new Float32Array(frames * CHANNELS);
  for (let k = 0; k < out.length; k++) out[k] = num[k] / den[k];
  smooth(out, frames, 1.2);

  const holds = lipHolds(targets, options);
  applyLipHolds(out, frames, holds, TEACHER_FPS);
  steadyArticulation(out, frames, ((MIN_SHAPE_MS + SHAPE_MARGIN_MS) * TEACHER_FPS) / 1000, holdFrames(holds, frames, TEACHER_FPS));
  return out;
}

/** In-place Gaussian smoothing along time (sigma in frames), edges clamped. */
function smooth(x: Float32Array, frames: number, sigma: number): void {
  const r = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * r + 1 }, (_, j) => Math.exp(-((j - r) ** 2) / (2 * sigma * sigma)));
  const norm = kernel.reduce((a, b) => a + b, 0);
  const copy = x.slice();
  for (let c = 0; c < CHANNELS; c++) {
    for (let i = 0; i < frames; i++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) {
        const ii = Math.min(frames - 1, Math.max(0, i + j));
        acc += kernel[j + r] * copy[ii * CHANNELS + c];
      }
      x[i * CHANNELS + c] = acc / norm;
    }
  }
}
