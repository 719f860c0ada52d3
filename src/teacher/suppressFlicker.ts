/**
 * Shortest mouth shape worth showing, in ms. Shapes held for less read as
 * flicker rather than speech (the threshold a mature offline lip-sync tool
 * settled on; see the project's animation design notes). The teacher keeps
 * every peak and pit of its curves at least this wide; see
 * {@link suppressFlicker} for how width is measured.
 */
export const MIN_SHAPE_MS = 70;

/**
 * How far past MIN_SHAPE_MS the teacher's filters aim, in ms: later passes
 * nudge curves a little (the aperture pass moves mouthClose, weights are
 * stored as float32), and that must not take a shape under the bound.
 */
export const SHAPE_MARGIN_MS = 5;

/**
 * Which kind of extremum is dealt with first where a narrow peak and a
 * narrow pit touch (a short opening next to a short closing): the one dealt
 * with first loses. 'peaksFirst' favours low values, 'pitsFirst' high ones.
 */
export type FlickerOrder = 'peaksFirst' | 'pitsFirst';

/** Options of {@link suppressFlicker}. */
export interface SuppressFlickerOptions {
  /** Narrowest half-prominence width kept, in samples (may be fractional). */
  minWidth: number;
  /** Extrema this prominent or less are left alone (ripples nobody sees). Default 0.01. */
  minProminence?: number;
  /** Who loses where a narrow peak and a narrow pit touch. Default 'peaksFirst'. */
  order?: FlickerOrder;
  /**
   * Samples that must keep their value (nonzero = pinned): hard constraints,
   * such as closed lips on p, b, m. A narrow extremum is then cut or filled
   * only as far as it can be without moving a pinned sample; the constraint
   * wins over the width rule.
   */
  pinned?: ArrayLike<number>;
}

// Widths are compared with this slack (samples): a shape cut to exactly
// minWidth must not be cut again for a rounding error.
const WIDTH_MARGIN = -1e-6;
// Whether a peak is wide enough is judged a sliver above its half level, so
// a flat stretch lying right at that level cannot make the verdict hang on
// rounding (see widthIfCut).
const LEVEL_SLACK = 1e-3;
// Cuts aim further: wide enough even if the base later rises by this much
// of the prominence (filling a neighbouring pit raises it), so a peak and a
// pit beside it do not trade ever smaller cuts.
const CUT_SLACK = 0.05;

/**
 * Removes flicker from a curve: afterwards no peak or pit more prominent
 * than twice `minProminence` is narrower than `minWidth` samples (to within
 * a millionth of a sample), unless pinned samples stand in the way, and
 * everything that already was wide enough is left exactly as it was.
 *
 * Measure (topographic, as in peak finding): a peak's prominence is its
 * height above the higher of the lowest points between it and the nearest
 * higher sample on either side (or the curve's end); its width is the time
 * between the two points where the curve crosses the level halfway down
 * that prominence, interpolating linearly between samples. Pits are peaks
 * of the negated curve. Half-prominence width is what the eye reads as how
 * long a shape is shown, ignores ripples on a plateau, and does not depend
 * on where a slow ramp happens to start.
 *
 * Rule: a too-narrow peak is cut flat at the highest level h that makes it
 * wide enough once cut (its half-prominence level is then (h + B) / 2, B
 * its base, so h is found where the curve, clipped at h, is `minWidth`
 * wide at that level). A peak not `minWidth` wide even at its base is
 * flattened to the base. Pits are filled the same way. So a short opening
 * is lowered (or removed), never smeared into its neighbours; the curve is
 * only clipped, so it stays continuous, never overshoots, and gains no
 * steeper step than it had. Cutting one extremum can make a neighbour
 * stand out more, so it repeats until nothing is left to cut. Each pass is
 * linear in the curve's length; the result is deterministic and
 * idempotent.
 *
 * @param curve finite samples at a fixed rate.
 * @returns a new curve of the same length.
 * @example
 * ```ts
 * // At 100 Hz, nothing narrower than 70 ms survives:
 * const steady = suppressFlicker(jawCurve, { minWidth: 7 });
 * ```
 */
export function suppressFlicker(curve: ArrayLike<number>, options: SuppressFlickerOptions): Float64Array {
  const { minWidth } = options;
  const minProminence = options.minProminence ?? 0.01;
  if (!(minWidth >= 0)) throw new RangeError(`minWidth must be >= 0, got ${minWidth}`);
  const y = Float64Array.from(curve);
  if (options.pinned && options.pinned.length !== y.length) throw new RangeError('pinned must be as long as the curve');
  const pinned = options.pinned ?? new Uint8Array(y.length);
  const signs = options.order === 'pitsFirst' ? [-1, 1] : [1, -1];
  // Each round clips at least one extremum, which lowers the curve's total
  // variation, so this ends; the cap only guards against float stalemates.
  for (let round = 0; round < 4 * y.length + 8; round++) {
    let changed = false;
    for (const sign of signs) {
      if (sign < 0) negate(y);
      for (let pass = 0; pass < y.length && cutNarrowPeaks(y, pinned, minWidth + WIDTH_MARGIN, minProminence); pass++) changed = true;
      if (sign < 0) negate(y);
    }
    if (!changed) break;
  }
  return y;
}

function negate(y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = -y[i];
}

