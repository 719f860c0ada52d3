import { BLENDSHAPE_INDEX as I } from '../api/blendshapeNames.js';
import { checkNumber } from './checkNumber.js';
import { SeededDraws, UNIT } from './SeededDraws.js';
import { LIP_CLOSED, LIP_RISK, OFFSET, SILENCE_TIME, SPEAKING, type SpeechActivity } from './SpeechActivity.js';

/** Options of {@link BlinkLayer}. Rates are lid closures per minute, doubles included. */
export interface BlinkOptions {
  /** Rate while speaking. Default 15. */
  speakingRate?: number;
  /** Rate in a pause inside a conversation (silence shorter than `restAfter`). Default 36. */
  pauseRate?: number;
  /** Rate at rest (silence of `restAfter` or longer). Default 17. */
  restRate?: number;
  /** Seconds of silence after which the face is at rest. Default 4. */
  restAfter?: number;
  /** Log-normal spread (sigma) of the hazard's intervals; 0.9 gives them a coefficient of variation near 1. Default 0.9. */
  intervalSpread?: number;
  /** Seconds after a blink ends before the next regular one can start. Default 0.6. */
  refractory?: number;
  /** Chance that a blink is followed by a second one 80-330 ms after it ends. Default 0.13. */
  doubleChance?: number;
  /** Chance that a blink is partial (closes 40-80 %). Default 0.3. */
  partialChance?: number;
  /** Chance of a blink 0-200 ms after a pause is recognised (a phrase end). Default 0.75. */
  pauseBoost?: number;
}

const IDLE = 0;
const CLOSING = 1;
const HOLD = 2;
const OPENING = 3;
// State indices (Float64Array: see SpeechActivity for why).
const PHASE = 0, T = 1, CLOSE = 2, HOLD_DUR = 3, OPEN = 4, AMP = 5, VALUE = 6, FROM = 7;
const LAMBDA = 8, TARGET = 9, SINCE_END = 10, PENDING = 11, PENDING_DOUBLE = 12, IS_DOUBLE = 13, OUT = 14;
const FIELDS = 15;

/** Mean length of a blink in seconds: close 80 ms, hold 35 ms, open 150 ms. */
const MEAN_BLINK = 0.265;
/** Highest eyelid weight allowed on a bilabial closure frame: below "closed" (0.8). */
const CAP_ON_CLOSURE = 0.79;

/**
 * Procedural blinks. A renewal process whose hazard depends on speech
 * (speaking 15/min, conversational pause 36/min, rest 17/min by default,
 * doubles included) with log-normal intervals (sigma 0.9) after a 0.6 s
 * refractory time; a blink 0-200 ms after 75 % of recognised pauses
 * (phrase ends); 13 % doubles; 30 % partial blinks (40-80 % closed). On a
 * synthetic conversation (bursts of 1-4 s, pauses of 0.3-2 s) this gives
 * 25-28 blinks a minute, an interval CV of 0.6-0.7, 10-15 % doubles and
 * 60-68 % of blinks starting in pauses (over seeds); in a long silence
 * 16-17.5 a minute with a CV near 1.
 *
 * Shape: closes in 60-100 ms (smoothstep), holds 20-50 ms, opens in
 * 120-180 ms with the fast-then-slow profile of a real lid, `amp*(1-u)^2`.
 *
 * Lips: a blink never starts while the lips are closed or about to close
 * in speech (it waits), a blink that is closing or holding when the lips
 * start to close opens at once, and as a last guard the lid stays below
 * 0.8 on any bilabial closure frame: a closed hold never overlaps a
 * closure. Writes `max(frame, blink)` into eyeBlinkLeft/Right. Does not
 * allocate.
 *
 * @example
 * ```ts
 * const blink = new BlinkLayer(speech, { seed: 7 });
 * speech.update(frame.weights, dt);
 * blink.update(dt);
 * blink.write(frame.weights);
 * ```
 */
