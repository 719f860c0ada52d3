import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { checkNumber } from './checkNumber.js';
import { SeededDraws, UNIT } from './SeededDraws.js';
import { ACCENT, type SpeechActivity } from './SpeechActivity.js';

/** Options of {@link BrowLayer}. */
export interface BrowOptions {
  /** Share of accents that get a raise. Default 0.4. */
  share?: number;
  /** Smallest browInnerUp weight of a raise. Default 0.2. */
  minWeight?: number;
  /** Largest browInnerUp weight of a raise. Default 0.5. */
  maxWeight?: number;
  /** Shortest raise in seconds. Default 0.3. */
  minDuration?: number;
  /** Longest raise in seconds. Default 0.6. */
  maxDuration?: number;
  /** browOuterUp weight as a share of browInnerUp. Default 0.6. */
  outerShare?: number;
}

// State indices (Float64Array: see SpeechActivity for why).
const T = 0, DURATION = 1, WEIGHT = 2, VALUE = 3;
/** Share of a raise spent rising; the rest falls, as brows drop more slowly than they lift. */
const ATTACK = 0.3;

/**
 * The random share of brow raises: on a seeded `share` (40 %) of the
 * accents that {@link SpeechActivity} finds (aperture peaks that open a
 * phrase or stand out), browInnerUp rises by 0.2-0.5 and browOuterUp
 * left/right by 60 % of that, for 0.3-0.6 s: a smoothstep rise over the
 * first 30 %, a smoothstep fall over the rest. The raise starts at the
 * detected peak, up to a syllable later than a real pitch-accent raise
 * (which leads the vowel by 100-200 ms): the frames carry no prosody to
 * anticipate from. A raise in progress is never restarted (no jump).
 * Adds to the frame's weights, clamped at 1. Does not allocate.
 *
 * @example
 * ```ts
 * const brows = new BrowLayer(speech, { seed: 7, share: 0.5 });
 * brows.update(dt);
 * brows.write(frame.weights);
 * ```
 */
export class BrowLayer {
  private readonly s = new Float64Array(4);
  private readonly draws: SeededDraws;
  private readonly share: number;
  private readonly minWeight: number;
  private readonly maxWeight: number;
  private readonly minDuration: number;
  private readonly maxDuration: number;
  private readonly outerShare: number;

  /**
   * @param speech The activity reader this layer listens to (updated by the caller first).
   * @param options See {@link BrowOptions}, plus `seed` (default 1).
   * @param name Option path used in error messages. Default `'options'`.
   */
  constructor(
    private readonly speech: SpeechActivity,
    options: BrowOptions & { seed?: number } = {},
    name = 'options',
  ) {
    this.share = checkNumber(`${name}.share`, options.share ?? 0.4, 0, 1);
    this.minWeight = checkNumber(`${name}.minWeight`, options.minWeight ?? 0.2, 0, 1);
    this.maxWeight = checkNumber(`${name}.maxWeight`, options.maxWeight ?? 0.5, this.minWeight, 1);
    this.minDuration = checkNumber(`${name}.minDuration`, options.minDuration ?? 0.3, 0.05, 10);
    this.maxDuration = checkNumber(`${name}.maxDuration`, options.maxDuration ?? 0.6, this.minDuration, 10);
    this.outerShare = checkNumber(`${name}.outerShare`, options.outerShare ?? 0.6, 0, 1);
    this.draws = new SeededDraws(checkNumber(`${name}.seed`, options.seed ?? 1, -Infinity, Infinity, true), 0xb7);
    this.reset();
  }

  /** Brows at rest, the seeded stream restarted. */
  reset(): void {
    this.draws.reset();
    this.s.fill(0);
  }

  /** The browInnerUp raise this layer adds now. */
  get value(): number {
    return this.s[VALUE];
  }

  /** Advances by `dt` seconds, after the speech reader was updated for this frame. */
  update(dt: number): void {
    const s = this.s;
    if (s[DURATION] > 0) {
      s[T] += dt;
      if (s[T] >= s[DURATION]) s[DURATION] = 0;
    }
    if (s[DURATION] === 0 && this.speech.s[ACCENT] === 1 && this.draws.int() * UNIT < this.share) {
      s[T] = 0;
      s[DURATION] = this.minDuration + (this.maxDuration - this.minDuration) * this.draws.int() * UNIT;
      s[WEIGHT] = this.minWeight + (this.maxWeight - this.minWeight) * this.draws.int() * UNIT;
    }
    if (s[DURATION] === 0) {
      s[VALUE] = 0;
      return;
    }
    const u = s[T] / s[DURATION];
    const x = u < ATTACK ? u / ATTACK : 1 - (u - ATTACK) / (1 - ATTACK);
    s[VALUE] = s[WEIGHT] * x * x * (3 - 2 * x);
  }

  /** Adds the raise to browInnerUp and browOuterUpLeft/Right (clamped at 1). */
  write(weights: Float32Array): void {
    const v = this.s[VALUE];
    if (v === 0) return;
    const outer = v * this.outerShare;
    weights[I.browInnerUp] = Math.min(1, weights[I.browInnerUp] + v);
    weights[I.browOuterUpLeft] = Math.min(1, weights[I.browOuterUpLeft] + outer);
    weights[I.browOuterUpRight] = Math.min(1, weights[I.browOuterUpRight] + outer);
  }
}
