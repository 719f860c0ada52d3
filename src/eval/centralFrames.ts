import { frameRange } from './frameRange.js';

/**
 * The frames in the central part of a segment: those within
 * `share * duration / 2` of its midpoint. When that holds no frame (a
 * segment shorter than a frame or two), the frame nearest the midpoint, so
 * every segment inside the frames is judged on something.
 *
 * @param start Seconds.
 * @param end Seconds.
 * @param share Central share of the duration, in (0, 1].
 * @param fps Frames per second.
 * @param frames Frame count T.
 * @returns Inclusive `[lo, hi]`; `lo > hi` when the segment lies outside the frames.
 * @example
 * ```ts
 * const [lo, hi] = centralFrames(1.0, 1.2, 0.5, 100, 500); // [105, 115]
 * ```
 */
export function centralFrames(start: number, end: number, share: number, fps: number, frames: number): [number, number] {
  const mid = (start + end) / 2;
  const half = ((end - start) * share) / 2;
  const [lo, hi] = frameRange(mid - half, mid + half, fps, frames);
  if (lo <= hi) return [lo, hi];
  const n = Math.round(mid * fps);
  return n >= 0 && n < frames ? [n, n] : [1, 0];
}
