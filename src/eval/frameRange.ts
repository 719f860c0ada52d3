/**
 * The frames whose times (n / fps) fall inside [start, end] seconds, both
 * ends included, clipped to the T frames that exist. Empty when `lo > hi`.
 *
 * @param start Seconds.
 * @param end Seconds.
 * @param fps Frames per second.
 * @param frames Frame count T.
 * @returns Inclusive frame indices `[lo, hi]`.
 * @example
 * ```ts
 * const [lo, hi] = frameRange(0.1, 0.2, 100, 500); // [10, 20]
 * ```
 */
export function frameRange(start: number, end: number, fps: number, frames: number): [number, number] {
  // The 1e-9 keeps times printed with rounding (0.29999999) on their frame.
  const lo = Math.max(0, Math.ceil(start * fps - 1e-9));
  const hi = Math.min(frames - 1, Math.floor(end * fps + 1e-9));
  return [lo, hi];
}
