import { MouthpieceError } from '../api/MouthpieceError.js';
import { MOTION_CHANNELS } from './MotionModel.js';

/** The smoother's taps: binomial [1, 3, 3, 1] / 8 over the current and three previous rows. */
export const SMOOTHING_TAPS = Object.freeze([1 / 8, 3 / 8, 3 / 8, 1 / 8]);

/** Its group delay in milliseconds at 100 rows per second (1.5 rows). */
export const SMOOTHING_DELAY_MS = 15;

/**
 * Causal smoothing of motion rows (frames x 58, or any row width given to
 * the constructor) with a short binomial FIR,
 * state carried across calls so chunking never changes the output. Why: the
 * network's frame-to-frame output is about twice as jittery as the animation
 * it learned from (RMS second difference of the mouth aperture 0.035 against
 * the teacher's 0.016 on held-out TTS voices); this is the shortest binomial
 * filter that brings it under the teacher's (0.015), chosen on those
 * held-out voices (see models/motion-v1/README.md). It adds no buffering,
 * only 15 ms of group delay. The first row of a stream stands in for the
 * rows before it. The bilabial seal's strength (one value per row) goes
 * through the same filter, so seal and motion share one delay.
 *
 * @example
 * ```ts
 * const s = new MotionSmoother();
 * s.process(rows, n); // in place
 * ```
 */
export class MotionSmoother {
  /** Values per row. */
  readonly channels: number;
  /** The last three input rows, newest first. */
  private readonly history: Float32Array;
  private started = false;

  /** @param channels Values per row (default {@link MOTION_CHANNELS}). */
  constructor(channels: number = MOTION_CHANNELS) {
    if (!Number.isInteger(channels) || channels < 1) throw new MouthpieceError('INVALID_ARGUMENT', `Expected a positive integer for channels but received ${String(channels)}`);
    this.channels = channels;
    this.history = new Float32Array(3 * channels);
  }

  /** Smooths `frames` rows in place. */
  process(motion: Float32Array, frames: number): void {
    const C = this.channels;
    const h = this.history;
    const [k0, k1, k2, k3] = SMOOTHING_TAPS;
    for (let t = 0; t < frames; t++) {
      const o = t * C;
      if (!this.started) {
        for (let i = 0; i < 3; i++) h.set(motion.subarray(o, o + C), i * C);
        this.started = true;
      }
      for (let c = 0; c < C; c++) {
        const x = motion[o + c];
        motion[o + c] = k0 * x + k1 * h[c] + k2 * h[C + c] + k3 * h[2 * C + c];
        h[2 * C + c] = h[C + c];
        h[C + c] = h[c];
        h[c] = x;
      }
    }
  }

  /** Forgets the history (a new stream). */
  reset(): void {
    this.started = false;
  }
}
