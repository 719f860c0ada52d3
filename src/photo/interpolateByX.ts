/**
 * Piecewise-linear interpolation along a polyline given by its x values
 * (ascending) and a vector per point; clamped to the end points outside
 * the range. The eye code reads lid contours this way (the lid's height,
 * or a target's delta, at some x).
 *
 * @param xs Ascending x of the polyline's points.
 * @param values One vector per point (all of one length).
 * @param x Where to read.
 * @returns A new vector.
 * @example
 * ```ts
 * interpolateByX([0, 1], [[0], [10]], 0.25); // [2.5]
 * ```
 */
export function interpolateByX(xs: readonly number[], values: readonly (readonly number[])[], x: number): number[] {
  if (x <= xs[0]) return [...values[0]];
  for (let k = 1; k < xs.length; k++) {
    if (x <= xs[k]) {
      const f = (x - xs[k - 1]) / (xs[k] - xs[k - 1] || 1);
      return values[k].map((v, j) => values[k - 1][j] + f * (v - values[k - 1][j]));
    }
  }
  return [...values[values.length - 1]];
}
