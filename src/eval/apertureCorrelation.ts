import { MouthpieceError } from '../api/MouthpieceError.js';
import { pearsonRange } from './pearson.js';
import { nonNegativeNumber, positiveNumber } from './validate.js';

/** Result of {@link apertureCorrelation}. */
export interface ApertureCorrelationResult {
  /** Pearson r at lag 0 (NaN if a series is constant). */
  r: number;
  /** Lag of the best correlation in ms; positive = the prediction is late. Refined between frames by a parabola through the peak. */
  bestLagMs: number;
  /** Pearson r at the best whole-frame lag. */
  rAtBestLag: number;
  /** Frames compared at lag 0 (the shorter length). */
  frames: number;
}

/**
 * Correlates a predicted aperture curve with a reference (usually
 * {@link referenceAperture}) at lag 0 and over lags up to ±maxLagMs, to
 * measure both shape agreement and sync offset.
 *
 * Sign: at lag L frames, prediction[n + L] is paired with reference[n].
 * A prediction that runs late by 50 ms (its frame n shows what the
 * reference shows at n − 5 at 100 fps) peaks at L = +5, so **positive
 * `bestLagMs` = prediction late**, negative = early. Because real lips lead
 * the sound by 20-100 ms and the reference is built on acoustic phone
 * boundaries, a natural-looking model may sit slightly negative. The series
 * are compared over their common length; each lag uses only the overlapping
 * frames.
 *
 * @param aperture Predicted aperture per frame.
 * @param reference Reference aperture per frame, same fps.
 * @param fps Frames per second of both.
 * @param options `maxLagMs`: the largest lag searched either way. Default 200.
 * @example
 * ```ts
 * const { r, bestLagMs } = apertureCorrelation(apertureTrack(frames), referenceAperture(phones, { fps: 100 }), 100);
 * ```
 */
export function apertureCorrelation(
  aperture: ArrayLike<number>,
  reference: ArrayLike<number>,
  fps: number,
  options: { maxLagMs?: number } = {},
): ApertureCorrelationResult {
  if (aperture == null || reference == null || typeof aperture.length !== 'number' || typeof reference.length !== 'number') {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected arrays for aperture and reference');
  }
  positiveNumber('fps', fps);
  const maxLagMs = nonNegativeNumber('maxLagMs', options.maxLagMs ?? 200);
  const n = Math.min(aperture.length, reference.length);
  const maxLag = Math.min(Math.floor((maxLagMs * fps) / 1000 + 1e-9), Math.max(0, n - 2));
  const rAt = (lag: number) =>
    lag >= 0 ? pearsonRange(aperture, lag, reference, 0, n - lag) : pearsonRange(aperture, 0, reference, -lag, n + lag);
  const rs = new Float64Array(2 * maxLag + 1);
  let best = NaN;
  let bestLag = 0;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const r = rAt(lag);
    rs[lag + maxLag] = r;
    // Ties go to the smaller |lag|.
    if (r > best || (Number.isNaN(best) && !Number.isNaN(r)) || (r === best && Math.abs(lag) < Math.abs(bestLag))) {
      best = r;
      bestLag = lag;
    }
  }
  let refined = bestLag;
  if (!Number.isNaN(best) && bestLag > -maxLag && bestLag < maxLag) {
    const y0 = rs[bestLag + maxLag - 1];
    const y2 = rs[bestLag + maxLag + 1];
    const curvature = y0 - 2 * best + y2;
    if (Number.isFinite(y0) && Number.isFinite(y2) && curvature < 0) {
      const delta = (0.5 * (y0 - y2)) / curvature;
      if (Math.abs(delta) < 1) refined = bestLag + delta;
    }
  }
  return { r: rAt(0), bestLagMs: Number.isNaN(best) ? NaN : (refined * 1000) / fps, rAtBestLag: best, frames: n };
}
