/**
 * A small seeded pseudo-random generator (mulberry32, public domain): the
 * same seed gives the same sequence on every platform, which makes the
 * bootstrap intervals reproducible.
 *
 * @param seed Any number; its low 32 bits are used.
 * @returns A function giving numbers in [0, 1).
 * @example
 * ```ts
 * const random = mulberry32(1);
 * random(); // 0.627...
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