export class BlinkLayer {
  private readonly s = new Float64Array(FIELDS);
  private readonly draws: SeededDraws;
  private readonly speakingGap: number;
  private readonly pauseGap: number;
  private readonly restGap: number;
  private readonly restAfter: number;
  private readonly spread: number;
  private readonly refractory: number;
  private readonly doubleChance: number;
  private readonly partialChance: number;
  private readonly pauseBoost: number;

  /**
   * @param speech The activity reader this layer listens to (updated by the caller first).
   * @param options See {@link BlinkOptions}, plus `seed` (default 1).
   * @param name Option path used in error messages. Default `'options'`.
   */
  constructor(
    private readonly speech: SpeechActivity,
    options: BlinkOptions & { seed?: number } = {},
    name = 'options',
  ) {
    const rate = (key: 'speakingRate' | 'pauseRate' | 'restRate', d: number) =>
      checkNumber(`${name}.${key}`, options[key] ?? d, 1, 120);
    this.refractory = checkNumber(`${name}.refractory`, options.refractory ?? 0.6, 0, 10);
    this.doubleChance = checkNumber(`${name}.doubleChance`, options.doubleChance ?? 0.13, 0, 1);
    // A rate counts every closure; one regular blink brings (1 + doubleChance) closures, and the
    // hazard runs only after the blink (0.265 s on average) and the refractory time: the mean gap it
    // must add is what remains.
    const gap = (perMinute: number) =>
      Math.max(0.1, (60 * (1 + this.doubleChance)) / perMinute - MEAN_BLINK - this.refractory);
    this.speakingGap = gap(rate('speakingRate', 15));
    this.pauseGap = gap(rate('pauseRate', 36));
    this.restGap = gap(rate('restRate', 17));
    this.restAfter = checkNumber(`${name}.restAfter`, options.restAfter ?? 4, 0);
    this.spread = checkNumber(`${name}.intervalSpread`, options.intervalSpread ?? 0.9, 0, 2);
    this.partialChance = checkNumber(`${name}.partialChance`, options.partialChance ?? 0.3, 0, 1);
    this.pauseBoost = checkNumber(`${name}.pauseBoost`, options.pauseBoost ?? 0.75, 0, 1);
    this.draws = new SeededDraws(checkNumber(`${name}.seed`, options.seed ?? 1, -Infinity, Infinity, true), 0xb1);
    this.reset();
  }

  /** Eyes open, the seeded stream restarted. */
  reset(): void {
    this.draws.reset();
    this.s.fill(0);
    this.s[PENDING] = -1;
    this.s[SINCE_END] = this.refractory; // no blink for a while: the first one may come at once
    this.drawTarget();
  }

  /** The eyelid weight this layer wants now, in [0, 1]. */
  get value(): number {
    return this.s[OUT];
  }

  /** Advances by `dt` seconds, after the speech reader was updated for this frame. */
  update(dt: number): void {
    const s = this.s;
    const sp = this.speech.s;
    if (sp[OFFSET] === 1 && s[PHASE] === IDLE && s[PENDING] < 0 && this.draws.int() * UNIT < this.pauseBoost) {
      // Not sooner than the refractory time allows: it would read as an accidental double.
      s[PENDING] = Math.max(0.2 * this.draws.int() * UNIT, this.refractory - s[SINCE_END]);
      s[PENDING_DOUBLE] = 0;
    }
    if (s[PHASE] === IDLE) this.idle(dt, sp[LIP_RISK] === 1);
    else this.advance(dt);
    if (sp[LIP_RISK] === 1 && (s[PHASE] === CLOSING || s[PHASE] === HOLD)) {
      // Lips about to close: open now. Opening starts fast, so the lid is below "closed" within a frame.
      s[FROM] = s[VALUE];
      s[PHASE] = OPENING;
      s[T] = dt;
    }
    this.shape();
    s[OUT] = sp[LIP_CLOSED] === 1 ? Math.min(CAP_ON_CLOSURE, s[VALUE]) : s[VALUE]; // min(): see GazeLayer's clamp
  }

