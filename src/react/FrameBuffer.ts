import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { checkNumber, describeValue } from '../three/checkArgument.js';

/** Options of {@link FrameBuffer}. */
export interface FrameBufferOptions {
  /**
   * Seconds a frame stays current after its time when no later frame has come: past that,
   * {@link FrameBuffer.at} returns null (a gap, or speech stopped) so the face can relax.
   * Default 0.1 (a few frames at 30-60 fps).
   */
  hold?: number;
  /** Most frames kept; older ones are dropped on {@link FrameBuffer.push}. Integer >= 1; default 6000 (100 s at 60 fps). */
  capacity?: number;
}

/**
 * A time-ordered store of frames to read by clock time: push frames as
 * they arrive (a stream's chunks, or a whole recording), then ask for the
 * frame at the current time once per rendered frame with {@link at}
 * (binary search, no allocation). Frames are kept by reference, not copied.
 *
 * The clock is whatever the caller passes: seconds on the same clock as
 * `frame.time` (the audio clock of the input).
 *
 * @example
 * ```ts
 * const buffer = new FrameBuffer({ hold: 0.1 });
 * stream.on('frames', (frames) => buffer.push(frames));
 * const frame = buffer.at(audio.currentTime); // null before the first frame and in gaps
 * ```
 */
export class FrameBuffer {
  /** See {@link FrameBufferOptions.hold}. */
  readonly hold: number;
  /** See {@link FrameBufferOptions.capacity}. */
  readonly capacity: number;
  private frames: Frame[] = [];

  /** @param options See {@link FrameBufferOptions}. */
  constructor(options: FrameBufferOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object for options but received ${describeValue(options)}`);
    }
    this.hold = checkNumber('options.hold', options.hold ?? 0.1, 0);
    const capacity = checkNumber('options.capacity', options.capacity ?? 6000, 1);
    if (!Number.isInteger(capacity)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an integer >= 1 for options.capacity but received ${capacity}`);
    }
    this.capacity = capacity;
  }

  /** Number of frames held. */
  get length(): number {
    return this.frames.length;
  }

  /** Time of the last frame held, or null when empty. */
  get end(): number | null {
    const n = this.frames.length;
    return n === 0 ? null : this.frames[n - 1].time;
  }

  /**
   * Appends frames in time order (each `time` at or after the previous one,
   * and at or after the last frame held); drops the oldest beyond `capacity`.
   *
   * @param frames Frames to add; kept by reference, so do not reuse these objects.
   */
  push(frames: readonly Frame[]): void {
    if (!Array.isArray(frames)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an array of frames for frames but received ${describeValue(frames)}`);
    }
    let last = this.end ?? -Infinity;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const t = f?.time;
      if (f == null || typeof t !== 'number' || !Number.isFinite(t)) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Expected a Frame with a finite time for frames[${i}] but received ${describeValue(f)}`);
      }
      if (f.weights == null || f.weights.length !== BLENDSHAPE_COUNT) {
        throw new MouthpieceError(
          'INVALID_ARGUMENT',
          `Expected ${BLENDSHAPE_COUNT} blendshape weights for frames[${i}].weights but received ${describeValue(f.weights)}`,
        );
      }
      if (t < last) {
        throw new MouthpieceError('INVALID_ARGUMENT', `Expected frames in time order but frames[${i}].time ${t} is before ${last}`);
      }
      last = t;
    }
    for (const f of frames) this.frames.push(f);
    const excess = this.frames.length - this.capacity;
    if (excess > 0) this.frames.splice(0, excess);
  }

  /**
   * The frame at or before `time` (the last one with `frame.time <= time`),
   * or null when there is none, or when it is older than `hold` seconds
   * (a gap, or the end of speech). No allocation.
   *
   * @param time Seconds on the frames' clock.
   */
  at(time: number): Frame | null {
    const a = this.frames;
    if (a.length === 0 || !(time >= a[0].time)) return null; // also rejects NaN
    let lo = 0;
    let hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (a[mid].time <= time) lo = mid;
      else hi = mid - 1;
    }
    const f = a[lo];
    return time - f.time <= this.hold ? f : null;
  }

  /** Drops every frame (e.g. when speech is interrupted). */
  clear(): void {
    this.frames.length = 0;
  }
}
