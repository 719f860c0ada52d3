/**
 * Hermite smoothstep: 0 at or below `e0`, 1 at or above `e1`, a smooth
 * cubic between (zero slope at both ends, so fades have no visible kink).
 *
 * @example
 * ```ts
 * smoothstep(0, 1, 0.5); // 0.5
 * ```
 */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}