  /** Writes the blink into `weights` (the larger of the frame's and the blink's lid). */
  write(weights: Float32Array): void {
    const v = this.s[OUT];
    if (weights[I.eyeBlinkLeft] < v) weights[I.eyeBlinkLeft] = v;
    if (weights[I.eyeBlinkRight] < v) weights[I.eyeBlinkRight] = v;
  }

  private idle(dt: number, lipRisk: boolean): void {
    const s = this.s;
    const sp = this.speech.s;
    s[SINCE_END] += dt;
    let due = false;
    if (s[PENDING] >= 0) {
      s[PENDING] = Math.max(0, s[PENDING] - dt);
      due = s[PENDING] === 0;
    } else if (s[SINCE_END] >= this.refractory) {
      const gap = sp[SPEAKING] === 1 ? this.speakingGap : sp[SILENCE_TIME] < this.restAfter ? this.pauseGap : this.restGap;
      s[LAMBDA] += dt / gap;
      due = s[LAMBDA] >= s[TARGET];
    }
    if (!due || lipRisk) return; // a due blink waits for the lips to part
    const isDouble = s[PENDING] === 0 && s[PENDING_DOUBLE] === 1;
    s[PENDING] = -1;
    s[PENDING_DOUBLE] = 0;
    s[LAMBDA] = 0;
    this.drawTarget();
    s[IS_DOUBLE] = isDouble ? 1 : 0;
    s[PHASE] = CLOSING;
    s[T] = 0;
    s[CLOSE] = 0.06 + 0.04 * this.draws.int() * UNIT;
    s[HOLD_DUR] = 0.02 + 0.03 * this.draws.int() * UNIT;
    s[OPEN] = 0.12 + 0.06 * this.draws.int() * UNIT;
    const partial = this.draws.int() * UNIT < this.partialChance;
    const u = this.draws.int() * UNIT;
    s[AMP] = partial ? 0.4 + 0.4 * u : 0.92 + 0.08 * u;
  }

  private advance(dt: number): void {
    const s = this.s;
    s[T] += dt;
    if (s[PHASE] === CLOSING && s[T] >= s[CLOSE]) {
      s[T] -= s[CLOSE];
      s[PHASE] = HOLD;
    }
    if (s[PHASE] === HOLD && s[T] >= s[HOLD_DUR]) {
      s[T] -= s[HOLD_DUR];
      s[PHASE] = OPENING;
      s[FROM] = s[AMP];
    }
    if (s[PHASE] === OPENING && s[T] >= s[OPEN]) {
      s[PHASE] = IDLE;
      s[SINCE_END] = s[T] - s[OPEN];
      if (s[IS_DOUBLE] === 0 && this.draws.int() * UNIT < this.doubleChance) {
        s[PENDING] = 0.08 + 0.25 * this.draws.int() * UNIT;
        s[PENDING_DOUBLE] = 1;
      }
    }
  }

  // The hazard to integrate before the next blink: log-normal with mean 1. Random draws and their maths stay
  // inline here (see SeededDraws): a double passed to or returned from a call that is not inlined is boxed.
  private drawTarget(): void {
    const s = this.s;
    this.draws.normalInto(s, TARGET);
    s[TARGET] = Math.exp(this.spread * s[TARGET] - 0.5 * this.spread * this.spread);
  }

  // Writes s[VALUE] rather than returning it: a double returned from a call that is not inlined is boxed.
  private shape(): void {
    const s = this.s;
    const phase = s[PHASE];
    if (phase === IDLE) {
      s[VALUE] = 0;
    } else if (phase === HOLD) {
      s[VALUE] = s[AMP];
    } else if (phase === CLOSING) {
      const u = s[T] / s[CLOSE];
      s[VALUE] = s[AMP] * u * u * (3 - 2 * u);
    } else {
      const u = 1 - Math.min(1, s[T] / s[OPEN]);
      s[VALUE] = s[FROM] * u * u;
    }
  }
}
