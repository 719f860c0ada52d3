import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { MOTION_CHANNELS } from './MotionModel.js';

/** Rate of the model's motion rows. */
export const MOTION_FPS = 100;

/**
 * Turns 100 Hz motion rows into {@link Frame}s at any integer frame rate, on
 * the audio clock: output frame k is at time k / fps and is linearly
 * interpolated between the two rows around it, so it is emitted as soon as
 * the later of those rows exists. Streaming: rows may come in any chunking
 * and the frames are the same.
 *
 * @example
 * ```ts
 * const r = new FrameResampler(60);
 * const frames = r.push(rows); // rows: n x 58 floats
 * ```
 */
export class FrameResampler {
  /** Output frames per second. */
  readonly fps: number;
  private prev: Float32Array = new Float32Array(MOTION_CHANNELS);
  private rows = 0;
  private next = 0;

  /** `fps`: integer 1..1000. */
  constructor(fps: number) {
    if (!Number.isInteger(fps) || fps < 1 || fps > 1000) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer fps in 1..1000 but received ${String(fps)}`);
    }
    this.fps = fps;
  }

  /** Adds rows (n x 58); returns the frames they complete. */
  push(motion: Float32Array): Frame[] {
    const C = MOTION_CHANNELS;
    const n = motion.length / C;
    const out: Frame[] = [];
    for (let j = 0; j < n; j++) {
      const row = motion.subarray(j * C, (j + 1) * C);
      const r = this.rows; // index of this row
      // Frames whose position x = k * 100 / fps lies in (r - 1, r]: between the previous row and this one.
      for (;;) {
        const k = this.next;
        const num = k * MOTION_FPS; // x = num / fps
        if (num > r * this.fps) break;
        const lo = Math.floor(num / this.fps);
        const frac = (num - lo * this.fps) / this.fps;
        out.push(frac === 0 || r === 0 ? toFrame(k / this.fps, row, row, 0) : toFrame(k / this.fps, this.prev, row, frac));
        this.next++;
      }
      this.prev.set(row);
      this.rows++;
    }
    return out;
  }

  /** Forgets everything; the clock restarts at 0. */
  reset(): void {
    this.rows = 0;
    this.next = 0;
  }
}

function toFrame(time: number, a: Float32Array, b: Float32Array, t: number): Frame {
  const v = (i: number): number => a[i] + t * (b[i] - a[i]);
  const weights = new Float32Array(BLENDSHAPE_COUNT);
  for (let i = 0; i < BLENDSHAPE_COUNT; i++) weights[i] = Math.min(1, Math.max(0, v(i)));
  const h = BLENDSHAPE_COUNT;
  return {
    time,
    weights,
    head: { rotation: { pitch: v(h), yaw: v(h + 1), roll: v(h + 2) }, position: { x: v(h + 3), y: v(h + 4), z: v(h + 5) } },
  };
}
