/**
 * Signed area of triangle (a, b, c) on the x-y plane, positive when it runs
 * counter-clockwise as seen from +z; with `deltas`, of the triangle moved by
 * them. Shared by the winding and fold checks of the photo mesh.
 *
 * @example
 * ```ts
 * const folded = imageArea(pos, a, b, c) > 0 && imageArea(pos, a, b, c, jawDeltas) < 0;
 * ```
 */
export function imageArea(positions: ArrayLike<number>, a: number, b: number, c: number, deltas?: ArrayLike<number>): number {
  const x = (v: number) => positions[v * 3] + (deltas ? deltas[v * 3] : 0);
  const y = (v: number) => positions[v * 3 + 1] + (deltas ? deltas[v * 3 + 1] : 0);
  return ((x(b) - x(a)) * (y(c) - y(a)) - (y(b) - y(a)) * (x(c) - x(a))) / 2;
}