/** One pass over the peaks of y, cutting each too-narrow one in place; true if any was cut. */
function cutNarrowPeaks(y: Float64Array, pinned: ArrayLike<number>, minWidth: number, minProminence: number): boolean {
  let cut = false;
  for (const [lo, hi] of plateauPeaks(y)) {
    // An earlier cut in this pass may have reshaped this one; measure afresh.
    if (!isPeak(y, lo, hi)) continue;
    const top = y[lo];
    const base = baseOf(y, lo, hi, Math.ceil(minWidth) + 1);
    if (!(top - base > minProminence) || widthIfCut(y, lo, hi, base, top, minWidth, LEVEL_SLACK) >= minWidth) continue;
    // Highest cut level h that leaves the peak wide enough once cut: its
    // half-prominence level is then (h + base) / 2, and the samples next to
    // that crossing may themselves be clipped to h. Width shrinks as h rises
    // (near enough: the loop in suppressFlicker re-measures anyway).
    let level = base;
    if (widthIfCut(y, lo, hi, base, base + 1e-9 * (top - base), minWidth, CUT_SLACK) >= minWidth) {
      let a = base;
      let b = top;
      for (let k = 0; k < 50; k++) {
        const m = (a + b) / 2;
        if (widthIfCut(y, lo, hi, base, m, minWidth, CUT_SLACK) >= minWidth) a = m;
        else b = m;
      }
      // A hair lower: a cut exactly at a distant sample's height would let
      // rounding to float32 flip which col is the peak's base.
      level = a - 1e-6 * Math.max(top - base, Math.abs(a));
    }
    // No lower than a pinned sample it would move. The part above that
    // sample's value holds no pinned sample, so one step settles it.
    let [i, j] = spanAbove(y, lo, hi, level);
    for (let k = i; k <= j; k++) if (pinned[k]) level = Math.max(level, y[k]);
    if (!(level < top)) continue;
    [i, j] = spanAbove(y, lo, hi, level);
    for (let k = i; k <= j; k++) y[k] = Math.min(y[k], level);
    cut = true;
  }
  return cut;
}

/** First and last index of the peak's connected part above `level`, looking no further than `reach` samples past its top. */
function spanAbove(y: Float64Array, lo: number, hi: number, level: number, reach = Infinity): [number, number] {
  let i = lo;
  while (i > 0 && lo - i < reach && y[i - 1] > level) i--;
  let j = hi;
  while (j < y.length - 1 && j - hi < reach && y[j + 1] > level) j++;
  return [i, j];
}

/** Peaks as [first, last] index of their flat top; curve ends are not peaks. */
function plateauPeaks(y: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < y.length - 1; i++) {
    if (!(y[i - 1] < y[i])) continue;
    let j = i;
    while (j + 1 < y.length && y[j + 1] === y[i]) j++;
    if (j + 1 < y.length && y[j + 1] < y[i]) out.push([i, j]);
    i = j;
  }
  return out;
}

function isPeak(y: Float64Array, lo: number, hi: number): boolean {
  if (lo < 1 || hi > y.length - 2 || !(y[lo - 1] < y[lo]) || !(y[hi + 1] < y[hi])) return false;
  for (let k = lo + 1; k <= hi; k++) if (y[k] !== y[lo]) return false;
  return true;
}

/**
 * The higher of the lowest points between the peak and the nearest higher
 * sample on each side, looking no further than `reach` samples each way
 * (which keeps the filter linear in the curve's length). A base further
 * away can only be lower: the peak then looks less prominent and narrower
 * than it is, so it may be cut a little where it need not be, never left
 * too narrow; and a peak passed over as not prominent here has a side that
 * stays within minProminence of its top for `reach` >= minWidth samples,
 * so it is wide wherever it stands out more than twice that.
 */
function baseOf(y: Float64Array, lo: number, hi: number, reach: number): number {
  const top = y[lo];
  let left = top;
  for (let k = lo - 1; k >= 0 && lo - k <= reach && y[k] <= top; k--) left = Math.min(left, y[k]);
  let right = top;
  for (let k = hi + 1; k < y.length && k - hi <= reach && y[k] <= top; k++) right = Math.min(right, y[k]);
  return Math.max(left, right);
}

/**
 * Half-prominence width, in samples, the peak would have if every sample
 * were clipped to `cut` (its base staying `base`): the width of its part
 * above (cut + base) / 2, crossings interpolated linearly between samples.
 * Measured `slack` (a fraction of the prominence) above that level, so a
 * flat stretch lying right at the half level cannot make the verdict hang
 * on rounding.
 */
function widthIfCut(y: Float64Array, lo: number, hi: number, base: number, cut: number, minWidth: number, slack: number): number {
  const level = (cut + base) / 2 + slack * (cut - base);
  const at = (k: number) => Math.min(y[k], cut);
  // Only whether it reaches minWidth matters: stop looking once it does.
  const reach = Math.ceil(minWidth) + 1;
  const [a, b] = spanAbove(y, lo, hi, level, reach);
  if (lo - a >= reach || b - hi >= reach) return Infinity;
  const left = a > 0 ? a - (at(a) - level) / (at(a) - y[a - 1]) : 0;
  const right = b < y.length - 1 ? b + (at(b) - level) / (at(b) - y[b + 1]) : y.length - 1;
  return right - left;
}
