import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * Jitter: RMS of the second difference a[n+1] − 2a[n] + a[n−1] of an
 * aperture curve sampled at 100 Hz (the definition in animation.md).
 *
 * The curve must be at 100 fps: the second difference scales with the
 * square of the frame interval for smooth motion and differently for
 * noise, so values taken at other rates, or after resampling (linear
 * interpolation alone would hide curvature between the original samples),
 * do not compare. Render the frames at 100 fps for this metric.
 *
 * @param aperture Aperture per frame (e.g. {@link apertureTrack}).
 * @param fps Must be 100. Default 100.
 * @returns RMS second difference in aperture units per frame²; NaN for fewer than 3 frames.
 * @example
 * ```ts
 * const j = jitter(apertureTrack(frames), frames.fps);
 * ```
 */
export function jitter(aperture: ArrayLike<number>, fps = 100): number {
  if (aperture == null || typeof aperture.length !== 'number') {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an array for aperture');
  }
  if (fps !== 100) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected fps 100 for jitter (render the frames at 100 fps) but received ${String(fps)}`);
  }
  const n = aperture.length;
  if (n < 3) return NaN;
  let sum = 0;
  for (let i = 1; i < n - 1; i++) {
    const d2 = aperture[i + 1] - 2 * aperture[i] + aperture[i - 1];
    sum += d2 * d2;
  }
  return Math.sqrt(sum / (n - 2));
}
