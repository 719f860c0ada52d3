/**
 * The random draws of one animation layer, from its own seeded stream:
 * each layer gets its own stream so that switching one layer off, or
 * changing its options, leaves the others' performances unchanged. Draws
 * happen only at events (a blink, a saccade, an accent), never per frame.
 *
 * The generator is the project's mulberry32 (`src/util/mulberry32.ts`),
 * with two changes that keep the layers free of allocation: its state lives
 * in a Uint32Array (a closure's uint32 above 2^30 is boxed on the heap at
 * every draw), and a draw is the top 30 bits as an integer, which V8 passes
 * unboxed even when the call is not inlined; callers scale it by
 * {@link UNIT} where they use it.
 *
 * @example
 * ```ts
 * const draws = new SeededDraws(1, 0xb1);
 * const holdSeconds = 0.02 + 0.03 * (draws.int() * UNIT);
 * ```
 */
export class SeededDraws {
  private readonly state = new Uint32Array(1);

  /**
   * @param seed The performance's seed (any integer; low 32 bits used).
   * @param salt A per-layer constant that separates the layers' streams.
   */
  constructor(
    private readonly seed: number,
    private readonly salt: number,
  ) {
    this.reset();
  }

  /** Restarts the stream, so a reset performance replays identically. */
  reset(): void {
    this.state[0] = mixSeed(this.seed, this.salt);
  }

  /** The next draw: an integer in [0, 2^30); times {@link UNIT} it is uniform in [0, 1). */
  int(): number {
    this.state[0] += 0x6d2b79f5; // the array wraps modulo 2^32
    let t = this.state[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 2;
  }

  /** Writes a standard normal draw (Box-Muller, two draws) into `out[index]`: no double crosses a call. */
  normalInto(out: Float64Array, index: number): void {
    const u = (this.int() + 1) * UNIT; // (0, 1]: log(0) would be -Infinity
    out[index] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.int() * UNIT);
  }
}

/** Scale of {@link SeededDraws.int}: 2^-30. */
export const UNIT = 1 / 1073741824;

// Seeds of neighbouring layers must not give correlated streams: a hash (murmur3's finaliser) spreads them.
function mixSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
