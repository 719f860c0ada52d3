import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * Pearson correlation of two equally long series (two-pass, in float64).
 *
 * @param a First series.
 * @param b Second series, same length.
 * @returns r in [-1, 1]; NaN when fewer than 2 values or either series is constant (r is undefined then).
 * @example
 * ```ts
 * pearson([1, 2, 3], [2, 4, 7]); // 0.99
 * ```
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a == null || b == null || a.length !== b.length) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected two series of equal length but received lengths ${a?.length} and ${b?.length}`);
  }
  return pearsonRange(a, 0, b, 0, a.length);
}

/**
 * Pearson correlation of `a[aOff .. aOff+n)` with `b[bOff .. bOff+n)`, for
 * lagged correlations without copying. No argument checks (internal).
 *
 * @example
 * ```ts
 * const r = pearsonRange(pred, 5, ref, 0, ref.length - 5); // pred 5 frames later
 * ```
 */
export function pearsonRange(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, n: number): number {
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[aOff + i];
    mb += b[bOff + i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[aOff + i] - ma;
    const db = b[bOff + i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // Relative test: a constant float32 series leaves rounding dust in saa.
  if (!(saa > 1e-20 * n * (ma * ma + 1)) || !(sbb > 1e-20 * n * (mb * mb + 1))) return NaN;
  const r = sab / Math.sqrt(saa * sbb);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}
